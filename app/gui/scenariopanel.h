// The Scenario dock: the source with the current line highlighted, the
// previous/next operation buttons and what the step did; it owns the GC
// view (shown in its own dock) and keeps it at the current scenario step.
#pragma once

#include "views/picture.h"
#include "views/session.h"
#include "views/theme.h"

#include <QWidget>

#include <memory>

class QLabel;
class QListWidget;
class QPushButton;

namespace arenascope::views {
class GcView;
}
// Not included: the scenario headers use `slots` as a name, a Qt keyword.
namespace arenascope::scenario {
struct LoadedScenario;
struct ScenarioState;
}

namespace arenascope::app {

class ScenarioPanel : public QWidget {
    Q_OBJECT
public:
    explicit ScenarioPanel(views::Session* session, QWidget* parent = nullptr);

    // Set before the session gets the scenario's trace; null for a trace.
    void setScenario(std::shared_ptr<const scenario::LoadedScenario> scenario);
    const std::shared_ptr<const scenario::LoadedScenario>& scenario() const { return scenario_; }
    bool hasScenario() const { return scenario_ != nullptr; }

    // The current scenario step: 0 before the first, up to stepCount().
    size_t step() const { return step_; }
    views::GcView* gcView() const { return gcView_; }
    // What a picture of the current step needs (the GC scene included).
    std::shared_ptr<const views::ScenarioPicture> picture() const;
    void setTheme(const views::Theme& theme);

public slots:
    // Goes to scenario step k, moving the session to the events it ends at.
    void setStep(qulonglong k);
    void next();
    void previous();

signals:
    void stepChanged(qulonglong step);

private:
    void followSession();
    void followSelection();
    void objectClicked(qulonglong address);
    void keepSelection(const scenario::ScenarioState& state);
    void selectBlockAt(uint64_t address);
    uint64_t selectedBlockAddress() const;
    void showStep(size_t k);
    void goToLine(int line);
    void showNotes();

    views::Session* session_;
    std::shared_ptr<const scenario::LoadedScenario> scenario_;
    size_t step_ = 0;
    bool shown_ = false;  // the views show step_ already
    // The selected object by its scenario id (-1: none), kept from step to
    // step while it lives; its block is the session's selection.
    int selectedObject_ = -1;
    bool syncing_ = false;  // the session's selection is being set from selectedObject_
    QListWidget* source_;
    QLabel* stepLabel_;
    QLabel* stepText_;
    QLabel* notes_;  // where python3's counts would differ (the start-up objects)
    QPushButton* previous_;
    QPushButton* next_;
    views::GcView* gcView_;
};

} // namespace arenascope::app
