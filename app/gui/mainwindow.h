// The main window: the table of books above the selected pool's pages, the
// inspector, event log and charts in docks, step controls, menus, loading.
#pragma once

#include "app/gui/interpreters.h"
#include "views/session.h"

#include <QMainWindow>

class QDockWidget;
class QLabel;
class QLineEdit;
class QMenu;
class QProgressDialog;
class QTableView;

namespace arenascope::views {
class ChartsView;
class EventLogModel;
class HeapView;
class Inspector;
class PoolView;
struct ScenarioPicture;
}

namespace arenascope::app {

class OutputPanel;
class ProgramRunner;
class ScenarioPanel;
class SourcePanel;
class RecordDialog;
class StepControls;
class TraceLoader;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    // Opens a trace file in the background (the previous input stays until
    // it loads). A program (.py) runs on the chosen interpreter, recorded
    // line by line, and its recording opens; on the built-in model instead
    // when that is the choice, or when a profile is given (the real
    // interpreter is its own version).
    void openFile(const QString& path, const QString& profile = QString());
    // Run > Run again (F5): saves the Source dock's edits, runs the program
    // again the way it ran (interpreter or model) and returns to its step.
    void runAgain();
    // Run > Run on the built-in model: the current program on the engine.
    void runOnModel();
    // Run > Interpreter: what runs programs from now on (remembered).
    void setInterpreter(const Interpreter& interpreter);
    Interpreter interpreter() const { return interpreter_; }
    // Opens a built-in demo trace ("startup_listcomp" or "dict_churn").
    void openDemo(const QString& name);
    // Opens a built-in scenario of resources/scenarios ("reference_cycle", ...).
    void openScenarioExample(const QString& name, const QString& profile = QString());
    // The Scenario dock's contents (with the GC view); empty for a trace.
    ScenarioPanel* scenarioPanel() const { return scenarioPanel_; }
    views::Session* session() const { return session_; }
    views::HeapView* heapView() const { return heapView_; }
    views::PoolView* poolView() const { return poolView_; }
    views::Inspector* inspector() const { return inspector_; }
    StepControls* stepControls() const { return controls_; }
    SourcePanel* sourcePanel() const { return source_; }
    OutputPanel* outputPanel() const { return output_; }
    // The message of the last load failure (also shown in a dialog).
    QString lastError() const { return lastError_; }
    // The name exported pictures carry: the file, or "demo:NAME".
    QString inputName() const { return inputName_; }
    // The scenario part of what Export and Copy draw (null for a trace).
    std::shared_ptr<const views::ScenarioPicture> scenarioPicture() const;
    // Suppresses modal dialogs (tests); errors still land in lastError().
    void setInteractive(bool on) { interactive_ = on; }
    // File > Record script: shows the dialog (non-interactive like the
    // window); the recording it makes is opened here.
    RecordDialog* showRecordDialog();

signals:
    void traceLoaded();
    void loadFailed(QString message);

protected:
    void closeEvent(QCloseEvent* e) override;
    void dragEnterEvent(QDragEnterEvent* e) override;
    void dropEvent(QDropEvent* e) override;

private:
    void buildActions();
    void startLoad(const QString& path, const QString& displayName, const QString& profile);
    void showLoadProgress(const QString& path);
    // A failure to open or run: the message in lastError() and, interactive,
    // in a dialog; the previous input stays.
    void reportFailure(const QString& title, const QString& message);
    // Opens a program on the engine (onModel) or runs it on the interpreter.
    void openProgram(const QString& path, const QString& profile, bool onModel);
    void runProgram(const QString& path);
    void programRecorded(const QString& script, const QString& recording, int status, const QString& output);
    void buildRunMenu();
    void rebuildInterpreterMenu();
    void chooseOtherInterpreter();
    void editProgramInput();
    void editTimeout();
    bool saveSource();
    void showProgramDocks(bool program, bool source);
    // Why the trace has its profile, for the status bar and pictures.
    QString profileReason() const;
    void adoptInput(std::shared_ptr<const LoadedInput> input, const QString& path);
    QString copyResourceToCache(const QString& resource, const QString& fileName);
    void buildDocks();
    void goToStep();
    void chooseProfile();
    void applyTheme(bool dark);
    void addRecent(const QString& path);
    void rebuildRecentMenu();
    void updateTitle();
    void syncLogToStep();
    void exportView();
    void copyView();

    views::Session* session_;
    views::HeapView* heapView_;
    views::PoolView* poolView_;
    views::Inspector* inspector_;
    views::ChartsView* charts_;
    views::EventLogModel* logModel_;
    QTableView* logView_;
    QLineEdit* logFilter_;
    StepControls* controls_;
    ScenarioPanel* scenarioPanel_;
    QDockWidget* scenarioDock_ = nullptr;
    QDockWidget* gcDock_ = nullptr;
    SourcePanel* source_;
    OutputPanel* output_;
    QDockWidget* sourceDock_ = nullptr;
    QDockWidget* outputDock_ = nullptr;
    ProgramRunner* runner_;
    QProgressDialog* runProgress_ = nullptr;
    QMenu* interpreterMenu_ = nullptr;
    QLabel* statusInterpreter_;
    Interpreter interpreter_;
    // The program whose recording is loading, what its run wrote, and how
    // the current input's program ran (for Run again).
    QString runScript_, runOutput_;
    bool currentOnModel_ = false, pendingOnModel_ = false;
    // Run again returns to this program step of this file once it loads.
    QString keepStepOf_;
    size_t keepStep_ = 0;
    TraceLoader* loader_;
    QProgressDialog* progress_ = nullptr;
    QMenu* recentMenu_ = nullptr;
    QLabel* statusProfile_;
    QString currentPath_, pendingPath_, lastError_, inputName_;
    QString pendingProfile_, scenarioProfile_;  // as asked for ("": the default)
    bool interactive_ = true;
    bool dark_ = false;
};

} // namespace arenascope::app
