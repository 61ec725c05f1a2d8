// Replays trace events through the pymalloc simulation: pairs arena_alloc
// and arena_free lines with the arenas the simulation maps and unmaps,
// predicts every pointer pymalloc returns, and rejects impossible input.
#pragma once

#include "model/allocator.h"
#include "model/event.h"
#include "model/inputerror.h"

#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace arenascope {

// Replay bookkeeping beside pymalloc's own state, kept as plain fields so the
// journal can undo them.
struct ReplayGlobals {
    uint64_t applied = 0;     // events applied
    uint64_t predicted = 0;   // pointers the simulation predicted
    uint64_t mismatches = 0;
    // arena_alloc lines of ARENA_SIZE not yet taken by new_arena().
    uint64_t pendingArena[8] = {};
    uint32_t nPendingArena = 0;
    // Arenas the trace unmapped before the request that should unmap them.
    uint32_t nTraceFreed = 0;
    uint64_t traceFreed[4] = {};
    // Arenas the simulation unmapped, whose arena_free line should follow.
    uint32_t nSimFreed = 0;
    uint32_t pad_ = 0;
    uint64_t simFreed[4] = {};
    uint64_t simFreedLine[4] = {};
    uint64_t arenaWanted = 0;  // new_arena() found no arena_alloc line
};

struct ReplayState {
    AllocatorState alloc;
    ReplayGlobals rg;
    std::unordered_set<uint64_t> raw;      // live pointers of the system allocator
    std::unordered_set<uint64_t> foreign;  // arena allocator mappings that are not arenas
    // After a mismatch: recorded pointer -> the block the simulation gave.
    std::unordered_map<uint64_t, uint64_t> alias;
};

ReplayState initialReplayState(const Profile& profile);
// A digest of everything the state holds, for "seek equals step" checks.
uint64_t digest(const ReplayState& s);

struct Mismatch {
    uint64_t line = 0;
    std::string message;
};

struct StepResult {
    Change change;
    bool predicted = false;
    bool mismatch = false;
    uint8_t flags() const;
};

class Replayer : private ArenaProvider {
public:
    Replayer(const Profile& profile, ReplayState& state, std::string fileName,
             Journal* journal = nullptr);

    // Applies one event. Throws InputError for input no allocator could have
    // produced (a pointer freed twice, a free of a pointer never returned,
    // arena events that do not fit). Fidelity disagreements are mismatches.
    StepResult apply(const Event& e, uint64_t line);
    // Checks what may still be pending when the trace ends.
    void finish(uint64_t lastLine);
    // Undoes one journal record (allocator or replay region).
    void undo(const UndoRecord& r);

    Allocator& allocator() { return alloc_; }
    const Allocator& allocator() const { return alloc_; }
    const ReplayState& state() const { return s_; }
    // The first mismatches, with their lines (at most kKeptMismatches).
    const std::vector<Mismatch>& mismatches() const { return mismatches_; }
    static constexpr size_t kKeptMismatches = 100;
    void setKeepMismatchMessages(bool on) { keepMessages_ = on; }

private:
    uint64_t mapArena() override;
    void unmapArena(uint64_t address) override;

    uint64_t translate(uint64_t recorded) const;
    void checkPredicted(const Event& e, uint64_t predicted, StepResult& r);
    void allocate(const Event& e, StepResult& r);
    void rawRequest(const Event& e, StepResult& r);
    void release(const Event& e, uint64_t p, const char* what);
    void reallocate(const Event& e, StepResult& r);
    void systemAlloc(const Event& e, uint64_t ptr, StepResult& r);
    void arenaAlloc(const Event& e);
    void arenaFree(const Event& e);
    void beforeRequest();
    void afterRequest();
    void mismatch(uint64_t line, std::string message);
    [[noreturn]] void bad(const std::string& message) const;

    template <class T, class V>
    void set(T& field, V value) {
        if (journal_ && journal_->enabled())
            journal_->saveField(Region::ReplayGlobals, &s_.rg, &field);
        field = T(value);
    }
    void rawAdd(uint64_t p);
    void rawRemove(uint64_t p);
    void foreignAdd(uint64_t p);
    void foreignRemove(uint64_t p);
    void aliasSet(uint64_t recorded, uint64_t simulated);
    void aliasRemove(uint64_t recorded);

    Profile profile_;
    ReplayState& s_;
    Journal* journal_;
    Allocator alloc_;
    std::string file_;
    uint64_t line_ = 0;
    std::vector<Mismatch> mismatches_;
    bool keepMessages_ = true;
    Change* change_ = nullptr;
};

} // namespace arenascope
