// Golden images of the heap and pool pictures at fixed steps of the fixtures,
// drawn through the painters the widgets use (tests/data/golden; golden.h
// says how to update them), and the widgets' own grabs against the painters.
#include "golden.h"
#include "render.h"
#include "testsupport.h"
#include "views/heapview.h"
#include "views/poolview.h"

#include <QScrollBar>
#include <QTest>
#include <map>
#include <gtest/gtest.h>

using namespace arenascope;
using test::matchesGolden;
constexpr test::Tolerance kExact{0, 0.0};

namespace {

std::shared_ptr<const LoadedTrace> fixtureTrace(const std::string& name) {
    static std::map<std::string, std::shared_ptr<const LoadedTrace>> cache;
    auto& t = cache[name];
    if (!t)
        t = loadTrace(test::fixture(name + ".trace.gz"));
    return t;
}

// A session at STEP with the pool (and block) the step changed selected.
void selectChanged(views::Session& s, const std::string& fixture, size_t step) {
    s.setTrace(fixtureTrace(fixture));
    s.seek(step);
    ASSERT_GT(s.lastChange().nblocks, 0) << "step " << step << " changes no block";
    s.selectAddress(s.lastChange().blocks[0]);
    ASSERT_NE(s.selectedPool(), kNoPool);
}

// The first used pool whose free list has a few entries and whose pages are
// wide enough to carry the free-list numbers.
PoolRef poolWithFreeList(const Allocator& a) {
    for (ArenaIndex ai = 0; ai < a.state().arenas.size(); ++ai)
        for (unsigned k = 0; k < a.state().arenas[ai].ntotalpools; ++k) {
            const PoolRef r = a.poolRef(ai, k);
            if (a.poolState(r) != PoolState::Used)
                continue;
            const auto& ph = a.state().pools[r];
            if (a.profile().blocksPerPool(ph.szidx) <= 64 && a.freeList(r).size() >= 3)
                return r;
        }
    return kNoPool;
}

TEST(Golden, HeapStartupListcompMidRun) {
    views::Session s;
    selectChanged(s, "startup_listcomp", 12000);
    EXPECT_TRUE(matchesGolden(test::renderHeap(s), QStringLiteral("heap_startup_listcomp_12000")));
}

TEST(Golden, PoolStartupListcompMidRun) {
    views::Session s;
    selectChanged(s, "startup_listcomp", 12000);
    EXPECT_TRUE(matchesGolden(test::renderPool(s), QStringLiteral("pool_startup_listcomp_12000")));
}

TEST(Golden, HeapDictChurnEndDarkTheme) {
    views::Session s;
    s.setTrace(fixtureTrace("dict_churn"));
    s.seek(s.stepCount());
    test::Shot shot;
    shot.theme = views::ThemeKind::Dark;
    EXPECT_TRUE(matchesGolden(test::renderHeap(s, shot), QStringLiteral("heap_dict_churn_end_dark")));
}

TEST(Golden, PoolDictChurnFreeListOrder) {
    views::Session s;
    s.setTrace(fixtureTrace("dict_churn"));
    s.seek(100000);
    const PoolRef pool = poolWithFreeList(s.timeline().allocator());
    ASSERT_NE(pool, kNoPool);
    s.selectPool(pool);
    s.selectBlock(int(s.timeline().allocator().freeList(pool).front()));
    EXPECT_TRUE(matchesGolden(test::renderPool(s), QStringLiteral("pool_dict_churn_100000_freelist")));
}

// The widgets paint what the painters paint, so the goldens cover the screen.
// Same machine, same fonts: pixel for pixel.
TEST(Golden, WidgetsPaintTheGoldenPictures) {
    views::Session s;
    selectChanged(s, "startup_listcomp", 12000);
    const QImage expected = test::renderHeap(s);
    views::HeapView heap(&s);
    heap.setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    heap.setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    const int frame = 2 * heap.frameWidth();
    // The layout flows into the viewport's width, as renderHeap's into 1000.
    heap.resize(1000 + frame, expected.height() + frame);
    heap.show();
    ASSERT_TRUE(QTest::qWaitForWindowExposed(&heap));
    heap.setZoom(1.0);
    ASSERT_EQ(heap.viewport()->size(), QSize(1000, expected.height()));
    QImage grabbed = heap.viewport()->grab().toImage();
    // renderHeap's image is as wide as the cards; the viewport leaves the rest blank.
    EXPECT_TRUE(test::imagesMatch(grabbed.copy(QRect(QPoint(0, 0), expected.size())), expected,
                                  QStringLiteral("widget_heap"), kExact));

    views::PoolView pool(&s);
    const test::Shot shot;
    pool.resize(int(shot.width), int(shot.height));
    EXPECT_TRUE(test::imagesMatch(pool.grab().toImage(), test::renderPool(s, shot),
                                  QStringLiteral("widget_pool"), kExact));
}

} // namespace
