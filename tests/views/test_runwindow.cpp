// A program opened in the window (issue 13, "The window"): a .py runs on the
// real interpreter, recorded line by line, and opens with its Source and
// Output docks following the step; or on the built-in model when that is
// the choice; its standard input comes from Run > Program input; Run again
// saves the edits and returns to the step.
#include "app/gui/codeeditor.h"
#include "app/gui/interpreters.h"
#include "app/gui/mainwindow.h"
#include "app/gui/outputpanel.h"
#include "app/gui/runsettings.h"
#include "app/gui/sourcepanel.h"
#include "testsupport.h"

#include <QDockWidget>
#include <QSignalSpy>
#include <QTest>
#include <QTextCursor>
#include <gtest/gtest.h>

using namespace arenascope;

namespace {

#define SKIP_WITHOUT_RECORDER()          \
    if (!app::haveBuiltRecorder())       \
    GTEST_SKIP() << "this build has no recorder (python3-dev)"

const char* const kCounting =
    "xs = []\n"
    "for i in range(3):\n"
    "    xs.append(str(i) * 2)\n"
    "    print(xs[-1])\n"
    "print('done', len(xs))\n";

// A window that runs programs with the build's interpreter, no time-out
// (the host may not know --timeout yet) and no dialogs.
class RunWindow : public ::testing::Test {
protected:
    void SetUp() override {
        w_.setInteractive(false);
        w_.setInterpreter(app::Interpreter::build());
        app::setRunTimeout(0);
    }
    void TearDown() override { app::setRunTimeout(app::kDefaultRunTimeout); }
    // Opens `path` and waits for it to load (true) or fail (false).
    bool open(const std::string& path) {
        QSignalSpy loaded(&w_, &app::MainWindow::traceLoaded);
        QSignalSpy failed(&w_, &app::MainWindow::loadFailed);
        w_.openFile(QString::fromStdString(path));
        const bool ended = QTest::qWaitFor([&] { return loaded.count() + failed.count() > 0; }, 30000);
        return ended && loaded.count() > 0;
    }
    QString output() const { return w_.outputPanel()->toPlainText(); }
    const ProgramSteps& program() const { return *w_.session()->input()->program; }
    // The first program step at which line `line` is about to run.
    size_t stepBefore(int line) const {
        for (size_t k = 1; k <= program().stepCount(); ++k)
            if (program().steps()[k - 1].line == line)
                return k;
        return 0;
    }
    app::MainWindow w_;
    test::TempDir dir_;
};

TEST_F(RunWindow, APyRunsOnTheInterpreterWithItsSourceAndOutput) {
    SKIP_WITHOUT_RECORDER();
    const std::string path = dir_.write("counting.py", kCounting);
    ASSERT_TRUE(open(path)) << w_.lastError().toStdString();
    ASSERT_TRUE(w_.session()->hasProgram());
    EXPECT_EQ(w_.inputName(), QStringLiteral("counting.py"));
    EXPECT_TRUE(w_.windowTitle().startsWith(QStringLiteral("counting.py (Python 3."))) << w_.windowTitle().toStdString();
    EXPECT_EQ(program().stoppedByError(), false);

    // The Source dock holds the file, editable, and marks the step's line.
    app::SourcePanel& source = *w_.sourcePanel();
    EXPECT_EQ(source.file(), QString::fromStdString(path));
    EXPECT_EQ(source.editor()->toPlainText(), QString::fromUtf8(kCounting));
    EXPECT_FALSE(source.editor()->isReadOnly());
    EXPECT_FALSE(source.isModified());
    for (int line : {1, 2, 3, 4, 5}) {
        const size_t k = stepBefore(line);
        ASSERT_GT(k, 0u) << "line " << line;
        w_.session()->seekStep(k);
        EXPECT_EQ(source.editor()->markedLine(), line);
    }
    w_.session()->seekStep(0);
    EXPECT_EQ(source.editor()->markedLine(), 0);

    // The Output dock: what was printed before line 5 ran, then all of it.
    w_.session()->seekStep(stepBefore(5));
    EXPECT_EQ(output(), QStringLiteral("00\n11\n22\n"));
    w_.session()->seekStep(program().stepCount());
    EXPECT_EQ(output(), QStringLiteral("00\n11\n22\ndone 3\n"));
    w_.session()->seekStep(stepBefore(4));
    EXPECT_EQ(output(), QString());

    // The docks are there, and a 1024-pixel projector still holds the window.
    for (const char* dock : {"sourceDock", "outputDock", "scenarioDock"})
        EXPECT_FALSE(w_.findChild<QDockWidget*>(QLatin1String(dock))->isHidden()) << dock;
    EXPECT_LE(w_.minimumSizeHint().width(), 1024);
}

TEST_F(RunWindow, TheBuiltInModelRunsTheSameProgram) {
    const std::string path = dir_.write("counting.py", kCounting);
    w_.setInterpreter(app::Interpreter::model());
    EXPECT_EQ(app::chosenInterpreter(), app::Interpreter::model()) << "remembered";
    ASSERT_TRUE(open(path)) << w_.lastError().toStdString();
    ASSERT_TRUE(w_.session()->hasProgram());
    EXPECT_EQ(w_.session()->trace()->profileReason.rfind("scenario, ", 0), 0u) << "the engine's";
    EXPECT_EQ(w_.windowTitle(), QStringLiteral("counting.py (built-in model) - Arenascope"));
    w_.session()->seekStep(program().stepCount());
    EXPECT_EQ(output(), QStringLiteral("00\n11\n22\ndone 3\n"));
    EXPECT_EQ(w_.sourcePanel()->file(), QString::fromStdString(path));
}

TEST_F(RunWindow, StandardInputReachesTheProgram) {
    SKIP_WITHOUT_RECORDER();
    const std::string path = dir_.write("echo.py", "print(input().upper())\nprint(input())\n");
    app::setProgramInput(QString::fromStdString(path), QStringLiteral("hello\nworld\n"));
    EXPECT_EQ(app::programInput(QString::fromStdString(path)), QStringLiteral("hello\nworld\n"));
    ASSERT_TRUE(open(path)) << w_.lastError().toStdString();
    w_.session()->seekStep(program().stepCount());
    EXPECT_EQ(output(), QStringLiteral("HELLO\nworld\n"));
    app::setProgramInput(QString::fromStdString(path), QString());

    // Without input, input() meets the end of the file rather than waiting.
    const std::string eof = dir_.write("eof.py", "try:\n    input()\nexcept EOFError:\n    print('eof')\n");
    ASSERT_TRUE(open(eof)) << w_.lastError().toStdString();
    w_.session()->seekStep(program().stepCount());
    EXPECT_EQ(output(), QStringLiteral("eof\n"));
}

TEST_F(RunWindow, AnExceptionIsNoLoadErrorAndTheOutputShowsTheTraceback) {
    SKIP_WITHOUT_RECORDER();
    const std::string path = dir_.write("raises.py", "print('before')\nraise ValueError('gave up here')\n");
    ASSERT_TRUE(open(path)) << w_.lastError().toStdString();
    EXPECT_TRUE(w_.lastError().isEmpty()) << w_.lastError().toStdString();
    ASSERT_TRUE(w_.session()->hasProgram());
    w_.session()->seekStep(program().stepCount());
    EXPECT_TRUE(output().startsWith(QStringLiteral("before\nTraceback (most recent call last):\n"))) << output().toStdString();
    EXPECT_TRUE(output().endsWith(QStringLiteral("ValueError: gave up here\n"))) << output().toStdString();
}

TEST_F(RunWindow, FailuresToRunKeepThePreviousInput) {
    SKIP_WITHOUT_RECORDER();
    const std::string path = dir_.write("counting.py", kCounting);
    ASSERT_TRUE(open(path)) << w_.lastError().toStdString();
    const size_t steps = w_.session()->stepCount();

    const std::string missing = dir_.file("missing.py");
    EXPECT_FALSE(open(missing));
    EXPECT_EQ(w_.lastError().toStdString(), missing + ": cannot open the script: No such file or directory");

    w_.setInterpreter(app::Interpreter::atPath(QStringLiteral("/no/such/python3")));
    EXPECT_FALSE(open(path));
    EXPECT_TRUE(w_.lastError().startsWith(QStringLiteral("/no/such/python3: "))) << w_.lastError().toStdString();

    EXPECT_EQ(w_.session()->stepCount(), steps);
    EXPECT_EQ(w_.inputName(), QStringLiteral("counting.py"));
}

TEST_F(RunWindow, RunAgainSavesTheEditsAndReturnsToTheStep) {
    SKIP_WITHOUT_RECORDER();
    const std::string path = dir_.write("counting.py", kCounting);
    ASSERT_TRUE(open(path)) << w_.lastError().toStdString();
    const size_t k = stepBefore(4);
    ASSERT_GT(k, 0u);
    w_.session()->seekStep(k);

    // Typed at the end of the file, as a person would.
    app::CodeEditor& editor = *w_.sourcePanel()->editor();
    QTextCursor c(editor.document());
    c.movePosition(QTextCursor::End);
    c.insertText(QStringLiteral("print('again')\n"));
    EXPECT_TRUE(w_.sourcePanel()->isModified());
    QSignalSpy loaded(&w_, &app::MainWindow::traceLoaded);
    w_.show();
    ASSERT_TRUE(QTest::qWaitForWindowExposed(&w_));
    QTest::keyClick(&w_, Qt::Key_F5);
    ASSERT_TRUE(loaded.wait(30000)) << w_.lastError().toStdString();

    EXPECT_EQ(test::readFile(path), std::string(kCounting) + "print('again')\n");
    EXPECT_FALSE(w_.sourcePanel()->isModified());
    EXPECT_EQ(w_.session()->programStep(), k) << "back at the step";
    EXPECT_EQ(editor.markedLine(), 4);
    w_.session()->seekStep(program().stepCount());
    EXPECT_EQ(output(), QStringLiteral("00\n11\n22\ndone 3\nagain\n"));
}

TEST_F(RunWindow, ARecordingOpenedOnItsOwnShowsTheSourceItHolds) {
    SKIP_WITHOUT_RECORDER();
    const std::string path = dir_.write("counting.py", kCounting);
    ASSERT_TRUE(open(path)) << w_.lastError().toStdString();
    // The recording the run made, as a file opened directly.
    const std::string copy = dir_.file("counting.trace.gz");
    ASSERT_TRUE(QFile::copy(QString::fromStdString(w_.session()->input()->path), QString::fromStdString(copy)));
    ASSERT_TRUE(open(copy)) << w_.lastError().toStdString();
    ASSERT_TRUE(w_.session()->hasProgram());
    app::SourcePanel& source = *w_.sourcePanel();
    EXPECT_TRUE(source.file().isEmpty());
    EXPECT_TRUE(source.editor()->isReadOnly());
    EXPECT_EQ(source.editor()->toPlainText() + QLatin1Char('\n'), QString::fromUtf8(kCounting));
    w_.session()->seekStep(stepBefore(5));
    EXPECT_EQ(source.editor()->markedLine(), 5);
}

} // namespace
