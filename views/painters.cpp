// Painting of books (pools) on tables (arenas) and of pages (blocks).
#include "views/painters.h"

#include <QCoreApplication>
#include <QFontMetricsF>
#include <QPainterPath>

#include <cmath>
#include <functional>

namespace arenascope::views {

namespace {
QString tr(const char* s) { return QCoreApplication::translate("arenascope::views", s); }

// Outlines run inside their rect, inset by half the pen, so they land on
// whole logical pixels: crisp at any device pixel ratio.
QRectF inside(const QRectF& r, qreal pen = 1) { return r.adjusted(pen / 2, pen / 2, -pen / 2, -pen / 2); }

// The whole rect filled, then outlined inside: the gaps of a dashed or dotted
// outline show the fill (at 2x too), not what lies under the rect.
void drawBox(QPainter& p, const QRectF& r, const QBrush& fill, const QPen& pen) {
    p.setPen(Qt::NoPen);
    p.setBrush(fill);
    p.drawRect(r);
    p.setPen(pen);
    p.setBrush(Qt::NoBrush);
    p.drawRect(inside(r, pen.widthF()));
}

// A book: outline by state, filled from the bottom by how many blocks are
// in use, hatched while used, solid when full, dashed and hollow when empty.
void paintBook(QPainter& p, const QRectF& r, PoolState state, double fill, const Theme& t,
               const QString& spine) {
    switch (state) {
    case PoolState::Uncarved:
        p.setPen(QPen(t.tableEdge, 1, Qt::DotLine));
        p.setBrush(Qt::NoBrush);
        p.drawRect(inside(r.adjusted(0, std::round(r.height() * 0.55), 0, 0)));
        return;
    case PoolState::Empty:
        drawBox(p, r, t.poolBrush(PoolState::Empty), QPen(t.text, 1, Qt::DashLine));
        break;
    case PoolState::Used:
    case PoolState::Full: {
        p.setPen(Qt::NoPen);
        p.setBrush(t.surface);
        p.drawRect(r);
        const qreal h = r.height() * (state == PoolState::Full ? 1.0 : std::max(0.06, fill));
        const QRectF filled(r.left(), r.bottom() - h, r.width(), h);
        p.setBrush(t.poolBrush(state));
        p.drawRect(filled);
        if (state == PoolState::Used && t.kind != ThemeKind::Print) {
            p.setBrush(QBrush(t.surface, Qt::BDiagPattern));  // hatching tells "used"
            p.drawRect(filled);
        }
        // One logical pixel, inset by half of it: crisp at any device pixel
        // ratio (a wider pen would spill into the gap between books at 2x).
        p.setPen(QPen(t.text, 1));
        p.setBrush(Qt::NoBrush);
        p.drawRect(inside(r));
        break;
    }
    }
    if (!spine.isEmpty() && r.width() >= 10) {
        p.save();
        p.translate(r.center());
        p.rotate(-90);
        p.setFont(t.font(std::min(7.0, r.width() * 0.55)));
        // On a full book the text sits on the fill: light on dark, dark on light.
        const QColor ink = state != PoolState::Full ? t.text
                           : qGray(t.full.rgb()) < 128 ? QColor(Qt::white)
                                                       : QColor(Qt::black);
        p.setPen(ink);
        if (state == PoolState::Used && t.kind == ThemeKind::Print) {
            p.setPen(Qt::NoPen);
            p.setBrush(Qt::white);
            p.drawRect(QRectF(-r.height() / 2 + 2, -r.width() / 2 + 1, 22, r.width() - 2));
            p.setPen(Qt::black);
        }
        p.drawText(QRectF(-r.height() / 2 + 3, -r.width() / 2, r.height() - 6, r.width()),
                   Qt::AlignLeft | Qt::AlignVCenter, spine);
        p.restore();
    }
}
// The orange outline of what the step changed, just outside R, and the
// dashed selection around it; whole-pixel pens, crisp at any pixel ratio.
void paintHighlight(QPainter& p, const QRectF& r, const Theme& t) {
    p.setPen(QPen(t.highlight, 2));
    p.setBrush(Qt::NoBrush);
    p.drawRect(r.adjusted(-1, -1, 1, 1));
    if (t.kind == ThemeKind::Print) {
        // Black on a black page vanishes: a white line inside keeps it seen.
        p.setPen(QPen(Qt::white, 1));
        p.drawRect(r.adjusted(0.5, 0.5, -0.5, -0.5));
    }
}

void paintSelection(QPainter& p, const QRectF& r, const Theme& t) {
    p.setPen(QPen(t.selection, 2, Qt::DashLine));
    p.setBrush(Qt::NoBrush);
    p.drawRect(r.adjusted(-2, -2, 2, 2));
}

QPen pagePen(BlockState s, const Theme& t) {
    return s == BlockState::Untouched ? QPen(t.mutedText, 1, Qt::DotLine) : QPen(t.text, 1);
}
} // namespace

QString hex(uint64_t v) { return QStringLiteral("0x") + QString::number(qulonglong(v), 16); }

void paintHeap(QPainter& p, const HeapLayout& layout, const Allocator& allocator,
               const HeapPaintOptions& o) {
    const Theme& t = o.theme;
    const AllocatorState& st = allocator.state();
    const Profile& pr = allocator.profile();
    p.setRenderHint(QPainter::Antialiasing, false);
    // Hatching scales with the picture (high-DPI screens, large exports) and
    // scrolls with it, instead of staying in device pixels.
    p.setRenderHint(QPainter::NonCosmeticBrushPatterns);
    for (size_t ci = 0; ci < layout.cards().size(); ++ci) {
        const ArenaCard& c = layout.cards()[ci];
        if (!o.exposed.isEmpty() && !o.exposed.intersects(c.card))
            continue;
        const ArenaObject& ao = st.arenas[c.arena];
        // The card and its label.
        p.setPen(Qt::NoPen);
        p.setBrush(t.surface);
        p.drawRect(c.card);
        if (!c.label.isEmpty()) {
            p.setFont(t.font(8, true));
            p.setPen(t.text);
            const QString text =
                c.live ? tr("arena %1  %2  free pools %3/%4")
                             .arg(c.arena)
                             .arg(hex(ao.address))
                             .arg(ao.nfreepools)
                             .arg(ao.ntotalpools)
                       : tr("arena %1  given back to the system (unmapped)").arg(c.arena);
            p.drawText(c.label, Qt::AlignLeft | Qt::AlignVCenter, text);
        }
        // The table top.
        drawBox(p, c.top, c.live ? QBrush(t.tableTop) : QBrush(t.tableTop, Qt::Dense6Pattern),
                QPen(t.tableEdge, 1, c.live ? Qt::SolidLine : Qt::DashLine));
        if (!c.live) {
            p.setPen(QPen(t.mutedText, 1, Qt::DashLine));
            p.setBrush(Qt::NoBrush);
            p.drawRect(inside(c.shelf));
            continue;
        }
        if (c.lostSlot)
            drawBox(p, layout.lostSlotRect(ci), QBrush(t.alignment, Qt::DiagCrossPattern),
                    QPen(t.alignment, 1));
        for (unsigned k = 0; k < ao.ntotalpools; ++k) {
            const PoolRef ref = allocator.poolRef(c.arena, k);
            const QRectF r = layout.poolRect(ci, k);
            const PoolState s = allocator.poolState(ref);
            const PoolHeader& ph = st.pools[ref];
            double fill = 0;
            QString spine;
            if (s == PoolState::Used || s == PoolState::Full || s == PoolState::Empty) {
                fill = double(ph.count) / pr.blocksPerPool(ph.szidx);
                spine = QString::number(pr.blockSize(ph.szidx));
            }
            paintBook(p, r, s, fill, t, spine);
            bool hot = false;
            for (unsigned i = 0; i < o.highlight.npools; ++i)
                hot |= o.highlight.pools[i] == ref;
            if (hot)
                paintHighlight(p, r, t);
            if (ref == o.selectedPool)
                paintSelection(p, r, t);
        }
        const bool arenaHot = o.highlight.arenaAllocated == c.arena;
        if (arenaHot) {
            p.setPen(QPen(t.highlight, 3));
            p.setBrush(Qt::NoBrush);
            p.drawRect(inside(c.card, 3));
        }
    }
}

// ------------------------------------------------------------ pool pages

void PoolLayout::compute(const Allocator& allocator, PoolRef pool, QRectF area) {
    const PoolHeader& ph = allocator.state().pools[pool];
    blocks = ph.szidx == kDummySizeIdx ? 0 : allocator.profile().blocksPerPool(ph.szidx);
    cover = QRectF(area.left(), area.top(), area.width(), 54);
    pages = QRectF(area.left(), cover.bottom() + 6, area.width(), area.height() - cover.height() - 6);
    columns = blocks > 256 ? 40 : blocks > 64 ? 24 : 12;
    const int rows = int((blocks + unsigned(columns) - 1) / unsigned(columns));
    pageW = std::max<qreal>(3, std::floor(pages.width() / columns) - 1);
    pageH = rows ? std::max<qreal>(3, std::min(pageW * 1.4, std::floor(pages.height() / rows) - 1)) : 0;
}

QRectF PoolLayout::pageRect(unsigned b) const {
    return QRectF(pages.left() + (b % unsigned(columns)) * (pageW + 1),
                  pages.top() + (b / unsigned(columns)) * (pageH + 1), pageW, pageH);
}

int PoolLayout::hitTest(QPointF p) const {
    if (!pages.contains(p))
        return -1;
    const int col = int((p.x() - pages.left()) / (pageW + 1));
    const int row = int((p.y() - pages.top()) / (pageH + 1));
    if (col >= columns)
        return -1;
    const int b = row * columns + col;
    return b >= 0 && unsigned(b) < blocks ? b : -1;
}

void paintPool(QPainter& p, const PoolLayout& l, const Allocator& allocator, PoolRef pool,
               const PoolPaintOptions& o) {
    const Theme& t = o.theme;
    const PoolHeader& ph = allocator.state().pools[pool];
    const Profile& pr = allocator.profile();
    p.setRenderHint(QPainter::NonCosmeticBrushPatterns);  // as in paintHeap
    // The cover: the pool header with CPython's field names.
    drawBox(p, l.cover, t.tableTop, QPen(t.tableEdge, 1));
    p.setPen(t.text);
    p.setFont(t.font(8, true));
    const PoolState state = allocator.poolState(pool);
    p.drawText(l.cover.adjusted(6, 3, -6, 0), Qt::AlignLeft | Qt::AlignTop,
               tr("pool %1  (%2)  size class %3: %4-byte blocks")
                   .arg(hex(allocator.poolAddress(pool)))
                   .arg(tr(poolStateName(state)))
                   .arg(ph.szidx)
                   .arg(ph.szidx == kDummySizeIdx ? 0 : pr.blockSize(ph.szidx)));
    p.setFont(t.font(8));
    const std::vector<unsigned> freeList = allocator.freeList(pool);
    const QString freeblock = ph.freeblock ? hex(allocator.blockAddress(pool, ph.freeblock - 1))
                                           : QStringLiteral("NULL");
    p.drawText(l.cover.adjusted(6, 20, -6, 0), Qt::AlignLeft | Qt::AlignTop,
               tr("ref.count %1   nextoffset %2   maxnextoffset %3   freeblock %4   "
                  "arenaindex %5")
                   .arg(ph.count)
                   .arg(ph.nextoffset)
                   .arg(ph.maxnextoffset)
                   .arg(freeblock)
                   .arg(ph.arenaindex));
    p.drawText(l.cover.adjusted(6, 36, -6, 0), Qt::AlignLeft | Qt::AlignTop,
               tr("blocks on the free list: %1 (the numbers on the pages give the order; 1 is handed out next)")
                   .arg(freeList.size()));

    std::vector<int> order(l.blocks, 0);
    for (size_t i = 0; i < freeList.size(); ++i)
        if (freeList[i] < l.blocks)
            order[freeList[i]] = int(i) + 1;
    for (unsigned b = 0; b < l.blocks; ++b) {
        const QRectF r = l.pageRect(b);
        const BlockState s = allocator.blockState(pool, b);
        drawBox(p, r, t.blockBrush(s), pagePen(s, t));
        if (order[b] && l.pageW >= 14) {
            p.setPen(t.text);
            p.setFont(t.font(std::min(7.0, l.pageH * 0.45), order[b] == 1));
            const QRectF badge = r.adjusted(1, 1, -1, -1);
            const qreal quarter = std::round(badge.height() * 0.25);
            p.fillRect(badge.adjusted(0, quarter, 0, -quarter), t.surface);
            p.drawText(badge, Qt::AlignCenter, QString::number(order[b]));
        }
        const uint64_t addr = allocator.blockAddress(pool, b);
        if (addr == o.highlightBlocks[0] || addr == o.highlightBlocks[1] || addr == o.highlightBlocks[2])
            paintHighlight(p, r, t);
        if (int(b) == o.selectedBlock)
            paintSelection(p, r, t);
    }
}

// ------------------------------------------------------------ legend

qreal legendHeight() { return 22; }

namespace {
// The legend's entries: a label and a swatch drawn the way the picture draws
// that state.
struct LegendEntry {
    QString label;
    std::function<void(QPainter&, QRectF)> swatch;
};

std::vector<LegendEntry> legendEntries(const Theme& t, LegendKind kind) {
    std::vector<LegendEntry> e;
    if (kind == LegendKind::Heap) {
        e.push_back({tr("empty pool"), [&t](QPainter& p, QRectF r) { paintBook(p, r, PoolState::Empty, 0, t, {}); }});
        e.push_back({tr("used pool (filled by blocks in use)"),
                     [&t](QPainter& p, QRectF r) { paintBook(p, r, PoolState::Used, 0.5, t, {}); }});
        e.push_back({tr("full pool"), [&t](QPainter& p, QRectF r) { paintBook(p, r, PoolState::Full, 1, t, {}); }});
        e.push_back({tr("not yet carved"),
                     [&t](QPainter& p, QRectF r) { paintBook(p, r, PoolState::Uncarved, 0, t, {}); }});
        e.push_back({tr("lost to alignment"), [&t](QPainter& p, QRectF r) {
                         drawBox(p, r, QBrush(t.alignment, Qt::DiagCrossPattern), QPen(t.alignment, 1));
                     }});
    } else {
        for (BlockState s : {BlockState::Untouched, BlockState::Free, BlockState::Allocated})
            e.push_back({tr(blockStateName(s)) + tr(" block"), [&t, s](QPainter& p, QRectF r) {
                             drawBox(p, r, t.blockBrush(s), pagePen(s, t));
                         }});
    }
    e.push_back({tr("changed by this step"),
                 [&t](QPainter& p, QRectF r) { paintHighlight(p, r.adjusted(2, 2, -2, -2), t); }});
    e.push_back({tr("selected"),
                 [&t](QPainter& p, QRectF r) { paintSelection(p, r.adjusted(3, 3, -3, -3), t); }});
    return e;
}

constexpr qreal kSwatchW = 10, kSwatchH = 14, kRowH = 22;

// Lays the entries out left to right, wrapping to a new row when one would
// cross the right edge; calls place(entry, swatch rect, label rect).
template <typename Place>
int flowLegend(const std::vector<LegendEntry>& entries, const QFontMetricsF& fm, QRectF area, Place place) {
    qreal x = area.left() + 4, y = area.top() + 4;
    int rows = 1;
    for (const LegendEntry& e : entries) {
        const qreal tw = fm.horizontalAdvance(e.label);
        const qreal w = kSwatchW + 4 + tw + 14;
        if (x > area.left() + 4 && x + w - 14 > area.right()) {
            x = area.left() + 4;
            y += kRowH;
            ++rows;
        }
        // Swatches on whole pixels, like the shapes they stand for.
        place(e, QRectF(std::round(x), y, kSwatchW, kSwatchH),
              QRectF(std::round(x) + kSwatchW + 4, y - 2, tw + 2, kSwatchH + 4));
        x += w;
    }
    return rows;
}
} // namespace

qreal legendHeight(const Theme& t, LegendKind kind, qreal width, QPaintDevice* device) {
    const auto entries = legendEntries(t, kind);
    const QFont font = t.font(8);
    const int rows = flowLegend(entries, device ? QFontMetricsF(font, device) : QFontMetricsF(font),
                                QRectF(0, 0, width, kRowH),
                                [](const LegendEntry&, QRectF, QRectF) {});
    return rows * kRowH;
}

void paintLegend(QPainter& p, QRectF area, const Theme& t, LegendKind kind) {
    p.save();
    p.setRenderHint(QPainter::NonCosmeticBrushPatterns);  // as in paintHeap
    p.setFont(t.font(8));
    const auto entries = legendEntries(t, kind);
    flowLegend(entries, QFontMetricsF(p.font(), p.device()), area,
               [&](const LegendEntry& e, QRectF swatch, QRectF label) {
                   e.swatch(p, swatch);
                   p.setPen(t.text);
                   p.drawText(label, Qt::AlignLeft | Qt::AlignVCenter, e.label);
               });
    p.restore();
}

} // namespace arenascope::views
