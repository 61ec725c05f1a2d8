// Streaming verification: replay a trace file straight from disk, without
// keeping it, and report predictions, mismatches and the final statistics.
#pragma once

#include "model/pymalloc/mallocstats.h"
#include "model/trace/replay.h"
#include "model/trace/tracestore.h"

#include <optional>
#include <string>

namespace arenascope {

struct VerifyOptions {
    std::optional<std::string> profileName;
    std::optional<unsigned> statsSizeClasses;  // from --stats, for the alignment
    // Stop after this many events (for `stats --at`); none: the whole trace.
    std::optional<uint64_t> stopAfter;
};

struct VerifyResult {
    Profile profile;
    std::string profileReason;
    uint64_t events = 0, predicted = 0, mismatches = 0;
    std::vector<Mismatch> firstMismatches;
    MallocStats finalStats;
};

// Throws InputError on bad input.
VerifyResult verifyTrace(const std::string& path, const VerifyOptions& options);
// The same for events already in memory (a program's run).
VerifyResult verifyStore(const TraceStore& store, const VerifyOptions& options);

} // namespace arenascope
