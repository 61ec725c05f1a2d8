// Checkpoints for seeking: the replay state at a step, keeping pymalloc's
// block words for carved pools only, and sharing a pool's words with the
// checkpoint before when they have not changed, so that many fit the budget.
#pragma once

#include "model/trace/replay.h"

#include <memory>
#include <vector>

namespace arenascope {

// Where one pool's carved words are kept: buffers[buffer] from offset, n words.
struct PoolWordsRef {
    uint32_t buffer = 0, offset = 0, n = 0;
};

// A free word slot of the block table (see AllocatorState::blocks): where it
// is and its link to the next.
struct FreeWordSlot {
    uint32_t at = 0;
    uint16_t link[kSlotLinkWords] = {};
};

struct Checkpoint {
    size_t step = 0;
    std::shared_ptr<const ReplayState> state;  // all but alloc.blocks and raw (left empty)
    std::vector<uint64_t> raw;  // the state's raw set: a vector takes a fifth of the memory
    // buffers[0] holds the words new in this checkpoint; the others are
    // shared with earlier checkpoints.
    std::vector<std::shared_ptr<const std::vector<uint16_t>>> buffers;
    std::vector<PoolWordsRef> words;  // by pool slot (PoolRef less the size classes)
    std::vector<FreeWordSlot> freeWordSlots;
};

// The checkpoint of `s` at `step`, sharing unchanged pools with `previous`.
Checkpoint makeCheckpoint(const ReplayState& s, size_t step, const Checkpoint* previous);
// Makes `s` the state the checkpoint was made from (up to unread block words).
void restoreCheckpoint(const Checkpoint& c, ReplayState& s);
// The same as a new state.
ReplayState restoredState(const Checkpoint& c);
// Bytes the checkpoints hold together, shared buffers counted once.
size_t checkpointBytes(const std::vector<Checkpoint>& checkpoints);
// digest() of the state the checkpoint restores.
uint64_t digest(const Checkpoint& c);

} // namespace arenascope
