// The window's handle on one loaded trace: owns the Timeline and the current
// selection, forwards user intent (step, seek, select) to the model and
// announces what changed so each view redraws only that.
#pragma once

#include "model/timeline.h"

#include <QObject>
#include <memory>

namespace arenascope::views {

class Session : public QObject {
    Q_OBJECT
public:
    explicit Session(QObject* parent = nullptr);

    void setTrace(std::shared_ptr<const LoadedTrace> trace);
    bool hasTrace() const { return timeline_ != nullptr; }
    const Timeline& timeline() const { return *timeline_; }
    std::shared_ptr<const LoadedTrace> trace() const { return trace_; }

    size_t step() const { return timeline_ ? timeline_->step() : 0; }
    size_t stepCount() const { return timeline_ ? timeline_->stepCount() : 0; }
    const Change& lastChange() const { return last_.change; }

    PoolRef selectedPool() const { return selectedPool_; }
    int selectedBlock() const { return selectedBlock_; }

public slots:
    void forward();
    void back();
    void seek(qulonglong step);
    void stepBy(arenascope::StepKind kind, bool forwardDirection);
    void selectPool(arenascope::PoolRef pool);
    void selectBlock(int block);
    void selectAddress(qulonglong address);

signals:
    void traceChanged();
    // full: the set of arenas changed (or a jump), so layouts must be redone.
    void stepChanged(bool full);
    void selectionChanged();

private:
    void announce(const StepResult& r, bool jumped);

    std::shared_ptr<const LoadedTrace> trace_;
    std::unique_ptr<Timeline> timeline_;
    StepResult last_;
    PoolRef selectedPool_ = kNoPool;
    int selectedBlock_ = -1;
};

} // namespace arenascope::views
