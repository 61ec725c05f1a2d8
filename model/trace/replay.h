// Replays trace events through the pymalloc simulation: pairs arena_alloc
// and arena_free lines with the arenas the simulation maps and unmaps,
// predicts every pointer pymalloc returns, and rejects impossible input.
#pragma once

#include "model/pymalloc/allocator.h"
#include "model/pymalloc/event.h"
#include "model/pymalloc/inputerror.h"

#include <map>
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
    uint32_t tracking = 0;  // 1 once `tracked` holds every live recorded pointer
    uint64_t simFreed[4] = {};
    uint64_t simFreedLine[4] = {};
    uint64_t arenaWanted = 0;  // new_arena() found no arena_alloc line
};

// What the simulation made of a recorded pointer, besides a block address.
constexpr uint64_t kSimNone = 0;    // nothing: it could not serve the request
constexpr uint64_t kSimSystem = 1;  // the system allocator's

struct ReplayState {
    AllocatorState alloc;
    ReplayGlobals rg;
    std::unordered_set<uint64_t> raw;      // live pointers of the system allocator
    std::map<uint64_t, uint64_t> mappings; // the trace's live mappings: start -> size
    std::unordered_set<uint64_t> foreign;  // those that are not pymalloc arenas
    // Until the first mismatch the simulation's blocks and `raw` are exactly
    // the recorded live pointers. A mismatching request puts its recorded
    // pointer here; from the end of that request on (rg.tracking) this holds
    // every live recorded pointer -> the block the simulation gave for it
    // (or kSimSystem, kSimNone), so the trace's own validity is still checked
    // exactly while the simulation runs on.
    std::unordered_map<uint64_t, uint64_t> tracked;
};

ReplayState initialReplayState(const Profile& profile);
// A digest of everything the state holds, for "seek equals step" checks
// (of the block table, only carved pools' words and free word slots' links
// count: no other word is ever read).
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
    // Undoes one journal record (allocator or replay region). Field records,
    // nearly all of them, are written back here without a call.
    void undo(const UndoRecord& r) {
        if (r.width == 0)
            undoOperation(r);
        else if (r.region == Region::ReplayGlobals)
            Journal::restoreField(&s_.rg, r);
        else
            Journal::restoreField(alloc_.regionBase(r.region), r);
    }

    Allocator& allocator() { return alloc_; }
    const Allocator& allocator() const { return alloc_; }
    const ReplayState& state() const { return s_; }
    // The first mismatches, with their lines (at most kKeptMismatches).
    const std::vector<Mismatch>& mismatches() const { return mismatches_; }
    static constexpr size_t kKeptMismatches = 100;
    void setKeepMismatchMessages(bool on) { keepMessages_ = on; }

private:
    void undoOperation(const UndoRecord& r);
    uint64_t mapArena() override;
    void unmapArena(uint64_t address) override;

    // Requests while the simulation agrees with the recording.
    void allocate(const Event& e, StepResult& r);
    void rawRequest(const Event& e, StepResult& r);
    void release(uint64_t p);
    void reallocate(const Event& e, StepResult& r);
    void systemAlloc(const Event& e, StepResult& r);
    void diverge(const Event& e, uint64_t simulated);
    // Requests once the two have drifted apart (rg.tracking).
    void startTracking();
    void trackedRequest(const Event& e, StepResult& r);
    uint64_t simMalloc(const Event& e, StepResult& r);
    uint64_t simRealloc(const Event& e, uint64_t old, StepResult& r);
    uint64_t simSystem(const Event& e, StepResult& r);
    void simFree(uint64_t simulated);
    // What both share.
    // Counts a prediction; a mismatch unless the request returned standsFor,
    // the recorded pointer that the predicted block stands for.
    bool predict(const Event& e, uint64_t predicted, StepResult& r) {
        return predict(e, predicted, r, predicted);
    }
    bool predict(const Event& e, uint64_t predicted, StepResult& r, uint64_t standsFor);
    void needArena(StepResult& r);
    void arenaAlloc(const Event& e);
    void arenaFree(const Event& e);
    void beforeRequest();
    void afterRequest();
    void mismatch(uint64_t line, std::string message);
    [[noreturn]] void bad(const std::string& message) const;
    [[noreturn]] void neverReturned(const char* what, uint64_t p) const;
    [[noreturn]] void returnedTwice(const Event& e) const;

    template <class T, class V>
    void set(T& field, V value) {
        if (journal_ && journal_->enabled())
            journal_->saveField(Region::ReplayGlobals, &s_.rg, &field);
        field = T(value);
    }
    bool rawAdd(uint64_t p);     // false if it was there already
    bool rawRemove(uint64_t p);  // false if it was not there
    void foreignAdd(uint64_t p);
    void foreignRemove(uint64_t p);
    void mappingAdd(uint64_t start, uint64_t size);
    void mappingRemove(uint64_t start);
    void trackedAdd(uint64_t recorded, uint64_t simulated);
    void trackedRemove(uint64_t recorded);

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
