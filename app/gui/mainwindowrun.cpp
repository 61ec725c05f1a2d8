// MainWindow's Run menu: a program (.py) runs on the chosen interpreter,
// recorded line by line in the background, and its recording opens through
// the one door; or it runs on the built-in model. The Source dock's edits
// are saved before it runs again.
#include "app/gui/mainwindow.h"
#include "app/gui/outputpanel.h"
#include "app/gui/programrunner.h"
#include "app/gui/runsettings.h"
#include "app/gui/scenariopanel.h"
#include "app/gui/sourcepanel.h"

#include <QActionGroup>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QInputDialog>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QProgressDialog>
#include <QStatusBar>
#include <QTimer>

namespace arenascope::app {

void MainWindow::buildRunMenu() {
    QMenu* run = menuBar()->addMenu(tr("&Run"));
    run->setObjectName(QStringLiteral("runMenu"));
    QAction* again = run->addAction(tr("Run &again"), this, &MainWindow::runAgain);
    again->setShortcut(QKeySequence(Qt::Key_F5));
    again->setToolTip(tr("Saves the source and runs the program again, back at the same step"));
    run->addAction(tr("Run on the built-in &model"), this, &MainWindow::runOnModel);
    run->addSeparator();
    interpreterMenu_ = run->addMenu(tr("&Interpreter"));
    interpreterMenu_->setObjectName(QStringLiteral("interpreterMenu"));
    // Listed afresh each time: interpreters come and go.
    connect(interpreterMenu_, &QMenu::aboutToShow, this, &MainWindow::rebuildInterpreterMenu);
    rebuildInterpreterMenu();
    run->addAction(tr("Program &input..."), this, &MainWindow::editProgramInput);
    run->addAction(tr("&Time-out..."), this, &MainWindow::editTimeout);
    setInterpreter(interpreter_);  // the status bar names it
}

void MainWindow::rebuildInterpreterMenu() {
    interpreterMenu_->clear();
    qDeleteAll(interpreterMenu_->findChildren<QActionGroup*>());
    auto* group = new QActionGroup(interpreterMenu_);
    QList<Interpreter> choices = installedInterpreters();
    if (interpreter_.kind == Interpreter::Kind::Path && !choices.contains(interpreter_))
        choices << interpreter_;  // chosen with Other...
    choices << Interpreter::model();
    for (const Interpreter& i : choices) {
        if (i.kind == Interpreter::Kind::Model)
            interpreterMenu_->addSeparator();
        QAction* a = interpreterMenu_->addAction(i.label(), this, [this, i] { setInterpreter(i); });
        a->setCheckable(true);
        a->setChecked(i == interpreter_);
        group->addAction(a);
    }
    interpreterMenu_->addAction(tr("&Other..."), this, &MainWindow::chooseOtherInterpreter);
}

void MainWindow::setInterpreter(const Interpreter& interpreter) {
    interpreter_ = interpreter;
    setChosenInterpreter(interpreter);
    statusInterpreter_->setText(tr("Runs with %1").arg(interpreter.shortLabel()));
    statusInterpreter_->setToolTip(tr("Programs (.py) run with %1 (Run > Interpreter)").arg(interpreter.label()));
}

void MainWindow::chooseOtherInterpreter() {
    const QString path = QFileDialog::getOpenFileName(this, tr("Choose a Python interpreter (3.8 or later)"),
                                                      QStringLiteral("/usr/bin"));
    if (!path.isEmpty())
        setInterpreter(Interpreter::atPath(path));
}

void MainWindow::openProgram(const QString& path, const QString& profile, bool onModel) {
    if (!onModel) {
        runProgram(path);
        return;
    }
    pendingPath_ = path;
    pendingOnModel_ = true;
    showLoadProgress(path);
    startLoad(path, path, profile);
}

void MainWindow::runProgram(const QString& path) {
    const QString name = QFileInfo(path).fileName();
    delete runProgress_;
    runProgress_ = nullptr;
    if (interactive_) {
        // A program's length is unknown: a busy bar, and Cancel ends it.
        runProgress_ = new QProgressDialog(tr("Running %1 with %2...").arg(name, interpreter_.shortLabel()),
                                           tr("Cancel"), 0, 0, this);
        runProgress_->setWindowModality(Qt::WindowModal);
        runProgress_->setMinimumDuration(500);
        connect(runProgress_, &QProgressDialog::canceled, runner_, &ProgramRunner::cancel);
    }
    statusBar()->showMessage(tr("Running %1 with %2...").arg(name, interpreter_.shortLabel()));
    runner_->run({path, interpreter_, programInput(path), runTimeout()});
}

void MainWindow::programRecorded(const QString& script, const QString& recording, int status, const QString& output) {
    delete runProgress_;
    runProgress_ = nullptr;
    // Not a failure: the recording shows where it stopped, the Output dock why.
    if (status != 0)
        statusBar()->showMessage(tr("%1 exited with status %2: the Output dock shows what it wrote.")
                                     .arg(QFileInfo(script).fileName())
                                     .arg(status),
                                 15000);
    else
        statusBar()->clearMessage();
    runScript_ = script;
    runOutput_ = output;
    pendingPath_ = recording;
    pendingOnModel_ = false;
    showLoadProgress(script);
    startLoad(recording, script, QString());  // named by the script: title, recent files, Run again
}

void MainWindow::runAgain() {
    const QString file = source_->file();
    const QString example = QStringLiteral("example:");
    if (file.isEmpty()) {
        if (currentPath_.startsWith(example))  // a built-in lesson: not editable here
            openScenarioExample(currentPath_.mid(example.size()), scenarioProfile_);
        return;
    }
    if (source_->isModified() && !saveSource())
        return;
    if (session_->hasProgram() && currentPath_ == file) {
        keepStepOf_ = file;
        keepStep_ = session_->programStep();
    }
    openProgram(file, currentOnModel_ ? scenarioProfile_ : QString(), currentOnModel_);
}

void MainWindow::runOnModel() {
    const QString file = source_->file();
    if (file.isEmpty()) {
        statusBar()->showMessage(tr("Open a program (.py) first."), 5000);
        return;
    }
    if (source_->isModified() && !saveSource())
        return;
    openProgram(file, QString(), true);
}

bool MainWindow::saveSource() {
    QString error;
    if (source_->save(&error)) {
        statusBar()->showMessage(tr("Saved %1").arg(source_->file()), 4000);
        return true;
    }
    lastError_ = error;
    statusBar()->showMessage(error, 10000);
    if (interactive_)
        QMessageBox::warning(this, tr("Could not save the source"), error);
    return false;
}

void MainWindow::editProgramInput() {
    const QString file = source_->file();
    if (file.isEmpty()) {
        statusBar()->showMessage(tr("Open a program (.py) first: its input is kept with it."), 5000);
        return;
    }
    bool ok = false;
    const QString text = QInputDialog::getMultiLineText(
        this, tr("Program input"),
        tr("What %1 reads from standard input (one line per input()); it runs again with it:")
            .arg(QFileInfo(file).fileName()),
        programInput(file), &ok);
    if (!ok)
        return;
    setProgramInput(file, text);
    runAgain();
}

void MainWindow::editTimeout() {
    bool ok = false;
    const double seconds = QInputDialog::getDouble(
        this, tr("Time-out"), tr("Seconds a program may run before it is stopped (0: no limit):"), runTimeout(), 0,
        24 * 3600, 0, &ok);
    if (ok)
        setRunTimeout(seconds);
}

void MainWindow::showProgramDocks(bool program, bool source) {
    // Programs bring their docks; traces keep the window as it was.
    const bool appearing = source && sourceDock_->isHidden();
    sourceDock_->setVisible(source);
    outputDock_->setVisible(source);
    scenarioPanel_->setSourceShown(!source);  // once is enough: the Source dock shows it
    scenarioDock_->setVisible(program);
    gcDock_->setVisible(program);
    if (program)
        gcDock_->raise();
    if (appearing)  // room for the source's lines, once the docks are laid out
        QTimer::singleShot(0, this, [this] {
            resizeDocks({sourceDock_}, {width() / 3}, Qt::Horizontal);
            const int h = height();
            resizeDocks({sourceDock_, scenarioDock_, outputDock_}, {h / 2, h / 6, h / 4}, Qt::Vertical);
            // The collector's dock leaves the heap most of the height.
            resizeDocks({gcDock_}, {height() / 3}, Qt::Vertical);
        });
}

} // namespace arenascope::app
