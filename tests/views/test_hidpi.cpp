// High-DPI: the heap and pool pictures drawn at device pixel ratio 2 have
// twice the pixels and stay crisp: away from text, every logical pixel of the
// 1x picture becomes exactly a 2x2 block of the same colour in the 2x one.
#include "render.h"
#include "testsupport.h"

#include <gtest/gtest.h>

using namespace arenascope;

namespace {

// Logical pixels along a line from FROM (LENGTH pixels in direction STEP)
// whose 2x2 device block at DPR 2 is not all the 1x colour, as
// "x,y:colour->colour at 2x" strings. Inside SKIP nothing is checked; inside
// DASHED the block need only be one colour (where a dash ends may differ).
QStringList blurred(const QImage& one, const QImage& two, QPoint from, QPoint step, int length,
                    const std::vector<QRectF>& skip, const std::vector<QRectF>& dashed = {}) {
    auto in = [](const std::vector<QRectF>& rs, QPoint p) {
        return std::any_of(rs.begin(), rs.end(), [&](const QRectF& r) { return r.contains(p); });
    };
    QStringList out;
    QPoint p = from;
    for (int i = 0; i < length; ++i, p += step) {
        if (in(skip, p))
            continue;
        const QRgb c = in(dashed, p) ? two.pixel(2 * p.x(), 2 * p.y()) : one.pixel(p);
        for (int d = 0; d < 4; ++d) {
            const QRgb got = two.pixel(2 * p.x() + d % 2, 2 * p.y() + d / 2);
            if (got != c) {
                out << QStringLiteral("%1,%2:%3->%4").arg(p.x()).arg(p.y()).arg(c, 6, 16).arg(got, 6, 16);
                break;
            }
        }
    }
    return out;
}

struct Pair {
    QImage one, two;
};

template <class Render>
Pair renderBoth(const views::Session& s, Render render) {
    test::Shot shot;
    Pair r{render(s, shot), {}};
    shot.dpr = 2;
    r.two = render(s, shot);
    return r;
}

views::Session* startupAt(size_t step) {
    static views::Session s;
    if (!s.hasTrace())
        s.setTrace(loadTrace(test::fixture("startup_listcomp.trace.gz")));
    s.seek(step);
    s.selectAddress(s.lastChange().blocks[0]);
    return &s;
}

TEST(HiDpi, HeapAtTwiceTheResolutionIsCrisp) {
    const views::Session& s = *startupAt(12000);
    const Pair img = renderBoth(s, test::renderHeap);
    ASSERT_EQ(img.two.size(), img.one.size() * 2);
    EXPECT_EQ(img.two.devicePixelRatio(), 2.0);

    views::HeapLayout l;
    l.compute(s.timeline().allocator(), {1.0, test::Shot().width});
    ASSERT_FALSE(l.cards().empty());
    const views::ArenaCard& card = l.cards()[0];
    // Overlays (the step's orange outline, the dashed selection) straddle
    // book edges on purpose; leave them out.
    // Empty books have dashed outlines: crisp, but where a dash ends is not
    // a multiple of the 1x picture's.
    const Allocator& a = s.timeline().allocator();
    std::vector<QRectF> skip, dashed;
    for (unsigned k = 0; k < a.state().arenas[card.arena].ntotalpools; ++k) {
        const PoolRef ref = a.poolRef(card.arena, k);
        const Change& c = s.lastChange();
        if (ref == s.selectedPool() || std::count(c.pools, c.pools + c.npools, ref))
            skip.push_back(l.poolRect(0, k).adjusted(-4, -4, 4, 4));
        if (a.poolState(ref) == PoolState::Empty)
            dashed.push_back(l.poolRect(0, k));
    }
    ASSERT_FALSE(skip.empty());
    // Across every book above its spine text, and down through the first
    // carved book from the label band into it: outlines, gaps, fills, hatching.
    const int y = int(card.shelf.top()) + 10;
    const QStringList across = blurred(img.one, img.two, QPoint(int(card.card.left()), y), {1, 0},
                                       int(card.card.width()), skip, dashed);
    EXPECT_TRUE(across.isEmpty()) << across.join(' ').toStdString();
    const QRectF book = l.poolRect(0, 0);
    const QStringList down = blurred(img.one, img.two, QPoint(int(book.center().x()), int(card.label.bottom())),
                                     {0, 1}, 20, skip);
    EXPECT_TRUE(down.isEmpty()) << down.join(' ').toStdString();
    // The book's left outline is the two device columns at 2 * left, and the
    // gap before it stays the card's surface: books do not run together.
    const views::Theme t = views::Theme::make(views::ThemeKind::Light);
    const QPoint edge(int(2 * book.left()), 2 * y);
    EXPECT_EQ(QColor(img.two.pixel(edge)), t.text);
    EXPECT_EQ(QColor(img.two.pixel(edge + QPoint(1, 0))), t.text);
    EXPECT_NE(QColor(img.two.pixel(edge + QPoint(2, 0))), t.text);
    EXPECT_NE(QColor(img.two.pixel(edge - QPoint(1, 0))), t.text);
}

TEST(HiDpi, PoolAtTwiceTheResolutionIsCrisp) {
    const views::Session& s = *startupAt(12000);
    const Pair img = renderBoth(s, test::renderPool);
    ASSERT_EQ(img.two.size(), img.one.size() * 2);

    const test::Shot shot;
    views::PoolLayout l;
    l.compute(s.timeline().allocator(), s.selectedPool(), test::poolArea(shot));
    ASSERT_GT(l.blocks, 0u);
    std::vector<QRectF> skip;
    const Change& c = s.lastChange();
    for (unsigned b = 0; b < l.blocks; ++b) {
        const uint64_t addr = s.timeline().allocator().blockAddress(s.selectedPool(), b);
        if (int(b) == s.selectedBlock() || std::count(c.blocks, c.blocks + c.nblocks, addr))
            skip.push_back(l.pageRect(b).adjusted(-4, -4, 4, 4));
    }
    // Across each row of pages above any free-list number, and down the first
    // column from the cover's edge through the first two rows.
    const int rows = int((l.blocks + unsigned(l.columns) - 1) / unsigned(l.columns));
    for (int row = 0; row < rows; ++row) {
        const QRectF page = l.pageRect(unsigned(row * l.columns));
        const QStringList across = blurred(img.one, img.two, QPoint(int(l.pages.left()), int(page.top()) + 2),
                                           {1, 0}, int(l.pages.width()), skip);
        EXPECT_TRUE(across.isEmpty()) << "row " << row << ": " << across.join(' ').toStdString();
    }
    const QRectF first = l.pageRect(0);
    const QStringList down = blurred(img.one, img.two, QPoint(int(first.left()) + 3, int(l.cover.bottom()) - 2),
                                     {0, 1}, int(2 * (l.pageH + 1)) + 4, skip);
    EXPECT_TRUE(down.isEmpty()) << down.join(' ').toStdString();
}

} // namespace
