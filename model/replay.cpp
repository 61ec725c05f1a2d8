// Replayer: one trace event at a time through the simulation, with the
// pairing of arena lines and the checks that make bad input an error.
#include "model/replay.h"

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
    template <class T> void vec(const std::vector<T>& v) {
        const uint64_t n = v.size();
        bytes(&n, sizeof n);
        bytes(v.data(), v.size() * sizeof(T));
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
    h.vec(s.alloc.blocks);
    h.vec(s.alloc.nfp2lasta);
    h.sorted(s.alloc.radixMid);
    h.sorted(s.alloc.radixBot);
    h.bytes(&s.rg, sizeof s.rg);
    h.sorted(s.raw);
    h.sorted(s.foreign);
    std::vector<std::pair<uint64_t, uint64_t>> alias(s.alias.begin(), s.alias.end());
    std::sort(alias.begin(), alias.end());
    h.bytes(alias.data(), alias.size() * sizeof(alias[0]));
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

void Replayer::mismatch(uint64_t line, std::string message) {
    set(s_.rg.mismatches, s_.rg.mismatches + 1);
    if (keepMessages_ && mismatches_.size() < kKeptMismatches)
        mismatches_.push_back({line, std::move(message)});
}

// ------------------------------------------------------------ journaled sets

void Replayer::rawAdd(uint64_t p) {
    if (s_.raw.insert(p).second && journal_)
        journal_->saveOperation(Region::RawAdded, p);
}
void Replayer::rawRemove(uint64_t p) {
    if (s_.raw.erase(p) && journal_)
        journal_->saveOperation(Region::RawRemoved, p);
}
void Replayer::foreignAdd(uint64_t p) {
    if (s_.foreign.insert(p).second && journal_)
        journal_->saveOperation(Region::ForeignAdded, p);
}
void Replayer::foreignRemove(uint64_t p) {
    if (s_.foreign.erase(p) && journal_)
        journal_->saveOperation(Region::ForeignRemoved, p);
}
void Replayer::aliasSet(uint64_t recorded, uint64_t simulated) {
    aliasRemove(recorded);
    s_.alias.emplace(recorded, simulated);
    if (journal_)
        journal_->saveOperation(Region::AliasAdded, recorded);
}
void Replayer::aliasRemove(uint64_t recorded) {
    auto it = s_.alias.find(recorded);
    if (it == s_.alias.end())
        return;
    if (journal_)
        journal_->saveOperation(Region::AliasRemoved, recorded, it->second);
    s_.alias.erase(it);
}

void Replayer::undo(const UndoRecord& r) {
    switch (r.region) {
    case Region::ReplayGlobals: Journal::restoreField(&s_.rg, r); break;
    case Region::RawAdded: s_.raw.erase(r.value); break;
    case Region::RawRemoved: s_.raw.insert(r.value); break;
    case Region::ForeignAdded: s_.foreign.erase(r.value); break;
    case Region::ForeignRemoved: s_.foreign.insert(r.value); break;
    case Region::AliasAdded: s_.alias.erase(r.value); break;
    case Region::AliasRemoved: s_.alias.emplace(r.value, r.extra); break;
    default: alloc_.undo(r); break;
    }
}

uint64_t Replayer::translate(uint64_t recorded) const {
    if (s_.alias.empty())
        return recorded;
    auto it = s_.alias.find(recorded);
    return it == s_.alias.end() ? recorded : it->second;
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
        beforeRequest();
        if (e.domain == Domain::Raw) {
            rawRequest(e, r);
        } else if (e.op == Op::Free) {
            release(e, e.ptr, "free");
        } else if (e.op == Op::Realloc) {
            reallocate(e, r);
        } else {
            allocate(e, r);
        }
        afterRequest();
        break;
    }
    alloc_.setChange(nullptr);
    return r;
}

void Replayer::rawRequest(const Event& e, StepResult& r) {
    // PyMem_RawMalloc and friends never reach pymalloc.
    if (e.op == Op::Free) {
        if (e.ptr && !s_.raw.count(e.ptr))
            bad("free of " + hexPtr(e.ptr) +
                ": no live allocation starts there (never returned, or freed twice)");
        rawRemove(e.ptr);
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
    systemAlloc(e, e.ptr, r);
}

void Replayer::checkPredicted(const Event& e, uint64_t predicted, StepResult& r) {
    r.predicted = true;
    set(s_.rg.predicted, s_.rg.predicted + 1);
    if (translate(e.ptr) == predicted)
        return;
    if (predicted == e.ptr) {
        aliasRemove(e.ptr);  // a stale alias from an earlier mismatch
        return;
    }
    r.mismatch = true;
    mismatch(line_, std::string(opName(e.op)) + " " + domainName(e.domain) + " " +
                        std::to_string(e.size) + " returned " + hexPtr(e.ptr) +
                        ", the simulation predicts " + hexPtr(predicted));
    if (e.ptr)
        aliasSet(e.ptr, predicted);
}

void Replayer::systemAlloc(const Event& e, uint64_t ptr, StepResult& r) {
    if (ptr == 0)
        return;  // a failed request
    const ArenaIndex a = alloc_.arenaContaining(ptr);
    if (a != kNoArena) {
        r.mismatch = true;
        mismatch(line_, std::string(opName(e.op)) + " " + domainName(e.domain) + " " +
                            std::to_string(e.size) + " returned " + hexPtr(ptr) +
                            ", inside the arena at " + hexPtr(s_.alloc.arenas[a].address) +
                            ", but the simulation leaves this request to the system allocator");
        return;
    }
    rawAdd(ptr);
}

void Replayer::allocate(const Event& e, StepResult& r) {
    if (!profile_.servedByPymalloc(e.size)) {
        systemAlloc(e, e.ptr, r);
        return;
    }
    const uint64_t p = alloc_.pymalloc_alloc(e.size);
    if (p == 0) {
        r.mismatch = true;
        mismatch(line_, "the simulation needs a new arena for this request, but no 'arena_alloc ADDR " +
                            std::to_string(profile_.arenaSize()) + "' line comes before it");
        if (e.ptr && alloc_.arenaContaining(e.ptr) == kNoArena)
            rawAdd(e.ptr);
        return;
    }
    checkPredicted(e, p, r);
}

void Replayer::release(const Event& e, uint64_t p, const char* what) {
    (void)e;
    if (p == 0)
        return;  // free(NULL) does nothing
    const uint64_t sp = translate(p);
    switch (alloc_.pymalloc_free(sp)) {
    case FreeResult::Freed:
        if (sp != p)
            aliasRemove(p);
        return;
    case FreeResult::NotOurs:
        if (!s_.raw.count(p))
            bad(std::string(what) + " of " + hexPtr(p) +
                ": no live allocation starts there (never returned, or freed twice)");
        rawRemove(p);
        return;
    case FreeResult::NotABlock:
        bad(std::string(what) + " of " + hexPtr(p) +
            ", inside a pymalloc arena but not a block pymalloc handed out");
    case FreeResult::AlreadyFree:
        bad("pointer " + hexPtr(p) + " freed twice: its block is already free");
    }
}

void Replayer::reallocate(const Event& e, StepResult& r) {
    if (e.oldPtr == 0) {
        allocate(e, r);  // realloc(NULL, n) is malloc(n)
        return;
    }
    const uint64_t so = translate(e.oldPtr);
    if (!alloc_.address_in_range(so)) {
        // Not pymalloc's: PyMem_RawRealloc keeps it with the system allocator
        // whatever the new size (bug 1185883).
        if (!s_.raw.count(e.oldPtr))
            bad("realloc of " + hexPtr(e.oldPtr) +
                ": no live allocation starts there (never returned, or freed)");
        if (e.ptr == 0)
            return;  // failed: the old block stays
        rawRemove(e.oldPtr);
        systemAlloc(e, e.ptr, r);
        return;
    }
    const PoolRef pool = alloc_.poolContaining(so);
    const unsigned size = alloc_.blockSizeAt(so);
    if (pool == kNoPool || size == 0 ||
        (so - alloc_.poolAddress(pool) - profile_.poolOverhead) % size != 0 ||
        alloc_.blockState(pool, unsigned((so - alloc_.poolAddress(pool) - profile_.poolOverhead) /
                                         size)) != BlockState::Allocated)
        bad("realloc of " + hexPtr(e.oldPtr) + ": not an allocated pymalloc block (never returned, "
                                                "or already freed)");
    // pymalloc_realloc: stay in place when not growing and not shrinking by
    // 25% or more; otherwise malloc the new block first, then free the old.
    if (e.size <= size && 4 * e.size > 3 * uint64_t(size)) {
        r.change.addBlock(so);
        r.change.addPool(pool);
        checkPredicted(e, so, r);
        return;
    }
    if (profile_.servedByPymalloc(e.size)) {
        const uint64_t p = alloc_.pymalloc_alloc(e.size);
        if (p == 0) {
            r.mismatch = true;
            mismatch(line_, "the simulation needs a new arena for this request, but no "
                            "'arena_alloc ADDR " + std::to_string(profile_.arenaSize()) +
                                "' line comes before it");
            return;
        }
        checkPredicted(e, p, r);
    } else {
        if (e.ptr == 0)
            return;  // failed: the old block stays
        systemAlloc(e, e.ptr, r);
    }
    alloc_.pymalloc_free(so);
    if (so != e.oldPtr)
        aliasRemove(e.oldPtr);
}

// ------------------------------------------------------------ arenas

void Replayer::arenaAlloc(const Event& e) {
    if (e.size == 0)
        bad("arena_alloc of 0 bytes");
    if (e.ptr + e.size < e.ptr)
        bad("arena_alloc at " + hexPtr(e.ptr) + " of " + std::to_string(e.size) +
            " bytes runs past the end of the address space");
    const ArenaIndex a1 = alloc_.arenaContaining(e.ptr);
    const ArenaIndex a2 = alloc_.arenaContaining(e.ptr + e.size - 1);
    if (a1 != kNoArena || a2 != kNoArena)
        bad("arena_alloc at " + hexPtr(e.ptr) + " overlaps the arena at " +
            hexPtr(s_.alloc.arenas[a1 != kNoArena ? a1 : a2].address) + ", which is still mapped");
    bool pending = false;
    for (uint32_t i = 0; i < s_.rg.nPendingArena; ++i)
        pending |= s_.rg.pendingArena[i] == e.ptr;
    if (pending || s_.foreign.count(e.ptr))
        bad("arena_alloc at " + hexPtr(e.ptr) + ": that address is already mapped");
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
    const ArenaIndex a = alloc_.arenaContaining(e.ptr);
    if (a != kNoArena && s_.alloc.arenas[a].address == e.ptr) {
        if (e.size != profile_.arenaSize())
            bad("arena_free of " + hexPtr(e.ptr) + " gives " + std::to_string(e.size) +
                " bytes, but the arena there has " + std::to_string(profile_.arenaSize()));
        if (s_.rg.nTraceFreed == 4)
            bad("more than 4 arena_free lines in a row with no request between them");
        set(s_.rg.traceFreed[s_.rg.nTraceFreed], e.ptr);
        set(s_.rg.nTraceFreed, s_.rg.nTraceFreed + 1);
        return;
    }
    bad("arena_free of " + hexPtr(e.ptr) + ": no mapping starts there");
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
