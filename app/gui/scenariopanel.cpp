// ScenarioPanel: scenario steps over the session's trace steps. The rule
// that ties them (scenario::scenarioStepAt): moving by scenario steps seeks
// the session to stepEnd[k]; when the session moves by other means, k stays
// if it still fits, else becomes the step whose events reach the session's.
// The selection is an object, by its id: from step to step the GC view
// outlines it and the session selects its block, until it dies.
// The scenario headers come before any Qt header: they use `slots` as a name.
#include "model/scenario/scenariotrace.h"
#include "views/scenarioscene.h"

#include "app/gui/scenariopanel.h"
#include "views/gcview.h"

#include <QFile>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QScopedValueRollback>
#include <QTextStream>
#include <QVBoxLayout>

namespace arenascope::app {

ScenarioPanel::ScenarioPanel(views::Session* session, QWidget* parent)
    : QWidget(parent), session_(session), gcView_(new views::GcView) {
    setObjectName(QStringLiteral("scenarioPanel"));
    source_ = new QListWidget(this);
    source_->setObjectName(QStringLiteral("scenarioSource"));
    source_->setFont(QFont(QStringLiteral("DejaVu Sans Mono"), 9));
    source_->setSelectionMode(QAbstractItemView::SingleSelection);
    // Lessons open with long comments: wrap them rather than scroll sideways.
    source_->setWordWrap(true);
    source_->setResizeMode(QListView::Adjust);
    source_->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    source_->setMinimumWidth(320);
    source_->setToolTip(tr("Double-click a line to go to the next operation on it."));
    stepLabel_ = new QLabel(this);
    stepLabel_->setObjectName(QStringLiteral("scenarioStep"));
    stepText_ = new QLabel(this);
    stepText_->setObjectName(QStringLiteral("scenarioStepText"));
    stepText_->setWordWrap(true);
    stepText_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    notes_ = new QLabel(this);
    notes_->setObjectName(QStringLiteral("scenarioNotes"));
    notes_->setWordWrap(true);
    notes_->setFrameShape(QFrame::StyledPanel);
    notes_->setVisible(false);
    previous_ = new QPushButton(tr("\u25c0 Previous operation"), this);
    previous_->setToolTip(tr("The scenario's previous statement or collection phase (Ctrl+Left)"));
    next_ = new QPushButton(tr("Next operation \u25b6"), this);
    next_->setToolTip(tr("The scenario's next statement or collection phase (Ctrl+Right)"));

    auto* buttons = new QHBoxLayout;
    buttons->addWidget(previous_);
    buttons->addWidget(next_);
    auto* lay = new QVBoxLayout(this);
    lay->setContentsMargins(4, 4, 4, 4);
    lay->addWidget(source_, 1);
    lay->addWidget(notes_);
    lay->addWidget(stepLabel_);
    lay->addWidget(stepText_);
    lay->addLayout(buttons);

    connect(previous_, &QPushButton::clicked, this, &ScenarioPanel::previous);
    connect(next_, &QPushButton::clicked, this, &ScenarioPanel::next);
    connect(source_, &QListWidget::itemActivated, this,
            [this](QListWidgetItem* item) { goToLine(source_->row(item) + 1); });
    connect(session_, &views::Session::stepChanged, this, &ScenarioPanel::followSession);
    connect(gcView_, &views::GcView::objectSelected, this, &ScenarioPanel::objectClicked);
    connect(session_, &views::Session::selectionChanged, this, &ScenarioPanel::followSelection);
    setScenario(nullptr);
}

void ScenarioPanel::setScenario(std::shared_ptr<const scenario::LoadedScenario> scenario) {
    scenario_ = std::move(scenario);
    step_ = 0;
    shown_ = false;
    selectedObject_ = -1;
    source_->clear();
    notes_->clear();
    notes_->setVisible(false);
    if (!scenario_) {
        gcView_->setScene({});
        stepLabel_->clear();
        stepText_->clear();
        previous_->setEnabled(false);
        next_->setEnabled(false);
        return;
    }
    // The file as run (a built-in scenario runs from a cached copy).
    QFile f(QString::fromStdString(scenario_->run->fileName()));
    if (f.open(QIODevice::ReadOnly | QIODevice::Text)) {
        QTextStream in(&f);
        for (int n = 1; !in.atEnd(); ++n)
            source_->addItem(QStringLiteral("%1  %2").arg(n, 3).arg(in.readLine()));
    }
    showNotes();
}

void ScenarioPanel::showNotes() {
    QStringList texts;
    for (const scenario::Note& n : scenario_->run->notes()) {
        const QString text =
            n.kind == scenario::NoteKind::CountBeforeFirstCollection
                ? tr("Line %1 reads gc.get_count() before the first gc.collect(). Real Python also counts "
                     "the objects its start-up made (a few hundred), so python3 prints other numbers there.")
                      .arg(n.line)
                : tr("Line %1: generation 0 passes its threshold before the first gc.collect(). In real Python "
                     "the start-up's objects count too, so its first automatic collection comes sooner.")
                      .arg(n.line);
        texts << text;
        if (QListWidgetItem* item = source_->item(n.line - 1)) {
            item->setText(item->text() + QStringLiteral("   \u26a0"));
            item->setToolTip(text);
        }
    }
    notes_->setText(texts.join(QLatin1Char('\n')));
    notes_->setVisible(!texts.isEmpty());
}

std::shared_ptr<const views::ScenarioPicture> ScenarioPanel::picture() const {
    if (!scenario_)
        return nullptr;
    return views::scenarioPicture(*scenario_->run, step_, gcView_->scene());
}

void ScenarioPanel::setTheme(const views::Theme& theme) { gcView_->setTheme(theme); }

void ScenarioPanel::setStep(qulonglong k) {
    if (!scenario_)
        return;
    step_ = std::min<size_t>(k, scenario_->stepCount());
    shown_ = false;
    const uint64_t target = scenario_->stepEnd[step_];
    if (session_->step() != target)
        session_->seek(target);  // followSession keeps step_: it fits
    if (!shown_)
        showStep(step_);
}

void ScenarioPanel::next() {
    if (scenario_ && step_ < scenario_->stepCount())
        setStep(step_ + 1);
}

void ScenarioPanel::previous() {
    if (scenario_ && step_ > 0)
        setStep(step_ - 1);
}

void ScenarioPanel::followSession() {
    if (!scenario_ || !session_->hasTrace() || session_->trace() != scenario_->trace)
        return;
    const size_t k = scenario::scenarioStepAt(scenario_->stepEnd, session_->step(), step_);
    if (k != step_ || !shown_)
        showStep(k);
}

uint64_t ScenarioPanel::selectedBlockAddress() const {
    if (!session_->hasTrace() || session_->selectedPool() == kNoPool || session_->selectedBlock() < 0)
        return 0;
    return session_->timeline().allocator().blockAddress(session_->selectedPool(),
                                                         unsigned(session_->selectedBlock()));
}

void ScenarioPanel::followSelection() {
    if (syncing_)
        return;  // the selected object's own block
    // A block chosen in the heap or pool view selects the object living there.
    const uint64_t block = scenario_ ? selectedBlockAddress() : 0;
    selectedObject_ = -1;
    for (const views::GcObject& o : gcView_->scene().objects)
        if (block && o.address == block)
            selectedObject_ = o.id;
    gcView_->selectObject(selectedObject_);
}

void ScenarioPanel::objectClicked(qulonglong address) {
    selectedObject_ = gcView_->selectedObject();
    selectBlockAt(address);
}

void ScenarioPanel::selectBlockAt(uint64_t address) {
    if (!session_->hasTrace() || address == selectedBlockAddress())
        return;
    const QScopedValueRollback<bool> guard(syncing_, true);
    // Outside every pool (a static object, the system allocator's): no block.
    if (address && session_->timeline().allocator().poolContaining(address) != kNoPool)
        session_->selectAddress(address);
    else if (session_->selectedBlock() >= 0)
        session_->selectBlock(-1);
}

void ScenarioPanel::keepSelection(const scenario::ScenarioState& state) {
    if (selectedObject_ < 0) {
        followSelection();  // a block without an object may have one now
        return;
    }
    const scenario::ObjectState* o = state.find(scenario::ObjId(selectedObject_));
    if (!o) {
        // Dead, or not born yet: another object in its block is not it.
        selectedObject_ = -1;
        gcView_->selectObject(-1);
        selectBlockAt(0);
        return;
    }
    gcView_->selectObject(selectedObject_);  // none if not drawn at this step
    selectBlockAt(o->address);
}

void ScenarioPanel::showStep(size_t k) {
    step_ = k;
    shown_ = true;
    const scenario::ScenarioRun& run = *scenario_->run;
    const scenario::ScenarioState state = run.stateAt(k);
    gcView_->setScene(views::gcSceneFrom(state));
    keepSelection(state);
    const int line = k > 0 ? run.steps()[k - 1].line : 0;
    if (line > 0 && line <= source_->count()) {
        source_->setCurrentRow(line - 1);
        source_->scrollToItem(source_->item(line - 1), QAbstractItemView::PositionAtCenter);
    } else {
        source_->setCurrentRow(-1);
    }
    // "Operation", not "step": the step counter below the heap counts events.
    stepLabel_->setText(tr("Operation %1 of %2").arg(k).arg(run.stepCount()));
    stepText_->setText(views::scenarioStepText(run, k));
    previous_->setEnabled(k > 0);
    next_->setEnabled(k < run.stepCount());
    emit stepChanged(k);
}

void ScenarioPanel::goToLine(int line) {
    if (!scenario_)
        return;
    // The next step on that line after the current one, else the first.
    const std::vector<scenario::Step>& steps = scenario_->run->steps();
    const size_t n = steps.size();
    for (size_t i = 0; i < n; ++i) {
        const size_t s = (step_ + i) % n;  // steps[s] is step s + 1
        if (steps[s].line == line && steps[s].kind == scenario::StepKind::Statement) {
            setStep(s + 1);
            return;
        }
    }
}

} // namespace arenascope::app
