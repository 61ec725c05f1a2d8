// Painting of books (pools) on tables (arenas) and of pages (blocks).
#include "views/painters.h"
#include "views/gcpainter.h"

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

// Books collected by style, then drawn with one brush per style: a card
// holds up to 64 books, and changing pens and brushes for every book, and
// stroking their outlines, was most of a frame's time with 1,000 arenas.
// Outlines are therefore filled frames, and the rects whole pixels (the
// layout's are), which the raster engine fills on its fast path.
struct Books {
    struct Spine {
        QRectF r;
        PoolState state;
        QString text;
    };
    std::vector<QRect> frames, blank, used, full, empty;
    std::vector<QRectF> emptyOutlines, uncarved;
    std::vector<Spine> spines;

    void clear() {
        for (auto* v : {&frames, &blank, &used, &full, &empty})
            v->clear();
        emptyOutlines.clear();
        uncarved.clear();
        spines.clear();
    }
    // A book: outline by state, filled from the bottom by how many blocks are
    // in use, hatched while used, solid when full, dashed and hollow when empty.
    void add(const QRectF& rf, PoolState state, double fill, const QString& spine = {}) {
        const QRect r = rf.toRect();
        switch (state) {
        case PoolState::Uncarved:
            uncarved.push_back(inside(QRectF(r).adjusted(0, std::round(r.height() * 0.55), 0, 0)));
            return;
        case PoolState::Empty:
            empty.push_back(r);
            emptyOutlines.push_back(inside(r));
            break;
        case PoolState::Used:
        case PoolState::Full: {
            // A frame of one logical pixel (crisp at any device pixel ratio)
            // around the fill, which rises from the bottom.
            frames.push_back(r);
            const QRect in = r.adjusted(1, 1, -1, -1);
            if (in.isEmpty())
                break;
            const int h = state == PoolState::Full
                              ? in.height()
                              : std::min(in.height(), int(std::round(r.height() * std::max(0.06, fill))));
            (state == PoolState::Full ? full : used).push_back(in.adjusted(0, in.height() - h, 0, 0));
            if (state == PoolState::Used)  // all of it: print's used brush is a pattern
                blank.push_back(in);
            break;
        }
        }
        if (!spine.isEmpty() && r.width() >= 10)
            spines.push_back({rf, state, spine});
    }
    void paint(QPainter& p, const Theme& t) const;
};

void drawAll(QPainter& p, const std::vector<QRect>& rects) {
    if (!rects.empty())
        p.drawRects(rects.data(), int(rects.size()));
}

void drawAll(QPainter& p, const std::vector<QRectF>& rects) {
    if (!rects.empty())
        p.drawRects(rects.data(), int(rects.size()));
}

void Books::paint(QPainter& p, const Theme& t) const {
    p.setPen(Qt::NoPen);
    p.setBrush(t.text);
    drawAll(p, frames);
    p.setBrush(t.surface);
    drawAll(p, blank);
    p.setBrush(t.poolBrush(PoolState::Used));
    drawAll(p, used);
    p.setBrush(t.poolBrush(PoolState::Full));
    drawAll(p, full);
    if (t.kind != ThemeKind::Print) {
        p.setBrush(QBrush(t.surface, Qt::BDiagPattern));  // hatching tells "used"
        drawAll(p, used);
    }
    p.setBrush(t.poolBrush(PoolState::Empty));
    drawAll(p, empty);
    p.setBrush(Qt::NoBrush);
    p.setPen(QPen(t.text, 1, Qt::DashLine));
    drawAll(p, emptyOutlines);
    p.setPen(QPen(t.tableEdge, 1, Qt::DotLine));
    drawAll(p, uncarved);
    if (spines.empty())
        return;
    const QTransform base = p.transform();
    qreal fontWidth = -1;
    for (const Spine& s : spines) {
        const QRectF& r = s.r;
        if (r.width() != fontWidth) {  // books of one card share a width
            fontWidth = r.width();
            p.setFont(t.font(std::min(7.0, r.width() * 0.55)));
        }
        p.setTransform(QTransform(base).translate(r.center().x(), r.center().y()).rotate(-90));
        // On a full book the text sits on the fill: light on dark, dark on light.
        const QColor ink = s.state != PoolState::Full ? t.text
                           : qGray(t.full.rgb()) < 128 ? QColor(Qt::white)
                                                       : QColor(Qt::black);
        p.setPen(ink);
        if (s.state == PoolState::Used && t.kind == ThemeKind::Print) {
            p.setPen(Qt::NoPen);
            p.setBrush(Qt::white);
            p.drawRect(QRectF(-r.height() / 2 + 2, -r.width() / 2 + 1, 22, r.width() - 2));
            p.setPen(Qt::black);
        }
        p.drawText(QRectF(-r.height() / 2 + 3, -r.width() / 2, r.height() - 6, r.width()),
                   Qt::AlignLeft | Qt::AlignVCenter, s.text);
    }
    p.setTransform(base);
}

// One book on its own (the legend's swatches).
void paintBook(QPainter& p, const QRectF& r, PoolState state, double fill, const Theme& t,
               const QString& spine = {}) {
    Books b;
    b.add(r, state, fill, spine);
    b.paint(p, t);
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

// Whole phrases, not "%1 block": word order differs between languages.
QString blockLegendText(BlockState s) {
    switch (s) {
    case BlockState::Untouched: return tr("untouched block");
    case BlockState::Free: return tr("free block");
    case BlockState::Allocated: return tr("allocated block");
    }
    return {};
}
} // namespace

// The model's names (poolStateName, blockStateName) are CPython's words in
// English; these are the same words for the user.
QString poolStateText(PoolState s) {
    switch (s) {
    case PoolState::Uncarved: return tr("not carved");
    case PoolState::Empty: return tr("empty");
    case PoolState::Used: return tr("used");
    case PoolState::Full: return tr("full");
    }
    return {};
}

QString blockStateText(BlockState s) {
    switch (s) {
    case BlockState::Untouched: return tr("untouched");
    case BlockState::Free: return tr("free");
    case BlockState::Allocated: return tr("allocated");
    }
    return {};
}

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
    const bool spines = layout.bookWidth() >= 10;  // Books::add skips narrower ones
    Books books;
    std::vector<QRectF> hot, selected;
    for (size_t ci = 0; ci < layout.cards().size(); ++ci) {
        const ArenaCard& c = layout.cards()[ci];
        if (!o.exposed.isEmpty() && !o.exposed.intersects(c.card))
            continue;
        books.clear();
        hot.clear();
        selected.clear();
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
                if (spines)
                    spine = QString::number(pr.blockSize(ph.szidx));
            }
            books.add(r, s, fill, spine);
            for (unsigned i = 0; i < o.highlight.npools; ++i)
                if (o.highlight.pools[i] == ref)
                    hot.push_back(r);
            if (ref == o.selectedPool)
                selected.push_back(r);
        }
        // Outlines of what changed and what is selected go over all books.
        books.paint(p, t);
        for (const QRectF& r : hot)
            paintHighlight(p, r, t);
        for (const QRectF& r : selected)
            paintSelection(p, r, t);
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
                   .arg(poolStateText(state))
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
    } else if (kind == LegendKind::Pool) {
        for (BlockState s : {BlockState::Untouched, BlockState::Free, BlockState::Allocated})
            e.push_back({blockLegendText(s), [&t, s](QPainter& p, QRectF r) {
                             drawBox(p, r, t.blockBrush(s), pagePen(s, t));
                         }});
    } else {
        using Mark = GcObject::Mark;
        const std::pair<Mark, const char*> marks[] = {
            {Mark::Reachable, QT_TRANSLATE_NOOP("arenascope::views", "reachable object")},
            {Mark::Tentative, QT_TRANSLATE_NOOP("arenascope::views", "tentatively unreachable (gc_refs 0 so far)")},
            {Mark::Unreachable, QT_TRANSLATE_NOOP("arenascope::views", "unreachable: will be freed")},
        };
        for (const auto& [mark, text] : marks)
            e.push_back({tr(text), [&t, mark = mark](QPainter& p, QRectF r) { paintGcBox(p, r, mark, true, t); }});
        e.push_back({tr("not tracked by the collector"),
                     [&t](QPainter& p, QRectF r) { paintGcBox(p, r, GcObject::Mark::None, false, t); }});
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
