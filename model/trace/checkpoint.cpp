// Checkpoints: copy the state but the block table, and only the carved
// pools' words of it (compared with the checkpoint before to share them) and
// the links of its free word slots.
#include "model/trace/checkpoint.h"

#include <cstring>
#include <unordered_set>

namespace arenascope {
namespace {

// Every field but the block table and the raw set (kept apart).
void copyAllButBlocks(const ReplayState& from, ReplayState& to) {
    to.alloc.layout = from.alloc.layout;
    to.alloc.g = from.alloc.g;
    to.alloc.arenas = from.alloc.arenas;
    to.alloc.pools = from.alloc.pools;
    to.alloc.nfp2lasta = from.alloc.nfp2lasta;
    to.alloc.radixMid = from.alloc.radixMid;
    to.alloc.radixBot = from.alloc.radixBot;
    to.rg = from.rg;
    to.mappings = from.mappings;
    to.foreign = from.foreign;
    to.tracked = from.tracked;
}

const uint16_t* wordsOf(const Checkpoint& c, size_t slot) {
    const PoolWordsRef& w = c.words[slot];
    return c.buffers[w.buffer]->data() + w.offset;
}

} // namespace

Checkpoint makeCheckpoint(const ReplayState& s, size_t step, const Checkpoint* previous) {
    Checkpoint c;
    c.step = step;
    auto state = std::make_shared<ReplayState>();
    copyAllButBlocks(s, *state);
    c.state = std::move(state);
    c.raw.assign(s.raw.begin(), s.raw.end());
    const AllocatorLayout& l = s.alloc.layout;
    c.words.resize(size_t(s.alloc.g.maxarenas) * l.maxPools);
    auto fresh = std::make_shared<std::vector<uint16_t>>();
    c.buffers.push_back(nullptr);  // buffers[0]: `fresh`, once complete
    std::vector<uint32_t> shared(previous ? previous->buffers.size() : 0, 0);
    forEachCarvedPool(s.alloc, [&](size_t slot, unsigned n) {
        if (n == 0)
            return;
        const uint16_t* live = carvedPoolWords(s.alloc, slot);
        if (previous && slot < previous->words.size() && previous->words[slot].n == n &&
            std::memcmp(wordsOf(*previous, slot), live, n * sizeof(uint16_t)) == 0) {
            PoolWordsRef w = previous->words[slot];
            uint32_t& mine = shared[w.buffer];
            if (mine == 0) {
                mine = uint32_t(c.buffers.size());
                c.buffers.push_back(previous->buffers[w.buffer]);
            }
            w.buffer = mine;
            c.words[slot] = w;
            return;
        }
        c.words[slot] = {0, uint32_t(fresh->size()), n};
        fresh->insert(fresh->end(), live, live + n);
    });
    fresh->shrink_to_fit();
    c.buffers[0] = std::move(fresh);
    forEachFreeWordSlot(s.alloc, [&](uint32_t at) {
        FreeWordSlot f;
        f.at = at;
        std::memcpy(f.link, s.alloc.blocks.data() + at, sizeof f.link);
        c.freeWordSlots.push_back(f);
    });
    c.freeWordSlots.shrink_to_fit();
    return c;
}

void restoreCheckpoint(const Checkpoint& c, ReplayState& s) {
    copyAllButBlocks(*c.state, s);
    s.raw.clear();
    s.raw.insert(c.raw.begin(), c.raw.end());
    const AllocatorLayout& l = s.alloc.layout;
    const size_t need = s.alloc.g.blockwords;
    if (need > s.alloc.blocks.capacity())
        s.alloc.blocks.release();  // no need to keep (copy) what is there
    s.alloc.blocks.resize(need);
    uint16_t* const words = s.alloc.blocks.data();
    forEachCarvedPool(s.alloc, [&](size_t slot, unsigned n) {
        std::memcpy(words + s.alloc.pools[l.sizeClasses + slot].words, wordsOf(c, slot),
                    n * sizeof(uint16_t));
    });
    for (const FreeWordSlot& f : c.freeWordSlots)
        std::memcpy(words + f.at, f.link, sizeof f.link);
}

ReplayState restoredState(const Checkpoint& c) {
    ReplayState s;
    restoreCheckpoint(c, s);
    return s;
}

size_t checkpointBytes(const std::vector<Checkpoint>& checkpoints) {
    std::unordered_set<const void*> seen;
    size_t bytes = 0;
    for (const Checkpoint& c : checkpoints) {
        const ReplayState& s = *c.state;
        bytes += sizeof(Checkpoint) + sizeof(ReplayState) +
                 s.alloc.arenas.size() * sizeof(ArenaObject) +
                 s.alloc.pools.size() * sizeof(PoolHeader) +
                 c.words.size() * sizeof(PoolWordsRef) + c.raw.capacity() * sizeof(uint64_t) +
                 c.freeWordSlots.capacity() * sizeof(FreeWordSlot) +
                 (s.foreign.size() + s.mappings.size() + s.tracked.size()) * 32;
        for (const auto& b : c.buffers)
            if (seen.insert(b.get()).second)
                bytes += b->capacity() * sizeof(uint16_t);
    }
    return bytes;
}

uint64_t digest(const Checkpoint& c) { return digest(restoredState(c)); }

} // namespace arenascope
