// Views on the offscreen platform: item models under QAbstractItemModelTester,
// layout maths, painting, and keyboard stepping in the real main window.
#include "app/gui/mainwindow.h"
#include "app/gui/stepcontrols.h"
#include "model/trace/loadedtrace.h"
#include "golden.h"
#include "testsupport.h"
#include "views/eventlogmodel.h"
#include "views/heaplayout.h"
#include "views/inspector.h"
#include "views/painters.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QImage>
#include <QLabel>
#include <QDir>
#include <QFile>
#include <QSignalSpy>
#include <QTest>
#include <gtest/gtest.h>

using namespace arenascope;

namespace {

std::shared_ptr<const LoadedTrace> demoTrace() {
    static auto t = loadTrace(test::fixture("startup_listcomp.trace.gz"));
    return t;
}

TEST(EventLogModel, PassesModelTesterAcrossResetAndFilter) {
    views::EventLogModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    model.setTrace(demoTrace());
    EXPECT_EQ(model.rowCount(), 24474);
    EXPECT_EQ(model.data(model.index(0, views::EventLogModel::Operation), Qt::DisplayRole).toString(),
              QStringLiteral("arena_alloc"));
    EXPECT_EQ(model.data(model.index(1, views::EventLogModel::Pointer), Qt::DisplayRole).toString(),
              QStringLiteral("0x7fd56d1e8030"));
    EXPECT_EQ(model.data(model.index(1, views::EventLogModel::Line), Qt::DisplayRole).toULongLong(), 4u);
    // Two arenas and one 16 KiB frame data-stack chunk (lines 3, 7671, 20092).
    model.setFilter(QStringLiteral("arena_alloc"));
    EXPECT_EQ(model.rowCount(), 3);
    EXPECT_EQ(model.eventAt(0), 0u);
    EXPECT_EQ(model.data(model.index(2, views::EventLogModel::Line), Qt::DisplayRole).toULongLong(), 20092u);
    model.setFilter(QString());
    EXPECT_EQ(model.rowCount(), 24474);
}

TEST(HeapLayout, HitTestFindsTheBookUnderThePoint) {
    auto t = demoTrace();
    Timeline tl(t);
    tl.seek(t->store->size());
    views::HeapLayout l;
    l.compute(tl.allocator(), {1.0, 1200});
    ASSERT_EQ(l.cards().size(), 2u);  // two arenas by the end; the 16 KiB chunk is not one
    const views::ArenaCard& c = l.cards()[0];
    EXPECT_TRUE(c.live);
    EXPECT_TRUE(c.lostSlot);  // 0x7fd56d1e7000 is not 16 KiB-aligned
    const QRectF book = l.poolRect(0, 5);
    const auto hit = l.hitTest(book.center());
    EXPECT_EQ(hit.card, 0);
    EXPECT_EQ(hit.pool, 5);
    EXPECT_EQ(l.hitTest(l.lostSlotRect(0).center()).pool, -1);
    EXPECT_EQ(l.hitTest(QPointF(1, 1)).card, -1);
}

TEST(Painters, HeapPictureShowsStateColoursAndHighlight) {
    auto t = demoTrace();
    Timeline tl(t);
    tl.seek(12000);
    views::HeapLayout l;
    l.compute(tl.allocator(), {1.0, 1000});
    QImage img(l.size().toSize(), QImage::Format_ARGB32);
    const views::Theme theme = views::Theme::make(views::ThemeKind::Light);
    img.fill(theme.background);
    QPainter p(&img);
    views::HeapPaintOptions o;
    o.theme = theme;
    o.highlight = tl.changeOf(11999);
    views::paintHeap(p, l, tl.allocator(), o);
    p.end();
    int full = 0, highlight = 0;
    for (int y = 0; y < img.height(); ++y)
        for (int x = 0; x < img.width(); ++x) {
            const QRgb px = img.pixel(x, y);
            full += px == theme.full.rgb();
            highlight += px == theme.highlight.rgb();
        }
    EXPECT_GT(full, 1000);      // full pools are painted solid
    EXPECT_GT(highlight, 50);   // the pool the step changed is outlined
}

TEST(MainWindow, KeyboardStepsAndInspectorFollows) {
    app::MainWindow w;
    w.setInteractive(false);
    QSignalSpy loaded(&w, &app::MainWindow::traceLoaded);
    w.openFile(QString::fromStdString(test::fixture("startup_listcomp.trace.gz")));
    ASSERT_TRUE(loaded.wait(20000));
    w.show();
    ASSERT_TRUE(QTest::qWaitForWindowExposed(&w));
    EXPECT_EQ(w.session()->step(), 0u);
    QTest::keyClick(&w, Qt::Key_Right);
    QTest::keyClick(&w, Qt::Key_Right);
    EXPECT_EQ(w.session()->step(), 2u);
    QTest::keyClick(&w, Qt::Key_Left);
    EXPECT_EQ(w.session()->step(), 1u);
    QTest::keyClick(&w, Qt::Key_End);
    EXPECT_EQ(w.session()->step(), 24474u);
    QTest::keyClick(&w, Qt::Key_Home);
    EXPECT_EQ(w.session()->step(), 0u);
    // Shift+Right with "step by event" behaves like Right; the counter follows.
    QTest::keyClick(&w, Qt::Key_Right, Qt::ShiftModifier);
    EXPECT_EQ(w.session()->step(), 1u);
    auto* counter = w.findChild<QLabel*>(QStringLiteral("stepCounter"));
    ASSERT_NE(counter, nullptr);
    EXPECT_EQ(counter->text(), QStringLiteral("step 1 of 24,474"));
    // After the first allocation, select its block: the inspector names it.
    QTest::keyClick(&w, Qt::Key_Right);
    w.session()->selectAddress(0x7fd56d1e8030);
    const QStringList rows = w.inspector()->rows();
    EXPECT_TRUE(rows.contains(QStringLiteral("pool_header 0x7fd56d1e8000 (used)/ref.count = 1")))
        << rows.join('\n').toStdString();
    EXPECT_TRUE(rows.contains(QStringLiteral("arena_object arenas[0]/address = 0x7fd56d1e7000")));
}

TEST(MainWindow, BadFileKeepsThePreviousTrace) {
    app::MainWindow w;
    w.setInteractive(false);
    QSignalSpy loaded(&w, &app::MainWindow::traceLoaded);
    QSignalSpy failed(&w, &app::MainWindow::loadFailed);
    w.openFile(QString::fromStdString(test::fixture("startup_listcomp.trace.gz")));
    ASSERT_TRUE(loaded.wait(20000));
    const QString bad = QDir::temp().filePath(QStringLiteral("arenascope-bad-view.trace"));
    {
        QFile f(bad);
        ASSERT_TRUE(f.open(QIODevice::WriteOnly));
        f.write("pymalloc-trace 1\n# python 3.11.7\nmalloc obj twelve 0x10\n");
    }
    w.openFile(bad);
    ASSERT_TRUE(failed.wait(20000));
    EXPECT_EQ(w.lastError(), bad + QStringLiteral(":3: bad size 'twelve': expected an unsigned decimal integer"));
    ASSERT_TRUE(w.session()->hasTrace());
    EXPECT_EQ(w.session()->stepCount(), 24474u);
    QFile::remove(bad);
}

} // namespace

int main(int argc, char** argv) {
    qputenv("QT_QPA_PLATFORM", "offscreen");
    test::useTestFonts();
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("ArenascopeTests"));
    ::testing::InitGoogleTest(&argc, argv);
    return RUN_ALL_TESTS();
}
