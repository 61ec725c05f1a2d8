// Colours and patterns for every state, per theme. State is always told by
// pattern as well as colour, so print (black and white) and colour-blind
// readers see the same distinctions.
#pragma once

#include "model/pymalloc/allocator.h"

#include <QBrush>
#include <QColor>
#include <QFont>
#include <QPen>
#include <QString>

namespace arenascope::views {

enum class ThemeKind { Light, Dark, Print };

struct Theme {
    ThemeKind kind = ThemeKind::Light;
    QColor background, surface, text, mutedText, tableTop, tableEdge, highlight, selection;
    QColor empty, used, full, uncarved, alignment;
    QColor blockUntouched, blockFree, blockAllocated;

    static Theme make(ThemeKind kind);
    static ThemeKind parse(const QString& name, bool* ok = nullptr);
    static QString name(ThemeKind kind);

    // A pool's book: fill and pattern by state.
    QBrush poolBrush(PoolState s) const;
    QBrush blockBrush(BlockState s) const;
    QPen outline(qreal width = 1.0) const { return QPen(text, width); }
    QFont font(qreal pointSize, bool bold = false) const;
};

} // namespace arenascope::views
