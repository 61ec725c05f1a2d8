// The cyclic collector as the engine drives it, behind one interface so
// that each algorithm a CPython version ships (generational.h: 3.8-3.13, 3.14.5+)
// stands on its own; the version's Layout says which one runs.
#pragma once

#include "model/program/programstate.h"
#include "model/scenario/heap.h"
#include "model/scenario/layout.h"

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace arenascope::scenario {

class Collector {
public:
    // `phase` is told when each phase completes, with a description and the
    // numbers in it, in order (for views that say it in another language).
    using PhaseHook = std::function<void(GcPhase, const std::string&, const std::vector<int64_t>&)>;
    virtual ~Collector() = default;

    // gc_collect_main: collects `generation`; returns the number of
    // unreachable objects found (collected + uncollectable), as gc.collect().
    // `reason` says why; `reasonNumbers` are the numbers in it.
    virtual int64_t collect(int generation, const std::string& reason,
                            const std::vector<int64_t>& reasonNumbers) = 0;
    // The automatic choice after a threshold is passed.
    virtual void collectGenerations() = 0;
    // gc.collect(n) from a scenario: 0 when a collection is already running.
    virtual int64_t collectManual(int generation) = 0;

    virtual GcPhase phase() const = 0;
    virtual int generation() const = 0;
};

// The collector of the layout's version, on `heap`.
std::unique_ptr<Collector> makeCollector(const Layout& layout, Heap& heap, Collector::PhaseHook phase);

} // namespace arenascope::scenario
