// Timeline: checkpoints plus an undo journal.
#include "model/trace/timeline.h"

#include <algorithm>
#include <cstring>

namespace arenascope {

Timeline::Timeline(std::shared_ptr<const LoadedTrace> trace)
    : trace_(std::move(trace)), state_(restoredState(trace_->checkpoints.front())),
      replayer_(trace_->profile, state_, trace_->store->name, &journal_) {
    replayer_.setKeepMismatchMessages(false);
    journal_.setEnabled(true);
    replayer_.allocator().rebuildIndex();
    // Seeks restore checkpoints into the block table: give it now the size it
    // will have at the end, its pages touched, so that no seek pays for that.
    auto& blocks = state_.alloc.blocks;
    const size_t now = blocks.size();
    const size_t most = trace_->finalState->alloc.g.blockwords;
    if (most > now) {
        blocks.resize(most);
        std::memset(blocks.data() + now, 0, (most - now) * sizeof(blocks[0]));
        blocks.resize(now);
    }
}

void Timeline::restore(const Checkpoint& c) {
    restoreCheckpoint(c, state_);
    replayer_.allocator().rebuildIndex();
    journal_.clear();
    marks_.clear();
    results_.clear();
    step_ = base_ = c.step;
}

StepResult Timeline::forward() {
    if (step_ >= stepCount())
        return {};
    if (marks_.size() >= kMaxJournalSteps) {
        // Bound the journal: older steps are reached again through a seek.
        journal_.clear();
        marks_.clear();
        results_.clear();
        base_ = step_;
    }
    marks_.push_back(journal_.size());
    StepResult r = replayer_.apply(store().event(step_), store().lineOf(step_));
    results_.push_back(r);
    ++step_;
    if (step_ == stepCount())
        replayer_.finish(store().lineCount);
    return r;
}

StepResult Timeline::back() {
    if (step_ == 0)
        return {};
    if (step_ > base_) {
        // What the step did was recorded when it was made: undoing it costs
        // what doing it did.
        const size_t mark = marks_.back();
        while (journal_.size() > mark) {
            replayer_.undo(journal_.back());
            journal_.pop();
        }
        marks_.pop_back();
        StepResult r = results_.back();
        results_.pop_back();
        --step_;
        // Undoing an arena's mapping or unmapping changes the address index.
        if (store().flags(step_) & (kArenaAllocated | kArenaFreed))
            replayer_.allocator().rebuildIndex();
        return r;
    }
    // Before the journal: seek, and work out the change from the event.
    seek(step_ - 1);
    return resultOf(step_);
}

StepResult Timeline::resultOf(size_t i) const {
    StepResult r;
    r.change = changeOf(i);
    const uint8_t f = i < stepCount() ? store().flags(i) : 0;
    r.predicted = f & kPredicted;
    r.mismatch = f & kMismatch;
    r.change.poolStateChanged = f & kPoolStateChange;
    return r;
}

void Timeline::seek(size_t n) {
    n = std::min(n, stepCount());
    if (n == step_)
        return;
    if (n < step_ && n >= base_ && step_ - n <= trace_->checkpointInterval) {
        while (step_ > n)
            back();
        return;
    }
    const auto& cps = trace_->checkpoints;
    auto it = std::upper_bound(cps.begin(), cps.end(), n,
                               [](size_t v, const Checkpoint& c) { return v < c.step; });
    const Checkpoint& c = *std::prev(it);
    // Replaying from where we are beats restoring when we are closer.
    if (!(n > step_ && step_ >= c.step))
        restore(c);
    while (step_ < n)
        forward();
}

Change Timeline::changeOf(size_t i) const {
    Change c;
    if (i >= stepCount())
        return c;
    const Event e = store().event(i);
    for (uint64_t p : {e.ptr, e.op == Op::Realloc ? e.oldPtr : uint64_t(0)}) {
        if (!p || !e.isRequest())
            continue;
        const PoolRef r = allocator().poolContaining(p);
        if (r != kNoPool) {
            c.addBlock(p);
            c.addPool(r);
        }
    }
    return c;
}

bool Timeline::matches(size_t i, StepKind kind) const {
    const uint8_t f = store().flags(i);
    switch (kind) {
    case StepKind::Event: return true;
    case StepKind::Allocation: {
        const Op op = store().op(i);
        return op == Op::Malloc || op == Op::Calloc || op == Op::Realloc;
    }
    case StepKind::PoolStateChange: return f & kPoolStateChange;
    case StepKind::ArenaChange: return f & (kArenaAllocated | kArenaFreed);
    case StepKind::Mismatch: return f & kMismatch;
    }
    return false;
}

size_t Timeline::findNext(size_t from, StepKind kind) const {
    for (size_t i = from; i < stepCount(); ++i)
        if (matches(i, kind))
            return i + 1;
    return npos;
}

size_t Timeline::findPrev(size_t from, StepKind kind) const {
    // The event applied at step s is event s-1; look at events before from-1.
    from = std::min(from, stepCount() + 1);
    for (size_t i = from >= 1 ? from - 1 : 0; i-- > 0;)
        if (matches(i, kind))
            return i + 1;
    return npos;
}

bool Timeline::touches(size_t i, uint64_t lo, uint64_t hi) const {
    const Op op = store().op(i);
    const uint64_t p = store().ptr(i);
    if (p >= lo && p < hi)
        return true;
    if (op == Op::Realloc) {
        const uint64_t old = store().event(i).oldPtr;
        return old >= lo && old < hi;
    }
    if (op == Op::ArenaAlloc || op == Op::ArenaFree)
        return p < hi && p + profile().arenaSize() > lo;
    return false;
}

size_t Timeline::findNextTouching(size_t from, uint64_t lo, uint64_t hi) const {
    for (size_t i = from; i < stepCount(); ++i)
        if (touches(i, lo, hi))
            return i + 1;
    return npos;
}

size_t Timeline::findPrevTouching(size_t from, uint64_t lo, uint64_t hi) const {
    from = std::min(from, stepCount() + 1);
    for (size_t i = from >= 1 ? from - 1 : 0; i-- > 0;)
        if (touches(i, lo, hi))
            return i + 1;
    return npos;
}

size_t Timeline::allocationOf(uint64_t p, size_t beforeStep) const {
    for (size_t i = std::min(beforeStep, stepCount()); i-- > 0;) {
        const Op op = store().op(i);
        if ((op == Op::Malloc || op == Op::Calloc || op == Op::Realloc) && store().ptr(i) == p)
            return i;
    }
    return npos;
}

} // namespace arenascope
