// Replay edge cases (issue 3): mappings that overlap or are freed with the
// wrong size, pointers returned twice while live, blocks never handed out,
// exact bookkeeping of recorded pointers after mismatches, and the "# python"
// line read the same way by the loader and by verify.
#include "model/trace/loadedtrace.h"
#include "model/trace/verify.h"
#include "testsupport.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

namespace arenascope {
namespace {

using test::caught;
using test::TempFile;
using test::traceText;

const char* const kName = "e.trace";
const char* const kArena = "arena_alloc 0x7f0000000000 1048576";
const std::string kNeverReturned =
    ": no live allocation starts there (never returned, or freed twice)";

InputError loadError(const std::string& text) {
    return caught([&] { loadTraceText(text, kName); });
}
// A 3.11 trace: the header is line 1, "# python" line 2, `lines` from line 3.
std::string trace311(const std::vector<std::string>& lines) { return traceText("3.11.7", lines); }
std::string trace38(const std::vector<std::string>& lines) { return traceText("3.8.18", lines); }

// ------------------------------------------------------------ a. overlapping mappings

TEST(ReplayEdges, ArenaAllocOverlappingAPendingMapping) {
    // An arena-sized mapping no request has taken yet.
    EXPECT_INPUT_ERROR(loadError(trace311({kArena, "arena_alloc 0x7f0000080000 1048576"})), kName, 4,
                       "arena_alloc at 0x7f0000080000 overlaps the mapping at 0x7f0000000000 "
                       "(1048576 bytes), which is still mapped");
    // One that the next request did not take, so it is not an arena.
    EXPECT_INPUT_ERROR(loadError(trace311({"arena_alloc 0x7f0000600000 1048576",
                                           "malloc obj 0 0x555500000010",
                                           "arena_alloc 0x7f0000680000 65536"})),
                       kName, 5,
                       "arena_alloc at 0x7f0000680000 overlaps the mapping at 0x7f0000600000 "
                       "(1048576 bytes), which is still mapped");
}

TEST(ReplayEdges, ArenaAllocOverlappingAForeignMapping) {
    // Starting inside a frame data-stack chunk.
    EXPECT_INPUT_ERROR(loadError(trace311({"arena_alloc 0x7f1000000000 65536",
                                           "arena_alloc 0x7f100000f000 8192"})),
                       kName, 4,
                       "arena_alloc at 0x7f100000f000 overlaps the mapping at 0x7f1000000000 "
                       "(65536 bytes), which is still mapped");
    // Holding one wholly inside.
    EXPECT_INPUT_ERROR(loadError(trace311({"arena_alloc 0x7f1000010000 4096",
                                           "arena_alloc 0x7f1000000000 1048576"})),
                       kName, 4,
                       "arena_alloc at 0x7f1000000000 overlaps the mapping at 0x7f1000010000 "
                       "(4096 bytes), which is still mapped");
    // Holding a live arena wholly inside: the arena is named.
    EXPECT_INPUT_ERROR(loadError(trace311({kArena, "malloc obj 16 0x7f0000000030",
                                           "arena_alloc 0x7effffe00000 4194304"})),
                       kName, 5,
                       "arena_alloc at 0x7effffe00000 overlaps the arena at 0x7f0000000000, which "
                       "is still mapped");
    // Once unmapped, the range may be mapped again.
    auto lt = loadTraceText(trace311({"arena_alloc 0x7f1000000000 65536",
                                      "arena_free 0x7f1000000000 65536",
                                      "arena_alloc 0x7f100000f000 8192"}),
                            kName);
    EXPECT_EQ(lt->finalState->mappings.size(), 1u);
    EXPECT_EQ(lt->finalState->foreign.count(0x7f100000f000), 1u);
}

// ------------------------------------------------------------ b. arena_free sizes

TEST(ReplayEdges, ArenaFreeWithTheWrongSizeOfAnyMapping) {
    // A pending arena-sized mapping.
    EXPECT_INPUT_ERROR(loadError(trace311({kArena, "arena_free 0x7f0000000000 4096"})), kName, 4,
                       "arena_free of 0x7f0000000000 gives 4096 bytes, but the mapping there has "
                       "1048576");
    // A mapping that is not an arena.
    EXPECT_INPUT_ERROR(loadError(trace311({"arena_alloc 0x7f1000000000 65536",
                                           "arena_free 0x7f1000000000 16384"})),
                       kName, 4,
                       "arena_free of 0x7f1000000000 gives 16384 bytes, but the mapping there has "
                       "65536");
    // An arena the simulation has just unmapped (3.8 gives a free arena back).
    EXPECT_INPUT_ERROR(loadError(trace38({"arena_alloc 0x7f0000000000 262144",
                                          "malloc obj 16 0x7f0000000030", "free obj 0x7f0000000030",
                                          "arena_free 0x7f0000000000 1048576"})),
                       kName, 6,
                       "arena_free of 0x7f0000000000 gives 1048576 bytes, but the mapping there has "
                       "262144");
    // The right sizes are fine.
    auto lt = loadTraceText(trace38({"arena_alloc 0x7f0000000000 262144",
                                     "malloc obj 16 0x7f0000000030", "free obj 0x7f0000000030",
                                     "arena_free 0x7f0000000000 262144"}),
                            kName);
    EXPECT_EQ(lt->mismatchCount, 0u);
    EXPECT_TRUE(lt->finalState->mappings.empty());
}

// ------------------------------------------------------------ c. returned twice

TEST(ReplayEdges, SystemPointerReturnedTwiceWhileLive) {
    const std::string live = ", which is still live (returned before and not freed)";
    EXPECT_INPUT_ERROR(loadError(trace311({"malloc obj 1000 0x55d000001000",
                                           "malloc mem 2000 0x55d000001000"})),
                       kName, 4, "malloc mem 2000 returned 0x55d000001000" + live);
    EXPECT_INPUT_ERROR(loadError(trace311({"malloc raw 16 0x55d000002000",
                                           "calloc raw 2 8 0x55d000002000"})),
                       kName, 4, "calloc raw 16 returned 0x55d000002000" + live);
    EXPECT_INPUT_ERROR(loadError(trace311({"malloc obj 1000 0x55d000001000",
                                           "malloc obj 1000 0x55d000002000",
                                           "realloc obj 0x55d000001000 3000 0x55d000002000"})),
                       kName, 5, "realloc obj 3000 returned 0x55d000002000" + live);
    // A live pymalloc block handed out again, by pymalloc or the system.
    EXPECT_INPUT_ERROR(loadError(trace311({kArena, "malloc obj 16 0x7f0000000030",
                                           "malloc obj 16 0x7f0000000030"})),
                       kName, 5, "malloc obj 16 returned 0x7f0000000030" + live);
    EXPECT_INPUT_ERROR(loadError(trace311({kArena, "malloc obj 16 0x7f0000000030",
                                           "malloc obj 1000 0x7f0000000030"})),
                       kName, 5, "malloc obj 1000 returned 0x7f0000000030" + live);
    // Resized in place, or returned again once freed: fine.
    auto lt = loadTraceText(trace311({"malloc obj 1000 0x55d000001000",
                                      "realloc obj 0x55d000001000 3000 0x55d000001000",
                                      "free obj 0x55d000001000", "malloc raw 8 0x55d000001000",
                                      "free raw 0x55d000001000"}),
                            kName);
    EXPECT_EQ(lt->mismatchCount, 0u);
    EXPECT_TRUE(lt->finalState->raw.empty());
}

// ------------------------------------------------------------ d. never handed out

TEST(ReplayEdges, FreeOfACarvedBlockNeverHandedOut) {
    // A new pool hands out its first block and carves the second onto the
    // free list; the second was never returned.
    EXPECT_INPUT_ERROR(loadError(trace311({kArena, "malloc obj 16 0x7f0000000030",
                                           "free obj 0x7f0000000040"})),
                       kName, 5, "free of 0x7f0000000040" + kNeverReturned);
    // 3.8, 512-byte blocks: 7 to a 4 KiB pool. After six, the seventh is
    // carved and the pool has no room left: it was still never handed out.
    std::vector<std::string> lines = {"arena_alloc 0x7f0000000000 262144"};
    for (const char* p : {"030", "230", "430", "630", "830", "a30"})
        lines.push_back(std::string("malloc obj 512 0x7f0000000") + p);
    std::vector<std::string> never = lines;
    never.push_back("free obj 0x7f0000000c30");
    EXPECT_INPUT_ERROR(loadError(trace38(never)), kName, 10,
                       "free of 0x7f0000000c30" + kNeverReturned);
    // Handed out, freed into the full pool, freed again: a double free.
    lines.push_back("malloc obj 512 0x7f0000000c30");
    lines.push_back("free obj 0x7f0000000c30");
    lines.push_back("free obj 0x7f0000000c30");
    EXPECT_INPUT_ERROR(loadError(trace38(lines)), kName, 12,
                       "pointer 0x7f0000000c30 freed twice: its block is already free");
}

// ------------------------------------------------------------ e. after mismatches

TEST(ReplayEdges, TwoMismatchingAllocationsInARowThenBothFreed) {
    // pymalloc gives 0x..30 then 0x..40; the recording has them swapped.
    auto lt = loadTraceText(trace311({kArena, "malloc obj 16 0x7f0000000040",
                                      "malloc obj 16 0x7f0000000030", "free obj 0x7f0000000040",
                                      "free obj 0x7f0000000030", "malloc obj 16 0x7f0000000030",
                                      "free obj 0x7f0000000030"}),
                            kName);
    // Each free gave back the block its pointer stood for; the last one freed
    // (0x..40 in the simulation) is handed out next, where the recording
    // reuses its own last one (0x..30): a third mismatch, no error.
    EXPECT_EQ(lt->mismatchCount, 3u);
    ASSERT_EQ(lt->mismatches.size(), 3u);
    EXPECT_EQ(lt->mismatches[2].message,
              "malloc obj 16 returned 0x7f0000000030, the simulation predicts 0x7f0000000040");
    EXPECT_EQ(lt->predicted, 3u);
    EXPECT_TRUE(lt->finalState->tracked.empty());
    EXPECT_EQ(test::finalStats(*lt).allocatedBytes, 0u);

    // A malloc and a realloc that disagree in a row: the simulation moves the
    // block to the 32-byte class while the recording grows it in place.
    lt = loadTraceText(trace311({kArena, "malloc obj 16 0x7f0000000080",
                                 "realloc obj 0x7f0000000080 20 0x7f0000000080",
                                 "free obj 0x7f0000000080"}),
                       kName);
    EXPECT_EQ(lt->mismatchCount, 2u);
    ASSERT_EQ(lt->mismatches.size(), 2u);
    EXPECT_EQ(lt->mismatches[1].line, 5u);
    EXPECT_EQ(lt->mismatches[1].message,
              "realloc obj 20 returned 0x7f0000000080, the simulation predicts 0x7f0000004030");
    EXPECT_TRUE(lt->finalState->tracked.empty());
    EXPECT_EQ(test::finalStats(*lt).allocatedBytes, 0u);
}

TEST(ReplayEdges, AfterMismatchesARecordedPointerNeverStandsForAnotherBlock) {
    // 0x..40 stands for the simulated 0x..30 and 0x..50 for 0x..40; the
    // recording never returned 0x..30, so freeing it is an error, not a
    // free of the block that 0x..40 stands for.
    EXPECT_INPUT_ERROR(loadError(trace311({kArena, "malloc obj 16 0x7f0000000040",
                                           "malloc obj 16 0x7f0000000050", "free obj 0x7f0000000030"})),
                       kName, 6, "free of 0x7f0000000030" + kNeverReturned);
    EXPECT_INPUT_ERROR(loadError(trace311({kArena, "malloc obj 16 0x7f0000000040",
                                           "malloc obj 16 0x7f0000000050",
                                           "malloc obj 1000 0x7f0000000050"})),
                       kName, 6,
                       "malloc obj 1000 returned 0x7f0000000050, which is still live (returned "
                       "before and not freed)");
}

// Random valid traces whose pointers the simulation mostly cannot predict:
// none is an InputError; one invalid request put in is caught at its line.
TEST(ReplayEdges, RandomTracesAfterMismatchesAreCheckedExactly) {
    std::mt19937 rng(20261124u);
    auto below = [&](size_t n) { return size_t(rng() % n); };
    std::vector<uint64_t> pool;
    for (uint64_t i = 0; i < 6; ++i)
        pool.push_back(0x7f0000000030 + 16 * i);
    for (uint64_t i = 0; i < 4; ++i)
        pool.push_back(0x7f0000004030 + 32 * i);
    for (uint64_t i = 0; i < 3; ++i)
        pool.push_back(0x55d000001000 + 0x100 * i);
    const char* const sizes[] = {"16", "32", "20", "1000"};
    int errors = 0, clean = 0;
    for (int t = 0; t < 1500; ++t) {
        std::vector<uint64_t> live, dead;
        std::vector<std::string> lines = {kArena};
        const bool inject = t % 2 == 1;
        const size_t n = 2 + below(8);
        for (size_t k = 0; k < n; ++k) {
            std::vector<uint64_t> unused;
            for (uint64_t p : pool)
                if (std::find(live.begin(), live.end(), p) == live.end())
                    unused.push_back(p);
            const size_t what = below(100);
            if (!live.empty() && what < 35) {
                const size_t i = below(live.size());
                lines.push_back("free obj " + hexPtr(live[i]));
                dead.push_back(live[i]);
                live.erase(live.begin() + long(i));
            } else if (!live.empty() && what < 60) {
                const size_t i = below(live.size());
                const uint64_t old = live[i];
                unused.push_back(old);
                const uint64_t to = unused[below(unused.size())];
                lines.push_back("realloc obj " + hexPtr(old) + " " + sizes[below(4)] + " " +
                                hexPtr(to));
                live[i] = to;
                if (to != old)
                    dead.push_back(old);
            } else {
                const uint64_t p = unused[below(unused.size())];
                lines.push_back(std::string("malloc obj ") + sizes[below(4)] + " " + hexPtr(p));
                live.push_back(p);
            }
            dead.erase(std::remove_if(dead.begin(), dead.end(),
                                      [&](uint64_t d) {
                                          return std::find(live.begin(), live.end(), d) !=
                                                 live.end();
                                      }),
                       dead.end());
        }
        if (!inject) {
            EXPECT_NO_THROW(loadTraceText(trace311(lines), kName)) << trace311(lines);
            ++clean;
            continue;
        }
        std::string bad;
        const size_t kind = below(3);
        if (kind == 0 && !dead.empty())
            bad = "free obj " + hexPtr(dead[below(dead.size())]);  // freed twice
        else if (kind == 1 && !live.empty())
            bad = "malloc obj 16 " + hexPtr(live[below(live.size())]);  // still live
        else {
            std::vector<uint64_t> unused;
            for (uint64_t p : pool)
                if (std::find(live.begin(), live.end(), p) == live.end())
                    unused.push_back(p);
            bad = "free obj " + hexPtr(unused[below(unused.size())]);  // never returned
        }
        lines.push_back(bad);
        const InputError e = caught([&] { loadTraceText(trace311(lines), kName); });
        EXPECT_EQ(e.line(), lines.size() + 2) << trace311(lines) << e.what();
        ++errors;
    }
    EXPECT_EQ(errors + clean, 1500);
}

// ------------------------------------------------------------ f. the "# python" line

TEST(ReplayEdges, PythonLineAfterTheFirstEventIsAPlainComment) {
    const std::string text = "pymalloc-trace 1\nmalloc obj 1000 0x55d000001000\n"
                             "# python 3.11.7 (main) [GCC]\nfree obj 0x55d000001000\n";
    const std::string message =
        "the trace has no '# python X.Y.Z' line to choose a profile; name one with --profile "
        "(3.7-classic, 3.6, 3.7, 3.8, 3.9, 3.10, 3.11, 3.12, 3.13, 3.14, 3.15, 3.15-hugepages)";
    EXPECT_INPUT_ERROR(loadError(text), kName, 0, message);
    TempFile f(".trace", text);
    EXPECT_INPUT_ERROR(caught([&] { verifyTrace(f.path(), VerifyOptions{}); }), f.path(), 0,
                       message);
    // Before the first event, after other comments, it counts for both.
    const std::string early = "pymalloc-trace 1\n# recorded by hand\n\n"
                              "# python 3.9.18 (main) [GCC]\n# python 3.11.7\n"
                              "malloc obj 1000 0x55d000001000\n";
    EXPECT_EQ(loadTraceText(early, kName)->profile.name, "3.9");
    f.write(early);
    EXPECT_EQ(verifyTrace(f.path(), VerifyOptions{}).profile.name, "3.9");
}

} // namespace
} // namespace arenascope
