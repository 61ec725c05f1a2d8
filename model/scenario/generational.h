// The generational cyclic collector of Modules/gcmodule.c (3.8-3.11) and
// Python/gc.c (3.12-3.13, generational builds), run on the scenario heap
// in the phases the view steps through.
#pragma once

#include "model/scenario/collector.h"

namespace arenascope::scenario {

class GenerationalCollector final : public Collector {
public:
    GenerationalCollector(Heap& heap, PhaseHook phase);

    // gc_collect_main: collects `generation`; returns the number of
    // unreachable objects found (collected + uncollectable), as gc.collect().
    // `reason` says why; `reasonNumbers` are the numbers in it.
    int64_t collect(int generation, const std::string& reason,
                    const std::vector<int64_t>& reasonNumbers) override;
    // gc_collect_generations: the oldest generation past its threshold
    // (with the 25% rule for a full collection).
    void collectGenerations() override;
    int64_t collectManual(int generation) override;

    GcPhase phase() const override { return phase_; }
    int generation() const override { return generation_; }

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
