// The timeline over a loaded trace: step forward and back, seek to any step,
// and find the next or previous event of a kind. Stepping back undoes the
// journal of the steps since the last checkpoint, so it costs what a step
// forward costs; seeking restores the nearest checkpoint and replays.
#pragma once

#include "model/trace/loadedtrace.h"

#include <functional>
#include <memory>

namespace arenascope {

// What "step by" means, for the window's Shift+Left/Right.
enum class StepKind { Event, Allocation, PoolStateChange, ArenaChange, Mismatch };

class Timeline {
public:
    explicit Timeline(std::shared_ptr<const LoadedTrace> trace);

    const LoadedTrace& trace() const { return *trace_; }
    const TraceStore& store() const { return *trace_->store; }
    const Profile& profile() const { return trace_->profile; }
    const Allocator& allocator() const { return replayer_.allocator(); }
    const ReplayState& state() const { return state_; }

    // Steps count events from 0 (the state before the first event) to size().
    size_t step() const { return step_; }
    size_t stepCount() const { return store().size(); }

    // Applies the event at step(); returns what it changed. At the end: nothing.
    StepResult forward();
    // Undoes the event before step(); returns what it changed.
    StepResult back();
    // Moves to step n (clamped to stepCount()).
    void seek(size_t n);

    // The first step after `from` (or last before it) whose event is of the
    // kind; npos if none. The step returned is the one *after* the event, so
    // that seeking to it shows the event applied.
    static constexpr size_t npos = ~size_t(0);
    size_t findNext(size_t from, StepKind kind) const;
    size_t findPrev(size_t from, StepKind kind) const;
    // Steps after events touching [lo, hi) (a pool's or an arena's range).
    size_t findNextTouching(size_t from, uint64_t lo, uint64_t hi) const;
    size_t findPrevTouching(size_t from, uint64_t lo, uint64_t hi) const;

    // What the event at index i changed, by its pointers (for redraws).
    Change changeOf(size_t eventIndex) const;
    // The same with what the load recorded of it (prediction, mismatch,
    // pool state change): what a step to just after it reports.
    StepResult resultOf(size_t eventIndex) const;
    // The latest event at or before `beforeStep` that handed out the block at
    // address p (malloc, calloc or a realloc's new block): its index, or npos.
    size_t allocationOf(uint64_t p, size_t beforeStep) const;

    // Journal memory held now (for the benchmark's report).
    size_t journalBytes() const { return journal_.bytes(); }

private:
    bool matches(size_t i, StepKind kind) const;
    bool touches(size_t i, uint64_t lo, uint64_t hi) const;
    void restore(const Checkpoint& c);

    std::shared_ptr<const LoadedTrace> trace_;
    ReplayState state_;
    Journal journal_;
    Replayer replayer_;
    size_t step_ = 0;
    size_t base_ = 0;                 // the journal covers steps base_..step_
    std::vector<size_t> marks_;       // journal size before each step since base_
    std::vector<StepResult> results_; // what each of those steps did, for back()
    static constexpr size_t kMaxJournalSteps = size_t(1) << 18;
};

} // namespace arenascope
