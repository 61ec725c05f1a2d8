// The window's handle on one opened input: a model Cursor (heap and program
// moved together) plus the current selection; forwards user intent (step,
// seek, select) to the model and announces what changed so each view
// redraws only that.
#pragma once

#include "model/session/cursor.h"

#include <QObject>
#include <memory>

namespace arenascope::views {

class Session : public QObject {
    Q_OBJECT
public:
    explicit Session(QObject* parent = nullptr);

    void setInput(std::shared_ptr<const LoadedInput> input);
    // A trace alone (tests, benches): the input without a program.
    void setTrace(std::shared_ptr<const LoadedTrace> trace);
    bool hasTrace() const { return cursor_ != nullptr; }
    const Timeline& timeline() const { return cursor_->timeline(); }
    std::shared_ptr<const LoadedTrace> trace() const { return cursor_ ? cursor_->input().trace : nullptr; }
    std::shared_ptr<const LoadedInput> input() const { return cursor_ ? cursor_->inputPtr() : nullptr; }
    bool hasProgram() const { return cursor_ && cursor_->input().hasProgram(); }

    size_t step() const { return cursor_ ? cursor_->step() : 0; }
    size_t stepCount() const { return cursor_ ? cursor_->eventCount() : 0; }
    // The program's step and its state (see Cursor).
    size_t programStep() const { return cursor_ ? cursor_->programStep() : 0; }
    const ProgramState& programState() const { return cursor_->programState(); }
    const Change& lastChange() const { return last_.change; }

    PoolRef selectedPool() const { return selectedPool_; }
    int selectedBlock() const { return selectedBlock_; }

public slots:
    void forward();
    void back();
    void seek(qulonglong step);
    void seekStep(qulonglong k);
    void stepBy(arenascope::StepKind kind, bool forwardDirection);
    void selectPool(arenascope::PoolRef pool);
    void selectBlock(int block);
    void selectAddress(qulonglong address);

signals:
    void traceChanged();
    // full: the set of arenas changed (or a jump), so layouts must be redone.
    // Also sent when only the program's step changed.
    void stepChanged(bool full);
    void selectionChanged();

private:
    void announce(const Cursor::Move& m);

    std::unique_ptr<Cursor> cursor_;
    StepResult last_;
    PoolRef selectedPool_ = kNoPool;
    int selectedBlock_ = -1;
};

} // namespace arenascope::views
