// Replayer: one trace event at a time through the simulation, with the
// pairing of arena lines and the checks that make bad input an error.
#include "model/trace/replay.h"

#include <algorithm>

namespace arenascope {

ReplayState initialReplayState(const Profile& profile) {
    ReplayState s;
    s.alloc = initialAllocatorState(profile);
    return s;
}

namespace {
struct Hasher {
    uint64_t h = 1469598103934665603ull;
    void bytes(const void* p, size_t n) {
        const unsigned char* c = static_cast<const unsigned char*>(p);
        for (size_t i = 0; i < n; ++i) {
            h ^= c[i];
            h *= 1099511628211ull;
        }
    }
    template <class V> void vec(const V& v) {
        const uint64_t n = v.size();
        bytes(&n, sizeof n);
        bytes(v.data(), v.size() * sizeof(v[0]));
    }
    template <class Set> void sorted(const Set& s) {
        std::vector<uint64_t> v(s.begin(), s.end());
        std::sort(v.begin(), v.end());
        vec(v);
    }
};
} // namespace

uint64_t digest(const ReplayState& s) {
    Hasher h;
    h.bytes(&s.alloc.g, sizeof s.alloc.g);
    h.vec(s.alloc.arenas);
    h.vec(s.alloc.pools);
    forEachCarvedPool(s.alloc, [&](size_t slot, unsigned n) {
        h.bytes(carvedPoolWords(s.alloc, slot), n * sizeof(uint16_t));
    });
    forEachFreeWordSlot(s.alloc, [&](uint32_t at) {
        h.bytes(s.alloc.blocks.data() + at, kSlotLinkWords * sizeof(uint16_t));
    });
    h.vec(s.alloc.nfp2lasta);
    h.sorted(s.alloc.radixMid);
    h.sorted(s.alloc.radixBot);
    h.bytes(&s.rg, sizeof s.rg);
    h.sorted(s.raw);
    h.sorted(s.foreign);
    const std::vector<std::pair<uint64_t, uint64_t>> mappings(s.mappings.begin(), s.mappings.end());
    h.vec(mappings);
    std::vector<std::pair<uint64_t, uint64_t>> tracked(s.tracked.begin(), s.tracked.end());
    std::sort(tracked.begin(), tracked.end());
    h.vec(tracked);
    return h.h;
}

uint8_t StepResult::flags() const {
    uint8_t f = 0;
    if (predicted) f |= kPredicted;
    if (mismatch) f |= kMismatch;
    if (change.poolStateChanged) f |= kPoolStateChange;
    if (change.arenaAllocated != kNoArena) f |= kArenaAllocated;
    if (change.arenaFreed != kNoArena) f |= kArenaFreed;
    if (change.nblocks) f |= kTouchesPymalloc;
    return f;
}

Replayer::Replayer(const Profile& profile, ReplayState& state, std::string fileName,
                   Journal* journal)
    : profile_(profile), s_(state), journal_(journal), alloc_(profile, state.alloc, journal),
      file_(std::move(fileName)) {
    alloc_.setArenaProvider(this);
}


void Replayer::bad(const std::string& message) const { throw InputError(file_, line_, message); }

void Replayer::neverReturned(const char* what, uint64_t p) const {
    bad(std::string(what) + " of " + hexPtr(p) +
        ": no live allocation starts there (never returned, or freed twice)");
}

namespace {
// "malloc obj 16", as the request's line starts.
std::string requestName(const Event& e) {
    return std::string(opName(e.op)) + " " + domainName(e.domain) + " " + std::to_string(e.size);
}
} // namespace

void Replayer::returnedTwice(const Event& e) const {
    bad(requestName(e) + " returned " + hexPtr(e.ptr) +
        ", which is still live (returned before and not freed)");
}

void Replayer::mismatch(uint64_t line, std::string message) {
    set(s_.rg.mismatches, s_.rg.mismatches + 1);
    if (keepMessages_ && mismatches_.size() < kKeptMismatches)
        mismatches_.push_back({line, std::move(message)});
}

// ------------------------------------------------------------ journaled sets

bool Replayer::rawAdd(uint64_t p) {
    if (!s_.raw.insert(p).second)
        return false;
    if (journal_)
        journal_->saveOperation(Region::RawAdded, p);
    return true;
}
bool Replayer::rawRemove(uint64_t p) {
    if (!s_.raw.erase(p))
        return false;
    if (journal_)
        journal_->saveOperation(Region::RawRemoved, p);
    return true;
}
void Replayer::foreignAdd(uint64_t p) {
    if (s_.foreign.insert(p).second && journal_)
        journal_->saveOperation(Region::ForeignAdded, p);
}
void Replayer::foreignRemove(uint64_t p) {
    if (s_.foreign.erase(p) && journal_)
        journal_->saveOperation(Region::ForeignRemoved, p);
}
void Replayer::mappingAdd(uint64_t start, uint64_t size) {
    s_.mappings.emplace(start, size);
    if (journal_)
        journal_->saveOperation(Region::MappingAdded, start);
}
void Replayer::mappingRemove(uint64_t start) {
    auto it = s_.mappings.find(start);
    if (journal_)
        journal_->saveOperation(Region::MappingRemoved, start, it->second);
    s_.mappings.erase(it);
}
void Replayer::trackedAdd(uint64_t recorded, uint64_t simulated) {
    s_.tracked.emplace(recorded, simulated);
    if (journal_)
        journal_->saveOperation(Region::TrackedAdded, recorded);
}
void Replayer::trackedRemove(uint64_t recorded) {
    auto it = s_.tracked.find(recorded);
    if (journal_)
        journal_->saveOperation(Region::TrackedRemoved, recorded, it->second);
    s_.tracked.erase(it);
}

void Replayer::undoOperation(const UndoRecord& r) {
    switch (r.region) {
    case Region::RawAdded: s_.raw.erase(r.value); break;
    case Region::RawRemoved: s_.raw.insert(r.value); break;
    case Region::ForeignAdded: s_.foreign.erase(r.value); break;
    case Region::ForeignRemoved: s_.foreign.insert(r.value); break;
    case Region::MappingAdded: s_.mappings.erase(r.value); break;
    case Region::MappingRemoved: s_.mappings.emplace(r.value, r.extra); break;
    case Region::TrackedAdded: s_.tracked.erase(r.value); break;
    case Region::TrackedRemoved: s_.tracked.emplace(r.value, r.extra); break;
    default: alloc_.undo(r); break;
    }
}

// ------------------------------------------------------------ requests

StepResult Replayer::apply(const Event& e, uint64_t line) {
    line_ = line;
    StepResult r;
    alloc_.setChange(&r.change);
    set(s_.rg.applied, s_.rg.applied + 1);
    switch (e.op) {
    case Op::ArenaAlloc: arenaAlloc(e); break;
    case Op::ArenaFree: arenaFree(e); break;
    default:
        // Arena lines left pending are rare: test for them before calling.
        if (s_.rg.nSimFreed)
            beforeRequest();
        if (s_.rg.tracking) {
            trackedRequest(e, r);
        } else if (e.domain == Domain::Raw) {
            rawRequest(e, r);
        } else if (e.op == Op::Free) {
            release(e.ptr);
        } else if (e.op == Op::Realloc) {
            reallocate(e, r);
        } else {
            allocate(e, r);
        }
        if (s_.rg.nPendingArena | s_.rg.nTraceFreed)
            afterRequest();
        if (s_.rg.mismatches && !s_.rg.tracking)
            startTracking();
        break;
    }
    alloc_.setChange(nullptr);
    return r;
}

bool Replayer::predict(const Event& e, uint64_t predicted, StepResult& r, uint64_t standsFor) {
    r.predicted = true;
    set(s_.rg.predicted, s_.rg.predicted + 1);
    if (e.ptr == standsFor)
        return true;
    r.mismatch = true;
    mismatch(line_, requestName(e) + " returned " + hexPtr(e.ptr) + ", the simulation predicts " +
                        hexPtr(predicted));
    return false;
}

void Replayer::needArena(StepResult& r) {
    r.mismatch = true;
    mismatch(line_, "the simulation needs a new arena for this request, but no 'arena_alloc ADDR " +
                        std::to_string(profile_.arenaSize()) + "' line comes before it");
}

uint64_t Replayer::simSystem(const Event& e, StepResult& r) {
    const ArenaIndex a = e.ptr ? alloc_.arenaContaining(e.ptr) : kNoArena;
    if (a != kNoArena) {
        r.mismatch = true;
        mismatch(line_, requestName(e) + " returned " + hexPtr(e.ptr) + ", inside the arena at " +
                            hexPtr(s_.alloc.arenas[a].address) +
                            ", but the simulation leaves this request to the system allocator");
    }
    return kSimSystem;
}

void Replayer::simFree(uint64_t simulated) {
    if (simulated > kSimSystem)
        alloc_.pymalloc_free(simulated);
}

// ---- while the simulation agrees: its blocks and `raw` are the live pointers

void Replayer::diverge(const Event& e, uint64_t simulated) {
    // The first recorded pointer the simulation does not stand for one for one.
    if (e.ptr == 0) {
        simFree(simulated);  // the real request failed: nothing was handed out
        return;
    }
    if (s_.raw.count(e.ptr) || alloc_.isAllocatedBlock(e.ptr))
        returnedTwice(e);
    trackedAdd(e.ptr, simulated);
}

void Replayer::rawRequest(const Event& e, StepResult& r) {
    // PyMem_RawMalloc and friends never reach pymalloc.
    if (e.op == Op::Free) {
        if (e.ptr && !rawRemove(e.ptr))
            neverReturned("free", e.ptr);
        return;
    }
    if (e.op == Op::Realloc && e.oldPtr) {
        if (!s_.raw.count(e.oldPtr))
            bad("realloc of " + hexPtr(e.oldPtr) +
                ": no live allocation starts there (never returned, or freed)");
        if (e.ptr == 0)
            return;  // failed: the old block stays
        rawRemove(e.oldPtr);
    }
    systemAlloc(e, r);
}

void Replayer::systemAlloc(const Event& e, StepResult& r) {
    if (e.ptr == 0)
        return;  // a failed request
    if (alloc_.arenaContaining(e.ptr) != kNoArena) {
        diverge(e, simSystem(e, r));
        return;
    }
    if (!rawAdd(e.ptr))
        returnedTwice(e);
}

void Replayer::allocate(const Event& e, StepResult& r) {
    if (!profile_.servedByPymalloc(e.size)) {
        systemAlloc(e, r);
        return;
    }
    const uint64_t p = alloc_.pymalloc_alloc(e.size);
    if (p == 0) {
        needArena(r);
        diverge(e, kSimNone);
    } else if (!predict(e, p, r)) {
        diverge(e, p);
    }
}

void Replayer::release(uint64_t p) {
    if (p == 0)
        return;  // free(NULL) does nothing
    switch (alloc_.pymalloc_free(p)) {
    case FreeResult::Freed: return;
    case FreeResult::NotOurs:
        if (!rawRemove(p))
            neverReturned("free", p);
        return;
    case FreeResult::NotABlock:
        bad("free of " + hexPtr(p) + ", inside a pymalloc arena but not a block pymalloc handed out");
    case FreeResult::NeverHandedOut: neverReturned("free", p);
    case FreeResult::AlreadyFree:
        bad("pointer " + hexPtr(p) + " freed twice: its block is already free");
    }
}

void Replayer::reallocate(const Event& e, StepResult& r) {
    if (e.oldPtr == 0) {
        allocate(e, r);  // realloc(NULL, n) is malloc(n)
        return;
    }
    const uint64_t old = e.oldPtr;
    if (!alloc_.address_in_range(old)) {
        // Not pymalloc's: PyMem_RawRealloc keeps it with the system allocator
        // whatever the new size (bug 1185883).
        if (!s_.raw.count(old))
            bad("realloc of " + hexPtr(old) +
                ": no live allocation starts there (never returned, or freed)");
        if (e.ptr == 0)
            return;  // failed: the old block stays
        rawRemove(old);
        systemAlloc(e, r);
        return;
    }
    if (!alloc_.isAllocatedBlock(old))
        bad("realloc of " + hexPtr(old) + ": not an allocated pymalloc block (never returned, "
                                           "or already freed)");
    if (e.ptr == 0)
        return;  // failed (out of memory): the old block stays
    if (alloc_.reallocKeepsBlock(old, e.size)) {
        r.change.addBlock(old);
        r.change.addPool(alloc_.poolContaining(old));
        if (!predict(e, old, r))
            diverge(e, old);
        return;
    }
    // Out of place: the old block is given back once the new one is had.
    if (!profile_.servedByPymalloc(e.size)) {
        alloc_.pymalloc_free(old);
        systemAlloc(e, r);
        return;
    }
    const uint64_t p = alloc_.pymalloc_alloc(e.size);
    const bool agrees = p != 0 && predict(e, p, r);
    if (p == 0)
        needArena(r);
    alloc_.pymalloc_free(old);
    if (!agrees)
        diverge(e, p);
}

// ---- once they have drifted apart: `tracked` holds the live pointers

void Replayer::startTracking() {
    // Until now every allocated block stood for the recorded pointer of its
    // own address, except those a mismatching request put in `tracked`.
    std::unordered_set<uint64_t> taken;
    for (const auto& kv : s_.tracked)
        taken.insert(kv.second);
    forEachCarvedPool(s_.alloc, [&](size_t slot, unsigned n) {
        const PoolRef ref = PoolRef(profile_.numSizeClasses() + slot);
        for (unsigned b = 0; b < n; ++b) {
            if (alloc_.blockState(ref, b) != BlockState::Allocated)
                continue;
            const uint64_t p = alloc_.blockAddress(ref, b);
            if (!taken.count(p))
                trackedAdd(p, p);
        }
    });
    for (uint64_t p : s_.raw)
        if (!s_.tracked.count(p))
            trackedAdd(p, kSimSystem);
    set(s_.rg.tracking, 1);
}

void Replayer::trackedRequest(const Event& e, StepResult& r) {
    if (e.op == Op::Free) {
        if (e.ptr == 0)
            return;
        auto it = s_.tracked.find(e.ptr);
        if (it == s_.tracked.end())
            neverReturned("free", e.ptr);
        const uint64_t simulated = it->second;
        trackedRemove(e.ptr);
        simFree(simulated);
        return;
    }
    const bool resize = e.op == Op::Realloc && e.oldPtr != 0;
    uint64_t old = kSimNone;
    if (resize) {
        auto it = s_.tracked.find(e.oldPtr);
        if (it == s_.tracked.end())
            bad("realloc of " + hexPtr(e.oldPtr) +
                ": no live allocation starts there (never returned, or freed)");
        if (e.ptr == 0)
            return;  // failed: the old block stays
        old = it->second;
        trackedRemove(e.oldPtr);
    }
    if (e.ptr && s_.tracked.count(e.ptr))
        returnedTwice(e);
    uint64_t simulated;
    if (!resize || old == kSimNone) {
        simulated = simMalloc(e, r);
    } else if (old == kSimSystem || e.domain == Domain::Raw) {
        simFree(old);  // a system block stays with the system allocator
        simulated = simSystem(e, r);
    } else {
        simulated = simRealloc(e, old, r);
    }
    if (e.ptr)
        trackedAdd(e.ptr, simulated);
    else
        simFree(simulated);  // the real request failed
}

uint64_t Replayer::simMalloc(const Event& e, StepResult& r) {
    if (e.domain == Domain::Raw || !profile_.servedByPymalloc(e.size))
        return simSystem(e, r);
    const uint64_t p = alloc_.pymalloc_alloc(e.size);
    if (p == 0) {
        needArena(r);
        return kSimNone;
    }
    predict(e, p, r);
    return p;
}

uint64_t Replayer::simRealloc(const Event& e, uint64_t old, StepResult& r) {
    if (alloc_.reallocKeepsBlock(old, e.size)) {
        r.change.addBlock(old);
        r.change.addPool(alloc_.poolContaining(old));
        predict(e, old, r, e.oldPtr);  // agrees if the recording stayed in place too
        return old;
    }
    const uint64_t p = simMalloc(e, r);
    alloc_.pymalloc_free(old);
    return p;
}

// ------------------------------------------------------------ arenas

void Replayer::arenaAlloc(const Event& e) {
    if (e.size == 0)
        bad("arena_alloc of 0 bytes");
    if (e.ptr + e.size < e.ptr)
        bad("arena_alloc at " + hexPtr(e.ptr) + " of " + std::to_string(e.size) +
            " bytes runs past the end of the address space");
    // The trace's own mappings never overlap: the system maps fresh ranges.
    auto it = s_.mappings.lower_bound(e.ptr);
    if (it != s_.mappings.end() && it->first == e.ptr)
        bad("arena_alloc at " + hexPtr(e.ptr) + ": that address is already mapped");
    if (it != s_.mappings.begin() && std::prev(it)->first + std::prev(it)->second > e.ptr)
        --it;
    if (it != s_.mappings.end() && it->first < e.ptr + e.size) {
        // Name a live arena among those overlapped, else the first mapping.
        std::string what = "the mapping at " + hexPtr(it->first) + " (" +
                           std::to_string(it->second) + " bytes)";
        for (auto m = it; m != s_.mappings.end() && m->first < e.ptr + e.size; ++m) {
            const ArenaIndex a = alloc_.arenaContaining(m->first);
            if (a != kNoArena && s_.alloc.arenas[a].address == m->first) {
                what = "the arena at " + hexPtr(m->first);
                break;
            }
        }
        bad("arena_alloc at " + hexPtr(e.ptr) + " overlaps " + what + ", which is still mapped");
    }
    mappingAdd(e.ptr, e.size);
    // The simulation may still keep an arena there that the trace unmapped.
    const ArenaIndex kept = alloc_.arenaOverlapping(e.ptr, e.size);
    if (kept != kNoArena) {
        mismatch(line_, "arena_alloc at " + hexPtr(e.ptr) + " overlaps the arena at " +
                            hexPtr(s_.alloc.arenas[kept].address) +
                            ", which the simulation still keeps");
        foreignAdd(e.ptr);
        return;
    }
    if (e.size == profile_.arenaSize()) {
        if (s_.rg.nPendingArena == 8)
            bad("more than 8 arena_alloc lines in a row with no request to use them");
        set(s_.rg.pendingArena[s_.rg.nPendingArena], e.ptr);
        set(s_.rg.nPendingArena, s_.rg.nPendingArena + 1);
    } else {
        // Not of ARENA_SIZE: not a pymalloc arena (3.11+ frame data stacks).
        foreignAdd(e.ptr);
    }
}

void Replayer::arenaFree(const Event& e) {
    auto it = s_.mappings.find(e.ptr);
    if (it == s_.mappings.end())
        bad("arena_free of " + hexPtr(e.ptr) + ": no mapping starts there");
    const ArenaIndex a = alloc_.arenaContaining(e.ptr);
    const bool isArena = a != kNoArena && s_.alloc.arenas[a].address == e.ptr;
    if (e.size != it->second)
        bad("arena_free of " + hexPtr(e.ptr) + " gives " + std::to_string(e.size) + " bytes, but the " +
            (isArena ? "arena" : "mapping") + " there has " + std::to_string(it->second));
    mappingRemove(e.ptr);
    if (s_.foreign.count(e.ptr)) {
        foreignRemove(e.ptr);
        return;
    }
    for (uint32_t i = 0; i < s_.rg.nSimFreed; ++i) {
        if (s_.rg.simFreed[i] == e.ptr) {
            const uint32_t last = s_.rg.nSimFreed - 1;
            set(s_.rg.simFreed[i], s_.rg.simFreed[last]);
            set(s_.rg.simFreedLine[i], s_.rg.simFreedLine[last]);
            set(s_.rg.nSimFreed, last);
            return;
        }
    }
    for (uint32_t i = 0; i < s_.rg.nPendingArena; ++i) {
        if (s_.rg.pendingArena[i] == e.ptr) {
            const uint32_t last = s_.rg.nPendingArena - 1;
            set(s_.rg.pendingArena[i], s_.rg.pendingArena[last]);
            set(s_.rg.nPendingArena, last);
            return;
        }
    }
    if (isArena) {
        if (s_.rg.nTraceFreed == 4)
            bad("more than 4 arena_free lines in a row with no request between them");
        set(s_.rg.traceFreed[s_.rg.nTraceFreed], e.ptr);
        set(s_.rg.nTraceFreed, s_.rg.nTraceFreed + 1);
    }
    // Otherwise the simulation unmapped it earlier, and that was a mismatch.
}

uint64_t Replayer::mapArena() {
    if (s_.rg.nPendingArena == 0) {
        set(s_.rg.arenaWanted, line_);
        return 0;
    }
    // The arena_alloc written just before this request (the latest one).
    const uint32_t n = s_.rg.nPendingArena - 1;
    const uint64_t address = s_.rg.pendingArena[n];
    set(s_.rg.nPendingArena, n);
    return address;
}

void Replayer::unmapArena(uint64_t address) {
    for (uint32_t i = 0; i < s_.rg.nTraceFreed; ++i) {
        if (s_.rg.traceFreed[i] == address) {
            const uint32_t last = s_.rg.nTraceFreed - 1;
            set(s_.rg.traceFreed[i], s_.rg.traceFreed[last]);
            set(s_.rg.nTraceFreed, last);
            return;
        }
    }
    if (s_.rg.nSimFreed == 4)
        bad("the simulation unmapped more than 4 arenas with no arena_free lines");
    set(s_.rg.simFreed[s_.rg.nSimFreed], address);
    set(s_.rg.simFreedLine[s_.rg.nSimFreed], line_);
    set(s_.rg.nSimFreed, s_.rg.nSimFreed + 1);
}

void Replayer::beforeRequest() {
    for (uint32_t i = 0; i < s_.rg.nSimFreed; ++i)
        mismatch(s_.rg.simFreedLine[i], "the simulation unmaps the arena at " +
                                            hexPtr(s_.rg.simFreed[i]) +
                                            " here, but no arena_free line follows");
    if (s_.rg.nSimFreed)
        set(s_.rg.nSimFreed, 0);
}

void Replayer::afterRequest() {
    // An arena-sized mapping this request did not take is not a pymalloc arena.
    for (uint32_t i = 0; i < s_.rg.nPendingArena; ++i)
        foreignAdd(s_.rg.pendingArena[i]);
    if (s_.rg.nPendingArena)
        set(s_.rg.nPendingArena, 0);
    for (uint32_t i = 0; i < s_.rg.nTraceFreed; ++i)
        mismatch(line_, "the trace unmaps the arena at " + hexPtr(s_.rg.traceFreed[i]) +
                            " before this request, but the simulation keeps it");
    if (s_.rg.nTraceFreed)
        set(s_.rg.nTraceFreed, 0);
}

void Replayer::finish(uint64_t lastLine) {
    line_ = lastLine;
    beforeRequest();
    for (uint32_t i = 0; i < s_.rg.nTraceFreed; ++i)
        mismatch(lastLine, "the trace unmaps the arena at " + hexPtr(s_.rg.traceFreed[i]) +
                               ", but the simulation keeps it");
    if (s_.rg.nTraceFreed)
        set(s_.rg.nTraceFreed, 0);
}

} // namespace arenascope
