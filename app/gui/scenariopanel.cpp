// ScenarioPanel: shows the session's program step (the model's Cursor keeps
// it and the heap's step together) and moves it. The selection is an
// object, by its id: from step to step the GC view outlines it and the
// session selects its block, until it dies.
#include "app/gui/scenariopanel.h"
#include "views/gcview.h"
#include "views/scenarioscene.h"

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

    // They may be squeezed (beside a program's docks on a 1024-pixel
    // screen) rather than widen the dock: their tooltips say it all.
    previous_->setMinimumWidth(60);
    next_->setMinimumWidth(60);
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
    connect(session_, &views::Session::traceChanged, this, &ScenarioPanel::followInput);
    connect(session_, &views::Session::stepChanged, this, &ScenarioPanel::followSession);
    connect(gcView_, &views::GcView::objectSelected, this, &ScenarioPanel::objectClicked);
    connect(session_, &views::Session::selectionChanged, this, &ScenarioPanel::followSelection);
    followInput();
}

void ScenarioPanel::followInput() {
    program_ = session_->hasProgram() ? session_->input()->program : nullptr;
    shownStep_ = 0;
    shown_ = false;
    selectedObject_ = -1;
    source_->clear();
    notes_->clear();
    notes_->setVisible(false);
    if (!program_) {
        gcView_->setScene({});
        stepLabel_->clear();
        stepText_->clear();
        previous_->setEnabled(false);
        next_->setEnabled(false);
        return;
    }
    int n = 1;
    for (const std::string& line : program_->sourceLines())
        source_->addItem(QStringLiteral("%1  %2").arg(n++, 3).arg(QString::fromStdString(line)));
    showNotes();
}

void ScenarioPanel::showNotes() {
    QStringList texts;
    for (const Note& n : session_->input()->notes) {
        const QString text =
            n.kind == NoteKind::CountBeforeFirstCollection
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
    if (!program_)
        return nullptr;
    return views::scenarioPicture(*program_, step(), gcView_->scene());
}

void ScenarioPanel::setTheme(const views::Theme& theme) { gcView_->setTheme(theme); }

void ScenarioPanel::setSourceShown(bool shown) {
    source_->setVisible(shown);
}

void ScenarioPanel::setStep(qulonglong k) {
    if (program_)
        session_->seekStep(k);  // followSession shows it
}

void ScenarioPanel::next() {
    if (program_ && step() < program_->stepCount())
        setStep(step() + 1);
}

void ScenarioPanel::previous() {
    if (program_ && step() > 0)
        setStep(step() - 1);
}

void ScenarioPanel::followSession() {
    if (!program_)
        return;
    const size_t k = step();
    if (k != shownStep_ || !shown_)
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
    const uint64_t block = program_ ? selectedBlockAddress() : 0;
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

void ScenarioPanel::keepSelection(const ProgramState& state) {
    if (selectedObject_ < 0) {
        followSelection();  // a block without an object may have one now
        return;
    }
    const ObjectState* o = state.find(ObjId(selectedObject_));
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
    shownStep_ = k;
    shown_ = true;
    const ProgramSteps& run = *program_;
    const ProgramState& state = session_->programState();
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
    if (!program_)
        return;
    // The next step on that line after the current one, else the first.
    const std::vector<ProgramStep>& steps = program_->steps();
    const size_t n = steps.size();
    for (size_t i = 0; i < n; ++i) {
        const size_t s = (step() + i) % n;  // steps[s] is step s + 1
        if (steps[s].line == line && steps[s].kind == ProgramStepKind::Statement) {
            setStep(s + 1);
            return;
        }
    }
}

} // namespace arenascope::app
