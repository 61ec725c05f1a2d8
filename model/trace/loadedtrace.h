// Loading a trace for the window and for seeking: parse it into a compact
// TraceStore, pick the profile, replay it once to validate it, flag every
// event and keep checkpoints of the state for fast seeking.
#pragma once

#include "model/trace/checkpoint.h"
#include "model/trace/clues.h"
#include "model/pymalloc/profile.h"
#include "model/trace/replay.h"
#include "model/trace/tracereader.h"
#include "model/trace/tracestore.h"

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace arenascope {


// Totals at one step, sampled at load for the charts over the whole timeline.
struct SeriesPoint {
    uint64_t step = 0;
    uint32_t arenas = 0;        // narenas_currently_allocated
    uint32_t poolsInUse = 0;    // carved pools with ref.count > 0
    uint64_t allocatedBytes = 0;  // bytes in allocated blocks (block sizes)
};
SeriesPoint sampleTotals(const Allocator& allocator, uint64_t step);

struct LoadedTrace {
    std::shared_ptr<const TraceStore> store;
    Profile profile;
    std::string profileReason;  // why this profile: "# python 3.11.7", "--profile 3.9", ...
    std::vector<Mismatch> mismatches;
    uint64_t mismatchCount = 0, predicted = 0;
    std::vector<Checkpoint> checkpoints;  // ascending by step; the first is step 0
    size_t checkpointInterval = 0;
    size_t checkpointBytes = 0;
    std::shared_ptr<const ReplayState> finalState;
    std::vector<SeriesPoint> series;  // about 2,000 points from step 0 to the end
};

struct LoadOptions {
    std::optional<std::string> profileName;  // --profile, overrides the trace
    // An interpreter report to take the alignment and arena size from.
    std::optional<ReportShape> report;
    ReadOptions read;                 // progress covers parsing (0..0.5) and replay (0.5..1)
    size_t checkpointBudgetBytes = size_t(256) << 20;
    // Events between checkpoints (doubled while they exceed the budget).
    size_t checkpointInterval = size_t(1) << 16;
    // One more checkpoint at the last event: the end (End, export's default
    // step) then costs a restore, not a replay.
    bool checkpointAtEnd = false;
    // A stepped recording's program lines (source, step, frame, name, obj,
    // ref, cut, out, the collector's graph: young, gco, ...), its `file`
    // lines and its gc_start and gc_stop lines, as the reader meets them: the
    // line number, the text from the keyword on, and the number of events
    // before it. The program layer reads them (model/program/steprecording.h);
    // the store only counts them as lines.
    std::function<void(uint64_t line, std::string_view text, uint64_t eventsSoFar)> programLine;
};

// Chooses the profile for a trace. Throws InputError when neither the trace
// nor the options name a version this build knows.
Profile chooseProfile(const std::string& file, const std::string& pythonComment,
                      const std::optional<std::string>& profileName,
                      const std::optional<ReportShape>& report, const TraceClues& clues,
                      std::string* reason = nullptr);

// True if the 3.6/3.7-classic family is ambiguous for this profile name.
bool alignmentIsAmbiguous(const Profile& p);

// Loads and validates; throws InputError on bad input, Cancelled on cancel.
std::shared_ptr<LoadedTrace> loadTrace(const std::string& path, const LoadOptions& options = {});
// The same for events already in a store (a scenario's, say): replays them
// once to flag them and make the checkpoints. Progress covers 0.5..1.
std::shared_ptr<LoadedTrace> loadStore(std::shared_ptr<TraceStore> store, const LoadOptions& options = {});
// The same for a trace held in memory (tests).
std::shared_ptr<LoadedTrace> loadTraceText(const std::string& text, const std::string& name,
                                           const LoadOptions& options = {});

// Whether any small request returned a pointer that is 8 mod 16: only an
// 8-byte-aligned pymalloc can return one (glibc's malloc is 16-aligned).
// The clues of a trace in a store, or in a file (read again, only as far as
// each clue needs).
TraceClues storeClues(const TraceStore& store);
TraceClues fileClues(const std::string& path);

} // namespace arenascope
