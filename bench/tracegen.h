// Synthetic trace generator for the benchmarks: drives the pymalloc
// simulation itself, so every pointer it writes is the one a faithful replay
// predicts, and writes a valid version-1 trace (text, or gzip for *.gz).
#pragma once

#include <cstdint>
#include <string>

namespace arenascope::bench {

struct GenOptions {
    uint64_t events = 5'000'000;     // event lines to write (arena lines included)
    uint64_t seed = 0x5eed'a7e2'a5c0'9e11ull;
    // Growth phase: mostly allocations of larger blocks until this many
    // arenas are mapped at once (0: no growth phase, steady churn only).
    unsigned arenas = 0;
    std::string python = "3.11.7";  // written as "# python VERSION"
    int gzipLevel = 6;               // as `gzip` uses by default
};

struct GenSummary {
    uint64_t events = 0;        // event lines written
    uint64_t requests = 0;      // malloc/calloc/realloc/free lines
    uint64_t pymalloc = 0;      // pointers pymalloc returned (predicted by a replay)
    uint64_t system = 0;        // pointers of the system allocator
    uint64_t arenaAllocs = 0, arenaFrees = 0;
    uint64_t foreignMaps = 0;   // arena allocator mappings that are not arenas
    uint64_t peakArenas = 0;    // most arenas mapped at once
    uint64_t peakArenasEvent = 0;  // event count when the peak was first reached
    uint64_t growthDoneEvent = 0;  // event count when the growth phase ended (0: none)
    uint64_t finalArenas = 0;
    uint64_t liveBlocks = 0;    // live allocations at the end
    uint64_t bytesWritten = 0;  // uncompressed
};

// Writes the trace to `path` (gzip when it ends in ".gz"). Deterministic for
// a given GenOptions. Throws std::runtime_error on an I/O error or an
// unknown Python version.
GenSummary generateTrace(const std::string& path, const GenOptions& options);

} // namespace arenascope::bench
