// A scenario as a trace: its allocator calls written as a version-1 trace
// (docs/trace-format.md) that the trace loader replays exactly, so the
// heap and pool views, the timeline and exports serve scenarios unchanged;
// plus where each scenario step ends among the trace's events.
#pragma once

#include "model/loadedtrace.h"
#include "model/scenario/scenariorun.h"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace arenascope::scenario {

// Scenarios need a version that has one; traces name theirs.
inline constexpr const char* kDefaultScenarioProfile = "3.11";

struct ScenarioTrace {
    std::string text;  // "pymalloc-trace 1", "# python X.Y.0 ...", then the events
    // stepEnd[k]: trace events (allocator calls and arena lines) applied
    // after scenario step k, k = 0 being before the first; stepCount() + 1
    // entries, never decreasing. Collection phases that free nothing share
    // one value.
    std::vector<uint64_t> stepEnd;
};

// Writes the run's calls in order, with arena_alloc/arena_free lines where
// pymalloc mapped and unmapped arenas (placed as the format says), gc_start/
// gc_stop around collections and file/at lines for the scenario's lines.
ScenarioTrace scenarioTrace(const ScenarioRun& run);

// The scenario step to show when the trace is at `traceStep`: `current` if
// it still fits (its events end there, or traceStep lies inside them), else
// the first step whose events reach traceStep, i.e. the step in progress.
size_t scenarioStepAt(const std::vector<uint64_t>& stepEnd, uint64_t traceStep, size_t current);

// A scenario ready for the window and the exporter.
struct LoadedScenario {
    std::shared_ptr<const ScenarioRun> run;
    std::vector<uint64_t> stepEnd;
    std::shared_ptr<const LoadedTrace> trace;  // replayed from scenarioTrace(run).text
    size_t stepCount() const { return run->stepCount(); }
};

// Whether a path names a scenario (a .py file) rather than a trace.
bool isScenarioPath(const std::string& path);

// Runs the scenario at `path` with the profile (default kDefaultScenarioProfile)
// and loads its trace. Throws InputError naming the file and line for a
// syntax error, a construct outside the subset or an error while running.
std::shared_ptr<const LoadedScenario> loadScenario(const std::string& path,
                                                   const std::optional<std::string>& profileName);
// The same for a run already made (tests, and loadScenario itself).
std::shared_ptr<const LoadedScenario> loadScenario(ScenarioRun run, const std::string& profileReason);

} // namespace arenascope::scenario
