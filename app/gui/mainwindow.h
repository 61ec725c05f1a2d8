// The main window: the table of books above the selected pool's pages, the
// inspector, event log and charts in docks, step controls, menus, loading.
#pragma once

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

class ScenarioPanel;
class RecordDialog;
class StepControls;
class TraceLoader;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    // Opens a trace file, or runs a scenario (.py), in the background (the
    // previous input stays until it loads).
    void openFile(const QString& path, const QString& profile = QString());
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
