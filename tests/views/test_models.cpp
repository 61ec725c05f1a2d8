// Every item model of the views and the window under QAbstractItemModelTester,
// while traces load, the filter changes and the step moves: the tester's
// complaints become test failures with its own message.
#include "app/gui/mainwindow.h"
#include "testsupport.h"
#include "views/eventlogmodel.h"
#include "views/inspector.h"

#include <QAbstractItemModelTester>
#include <QLineEdit>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>
#include <map>
#include <gtest/gtest.h>

using namespace arenascope;

namespace {

// Collects the warnings QAbstractItemModelTester reports (category qt.modeltest).
class ModelTesterLog {
public:
    ModelTesterLog() {
        messages().clear();
        previous_ = qInstallMessageHandler(&ModelTesterLog::handle);
    }
    ~ModelTesterLog() { qInstallMessageHandler(previous_); }
    QStringList failures() const { return messages(); }

private:
    static QStringList& messages() {
        static QStringList m;
        return m;
    }
    static void handle(QtMsgType type, const QMessageLogContext& ctx, const QString& msg) {
        if (type != QtDebugMsg && ctx.category && qstrcmp(ctx.category, "qt.modeltest") == 0)
            messages() << msg;
    }
    QtMessageHandler previous_;
};

using Mode = QAbstractItemModelTester::FailureReportingMode;

std::shared_ptr<const LoadedTrace> trace(const std::string& name) {
    static std::map<std::string, std::shared_ptr<const LoadedTrace>> cache;
    auto& t = cache[name];
    if (!t)
        t = loadTrace(test::fixture(name + ".trace.gz"));
    return t;
}

TEST(ItemModels, EventLogModelThroughTracesAndFilters) {
    ModelTesterLog log;
    views::EventLogModel model;
    QAbstractItemModelTester tester(&model, Mode::Warning);
    for (const char* f : {"free", "", "zzzz-no-such-event"})  // no trace yet
        model.setFilter(QString::fromLatin1(f));
    model.setTrace(trace("startup_listcomp"));
    model.setFilter(QStringLiteral("arena"));
    EXPECT_GT(model.rowCount(), 0);
    model.setFilter(QStringLiteral("zzzz-no-such-event"));
    EXPECT_EQ(model.rowCount(), 0);
    model.setFilter(QStringLiteral("realloc"));
    model.setTrace(trace("dict_churn"));  // a new trace clears the filter
    EXPECT_EQ(model.filter(), QString());
    EXPECT_EQ(model.rowCount(), 217196);
    model.setFilter(QStringLiteral("0x7f218de5"));
    for (int role : {int(Qt::DisplayRole), int(Qt::ToolTipRole), int(Qt::TextAlignmentRole),
                     int(views::EventLogModel::EventIndexRole)})
        for (int c = 0; c < model.columnCount(); ++c)
            (void)model.data(model.index(0, c), role);
    model.setTrace(nullptr);
    EXPECT_EQ(model.rowCount(), 0);
    EXPECT_TRUE(log.failures().isEmpty()) << log.failures().join('\n').toStdString();
}

// The inspector's tree on its own, through a trace, a selection, steps and
// seeks: each section spans both columns and stays expanded, and each field's
// value is whole in its tooltip (the view elides it in the middle).
TEST(ItemModels, InspectorWhileSelectingAndSeeking) {
    ModelTesterLog log;
    views::Session s;
    views::Inspector inspector(&s);
    QAbstractItemModel* m = inspector.model();
    QAbstractItemModelTester tester(m, Mode::Warning);
    EXPECT_EQ(m->rowCount(), 0);
    s.setTrace(trace("startup_listcomp"));
    EXPECT_EQ(m->rowCount(), 1);  // the allocator alone
    s.seek(12000);
    s.selectAddress(0x7fd56d1f0070);
    ASSERT_EQ(m->rowCount(), 4);  // allocator, arena, pool, block
    qsizetype fields = 0;
    for (int r = 0; r < m->rowCount(); ++r) {
        const QModelIndex section = m->index(r, 0);
        EXPECT_TRUE(inspector.isFirstColumnSpanned(r, {}));
        EXPECT_TRUE(inspector.isExpanded(section));
        EXPECT_EQ(m->rowCount(m->index(r, 1)), 0);
        for (int f = 0; f < m->rowCount(section); ++f, ++fields) {
            const QModelIndex value = m->index(f, 1, section);
            EXPECT_EQ(value.data(Qt::ToolTipRole), value.data(Qt::DisplayRole));
            EXPECT_FALSE(m->flags(value) & Qt::ItemIsEditable);
        }
    }
    EXPECT_EQ(inspector.rows().size(), fields);
    EXPECT_EQ(m->headerData(0, Qt::Horizontal).toString(), QStringLiteral("Field"));
    for (int i = 0; i < 5; ++i)
        s.forward();
    s.back();
    s.selectBlock(1);
    s.seek(0);  // the block may be free now: fewer fields, same sections
    s.selectPool(kNoPool);
    EXPECT_EQ(m->rowCount(), 1);
    s.setTrace(trace("dict_churn"));
    s.seek(100000);
    s.selectAddress(s.lastChange().blocks[0]);
    EXPECT_GE(m->rowCount(), 3);
    EXPECT_TRUE(log.failures().isEmpty()) << log.failures().join('\n').toStdString();
}

// The window's models (event log and inspector tree) while the user steps,
// seeks, filters and opens another trace.
TEST(ItemModels, WindowModelsWhileSteppingAndFiltering) {
    ModelTesterLog log;
    app::MainWindow w;
    w.setInteractive(false);
    auto* logView = w.findChild<QTableView*>(QStringLiteral("eventLog"));
    ASSERT_NE(logView, nullptr);
    QAbstractItemModelTester logTester(logView->model(), Mode::Warning);
    QAbstractItemModelTester inspectorTester(w.inspector()->model(), Mode::Warning);
    QSignalSpy loaded(&w, &app::MainWindow::traceLoaded);
    w.openFile(QString::fromStdString(test::fixture("startup_listcomp.trace.gz")));
    ASSERT_TRUE(loaded.wait(20000));
    w.show();
    ASSERT_TRUE(QTest::qWaitForWindowExposed(&w));

    auto* filter = logView->parentWidget()->findChild<QLineEdit*>();
    ASSERT_NE(filter, nullptr);
    QTest::keyClick(&w, Qt::Key_Right);
    w.session()->selectAddress(w.session()->lastChange().blocks[0]);
    w.session()->selectBlock(0);
    filter->setText(QStringLiteral("free"));
    for (int i = 0; i < 20; ++i)
        QTest::keyClick(&w, Qt::Key_Right);
    w.session()->seek(12000);
    filter->setText(QStringLiteral("no-such-event"));
    w.session()->seek(100);
    QTest::keyClick(&w, Qt::Key_End);
    filter->clear();
    QTest::keyClick(&w, Qt::Key_Left);
    w.session()->selectPool(kNoPool);
    w.session()->seek(0);

    loaded.clear();
    filter->setText(QStringLiteral("arena"));
    w.openFile(QString::fromStdString(test::fixture("dict_churn.trace.gz")));
    ASSERT_TRUE(loaded.wait(20000));
    w.session()->seek(100000);
    w.session()->selectAddress(w.session()->lastChange().blocks[0]);
    QTest::keyClick(&w, Qt::Key_Right);
    EXPECT_EQ(w.session()->step(), 100001u);
    EXPECT_TRUE(log.failures().isEmpty()) << log.failures().join('\n').toStdString();
}

} // namespace
