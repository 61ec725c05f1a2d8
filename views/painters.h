// The one painting path for the heap (table of books) and a pool (pages):
// the widgets, the image export and the SVG/PDF export all call these with a
// QPainter and a Theme; nothing here knows about widgets.
#pragma once

#include "model/pymalloc/allocator.h"
#include "views/heaplayout.h"
#include "views/theme.h"

#include <QPainter>
#include <QString>
#include <vector>

namespace arenascope::views {

struct HeapPaintOptions {
    Theme theme = Theme::make(ThemeKind::Light);
    PoolRef selectedPool = kNoPool;
    Change highlight;          // what the current step changed
    QRectF exposed;            // only cards meeting this are painted; empty: all
};

void paintHeap(QPainter& p, const HeapLayout& layout, const Allocator& allocator,
               const HeapPaintOptions& options);

// The pages of one pool, with the header drawn as the cover.
struct PoolLayout {
    QRectF cover, pages;
    int columns = 32;
    qreal pageW = 10, pageH = 14;
    unsigned blocks = 0;
    void compute(const Allocator& allocator, PoolRef pool, QRectF area);
    QRectF pageRect(unsigned block) const;
    int hitTest(QPointF p) const;  // block number or -1
};

struct PoolPaintOptions {
    Theme theme = Theme::make(ThemeKind::Light);
    uint64_t highlightBlocks[3] = {0, 0, 0};
    int selectedBlock = -1;
};

void paintPool(QPainter& p, const PoolLayout& layout, const Allocator& allocator, PoolRef pool,
               const PoolPaintOptions& options);

// A legend: one swatch per state, drawn the way the picture draws it.
enum class LegendKind { Heap, Pool, Gc };
qreal legendHeight();  // one row
// The height the legend takes when wrapped into `width`, its text measured
// for `device` (default: the screen).
qreal legendHeight(const Theme& theme, LegendKind kind, qreal width, QPaintDevice* device = nullptr);
void paintLegend(QPainter& p, QRectF area, const Theme& theme, LegendKind kind);

// Fixed-width text helpers.
QString hex(uint64_t v);

// A pool's or a block's state in the user's language ("used", "free"...).
QString poolStateText(PoolState s);
QString blockStateText(BlockState s);

} // namespace arenascope::views
