// The one door: every input (a recorded trace, a stepped recording, a
// scenario) is opened here and yields one LoadedInput, the allocator events
// on one step axis plus, where the input has them, the program's steps.
// Front ends ask the LoadedInput what it holds; they never look at the kind.
#pragma once

#include "model/program/collections.h"
#include "model/program/programnote.h"
#include "model/program/programsteps.h"
#include "model/trace/loadedtrace.h"
#include "model/trace/verify.h"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace arenascope {

struct OpenOptions {
    std::optional<std::string> profileName;  // --profile: overrides what the input says
    // An interpreter report to take the alignment from (64 classes: 8 bytes).
    std::optional<ReportShape> report;
    ReadOptions read;  // progress (0..1) and cancel
    size_t checkpointBudgetBytes = size_t(256) << 20;
};

struct LoadedInput {
    std::string path;  // as given
    // The heap: allocator events on the step axis, replayed and checkpointed.
    std::shared_ptr<const LoadedTrace> trace;
    // The program, where the input has one (a scenario, a recording with
    // `step` lines; null for a plain trace): its steps on the same axis,
    // each ending at an event step.
    std::shared_ptr<const ProgramSteps> program;
    std::vector<Note> notes;  // where the real interpreter's figures would differ
    // The collector's runs, where the recording carries their graphs
    // (docs/trace-format.md, "The collector's graph"), and how many the
    // model proves.
    std::shared_ptr<const std::vector<Collection>> collections;
    CollectionsSummary collectionsSummary;

    bool hasProgram() const { return program != nullptr; }
    // The steps users count in (--at, "Operation N of M"): program steps
    // where there is a program, allocator events otherwise.
    size_t stepCount() const;
    // The event step (the heap's) at the end of user step `step` (clamped).
    uint64_t eventStep(size_t step) const;
};

// Opens any input; throws InputError naming the file and line for bad input
// (a malformed trace, a scenario's syntax error or run-time error), and
// Cancelled when options.read.cancel is set.
std::shared_ptr<const LoadedInput> openInput(const std::string& path, const OpenOptions& options = {});

// The same door for one streaming pass (verify, stats): the input's events
// replayed once and not kept; a trace straight from disk. `stopAfter` counts
// a scenario's operations, and the events of any recording, stepped or not
// (its steps would need a first pass to place them; its program lines are
// read as annotations and not checked here).
VerifyResult verifyInput(const std::string& path, const VerifyOptions& options);

// Whether a path names a program (Python source) rather than a recording.
bool isProgramPath(const std::string& path);

} // namespace arenascope
