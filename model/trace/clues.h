// What tells two builds of one version apart when the "# python" line
// cannot: the interpreter's own report and clues in the trace itself.
#pragma once

#include "model/pymalloc/mallocstats.h"

#include <cstdint>
#include <functional>

namespace arenascope {

// What an interpreter's own report (verify --stats) says of its build.
struct ReportShape {
    unsigned sizeClasses = 32;  // 64: an 8-byte-aligned build
    uint64_t arenaSize = 0;     // its "bytes/arena"; 0: not given
};

// What the trace itself shows of its build, asked for only where the version
// leaves a choice (the alignment of 3.6 builds, huge-page arenas of 3.15).
struct TraceClues {
    std::function<bool()> eightByteAlignedBlock;
    // The size of the first arena_alloc of one of the two sizes; 0 if none.
    std::function<uint64_t(uint64_t, uint64_t)> firstArenaOf;
};

inline ReportShape reportShape(const MallocStats& s) { return ReportShape{s.numClasses, s.arenaSize}; }

} // namespace arenascope
