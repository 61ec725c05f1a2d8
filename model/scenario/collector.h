// The generational cyclic collector of Modules/gcmodule.c (3.8-3.11) and
// Python/gc.c (3.12-3.13, generational builds), run on the scenario heap
// in the phases the view steps through.
#pragma once

#include "model/program/programstate.h"
#include "model/scenario/heap.h"

#include <functional>
#include <string>
#include <vector>

namespace arenascope::scenario {

class Collector {
public:
    // `phase` is told when each phase completes, with a description and the
    // numbers in it, in order (for views that say it in another language).
    using PhaseHook = std::function<void(GcPhase, const std::string&, const std::vector<int64_t>&)>;
    Collector(Heap& heap, PhaseHook phase);

    // gc_collect_main: collects `generation`; returns the number of
    // unreachable objects found (collected + uncollectable), as gc.collect().
    // `reason` says why; `reasonNumbers` are the numbers in it.
    int64_t collect(int generation, const std::string& reason, const std::vector<int64_t>& reasonNumbers);
    // gc_collect_generations: the automatic choice after a threshold is passed.
    void collectGenerations();
    // gc.collect(n) from a scenario: 0 when a collection is already running.
    int64_t collectManual(int generation);

    GcPhase phase() const { return phase_; }
    int generation() const { return generation_; }

private:
    void announce(GcPhase p, const std::string& text, const std::vector<int64_t>& numbers = {});
    void updateRefs(ObjId young);
    void subtractRefs(ObjId young);
    void moveUnreachable(ObjId young, ObjId unreachable);
    void visitReachable(ObjId op, ObjId young);
    void untrackTuples(ObjId young);
    void untrackDicts(ObjId young);
    int64_t deleteGarbage(ObjId unreachable, ObjId old);

    Heap& heap_;
    PhaseHook hook_;
    GcPhase phase_ = GcPhase::None;
    int generation_ = -1;
};

} // namespace arenascope::scenario
