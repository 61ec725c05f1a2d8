// The sys._debugmallocstats() report: computed from small hand-made states,
// printed exactly as CPython's printone() does, read back from the fixtures'
// reports, compared, and rejected with file and line when malformed.
#include "model/pymalloc/allocator.h"
#include "model/pymalloc/inputerror.h"
#include "model/trace/loadedtrace.h"
#include "model/pymalloc/mallocstats.h"
#include "testsupport.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace {

using namespace arenascope;
using arenascope::test::allFixtures;
using arenascope::test::fixture;
using arenascope::test::readFile;
using arenascope::test::traceText;

// The statistics of the state a small trace ends in.
MallocStats statsOf(const std::string& python, const std::vector<std::string>& lines) {
    auto lt = loadTraceText(traceText(python, lines), "small.trace");
    EXPECT_EQ(lt->mismatchCount, 0u)
        << (lt->mismatches.empty() ? "" : lt->mismatches.front().message);
    return test::finalStats(*lt);
}

// The line of a report that starts with `key`.
std::string lineOf(const std::string& report, const std::string& key) {
    std::istringstream in(report);
    std::string line;
    while (std::getline(in, line))
        if (line.rfind(key, 0) == 0)
            return line;
    return "(no line starting with '" + key + "')";
}

// ---------------------------------------------------------------- computing

TEST(ComputeStats, SmallState311) {
    // Pool 0: three 16-byte blocks; pool 1: one 512-byte block; pool 2 was
    // used by a 112-byte block and is empty again. One pool lost to alignment.
    const MallocStats s = statsOf("3.11.7", {
                                                "arena_alloc 0x7f0000005000 1048576",
                                                "malloc obj 16 0x7f0000008030",
                                                "malloc obj 16 0x7f0000008040",
                                                "malloc obj 16 0x7f0000008050",
                                                "malloc obj 512 0x7f000000c030",
                                                "malloc obj 100 0x7f0000010030",
                                                "free obj 0x7f0000010030",
                                            });
    EXPECT_EQ(s.threshold, 512u);
    EXPECT_EQ(s.numClasses, 32u);
    ASSERT_EQ(s.classes.size(), 2u);
    EXPECT_EQ(s.classes[0].szidx, 0u);
    EXPECT_EQ(s.classes[0].size, 16u);
    EXPECT_EQ(s.classes[0].pools, 1u);
    EXPECT_EQ(s.classes[0].blocksInUse, 3u);
    EXPECT_EQ(s.classes[0].availBlocks, 1018u); // 1021 - 3
    EXPECT_EQ(s.classes[1].szidx, 31u);
    EXPECT_EQ(s.classes[1].size, 512u);
    EXPECT_EQ(s.classes[1].pools, 1u);
    EXPECT_EQ(s.classes[1].blocksInUse, 1u);
    EXPECT_EQ(s.classes[1].availBlocks, 30u);
    EXPECT_EQ(s.arenasAllocatedTotal, 1u);
    EXPECT_EQ(s.arenasReclaimed, 0u);
    EXPECT_EQ(s.arenasHighwater, 1u);
    EXPECT_EQ(s.arenasCurrent, 1u);
    EXPECT_EQ(s.arenaSize, 1048576u);
    EXPECT_EQ(s.allocatedBytes, 3u * 16 + 512);
    EXPECT_EQ(s.availableBytes, 1018u * 16 + 30 * 512);
    EXPECT_EQ(s.unusedPools, 61u); // 63 - 3 carved + 1 emptied
    EXPECT_EQ(s.poolSize, 16384u);
    EXPECT_EQ(s.poolHeaderBytes, 96u);
    EXPECT_EQ(s.quantization, 464u); // (16384 - 48) % 512
    EXPECT_EQ(s.arenaAlignment, 16384u);
    EXPECT_EQ(s.total, 1048576u);
    EXPECT_TRUE(s.hasArenaMap);
    EXPECT_EQ(s.mapMidNodes, 1u);
    EXPECT_EQ(s.mapBotNodes, 1u);
    EXPECT_EQ(s.mapRootBytes, 262144u);
    EXPECT_EQ(s.mapMidBytes, 262144u);
    EXPECT_EQ(s.mapBotBytes, 131072u);
    EXPECT_EQ(s.mapTotal, 655360u);

    const std::string expected = "Small block threshold = 512, in 32 size classes.\n"
                                 "\n"
                                 "class   size   num pools   blocks in use  avail blocks\n"
                                 "-----   ----   ---------   -------------  ------------\n"
                                 "    0     16           1               3          1018\n"
                                 "   31    512           1               1            30\n"
                                 "\n"
                                 "# arenas allocated total           =                    1\n"
                                 "# arenas reclaimed                 =                    0\n"
                                 "# arenas highwater mark            =                    1\n"
                                 "# arenas allocated current         =                    1\n"
                                 "1 arenas * 1048576 bytes/arena     =            1,048,576\n"
                                 "\n"
                                 "# bytes in allocated blocks        =                  560\n"
                                 "# bytes in available blocks        =               31,648\n"
                                 "61 unused pools * 16384 bytes      =              999,424\n"
                                 "# bytes lost to pool headers       =                   96\n"
                                 "# bytes lost to quantization       =                  464\n"
                                 "# bytes lost to arena alignment    =               16,384\n"
                                 "Total                              =            1,048,576\n"
                                 "\n"
                                 "arena map counts\n"
                                 "# arena map mid nodes              =                    1\n"
                                 "# arena map bot nodes              =                    1\n"
                                 "\n"
                                 "# bytes lost to arena map root     =              262,144\n"
                                 "# bytes lost to arena map mid      =              262,144\n"
                                 "# bytes lost to arena map bot      =              131,072\n"
                                 "Total                              =              655,360\n";
    EXPECT_EQ(formatStats(s), expected);
}

TEST(ComputeStats, SmallState38HasNoArenaMap) {
    const MallocStats s = statsOf("3.8.18", {
                                                "arena_alloc 0x7f0000100000 262144",
                                                "malloc obj 24 0x7f0000100030",
                                                "malloc obj 32 0x7f0000100050",
                                            });
    EXPECT_FALSE(s.hasArenaMap);
    const std::string expected = "Small block threshold = 512, in 32 size classes.\n"
                                 "\n"
                                 "class   size   num pools   blocks in use  avail blocks\n"
                                 "-----   ----   ---------   -------------  ------------\n"
                                 "    1     32           1               2           124\n"
                                 "\n"
                                 "# arenas allocated total           =                    1\n"
                                 "# arenas reclaimed                 =                    0\n"
                                 "# arenas highwater mark            =                    1\n"
                                 "# arenas allocated current         =                    1\n"
                                 "1 arenas * 262144 bytes/arena      =              262,144\n"
                                 "\n"
                                 "# bytes in allocated blocks        =                   64\n"
                                 "# bytes in available blocks        =                3,968\n"
                                 "63 unused pools * 4096 bytes       =              258,048\n"
                                 "# bytes lost to pool headers       =                   48\n"
                                 "# bytes lost to quantization       =                   16\n"
                                 "# bytes lost to arena alignment    =                    0\n"
                                 "Total                              =              262,144\n";
    EXPECT_EQ(formatStats(s), expected);
}

TEST(ComputeStats, ReclaimedArenasAndEmptyState) {
    // 3.8 unmaps the arena once its last block goes; the next one is new.
    const MallocStats s = statsOf("3.8.18", {
                                                "arena_alloc 0x7f0000100000 262144",
                                                "malloc obj 8 0x7f0000100030",
                                                "arena_free 0x7f0000100000 262144",
                                                "free obj 0x7f0000100030",
                                                "arena_alloc 0x7f0000200000 262144",
                                                "malloc obj 200 0x7f0000200030",
                                            });
    EXPECT_EQ(s.arenasAllocatedTotal, 2u);
    EXPECT_EQ(s.arenasReclaimed, 1u);
    EXPECT_EQ(s.arenasHighwater, 1u);
    EXPECT_EQ(s.arenasCurrent, 1u);
    ASSERT_EQ(s.classes.size(), 1u);
    EXPECT_EQ(s.classes[0].szidx, 12u);
    EXPECT_EQ(s.classes[0].availBlocks, 18u); // 4048 / 208 = 19 blocks

    const MallocStats e = statsOf("3.11.7", {});
    EXPECT_TRUE(e.classes.empty());
    EXPECT_EQ(e.total, 0u);
    EXPECT_EQ(e.mapMidNodes, 0u);
    EXPECT_EQ(e.mapTotal, 262144u); // the root alone
    EXPECT_EQ(lineOf(formatStats(e), "0 arenas"),
              "0 arenas * 1048576 bytes/arena     =                    0");
}

TEST(ComputeStats, Classic37Has64Classes) {
    const MallocStats s = statsOf("3.7.3", {
                                               "arena_alloc 0x7f0000040000 262144",
                                               "malloc obj 8 0x7f0000040030",
                                               "malloc obj 8 0x7f0000040038",
                                               "malloc obj 20 0x7f0000041030",
                                           });
    EXPECT_EQ(s.numClasses, 64u);
    ASSERT_EQ(s.classes.size(), 2u);
    EXPECT_EQ(s.classes[1].szidx, 2u);
    EXPECT_EQ(s.classes[1].size, 24u);
    EXPECT_EQ(s.classes[1].availBlocks, 4048u / 24 - 1);
    const std::string text = formatStats(s);
    EXPECT_EQ(text.substr(0, text.find('\n')), "Small block threshold = 512, in 64 size classes.");
    EXPECT_EQ(lineOf(text, "    0"), "    0      8           1               2           504");
    EXPECT_EQ(lineOf(text, "# bytes lost to quantization"),
              "# bytes lost to quantization       =                   16"); // 4048 % 24
}

TEST(ComputeStats, ArenaMapNodesForAnArenaAcrossANodeBoundary) {
    // 3.11 (64 address bits): bottom nodes cover 2^34 bytes. An arena that is
    // not 1 MiB-aligned marks its base and base + 1 MiB, here in two nodes.
    MallocStats s =
        statsOf("3.11.7", {"arena_alloc 0x7f03ffff5000 1048576", "malloc obj 16 0x7f03ffff8030"});
    EXPECT_EQ(s.mapMidNodes, 1u);
    EXPECT_EQ(s.mapBotNodes, 2u);
    EXPECT_EQ(s.mapBotBytes, 262144u);
    EXPECT_EQ(s.mapTotal, 262144u * 2 + 262144u);
    // 3.10 (48 bits, 10/10/8): the root and mid nodes hold 1,024 pointers,
    // a bottom node 256 entries of 8 bytes; this arena straddles two mid nodes.
    s = statsOf("3.10.13", {"arena_alloc 0x7fbffffff000 1048576", "malloc obj 16 0x7fc000000030"});
    EXPECT_EQ(s.mapMidNodes, 2u);
    EXPECT_EQ(s.mapBotNodes, 2u);
    EXPECT_EQ(s.mapRootBytes, 8192u);
    EXPECT_EQ(s.mapMidBytes, 16384u);
    EXPECT_EQ(s.mapBotBytes, 4096u);
    EXPECT_EQ(s.mapTotal, 28672u);
    EXPECT_EQ(s.arenaAlignment, 16384u);
}

// ---------------------------------------------------------------- printone

TEST(FormatStats, PrintoneColumnsAndThousandsSeparators) {
    const std::vector<std::pair<uint64_t, std::string>> cases = {
        {0, "0"},
        {7, "7"},
        {999, "999"},
        {1000, "1,000"},
        {12345, "12,345"},
        {999999, "999,999"},
        {1000000, "1,000,000"},
        {1234567890123ull, "1,234,567,890,123"},
        {999999999999999ull, "999,999,999,999,999"}, // 19 characters
    };
    for (const auto& c : cases) {
        MallocStats s;
        s.arenasAllocatedTotal = c.first;
        const std::string line = lineOf(formatStats(s), "# arenas allocated total");
        ASSERT_EQ(line.size(), 57u) << line;
        EXPECT_EQ(line.find('='), 35u);
        EXPECT_EQ(line.substr(0, 35), "# arenas allocated total           ");
        EXPECT_EQ(line.substr(36), std::string(21 - c.second.size(), ' ') + c.second);
    }
    // A message longer than 35 columns is not padded.
    MallocStats s;
    s.unusedPools = 123456789;
    s.poolSize = 16384;
    EXPECT_EQ(lineOf(formatStats(s), "123456789 unused"),
              "123456789 unused pools * 16384 bytes=    2,022,716,030,976");
}

TEST(FormatStats, PrintoneKeepsTheLast21ColumnsOfAWideValue) {
    // CPython's printone() fills a 21-character buffer from the right and
    // stops when it is full, so a value of 10^16 or more loses its leading
    // digits ("10,000,000,000,000,000" is 22 characters).
    MallocStats s;
    s.arenasAllocatedTotal = 10000000000000000ull;
    EXPECT_EQ(lineOf(formatStats(s), "# arenas allocated total"),
              "# arenas allocated total           =0,000,000,000,000,000");
}

TEST(FormatStats, SizeClassRowWidths) {
    MallocStats s;
    s.classes.push_back({31, 512, 12345, 1234567, 7654321});
    s.classes.push_back({5, 96, 0, 0, 0});
    const std::string text = formatStats(s);
    EXPECT_EQ(lineOf(text, "   31"), "   31    512       12345         1234567       7654321");
    EXPECT_EQ(lineOf(text, "    5"), "    5     96           0               0             0");
}

// ---------------------------------------------------------------- parsing

class StatsFixture : public ::testing::TestWithParam<std::string> {};

TEST_P(StatsFixture, ParseThenFormatRoundTrips) {
    const std::string path = fixture(GetParam() + ".stats");
    const std::string text = readFile(path);
    const MallocStats s = parseStats(text, path);
    EXPECT_EQ(formatStats(s), text);
    EXPECT_TRUE(compareStats(s, s).empty());
    EXPECT_FALSE(s.classes.empty());
    EXPECT_EQ(s.numClasses * (s.classes.front().size / (s.classes.front().szidx + 1)), 512u);
    EXPECT_EQ(s.total, s.arenasCurrent * s.arenaSize);
    EXPECT_EQ(s.arenasReclaimed, s.arenasAllocatedTotal - s.arenasCurrent);
    // readStatsFile reads the same.
    EXPECT_EQ(formatStats(readStatsFile(path)), text);
    // Windows line ends read the same.
    std::string crlf;
    for (char c : text) {
        if (c == '\n')
            crlf += '\r';
        crlf += c;
    }
    EXPECT_EQ(formatStats(parseStats(crlf, path)), text);
}

INSTANTIATE_TEST_SUITE_P(Fixtures, StatsFixture, ::testing::ValuesIn(allFixtures()),
                         test::fixtureTestName<std::string>);

TEST(ParseStats, KnownValuesOfTheDictChurnReport) {
    const MallocStats s = readStatsFile(fixture("dict_churn.stats"));
    EXPECT_EQ(s.threshold, 512u);
    EXPECT_EQ(s.numClasses, 32u);
    EXPECT_EQ(s.classes.size(), 32u);
    EXPECT_EQ(s.classes[3].szidx, 3u);
    EXPECT_EQ(s.classes[3].size, 64u);
    EXPECT_EQ(s.classes[3].pools, 34u);
    EXPECT_EQ(s.classes[3].blocksInUse, 6470u);
    EXPECT_EQ(s.classes[3].availBlocks, 2200u);
    EXPECT_EQ(s.arenasAllocatedTotal, 2u);
    EXPECT_EQ(s.arenasHighwater, 2u);
    EXPECT_EQ(s.arenaSize, 1048576u);
    EXPECT_EQ(s.allocatedBytes, 1064784u);
    EXPECT_EQ(s.availableBytes, 546096u);
    EXPECT_EQ(s.unusedPools, 27u);
    EXPECT_EQ(s.poolSize, 16384u);
    EXPECT_EQ(s.poolHeaderBytes, 4752u);
    EXPECT_EQ(s.quantization, 6384u);
    EXPECT_EQ(s.arenaAlignment, 32768u);
    EXPECT_EQ(s.total, 2097152u);
    EXPECT_TRUE(s.hasArenaMap);
    EXPECT_EQ(s.mapMidNodes, 1u);
    EXPECT_EQ(s.mapBotNodes, 1u);
    EXPECT_EQ(s.mapTotal, 655360u);

    const MallocStats c = readStatsFile(fixture("v3.7-classic/dict_churn.stats"));
    EXPECT_EQ(c.numClasses, 64u);
    EXPECT_EQ(c.classes.size(), 64u);
    EXPECT_EQ(c.classes[63].size, 512u);
    EXPECT_EQ(c.arenasReclaimed, 3u);
    EXPECT_EQ(c.arenaSize, 262144u);
    EXPECT_FALSE(c.hasArenaMap);
}

TEST(ParseStats, IgnoresTheRestOfTheInterpreterReport) {
    const std::string path = fixture("v3.8/dict_churn.stats");
    const std::string text = readFile(path);
    // What sys._debugmallocstats() prints after the pymalloc part.
    const std::string more =
        "\n"
        "         3 free PyCFunctionObjects * 48 bytes each =                  144\n"
        "             80 free PyDictObjects * 48 bytes each =                3,840\n"
        "           1 free PyFloatObjects * 24 bytes each =                   24\n";
    const MallocStats s = parseStats("\n" + text + more, path);
    EXPECT_TRUE(compareStats(parseStats(text, path), s).empty());
    EXPECT_EQ(formatStats(s), text);
}

// ---------------------------------------------------------------- comparing

TEST(CompareStats, ReportsAChangedClassRowAndArenaCounter) {
    const MallocStats expected = readStatsFile(fixture("dict_churn.stats"));
    MallocStats actual = expected;
    actual.classes[3].blocksInUse = 6471;
    actual.classes[3].availBlocks = 2199;
    actual.arenasHighwater = 3;
    const std::vector<std::string> d = compareStats(expected, actual);
    EXPECT_EQ(d, std::vector<std::string>({
                     "class 3 (64 bytes) blocks in use: expected 6470, simulated 6471",
                     "class 3 (64 bytes) avail blocks: expected 2200, simulated 2199",
                     "# arenas highwater mark: expected 2, simulated 3",
                 }));

    actual = expected;
    actual.classes[0].pools = 2;
    actual.arenasCurrent = 1;
    actual.unusedPools = 26;
    EXPECT_EQ(compareStats(expected, actual),
              std::vector<std::string>({
                  "class 0 (16 bytes) num pools: expected 1, simulated 2",
                  "# arenas allocated current: expected 2, simulated 1",
                  "unused pools: expected 27, simulated 26",
              }));
}

TEST(CompareStats, ReportsMissingAndExtraClasses) {
    const MallocStats expected = readStatsFile(fixture("dict_churn.stats"));
    MallocStats actual = expected;
    actual.classes.erase(actual.classes.begin() + 5); // class 5 (96 bytes, 2 pools)
    EXPECT_EQ(compareStats(expected, actual),
              std::vector<std::string>({"class 5 (96 bytes): expected 2 pools, simulated none"}));
    EXPECT_EQ(compareStats(actual, expected),
              std::vector<std::string>({"class 5 (96 bytes): expected no pools, simulated 2"}));

    MallocStats classic = expected;
    classic.numClasses = 64;
    EXPECT_EQ(compareStats(expected, classic),
              std::vector<std::string>({"size classes: expected 32, simulated 64"}));

    MallocStats map = expected;
    map.mapBotNodes = 2;
    EXPECT_EQ(compareStats(expected, map),
              std::vector<std::string>({"# arena map bot nodes: expected 1, simulated 2"}));
}

// ---------------------------------------------------------------- errors

void expectError(const std::string& text, uint64_t line, const std::string& message) {
    try {
        parseStats(text, "bad.stats");
        ADD_FAILURE() << "no error for:\n" << text;
    } catch (const InputError& e) {
        EXPECT_EQ(e.file(), "bad.stats");
        EXPECT_EQ(e.line(), line);
        EXPECT_EQ(e.message(), message);
        EXPECT_EQ(std::string(e.what()), "bad.stats:" + std::to_string(line) + ": " + message);
    }
}

TEST(ParseStatsErrors, NameTheFileAndLine) {
    expectError("hello\n", 1,
                "not a sys._debugmallocstats() report: expected 'Small block threshold = 512, in "
                "N size classes.'");
    expectError("\n\nSmall block threshold = five\n", 3,
                "not a sys._debugmallocstats() report: expected 'Small block threshold = 512, in "
                "N size classes.'");
    expectError("", 1, "not a sys._debugmallocstats() report: no 'Small block threshold' line");
    expectError("\n\n", 2, "not a sys._debugmallocstats() report: no 'Small block threshold' line");

    const std::string head = "Small block threshold = 512, in 32 size classes.\n"
                             "\n"
                             "class   size   num pools   blocks in use  avail blocks\n"
                             "-----   ----   ---------   -------------  ------------\n";
    expectError(head + "    0     16           1              25           996\n"
                       "    1     32           x             503          1027\n",
                6, "bad size-class row: expected 'class size pools blocks available'");
    expectError(head + "    0     16           1              25           996   7\n", 5,
                "bad size-class row: expected 'class size pools blocks available'");
    expectError(head + "    0     16           1              25           996\n\n", 6,
                "the report ends before '# arenas allocated total'");
}

TEST(ParseStatsErrors, MissingFile) {
    try {
        readStatsFile("/nonexistent/dir/x.stats");
        ADD_FAILURE() << "no error";
    } catch (const InputError& e) {
        EXPECT_EQ(e.file(), "/nonexistent/dir/x.stats");
        EXPECT_EQ(e.line(), 0u);
        EXPECT_EQ(std::string(e.what()).rfind("/nonexistent/dir/x.stats: cannot open: ", 0), 0u)
            << e.what();
    }
}

} // namespace
