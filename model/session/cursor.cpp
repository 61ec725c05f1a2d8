// Cursor: the heap moves by events; the program's step follows it by the
// rule of ProgramSteps::stepAtEvent, or leads it to the end of its events.
#include "model/session/cursor.h"

namespace arenascope {

Cursor::Cursor(std::shared_ptr<const LoadedInput> input)
    : input_(std::move(input)), timeline_(input_->trace) {}

const ProgramState& Cursor::programState() const {
    static const ProgramState none;
    if (!input_->program)
        return none;
    if (!state_ || state_->step != programStep_)
        state_ = input_->program->stateAt(programStep_);
    return *state_;
}

void Cursor::followHeap() {
    if (input_->program)
        programStep_ = input_->program->stepAtEvent(step(), programStep_);
}

Cursor::Move Cursor::forward() {
    Move m;
    if (step() < eventCount()) {
        m.result = timeline_.forward();
        m.arenasChanged = m.result.change.arenaAllocated != kNoArena || m.result.change.arenaFreed != kNoArena;
    }
    followHeap();
    return m;
}

Cursor::Move Cursor::back() {
    Move m;
    if (step() > 0) {
        const uint8_t flags = timeline_.store().flags(step() - 1);
        m.result = timeline_.back();
        m.arenasChanged = flags & (kArenaAllocated | kArenaFreed);
    }
    followHeap();
    return m;
}

Cursor::Move Cursor::seek(size_t eventStep) {
    timeline_.seek(eventStep);
    Move m;
    if (step() > 0)
        m.result = timeline_.resultOf(step() - 1);
    m.arenasChanged = true;  // a jump: the views lay out again
    followHeap();
    return m;
}

Cursor::Move Cursor::seekStep(size_t k) {
    if (!input_->program)
        return seek(k);
    k = std::min(k, input_->program->stepCount());
    const uint64_t target = input_->program->eventEnd(k);
    Move m;
    if (step() != target)
        m = seek(size_t(target));
    programStep_ = k;  // several steps may end at one event: this one
    return m;
}

} // namespace arenascope
