// The three themes (light, dark, print).
#include "views/theme.h"

namespace arenascope::views {

Theme Theme::make(ThemeKind kind) {
    Theme t;
    t.kind = kind;
    switch (kind) {
    case ThemeKind::Light:
        t.background = QColor(0xf6, 0xf4, 0xef);
        t.surface = Qt::white;
        t.text = QColor(0x22, 0x22, 0x22);
        t.mutedText = QColor(0x6b, 0x6b, 0x6b);
        t.tableTop = QColor(0xd9, 0xc2, 0x9c);   // wood
        t.tableEdge = QColor(0x8a, 0x6a, 0x3b);
        t.highlight = QColor(0xe6, 0x55, 0x00);  // orange: the event just applied
        t.selection = QColor(0x00, 0x5f, 0xcc);
        // Okabe-Ito colours, distinguishable with the common colour-vision deficiencies.
        t.empty = QColor(0xff, 0xff, 0xff);
        t.used = QColor(0x56, 0xb4, 0xe9);
        t.full = QColor(0x00, 0x49, 0x8c);
        t.uncarved = QColor(0xee, 0xe8, 0xdc);
        t.alignment = QColor(0x99, 0x99, 0x99);
        t.blockUntouched = Qt::white;
        t.blockFree = QColor(0xe6, 0x9f, 0x00);
        t.blockAllocated = QColor(0x00, 0x72, 0xb2);
        break;
    case ThemeKind::Dark:
        t.background = QColor(0x1e, 0x1f, 0x22);
        t.surface = QColor(0x2b, 0x2d, 0x31);
        t.text = QColor(0xe8, 0xe8, 0xe8);
        t.mutedText = QColor(0xa0, 0xa0, 0xa0);
        t.tableTop = QColor(0x5a, 0x48, 0x33);
        t.tableEdge = QColor(0xb0, 0x90, 0x60);
        t.highlight = QColor(0xff, 0x8c, 0x1a);
        t.selection = QColor(0x66, 0xb2, 0xff);
        t.empty = QColor(0x3a, 0x3c, 0x40);
        t.used = QColor(0x56, 0xb4, 0xe9);
        t.full = QColor(0x9a, 0xd0, 0xff);
        t.uncarved = QColor(0x33, 0x30, 0x2b);
        t.alignment = QColor(0x77, 0x77, 0x77);
        t.blockUntouched = QColor(0x3a, 0x3c, 0x40);
        t.blockFree = QColor(0xe6, 0x9f, 0x00);
        t.blockAllocated = QColor(0x56, 0xb4, 0xe9);
        break;
    case ThemeKind::Print:
        t.background = Qt::white;
        t.surface = Qt::white;
        t.text = Qt::black;
        t.mutedText = QColor(0x44, 0x44, 0x44);
        t.tableTop = QColor(0xf0, 0xf0, 0xf0);
        t.tableEdge = Qt::black;
        t.highlight = Qt::black;
        t.selection = Qt::black;
        t.empty = Qt::white;
        t.used = Qt::black;
        t.full = Qt::black;
        t.uncarved = Qt::white;
        t.alignment = QColor(0x88, 0x88, 0x88);
        t.blockUntouched = Qt::white;
        t.blockFree = Qt::black;
        t.blockAllocated = Qt::black;
        break;
    }
    return t;
}

ThemeKind Theme::parse(const QString& name, bool* ok) {
    if (ok)
        *ok = true;
    if (name == QLatin1String("light")) return ThemeKind::Light;
    if (name == QLatin1String("dark")) return ThemeKind::Dark;
    if (name == QLatin1String("print")) return ThemeKind::Print;
    if (ok)
        *ok = false;
    return ThemeKind::Light;
}

QString Theme::name(ThemeKind kind) {
    switch (kind) {
    case ThemeKind::Light: return QStringLiteral("light");
    case ThemeKind::Dark: return QStringLiteral("dark");
    case ThemeKind::Print: return QStringLiteral("print");
    }
    return {};
}

QBrush Theme::poolBrush(PoolState s) const {
    // empty: plain; used: sparse dots over the colour; full: solid.
    switch (s) {
    case PoolState::Empty: return QBrush(empty, Qt::SolidPattern);
    case PoolState::Used: return QBrush(used, kind == ThemeKind::Print ? Qt::BDiagPattern : Qt::SolidPattern);
    case PoolState::Full: return QBrush(full, Qt::SolidPattern);
    case PoolState::Uncarved: return QBrush(uncarved, Qt::SolidPattern);
    }
    return {};
}

QBrush Theme::blockBrush(BlockState s) const {
    switch (s) {
    case BlockState::Untouched: return QBrush(blockUntouched, Qt::SolidPattern);
    case BlockState::Free: return QBrush(blockFree, Qt::BDiagPattern);
    case BlockState::Allocated: return QBrush(blockAllocated, Qt::SolidPattern);
    }
    return {};
}

QFont Theme::font(qreal pointSize, bool bold) const {
    QFont f(QStringLiteral("DejaVu Sans"));
    f.setPointSizeF(pointSize);
    f.setBold(bold);
    return f;
}

} // namespace arenascope::views
