// The one clock: where a session is on its input's step axis. It moves the
// heap (the Timeline over the events) and the program's step together, so
// that front ends never keep two counters in step.
#pragma once

#include "model/session/input.h"
#include "model/trace/timeline.h"

#include <memory>
#include <optional>

namespace arenascope {

class Cursor {
public:
    explicit Cursor(std::shared_ptr<const LoadedInput> input);

    const LoadedInput& input() const { return *input_; }
    const std::shared_ptr<const LoadedInput>& inputPtr() const { return input_; }
    const Timeline& timeline() const { return timeline_; }

    // The heap's step: events applied (0..eventCount()).
    size_t step() const { return timeline_.step(); }
    size_t eventCount() const { return timeline_.stepCount(); }
    // The program's step (0 before the first); 0 when there is no program.
    size_t programStep() const { return programStep_; }
    // The program's state at programStep() (built once per step).
    const ProgramState& programState() const;

    // A move, and whether the heap's arenas changed (layouts to redo).
    struct Move {
        StepResult result;
        bool arenasChanged = false;
    };
    Move forward();
    Move back();
    Move seek(size_t eventStep);
    // Goes to step k as users count them (LoadedInput::stepCount): the end of
    // program step k, the heap following; event step k without a program.
    Move seekStep(size_t k);
    // Kind-wise stepping ("next pool state change"): npos when none.
    size_t findNext(StepKind kind) const { return timeline_.findNext(step(), kind); }
    size_t findPrev(StepKind kind) const { return timeline_.findPrev(step(), kind); }

private:
    void followHeap();
    std::shared_ptr<const LoadedInput> input_;
    Timeline timeline_;
    size_t programStep_ = 0;
    mutable std::optional<ProgramState> state_;  // programState()'s, for programStep_
};

} // namespace arenascope
