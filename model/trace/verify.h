// Streaming verification: replay a trace file straight from disk, without
// keeping it, and report predictions, mismatches and the final statistics.
#pragma once

#include "model/pymalloc/mallocstats.h"
#include "model/trace/clues.h"
#include "model/trace/replay.h"
#include "model/trace/tracereader.h"
#include "model/trace/tracestore.h"

#include <optional>
#include <string>

namespace arenascope {

// Sees the recording as it streams past (annotations and events), once
// the profile is chosen: what the program layer checks on the way.
class VerifyObserver : public TraceSink {
public:
    virtual void onProfile(const Profile& profile) { (void)profile; }
    void onEvent(const Event& e, uint64_t line) override {
        (void)e;
        (void)line;
    }
};

struct VerifyOptions {
    std::optional<std::string> profileName;
    std::optional<ReportShape> report;  // from --stats: alignment and arena size
    // Stop after this many events (for `stats --at`); none: the whole trace.
    std::optional<uint64_t> stopAfter;
    VerifyObserver* observer = nullptr;
};

struct VerifyResult {
    Profile profile;
    std::string profileReason;
    uint64_t events = 0, predicted = 0, mismatches = 0;
    std::vector<Mismatch> firstMismatches;
    MallocStats finalStats;
    // The collector's runs, where the recording has their graphs (filled
    // by the session's verifyInput; docs/trace-format.md).
    uint64_t collections = 0, collectionsProven = 0;
    uint64_t firstUnprovenLine = 0;
    std::string firstUnprovenReason;
};

// Throws InputError on bad input.
VerifyResult verifyTrace(const std::string& path, const VerifyOptions& options);
// The same for events already in memory (a program's run).
VerifyResult verifyStore(const TraceStore& store, const VerifyOptions& options);

} // namespace arenascope
