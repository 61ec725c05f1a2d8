// The Scenario dock: a program's source with the current line highlighted,
// the previous/next operation buttons and what the step did; it owns the GC
// view (shown in its own dock) and keeps it at the session's program step.
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

namespace arenascope::app {

class ScenarioPanel : public QWidget {
    Q_OBJECT
public:
    explicit ScenarioPanel(views::Session* session, QWidget* parent = nullptr);

    // The session's program, if its input has one.
    const ProgramSteps* program() const { return program_.get(); }
    bool hasScenario() const { return program_ != nullptr; }

    // The current program step: 0 before the first, up to stepCount().
    size_t step() const { return session_->programStep(); }
    views::GcView* gcView() const { return gcView_; }
    // What a picture of the current step needs (the GC scene included).
    std::shared_ptr<const views::ScenarioPicture> picture() const;
    void setTheme(const views::Theme& theme);
    // Whether the panel lists the source itself (not while the Source dock
    // shows it).
    void setSourceShown(bool shown);

public slots:
    // Goes to program step k (the session moves the heap with it).
    void setStep(qulonglong k);
    void next();
    void previous();

signals:
    void stepChanged(qulonglong step);

private:
    void followInput();
    void followSession();
    void followSelection();
    void objectClicked(qulonglong address);
    void keepSelection(const ProgramState& state);
    void selectBlockAt(uint64_t address);
    uint64_t selectedBlockAddress() const;
    void showStep(size_t k);
    void goToLine(int line);
    void showNotes();

    views::Session* session_;
    std::shared_ptr<const ProgramSteps> program_;
    size_t shownStep_ = 0;
    bool shown_ = false;  // the views show shownStep_ already
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
