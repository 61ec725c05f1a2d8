// A recorded collection's phases as steps: each phase sets the collector's
// fields of the objects shown that its graph holds, and of the garbage the
// step does not show, added from the graph; the generations' lists follow
// from the objects' generations, as a recording's steps have them.
#include "model/program/collectionsteps.h"

#include <algorithm>
#include <climits>
#include <memory>
#include <string>
#include <unordered_map>
#include <utility>

namespace arenascope {
namespace {

constexpr int kOldest = 2;           // the last generation: its collection is the full one
constexpr int kUnreachableList = 3;  // ObjectState::generation on the unreachable list

// The ids of the garbage added from the graph. A recording numbers its
// objects from 1, one id per address it ever wrote (StepRecording::idOf),
// which no recording comes near 0x7f000000; the views keep an id in an int,
// so the range ends at INT_MAX. Each collection takes the ids above those
// of the state it starts from (the garbage a collection before it in the
// same step left, gc.garbage's, keeps its own), so ids never clash within a
// state; a garbage object's id lasts as long as it does, to its
// delete_garbage.
constexpr ObjId kFirstGarbageId = 0x7f000000u;
constexpr ObjId kLastGarbageId = ObjId(INT_MAX);

// What the recorder labels a reference that tp_traverse visits and no type
// names (recorder/host/arenascope_record.c, visit_ref): gcr references.
constexpr const char* kTraversedLabel = "ref";

// An object of the state that the collection's graph holds.
struct Match {
    size_t at = 0;       // in the state's objects
    uint32_t index = 0;  // in the graph (young, then the objects outside it)
};

class Phases {
public:
    Phases(const Collection& c, int line, ProgramState& state)
        : c_(c), line_(line), state_(state), p_(runPhases(c)), young_(size_t(c.youngCount)) {
        for (size_t i = 0; i < young_; ++i)
            unreachable_ += p_.unreachable[i];
        match();
    }

    std::vector<CollectionStep> start() {
        const int g = int(c_.generation);
        addGarbage();
        // gc_collect_main: the next generation counts one more collection,
        // this one and the younger ones start again from 0.
        if (g < kOldest)
            state_.gc.generations[g + 1].count += 1;
        for (int i = 0; i <= g && i <= kOldest; ++i)
            state_.gc.generations[i].count = 0;
        const int64_t n = int64_t(young_);
        add(GcPhase::Start,
            "collect generation " + std::to_string(g) + ": " + std::to_string(n) + " objects in young", {g, n},
            c_.startEvent, [&](ObjectState& o, uint32_t i) { return merged(o, i); });
        add(GcPhase::UpdateRefs, "update_refs: gc_refs = ob_refcnt for each object in young", {}, c_.startEvent,
            [&](ObjectState& o, uint32_t i) { return updated(o, i); });
        add(GcPhase::SubtractRefs,
            "subtract_refs: references from inside young subtracted; gc_refs > 0 means referenced from outside",
            {}, c_.startEvent, [&](ObjectState& o, uint32_t i) { return subtracted(o, i); });
        const int64_t found = int64_t(unreachable_), reachable = n - found;
        add(GcPhase::MoveUnreachable,
            "move_unreachable: " + std::to_string(found) + " unreachable, " + std::to_string(reachable) +
                " reachable",
            {found, reachable}, c_.startEvent, [&](ObjectState& o, uint32_t i) { return moved(o, i); });
        return std::move(steps_);
    }

    std::vector<CollectionStep> stop() {
        // What the garbage's death leaves the others: one reference fewer
        // for each that a dying object held, traversed or dropped.
        lost_.assign(c_.young.size(), 0);
        for (size_t i = 0; i < c_.young.size(); ++i)
            if (p_.dies[i])
                for (const auto* refs : {&c_.young[i].refs, &c_.young[i].dropped})
                    for (uint32_t r : *refs)
                        ++lost_[r];
        // The garbage start() left out (over kCollectionGarbageShown) is
        // no longer left out once it is freed.
        std::vector<uint8_t> held(young_, 0);
        for (const Match& m : matched_)
            if (m.index < young_)
                held[m.index] = 1;
        uint64_t freedUnshown = 0;
        for (size_t i = 0; i < young_; ++i)
            freedUnshown += p_.unreachable[i] && p_.dies[i] && !held[i];
        state_.objectsLeftOut -= std::min(freedUnshown, state_.objectsLeftOut);
        const int64_t m = int64_t(unreachable_ - p_.legacyCount);
        const bool full = int(c_.generation) == kOldest;
        add(GcPhase::DeleteGarbage,
            "delete_garbage: tp_clear on " + std::to_string(m) + " unreachable objects; reference counting frees them",
            {m}, c_.stopEvent, [&](ObjectState& o, uint32_t i) { return survived(o, i); });
        const int64_t collected = int64_t(c_.collected);
        add(GcPhase::Done,
            "done: " + std::to_string(collected) + " unreachable found" + (full ? "; free lists cleared" : ""),
            {collected}, c_.stopEvent, [&](ObjectState& o, uint32_t i) { return survived(o, i); });
        state_.gc.phase = GcPhase::None;
        state_.gc.collectingGeneration = -1;
        return std::move(steps_);
    }

private:
    // The phases' marks on one object (graph index i), each from the one
    // before; false: the object is gone.
    bool merged(ObjectState& o, uint32_t i) const {
        o.refcnt = c_.young[i].refcnt;
        if (i < young_) {
            // The younger generations merged into the one collected.
            o.gcTracked = true;
            o.generation = int(c_.generation);
            o.collecting = o.unreachable = false;
        }
        return true;
    }
    bool updated(ObjectState& o, uint32_t i) const {
        merged(o, i);
        if (i < young_) {
            o.collecting = true;
            o.gcRefs = o.refcnt;
        }
        return true;
    }
    bool subtracted(ObjectState& o, uint32_t i) const {
        updated(o, i);
        if (i < young_)
            o.gcRefs = p_.gcRefs[i];
        return true;
    }
    bool moved(ObjectState& o, uint32_t i) const {
        subtracted(o, i);
        if (i < young_ && p_.unreachable[i]) {
            o.generation = kUnreachableList;
            o.unreachable = true;
        } else if (i < young_) {
            // Scanned: what it reaches is reachable too (visit_reachable
            // sets gc_refs 1 on those at 0).
            o.collecting = false;
            o.gcRefs = std::max<int64_t>(o.gcRefs, 1);
        }
        return true;
    }
    bool survived(ObjectState& o, uint32_t i) const {
        if (p_.dies[i])
            return false;
        moved(o, i);
        o.refcnt = c_.young[i].refcnt - lost_[i];
        if (i < young_) {
            // Merged into the next generation: the survivors, and the
            // legacy finalizers' garbage (gc.garbage holds it).
            o.generation = std::min<int>(int(c_.generation) + 1, kOldest);
            o.collecting = o.unreachable = false;
        }
        return true;
    }

    // The unreachable young objects the state does not hold (the program's
    // names no longer reach them, so its step did not write them): the
    // first kCollectionGarbageShown of them in young's order join the state
    // as the graph has them (type, block, ob_refcnt, tracked, in the
    // generation collected; size and value unknown: 0 and none), with
    // their traversed references to the objects shown, and are matched to
    // take the phases' marks with the rest; the others are counted in
    // objectsLeftOut, as the recording counts what its limits leave out.
    void addGarbage() {
        std::vector<ObjId> ids(c_.young.size(), kNull);  // by graph index: the state's id
        for (const Match& m : matched_)
            ids[m.index] = state_.objects[m.at].id;
        const ObjId last = state_.objects.empty() ? kNull : state_.objects[state_.objects.size() - 1].id;
        const ObjId first = std::max<ObjId>(kFirstGarbageId, last + 1);
        const size_t room =
            last >= kLastGarbageId ? 0 : std::min<size_t>(kCollectionGarbageShown, size_t(kLastGarbageId - first) + 1);
        std::vector<uint32_t> added;
        uint64_t leftOut = 0;
        for (size_t i = 0; i < young_; ++i) {
            if (!p_.unreachable[i] || ids[i] != kNull)
                continue;
            // A block of 0 is an object the program did not allocate, which
            // the state could not match by block.
            if (added.size() < room && c_.young[i].block != 0) {
                ids[i] = ObjId(first + added.size());
                added.push_back(uint32_t(i));
            } else {
                ++leftOut;
            }
        }
        state_.objectsLeftOut += leftOut;
        // Their ids are above every id of the state: appended, the state
        // stays in id order.
        for (uint32_t i : added) {
            const YoungObject& y = c_.young[i];
            ObjectState o;
            o.id = ids[i];
            o.type = y.type;
            o.address = y.block;
            o.refcnt = y.refcnt;
            o.gcTracked = true;
            o.generation = int(c_.generation);
            std::vector<Reference> refs;
            for (uint32_t r : y.refs) {
                if (ids[r] != kNull)
                    refs.push_back({kTraversedLabel, ids[r]});
                else
                    ++o.refsOmitted;  // as a recording counts a reference to what it left out
            }
            o.refs = RefList(std::move(refs));
            matched_.push_back({state_.objects.size(), i});
            state_.objects.push_back(std::move(o));
        }
    }

    // The state's objects the graph holds, by block (ObjectState::address
    // and YoungObject::block are both the block).
    void match() {
        matched_.clear();
        std::unordered_map<uint64_t, size_t> byBlock;
        for (size_t k = 0; k < state_.objects.size(); ++k) {
            const ObjectState& o = state_.objects[k];
            if (o.address && !o.isStatic)
                byBlock.emplace(o.address, k);
        }
        if (byBlock.empty())
            return;
        for (size_t i = 0; i < c_.young.size(); ++i) {
            const auto it = byBlock.find(c_.young[i].block);
            if (it != byBlock.end())
                matched_.push_back({it->second, uint32_t(i)});
        }
    }

    template <typename Mark>
    void add(GcPhase phase, std::string text, std::vector<int64_t> numbers, uint64_t eventEnd, Mark mark) {
        CollectionStep s;
        bool anyGone = false;
        s.step.kind = ProgramStepKind::Collection;
        s.step.line = line_;
        s.step.text = std::move(text);
        s.step.phase = phase;
        s.step.generation = int(c_.generation);
        s.step.numbers = std::move(numbers);
        s.step.eventEnd = eventEnd;

        std::vector<ObjectList::Ptr> objects = state_.objects.pointers();
        std::vector<uint8_t> gone(objects.size(), 0);
        std::vector<std::pair<uint32_t, ObjId>> unreachable;  // by graph index: the list's order
        for (const Match& m : matched_) {
            ObjectState after = *objects[m.at];
            if (!mark(after, m.index)) {
                gone[m.at] = 1;
                anyGone = true;
                continue;
            }
            if (after.generation == kUnreachableList)
                unreachable.emplace_back(m.index, after.id);
            if (!(after == *objects[m.at]))
                objects[m.at] = std::make_shared<const ObjectState>(std::move(after));
        }
        ObjectList kept;
        kept.reserve(objects.size());
        std::vector<size_t> newIndex(objects.size(), 0);
        GcStateView& gc = state_.gc;
        for (GenerationState& g : gc.generations)
            g.objects.clear();
        for (size_t k = 0; k < objects.size(); ++k) {
            if (gone[k])
                continue;
            newIndex[k] = kept.size();
            const ObjectState& o = *objects[k];
            // The generations' members in id order, as a step has them.
            if (o.gcTracked && o.generation >= 0 && o.generation <= kOldest)
                gc.generations[o.generation].objects.push_back(o.id);
            kept.push_back(std::move(objects[k]));
        }
        std::sort(unreachable.begin(), unreachable.end());
        gc.unreachable.clear();
        for (const auto& u : unreachable)
            gc.unreachable.push_back(u.second);
        gc.phase = phase;
        gc.collectingGeneration = int(c_.generation);
        state_.objects = std::move(kept);
        if (anyGone) {
            std::vector<Match> still;
            for (const Match& m : matched_)
                if (!gone[m.at])
                    still.push_back({newIndex[m.at], m.index});
            matched_ = std::move(still);
        }

        s.state.objects = state_.objects;  // shared, not copied
        s.state.frames = state_.frames;
        s.state.gc = gc;
        s.state.objectsLeftOut = state_.objectsLeftOut;
        steps_.push_back(std::move(s));
    }

    const Collection& c_;
    int line_;
    ProgramState& state_;
    CollectionPhases p_;
    size_t young_;
    size_t unreachable_ = 0;
    std::vector<int64_t> lost_;
    std::vector<Match> matched_;
    std::vector<CollectionStep> steps_;
};

} // namespace

std::vector<CollectionStep> collectionStartSteps(const Collection& c, int line, ProgramState& state) {
    if (!c.hasGraph)
        return {};
    return Phases(c, line, state).start();
}

std::vector<CollectionStep> collectionStopSteps(const Collection& c, int line, ProgramState& state) {
    if (!c.hasGraph || !c.stopped)
        return {};
    return Phases(c, line, state).stop();
}

} // namespace arenascope
