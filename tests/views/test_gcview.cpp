// The GC view on hand-made scenes: layout columns by generation, the
// painting (golden image, marks told apart without colour), hit testing and
// the selection signal that the heap and pool views follow.
#include "golden.h"
#include "views/gcpainter.h"
#include "views/gcview.h"
#include "views/painters.h"

#include <QSignalSpy>
#include <QTest>
#include <gtest/gtest.h>

namespace arenascope::views {
namespace {

// Two Nodes in a cycle that no name reaches, mid move_unreachable of a
// generation-0 collection; a list held by `keep`; an untracked str.
GcScene cycleScene() {
    GcScene s;
    s.frames = {{QStringLiteral("<module>"), {{QStringLiteral("keep"), 3}, {QStringLiteral("name"), 4}}},
                {QStringLiteral("make_cycle"), {}}};
    using M = GcObject::Mark;
    s.objects = {
        {1, QStringLiteral("Node"), QStringLiteral("a"), 0x7f0000001010, 48, 1, 0, 0, M::Tentative, {2}},
        {2, QStringLiteral("Node"), QStringLiteral("b"), 0x7f0000001040, 48, 1, 0, 0, M::Unreachable, {1}},
        {3, QStringLiteral("list"), QStringLiteral("[1 item]"), 0x7f0000002010, 72, 1, 1, 0, M::Reachable, {4}},
        {4, QStringLiteral("str"), QStringLiteral("'hello'"), 0x7f0000003010, 54, 2, -1, -1, M::None, {}},
        {5, QStringLiteral("dict"), QStringLiteral("{}"), 0x7f0000004010, 80, 1, -1, 2, M::None, {}},
    };
    s.generations = {{{3, 700}, {1, 10}, {0, 10}}};
    s.collecting = 0;
    s.phase = QStringLiteral("move_unreachable");
    s.changed = 2;
    return s;
}

TEST(GcLayout, ColumnsFollowTheGenerations) {
    GcLayout l;
    l.compute(cycleScene());
    EXPECT_EQ(l.objectRect(1).left(), l.objectRect(2).left()) << "both in generation 0";
    EXPECT_LT(l.objectRect(1).bottom(), l.objectRect(2).top()) << "stacked";
    EXPECT_GT(l.objectRect(5).left(), l.objectRect(1).left()) << "generation 2 is to the right";
    EXPECT_GT(l.objectRect(4).left(), l.objectRect(5).left()) << "untracked objects come last";
    EXPECT_EQ(l.hitObject(l.objectRect(3).center()), 3);
    EXPECT_EQ(l.hitObject(QPointF(1, 1)), -1);
    EXPECT_TRUE(l.objectRect(99).isEmpty());
}

QImage render(const GcScene& s, ThemeKind theme) {
    GcLayout l;
    l.compute(s);
    const Theme t = Theme::make(theme);
    const qreal legend = legendHeight(t, LegendKind::Gc, l.size().width());
    QImage img(QSizeF(l.size().width(), l.size().height() + legend).toSize(), QImage::Format_ARGB32_Premultiplied);
    img.fill(t.background);
    QPainter p(&img);
    GcPaintOptions o;
    o.theme = t;
    o.selectedObject = 3;
    paintGc(p, l, s, o);
    paintLegend(p, QRectF(0, l.size().height(), l.size().width(), legend), t, LegendKind::Gc);
    return img;
}

TEST(GcPainter, GoldenMidCollection) {
    EXPECT_TRUE(test::matchesGolden(render(cycleScene(), ThemeKind::Light), QStringLiteral("gc_cycle_move_unreachable")));
}

TEST(GcPainter, MarksDifferInPrint) {
    // Black and white: the three marks must still differ, by pattern.
    const Theme t = Theme::make(ThemeKind::Print);
    auto box = [&](GcObject::Mark m) {
        QImage img(40, 30, QImage::Format_RGB32);
        img.fill(Qt::white);
        QPainter p(&img);
        paintGcBox(p, QRectF(2, 2, 36, 26), m, true, t);
        return img;
    };
    EXPECT_NE(box(GcObject::Mark::Reachable), box(GcObject::Mark::Tentative));
    EXPECT_NE(box(GcObject::Mark::Tentative), box(GcObject::Mark::Unreachable));
    EXPECT_NE(box(GcObject::Mark::Reachable), box(GcObject::Mark::Unreachable));
}

TEST(GcView, ClickSelectsTheObjectsBlock) {
    GcView v;
    v.resize(900, 500);
    v.setScene(cycleScene());
    v.show();
    ASSERT_TRUE(QTest::qWaitForWindowExposed(&v));
    QSignalSpy selected(&v, &GcView::objectSelected);
    GcLayout l;
    l.compute(v.scene());
    QTest::mouseClick(v.viewport(), Qt::LeftButton, {}, l.objectRect(2).center().toPoint());
    ASSERT_EQ(selected.count(), 1);
    EXPECT_EQ(selected.at(0).at(0).toULongLong(), 0x7f0000001040u);
    EXPECT_EQ(v.selectedObject(), 2);
    // A new scene without that object drops the selection.
    GcScene s = cycleScene();
    s.objects.erase(s.objects.begin() + 1);
    v.setScene(s);
    EXPECT_EQ(v.selectedObject(), -1);
}

} // namespace
} // namespace arenascope::views
