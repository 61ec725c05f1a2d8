// The recorder in the window (issue 6): a recording with source lines shows
// a marker per collection on the slider and the allocating line in the
// inspector; File > Record script records in the background, opens the
// result, explains failures, keeps the previous trace and can be cancelled.
#include "app/gui/mainwindow.h"
#include "app/gui/recorddialog.h"
#include "app/gui/stepcontrols.h"
#include "recorder/hostbuild.h"
#include "recorder/recorder.h"
#include "testsupport.h"
#include "views/inspector.h"

#include <QCheckBox>
#include <QDockWidget>
#include <QDialogButtonBox>
#include <QDir>
#include <QFile>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <gtest/gtest.h>

#include <algorithm>

using namespace arenascope;

namespace {

// Built without Python's development files there is nothing to record with.
#define SKIP_WITHOUT_RECORDER()                                   \
    if (recorder::builtHost().path.empty())                       \
    GTEST_SKIP() << "this build has no recorder (python3-dev)"

// Line 8 makes a bytes object (not tracked by the collector, so its block
// starts at id(); not a constant, which the compiler would make before the
// script runs) that lives through the collection of line 14.
const char* const kCycleScript =
    "import gc\n"
    "\n"
    "class Node:\n"
    "    def __init__(self):\n"
    "        self.other = None\n"
    "\n"
    "gc.disable()\n"
    "marker = bytes(100)\n"
    "print(hex(id(marker)))\n"
    "a, b = Node(), Node()\n"
    "a.other, b.other = b, a\n"
    "del a, b\n"
    "gc.enable()\n"
    "print(gc.collect())\n";

QString writeScript(const QTemporaryDir& dir, const QString& name, const char* text) {
    const QString path = dir.filePath(name);
    QFile f(path);
    EXPECT_TRUE(f.open(QIODevice::WriteOnly)) << path.toStdString();
    f.write(text);
    return path;
}

QString readAll(const QString& path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()) : QString();
}

// A fixture in the window: "the previous trace" of the tests.
void openFixture(app::MainWindow& w) {
    QSignalSpy loaded(&w, &app::MainWindow::traceLoaded);
    w.openFile(QString::fromStdString(test::fixture("dict_churn.trace.gz")));
    ASSERT_TRUE(loaded.wait(20000));
}

// File > Record script with the fields filled in as a person would.
app::RecordDialog* fillRecordDialog(app::MainWindow& w, const QString& script, const QString& out) {
    app::RecordDialog* d = w.showRecordDialog();
    d->findChild<QLineEdit*>(QStringLiteral("script"))->setText(script);
    d->findChild<QLineEdit*>(QStringLiteral("trace"))->setText(out);
    d->findChild<QCheckBox*>(QStringLiteral("sourceLines"))->setChecked(true);
    d->findChild<QCheckBox*>(QStringLiteral("steps"))->setChecked(false);
    return d;
}

void clickRecord(app::RecordDialog* d) {
    d->findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok)->click();
}

TEST(RecordWindow, CollectionMarkersAndSourceLine) {
    SKIP_WITHOUT_RECORDER();
    QTemporaryDir dir;
    recorder::RecordOptions o;
    o.script = writeScript(dir, QStringLiteral("cycle.py"), kCycleScript).toStdString();
    o.out = dir.filePath(QStringLiteral("cycle.trace.gz")).toStdString();
    o.outputFile = dir.filePath(QStringLiteral("output.txt")).toStdString();
    o.sourceLines = true;
    ASSERT_EQ(recorder::recordScript(o).status, 0);
    const QStringList output = readAll(QString::fromStdString(o.outputFile)).split(QLatin1Char('\n'));
    ASSERT_GE(output.size(), 2);
    const qulonglong marker = output[0].toULongLong(nullptr, 16);
    ASSERT_NE(marker, 0u) << output.join('\n').toStdString();

    app::MainWindow w;
    w.setInteractive(false);
    QSignalSpy loaded(&w, &app::MainWindow::traceLoaded);
    w.openFile(QString::fromStdString(o.out));
    ASSERT_TRUE(loaded.wait(20000)) << w.lastError().toStdString();
    const TraceStore& store = w.session()->timeline().store();

    // One marker per run, at the step the run started.
    const std::vector<GcRun>& runs = store.gcRuns();
    std::vector<uint64_t> starts;
    for (const GcRun& r : runs)
        starts.push_back(r.startStep);
    ASSERT_EQ(w.stepControls()->collectionMarkers(), starts);
    // The script's gc.collect() is a full collection that freed the pair.
    const GcRun* full = nullptr;
    for (const GcRun& r : runs)
        if (r.generation == 2 && r.stopped && r.collected + r.uncollectable == output[1].toULongLong())
            full = &r;
    ASSERT_NE(full, nullptr) << "gc.collect() returned " << output[1].toStdString();
    EXPECT_GE(full->collected, 2u);
    // Its mark is drawn filled and says what it is when pointed at.
    auto* slider = w.findChild<app::MarkedSlider*>(QStringLiteral("timelineSlider"));
    ASSERT_NE(slider, nullptr);
    const app::MarkedSlider::Mark& mark = slider->gcMarkers()[size_t(full - runs.data())];
    EXPECT_TRUE(mark.full);
    EXPECT_EQ(mark.tip, QStringLiteral("Collection of generation 2, steps %L1 to %L2: %3 collected, 0 uncollectable")
                            .arg(full->startStep)
                            .arg(full->stopStep)
                            .arg(full->collected))
        << mark.tip.toStdString();
    // A click on it goes to a collection's start (the one drawn there).
    w.show();
    ASSERT_TRUE(QTest::qWaitForWindowExposed(&w));
    w.session()->seek(0);
    const int x = slider->xOf(mark.value);
    QTest::mouseClick(slider, Qt::LeftButton, {}, QPoint(x, slider->height() - 2));
    EXPECT_EQ(slider->xOf(int(w.session()->step())), x);
    EXPECT_NE(std::find(starts.begin(), starts.end(), w.session()->step()), starts.end()) << w.session()->step();

    // When it started, the bytes object of line 8 was alive: its block
    // names that line, its text and the whole path.
    w.session()->seek(full->startStep);
    w.session()->selectAddress(marker);
    const QStringList rows = w.inspector()->rows();
    const QString block = QStringLiteral("block 0x%1 (allocated)/").arg(marker, 0, 16);
    EXPECT_TRUE(rows.contains(block + QStringLiteral("source line = cycle.py:8"))) << rows.join('\n').toStdString();
    EXPECT_TRUE(rows.contains(block + QStringLiteral("code = marker = bytes(100)")));
    EXPECT_TRUE(rows.contains(block + QStringLiteral("source file = ") + QString::fromStdString(o.script)));
}

TEST(RecordWindow, DialogRecordsAndOpensTheTrace) {
    SKIP_WITHOUT_RECORDER();
    QTemporaryDir dir;
    app::MainWindow w;
    w.setInteractive(false);
    openFixture(w);
    const QString out = dir.filePath(QStringLiteral("rec.trace.gz"));
    app::RecordDialog* d =
        fillRecordDialog(w, writeScript(dir, QStringLiteral("cycle.py"), kCycleScript), out);
    QSignalSpy loaded(&w, &app::MainWindow::traceLoaded);
    clickRecord(d);
    ASSERT_TRUE(loaded.wait(30000)) << w.lastError().toStdString();
    EXPECT_EQ(w.inputName().toStdString(), "rec.trace.gz");
    EXPECT_TRUE(QFile::exists(out + QStringLiteral(".stats")));
    const TraceStore& store = w.session()->timeline().store();
    EXPECT_TRUE(store.hasSourceLines());
    EXPECT_FALSE(store.gcRuns().empty());
    EXPECT_FALSE(w.stepControls()->collectionMarkers().empty());
}

TEST(RecordWindow, ALineByLineRecordingOpensWithItsSteps) {
    SKIP_WITHOUT_RECORDER();
    QTemporaryDir dir;
    app::MainWindow w;
    w.setInteractive(false);
    openFixture(w);
    const QString out = dir.filePath(QStringLiteral("steps.trace"));
    app::RecordDialog* d = fillRecordDialog(w, writeScript(dir, QStringLiteral("cycle.py"), kCycleScript), out);
    d->findChild<QCheckBox*>(QStringLiteral("steps"))->setChecked(true);
    QSignalSpy loaded(&w, &app::MainWindow::traceLoaded);
    clickRecord(d);
    ASSERT_TRUE(loaded.wait(30000)) << w.lastError().toStdString();
    ASSERT_TRUE(w.session()->hasProgram());
    EXPECT_GT(w.session()->input()->program->stepCount(), 3u);
    EXPECT_FALSE(w.findChild<QDockWidget*>(QStringLiteral("scenarioDock"))->isHidden());
    // Step 2: line 2 about to run, after line 1 ran.
    w.session()->seekStep(2);
    EXPECT_FALSE(w.session()->programState().frames.empty());
    EXPECT_EQ(w.session()->programState().frames[0].function, "<module>");
}

TEST(RecordWindow, DialogFailuresAreExplainedAndKeepThePreviousTrace) {
    SKIP_WITHOUT_RECORDER();
    QTemporaryDir dir;
    app::MainWindow w;
    w.setInteractive(false);
    openFixture(w);
    const size_t steps = w.session()->stepCount();
    const QString script = writeScript(dir, QStringLiteral("cycle.py"), kCycleScript);
    const QString missing = dir.filePath(QStringLiteral("missing.py"));
    const QString unwritable = dir.filePath(QStringLiteral("no/such/folder/t.trace.gz"));
    const struct {
        QString script, out, message;
    } cases[] = {
        {missing, dir.filePath(QStringLiteral("t.trace.gz")),
         missing + QStringLiteral(": cannot open the script: No such file or directory")},
        {script, unwritable, unwritable + QStringLiteral(": cannot write: No such file or directory")},
        {QString(), dir.filePath(QStringLiteral("t.trace.gz")), QStringLiteral("Choose a script to record.")},
    };
    for (const auto& c : cases) {
        app::RecordDialog* d = fillRecordDialog(w, c.script, c.out);
        QSignalSpy stopped(d, &app::RecordDialog::stopped);
        clickRecord(d);
        ASSERT_TRUE(stopped.count() > 0 || stopped.wait(20000)) << c.message.toStdString();
        EXPECT_EQ(d->lastError(), c.message);
        EXPECT_TRUE(d->isVisible()) << "the dialog stays open to fix the fields";
        d->close();
    }
    EXPECT_FALSE(QFile::exists(dir.filePath(QStringLiteral("t.trace.gz"))));
    EXPECT_EQ(w.session()->stepCount(), steps);
    EXPECT_TRUE(w.lastError().isEmpty()) << w.lastError().toStdString();
}

TEST(RecordWindow, AScriptThatRaisesStillGivesATrace) {
    SKIP_WITHOUT_RECORDER();
    QTemporaryDir dir;
    app::MainWindow w;
    w.setInteractive(false);
    const QString script = writeScript(dir, QStringLiteral("raises.py"),
                                       "xs = [str(i) for i in range(1000)]\n"
                                       "raise ValueError('the script gave up here')\n");
    const QString out = dir.filePath(QStringLiteral("raises.trace.gz"));
    app::RecordDialog* d = fillRecordDialog(w, script, out);
    // The dialog closes (and goes) once the trace is handed over: ask it then.
    QString why;
    QObject::connect(d, &app::RecordDialog::recorded, [&] { why = d->lastError(); });
    QSignalSpy loaded(&w, &app::MainWindow::traceLoaded);
    clickRecord(d);
    ASSERT_TRUE(loaded.wait(30000)) << w.lastError().toStdString();
    EXPECT_EQ(w.inputName().toStdString(), "raises.trace.gz");
    EXPECT_GT(w.session()->stepCount(), 1000u);
    EXPECT_TRUE(why.startsWith(QStringLiteral("The script exited with status 1."))) << why.toStdString();
    EXPECT_TRUE(why.endsWith(QStringLiteral("ValueError: the script gave up here"))) << why.toStdString();
}

TEST(RecordWindow, CancelStopsTheScriptAndKeepsNoTrace) {
    SKIP_WITHOUT_RECORDER();
    QTemporaryDir dir;
    app::MainWindow w;
    w.setInteractive(false);
    openFixture(w);
    const size_t steps = w.session()->stepCount();
    // The script says it has started, then waits far longer than any test.
    const QString started = dir.filePath(QStringLiteral("started"));
    const QString script = writeScript(
        dir, QStringLiteral("sleeps.py"),
        QStringLiteral("import sys, time\nopen(sys.argv[1], 'w').close()\ntime.sleep(3600)\n")
            .toUtf8()
            .constData());
    const QString out = dir.filePath(QStringLiteral("sleeps.trace.gz"));
    app::RecordDialog* d = fillRecordDialog(w, script, out);
    d->findChild<QLineEdit*>(QStringLiteral("arguments"))->setText(started);
    QSignalSpy stopped(d, &app::RecordDialog::stopped);
    clickRecord(d);
    ASSERT_TRUE(QTest::qWaitFor([&] { return QFile::exists(started); }, 30000));
    EXPECT_TRUE(d->busy());
    // Nothing can change what is being recorded, Browse buttons included.
    for (QWidget* field : d->findChildren<QWidget*>()) {
        if (field->inherits("QLineEdit") || field->inherits("QAbstractButton")) {
            EXPECT_EQ(field->isEnabled(), field->objectName() == QLatin1String("cancel"))
                << field->metaObject()->className() << " " << field->objectName().toStdString();
        }
    }
    d->reject();  // the Cancel button, or Escape
    ASSERT_TRUE(stopped.wait(30000));
    EXPECT_FALSE(d->busy());
    EXPECT_EQ(d->lastError(), QStringLiteral("Recording cancelled: the script was stopped and no trace was kept."));
    EXPECT_FALSE(QFile::exists(out));
    EXPECT_FALSE(QFile::exists(out + QStringLiteral(".stats")));
    EXPECT_EQ(w.session()->stepCount(), steps);
}

} // namespace
