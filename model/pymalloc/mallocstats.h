// The figures of sys._debugmallocstats() (_PyObject_DebugMallocStats in
// Objects/obmalloc.c): computed from the simulation, printed in CPython's
// format, and read back from an interpreter's own report to compare.
#pragma once

#include "model/pymalloc/allocator.h"

#include <string>
#include <vector>

namespace arenascope {

struct SizeClassStats {
    unsigned szidx = 0, size = 0;
    uint64_t pools = 0, blocksInUse = 0, availBlocks = 0;
};

struct MallocStats {
    unsigned threshold = 512, numClasses = 32;
    std::vector<SizeClassStats> classes;  // those with pools > 0, by szidx
    uint64_t arenasAllocatedTotal = 0, arenasReclaimed = 0, arenasHighwater = 0,
             arenasCurrent = 0, arenaSize = 0;
    uint64_t allocatedBytes = 0, availableBytes = 0, unusedPools = 0, poolSize = 0,
             poolHeaderBytes = 0, quantization = 0, arenaAlignment = 0, total = 0;
    bool hasArenaMap = false;  // 3.10+: the radix tree section
    uint64_t mapMidNodes = 0, mapBotNodes = 0, mapRootBytes = 0, mapMidBytes = 0,
             mapBotBytes = 0, mapTotal = 0;
};

MallocStats computeStats(const Allocator& allocator);
// Exactly as CPython prints it (the pymalloc part of the report).
std::string formatStats(const MallocStats& s);
// Reads an interpreter's report; throws InputError naming the line.
MallocStats parseStats(const std::string& text, const std::string& fileName);
MallocStats readStatsFile(const std::string& path);
// Human-readable differences (empty when the size-class table and the arena
// counters agree).
std::vector<std::string> compareStats(const MallocStats& expected, const MallocStats& actual);

} // namespace arenascope
