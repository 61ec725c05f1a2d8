// A recorded collection's phases as steps: each phase sets the collector's
// fields of the objects shown that its graph holds, and the generations'
// lists follow from the objects' generations, as a recording's steps have them.
#include "model/program/collectionsteps.h"

#include <algorithm>
#include <memory>
#include <string>
#include <unordered_map>
#include <utility>

namespace arenascope {
namespace {

constexpr int kOldest = 2;           // the last generation: its collection is the full one
constexpr int kUnreachableList = 3;  // ObjectState::generation on the unreachable list

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
