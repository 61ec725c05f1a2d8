// arenascope-cli (product brief, "The command-line contract"): exact output
// and exit codes of verify and stats, 0 success, 1 a failed check, 2 bad
// input or usage; and the real executable's process exit codes.
#include "app/cli/commands.h"
#include "testsupport.h"

#include <gtest/gtest.h>

#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace {

using arenascope::test::fixture;
using arenascope::test::readFile;
using arenascope::test::TempFile;
using arenascope::test::traceText;

const char* const kUsage =
    "usage: arenascope-cli COMMAND ...\n"
    "  verify TRACE [--stats STATS] [--profile V]   replay TRACE and check every pointer\n"
    "  stats TRACE [--at STEP] [--profile V]        print sys._debugmallocstats() at STEP\n"
    "exit codes: 0 success, 1 a check failed, 2 bad input or usage\n";
const char* const kKnownProfiles = "3.7-classic, 3.6, 3.7, 3.8, 3.9, 3.10, 3.11, 3.12, 3.13, 3.14, 3.15, 3.15-hugepages";

// Counted once with the tool and checked against the interpreter's reports.
const char* const kStartupVerify = "events 24474 predicted 16738 mismatches 0\n";
const char* const kDictChurnVerify = "events 217196 predicted 114972 mismatches 0\n";
constexpr uint64_t kStartupEvents = 24474;

// The report of a 3.11 process before its first allocation.
const char* const kEmptyReport311 =
    "Small block threshold = 512, in 32 size classes.\n"
    "\n"
    "class   size   num pools   blocks in use  avail blocks\n"
    "-----   ----   ---------   -------------  ------------\n"
    "\n"
    "# arenas allocated total           =                    0\n"
    "# arenas reclaimed                 =                    0\n"
    "# arenas highwater mark            =                    0\n"
    "# arenas allocated current         =                    0\n"
    "0 arenas * 1048576 bytes/arena     =                    0\n"
    "\n"
    "# bytes in allocated blocks        =                    0\n"
    "# bytes in available blocks        =                    0\n"
    "0 unused pools * 16384 bytes       =                    0\n"
    "# bytes lost to pool headers       =                    0\n"
    "# bytes lost to quantization       =                    0\n"
    "# bytes lost to arena alignment    =                    0\n"
    "Total                              =                    0\n"
    "\n"
    "arena map counts\n"
    "# arena map mid nodes              =                    0\n"
    "# arena map bot nodes              =                    0\n"
    "\n"
    "# bytes lost to arena map root     =              262,144\n"
    "# bytes lost to arena map mid      =                    0\n"
    "# bytes lost to arena map bot      =                    0\n"
    "Total                              =              262,144\n";

struct Result {
    int code = -1;
    std::string out, err;
};

Result cli(const std::vector<std::string>& argv) {
    std::ostringstream out, err;
    Result r;
    r.code = arenascope::cli::runCli(argv, out, err);
    r.out = out.str();
    r.err = err.str();
    return r;
}

std::string replaced(std::string s, const std::string& from, const std::string& to) {
    const size_t at = s.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    if (at != std::string::npos)
        s.replace(at, from.size(), to);
    return s;
}

const char* const kArena = "arena_alloc 0x7f0000000000 1048576";

// pymalloc hands out 0x...30 first; the recording says 0x...40 (line 4).
std::string mismatchTrace() {
    return traceText("3.11.7", {kArena, "malloc obj 16 0x7f0000000040", "free obj 0x7f0000000040",
                                "malloc obj 16 0x7f0000000030", "free obj 0x7f0000000030"});
}

// ------------------------------------------------------------ verify

TEST(Cli, VerifyStartupListcompWithStats) {
    const Result r = cli({"verify", fixture("startup_listcomp.trace.gz"), "--stats",
                          fixture("startup_listcomp.stats")});
    EXPECT_EQ(r.code, 0);
    EXPECT_EQ(r.out, std::string(kStartupVerify) + "stats match\n");
    EXPECT_EQ(r.err, "");
}

TEST(Cli, VerifyDictChurnWithStats) {
    const Result r =
        cli({"verify", fixture("dict_churn.trace.gz"), "--stats", fixture("dict_churn.stats")});
    EXPECT_EQ(r.code, 0);
    EXPECT_EQ(r.out, std::string(kDictChurnVerify) + "stats match\n");
    EXPECT_EQ(r.err, "");
}

TEST(Cli, VerifyWithoutStats) {
    const Result r = cli({"verify", fixture("startup_listcomp.trace.gz")});
    EXPECT_EQ(r.code, 0);
    EXPECT_EQ(r.out, kStartupVerify);
    EXPECT_EQ(r.err, "");
}

TEST(Cli, VerifyWithProfileOptionBothSpellings) {
    // Options may come before the TRACE, and as --name=value.
    const Result a = cli({"verify", "--profile", "3.11", fixture("startup_listcomp.trace.gz")});
    EXPECT_EQ(a.code, 0);
    EXPECT_EQ(a.out, kStartupVerify);
    const Result b = cli({"verify", fixture("startup_listcomp.trace.gz"), "--profile=3.11",
                          "--stats=" + fixture("startup_listcomp.stats")});
    EXPECT_EQ(b.code, 0);
    EXPECT_EQ(b.out, std::string(kStartupVerify) + "stats match\n");
}

TEST(Cli, VerifyReportsTheFirstMismatch) {
    TempFile t(".trace", mismatchTrace());
    const Result r = cli({"verify", t.path()});
    EXPECT_EQ(r.code, 1);
    EXPECT_EQ(r.out, "events 5 predicted 2 mismatches 1\n"
                     "first mismatch: " + t.path() + ":4: malloc obj 16 returned 0x7f0000000040, "
                     "the simulation predicts 0x7f0000000030\n");
    EXPECT_EQ(r.err, "");
}

TEST(Cli, VerifyWithAWrongProfileReportsMismatchesNotBadInput) {
    // A well-formed trace replayed with the wrong rules drifts apart from the
    // recording; the replay goes on to the end and reports it (exit 1).
    const std::string classic = fixture("v3.7-classic/dict_churn.trace.gz");
    Result r = cli({"verify", classic, "--profile", "3.7"});
    EXPECT_EQ(r.code, 1);
    EXPECT_EQ(r.out, "events 186170 predicted 81288 mismatches 101239\n"
                     "first mismatch: " + classic + ":7: malloc obj 65 returned 0x7f2cac565078, "
                     "the simulation predicts 0x7f2cac565080\n");
    EXPECT_EQ(r.err, "");
    // 3.9 keeps an empty arena that 3.8 gives back; the statistics differ too.
    const std::string v38 = fixture("v3.8/dict_churn");
    r = cli({"verify", v38 + ".trace.gz", "--profile", "3.9", "--stats", v38 + ".stats"});
    EXPECT_EQ(r.code, 1);
    EXPECT_EQ(r.out, "events 182299 predicted 99097 mismatches 15\n"
                     "first mismatch: " + v38 + ".trace.gz:14805: the trace unmaps the arena at "
                     "0x7f4653d5e000 before this request, but the simulation keeps it\n"
                     "stats differ (2):\n"
                     "  # arenas allocated total: expected 23, simulated 9\n"
                     "  # arenas reclaimed: expected 14, simulated 0\n");
    // No fixture is bad input under any profile.
    for (const std::string& name : arenascope::test::allFixtures())
        for (const char* profile : {"3.7-classic", "3.8", "3.11"})
            EXPECT_NE(cli({"verify", fixture(name + ".trace.gz"), "--profile", profile}).code, 2)
                << name << " --profile " << profile;
}

TEST(Cli, MalformedInputAfterAMismatchStillExits2) {
    TempFile t(".trace", traceText("3.11.7", {kArena, "malloc obj 16 0x7f0000000040",
                                              "free obj 0x7f0000000040", "free obj 0x7f0000000040"}));
    const Result r = cli({"verify", t.path()});
    EXPECT_EQ(r.code, 2);
    EXPECT_EQ(r.out, "");
    EXPECT_EQ(r.err, "arenascope-cli: " + t.path() + ":6: free of 0x7f0000000040: no live "
                     "allocation starts there (never returned, or freed twice)\n");
}

TEST(Cli, VerifyReportsTheFirstOfSeveralMismatches) {
    TempFile t(".trace", traceText("3.11.7", {kArena, "malloc obj 16 0x7f0000000040",
                                              "malloc obj 32 0x7f0000004040",
                                              "malloc obj 32 0x7f0000004060"}));
    const Result r = cli({"verify", t.path()});
    EXPECT_EQ(r.code, 1);
    EXPECT_EQ(r.out, "events 4 predicted 3 mismatches 3\n"
                     "first mismatch: " + t.path() + ":4: malloc obj 16 returned 0x7f0000000040, "
                     "the simulation predicts 0x7f0000000030\n");
}

TEST(Cli, VerifyStatsDiffer) {
    const std::string stats = readFile(fixture("startup_listcomp.stats"));
    ASSERT_FALSE(stats.empty());
    TempFile s(".stats", replaced(stats, "    0     16           1              18          1003",
                                  "    0     16           1              19          1003"));
    const Result r = cli({"verify", fixture("startup_listcomp.trace.gz"), "--stats", s.path()});
    EXPECT_EQ(r.code, 1);
    EXPECT_EQ(r.out, std::string(kStartupVerify) +
                         "stats differ (1):\n"
                         "  class 0 (16 bytes) blocks in use: expected 19, simulated 18\n");
    EXPECT_EQ(r.err, "");
}

TEST(Cli, VerifyStatsDifferInSeveralPlaces) {
    std::string stats = readFile(fixture("startup_listcomp.stats"));
    // A class the simulation has not, one it has that the report lacks, and
    // an arena counter.
    stats = replaced(stats, "   31    512           1               4            27\n",
                     "   30    496           1               1            31\n");
    stats = replaced(stats, "# arenas allocated total           =                    2",
                     "# arenas allocated total           =                    3");
    TempFile s(".stats", stats);
    const Result r = cli({"verify", fixture("startup_listcomp.trace.gz"), "--stats", s.path()});
    EXPECT_EQ(r.code, 1);
    EXPECT_EQ(r.out, std::string(kStartupVerify) +
                         "stats differ (3):\n"
                         "  class 30 (496 bytes): expected 1 pools, simulated none\n"
                         "  class 31 (512 bytes): expected no pools, simulated 1\n"
                         "  # arenas allocated total: expected 3, simulated 2\n");
}

TEST(Cli, VerifyWithMismatchAndMatchingStatsStillFails) {
    // The stats of the mismatch trace's end: nothing allocated, one arena.
    TempFile t(".trace", mismatchTrace());
    const Result s = cli({"stats", t.path()});
    ASSERT_EQ(s.code, 0);
    TempFile st(".stats", s.out);
    const Result r = cli({"verify", t.path(), "--stats", st.path()});
    EXPECT_EQ(r.code, 1);
    EXPECT_EQ(r.out, "events 5 predicted 2 mismatches 1\n"
                     "first mismatch: " + t.path() + ":4: malloc obj 16 returned 0x7f0000000040, "
                     "the simulation predicts 0x7f0000000030\n"
                     "stats match\n");
}

// ------------------------------------------------------------ stats

TEST(Cli, StatsEqualsTheInterpretersReport) {
    for (const char* name : {"startup_listcomp", "dict_churn"}) {
        const Result r = cli({"stats", fixture(std::string(name) + ".trace.gz")});
        EXPECT_EQ(r.code, 0) << name;
        EXPECT_EQ(r.out, readFile(fixture(std::string(name) + ".stats"))) << name;
        EXPECT_EQ(r.err, "") << name;
    }
}

TEST(Cli, StatsAtZeroIsEmpty) {
    const Result r = cli({"stats", fixture("startup_listcomp.trace.gz"), "--at", "0"});
    EXPECT_EQ(r.code, 0);
    EXPECT_EQ(r.out, kEmptyReport311);
    EXPECT_EQ(r.err, "");
}

TEST(Cli, StatsAtTheLastStepIsTheEnd) {
    const Result r = cli({"stats", fixture("startup_listcomp.trace.gz"), "--at",
                          std::to_string(kStartupEvents)});
    EXPECT_EQ(r.code, 0);
    EXPECT_EQ(r.out, readFile(fixture("startup_listcomp.stats")));
}

TEST(Cli, StatsAtASmallStep) {
    // Step 2: after the arena_alloc line and the first malloc of 16 bytes.
    TempFile t(".trace", mismatchTrace());
    const Result r = cli({"stats", t.path(), "--at", "2"});
    EXPECT_EQ(r.code, 0);
    const std::string report = r.out;
    EXPECT_NE(report.find("    0     16           1               1          1020\n"), std::string::npos)
        << report;
    EXPECT_NE(report.find("# arenas allocated current         =                    1\n"),
              std::string::npos)
        << report;
}

TEST(Cli, StatsAtPastTheEnd) {
    const std::string trace = fixture("startup_listcomp.trace.gz");
    const Result r = cli({"stats", trace, "--at", std::to_string(kStartupEvents + 1)});
    EXPECT_EQ(r.code, 2);
    EXPECT_EQ(r.out, "");
    EXPECT_EQ(r.err, "arenascope-cli: " + trace + ": step 24475 is past the end: the trace has " +
                         "24474 events\n");
}

// ------------------------------------------------------------ bad input: exit 2

TEST(Cli, BadTraceLineExits2) {
    TempFile t(".trace", traceText("3.11.7", {kArena, "mallok obj 16 0x7f0000000030"}));
    for (const char* command : {"verify", "stats"}) {
        const Result r = cli({command, t.path()});
        EXPECT_EQ(r.code, 2) << command;
        EXPECT_EQ(r.out, "") << command;
        EXPECT_EQ(r.err, "arenascope-cli: " + t.path() +
                             ":4: unknown event 'mallok': expected malloc, calloc, realloc, free, "
                             "arena_alloc or arena_free\n")
            << command;
    }
}

TEST(Cli, ImpossibleReplayExits2) {
    TempFile t(".trace", traceText("3.11.7", {kArena, "malloc obj 16 0x7f0000000030",
                                              "free obj 0x7f0000000030", "free obj 0x7f0000000030"}));
    const Result r = cli({"verify", t.path()});
    EXPECT_EQ(r.code, 2);
    EXPECT_EQ(r.out, "");
    EXPECT_EQ(r.err, "arenascope-cli: " + t.path() +
                         ":6: pointer 0x7f0000000030 freed twice: its block is already free\n");
}

TEST(Cli, TruncatedGzipExits2) {
    // The fixture cut in half.
    const std::string gz = readFile(fixture("startup_listcomp.trace.gz"));
    ASSERT_GT(gz.size(), 1000u);
    TempFile t(".trace.gz", gz.substr(0, gz.size() / 2));
    const Result r = cli({"verify", t.path()});
    EXPECT_EQ(r.code, 2);
    EXPECT_EQ(r.out, "");
    const std::string prefix = "arenascope-cli: " + t.path() + ":";
    const std::string suffix = ": the gzip stream ends early (the file is truncated)\n";
    ASSERT_GT(r.err.size(), prefix.size() + suffix.size());
    EXPECT_EQ(r.err.substr(0, prefix.size()), prefix);
    EXPECT_EQ(r.err.substr(r.err.size() - suffix.size()), suffix);
    // The line is somewhere inside the trace (it has 24,476 lines).
    const uint64_t line = std::stoull(r.err.substr(prefix.size()));
    EXPECT_GT(line, 2u);
    EXPECT_LT(line, 24476u);
}

TEST(Cli, MissingFilesExit2) {
    const std::string missing =
        (std::filesystem::temp_directory_path() / "arenascope_no_such_dir" / "x.trace").string();
    Result r = cli({"verify", missing});
    EXPECT_EQ(r.code, 2);
    EXPECT_EQ(r.out, "");
    EXPECT_EQ(r.err, "arenascope-cli: " + missing + ": cannot open: No such file or directory\n");
    r = cli({"stats", missing});
    EXPECT_EQ(r.code, 2);
    EXPECT_EQ(r.err, "arenascope-cli: " + missing + ": cannot open: No such file or directory\n");
    r = cli({"verify", fixture("startup_listcomp.trace.gz"), "--stats", missing});
    EXPECT_EQ(r.code, 2);
    EXPECT_EQ(r.out, "");
    EXPECT_EQ(r.err, "arenascope-cli: " + missing + ": cannot open: No such file or directory\n");
}

TEST(Cli, BadStatsFileExits2) {
    TempFile s(".stats", "hello\n");
    const Result r = cli({"verify", fixture("startup_listcomp.trace.gz"), "--stats", s.path()});
    EXPECT_EQ(r.code, 2);
    EXPECT_EQ(r.out, "");
    EXPECT_EQ(r.err, "arenascope-cli: " + s.path() +
                         ":1: not a sys._debugmallocstats() report: expected 'Small block "
                         "threshold = 512, in N size classes.'\n");
}

TEST(Cli, UnknownProfileExits2) {
    const std::string trace = fixture("startup_listcomp.trace.gz");
    const Result r = cli({"verify", trace, "--profile", "9.9"});
    EXPECT_EQ(r.code, 2);
    EXPECT_EQ(r.out, "");
    EXPECT_EQ(r.err, "arenascope-cli: " + trace + ": unknown profile '9.9' (known: " +
                         kKnownProfiles + ")\n");
}

TEST(Cli, NoPythonLineExits2) {
    TempFile t(".trace", "pymalloc-trace 1\nmalloc obj 1000 0x55d000001000\n");
    Result r = cli({"stats", t.path()});
    EXPECT_EQ(r.code, 2);
    EXPECT_EQ(r.out, "");
    EXPECT_EQ(r.err, "arenascope-cli: " + t.path() +
                         ": the trace has no '# python X.Y.Z' line to choose a profile; name one "
                         "with --profile (" + kKnownProfiles + ")\n");
    r = cli({"verify", t.path(), "--profile", "3.11"});
    EXPECT_EQ(r.code, 0);
    EXPECT_EQ(r.out, "events 1 predicted 0 mismatches 0\n");
}

// ------------------------------------------------------------ usage: exit 2

void expectUsageError(const std::vector<std::string>& argv, const std::string& message) {
    const Result r = cli(argv);
    EXPECT_EQ(r.code, 2) << message;
    EXPECT_EQ(r.out, "") << message;
    EXPECT_EQ(r.err, "arenascope-cli: " + message + "\n" + kUsage);
}

TEST(Cli, UsageErrors) {
    const std::string trace = fixture("startup_listcomp.trace.gz");
    expectUsageError({}, "no command given");
    expectUsageError({"frobnicate"}, "unknown command 'frobnicate'");
    expectUsageError({"frobnicate", trace}, "unknown command 'frobnicate'");
    expectUsageError({"verify", trace, "--frob"}, "unknown option --frob");
    expectUsageError({"verify", trace, "--frob=1"}, "unknown option --frob");
    expectUsageError({"verify", trace, "--at", "3"}, "unknown option --at");
    expectUsageError({"stats", trace, "--stats", "x.stats"}, "unknown option --stats");
    expectUsageError({"verify", trace, "--stats"}, "--stats needs a value");
    expectUsageError({"stats", trace, "--at"}, "--at needs a value");
    expectUsageError({"stats", trace, "--at", "ten"}, "--at takes a whole number, not 'ten'");
    expectUsageError({"stats", trace, "--at", "-1"}, "--at takes a whole number, not '-1'");
    expectUsageError({"stats", trace, "--at="}, "--at takes a whole number, not ''");
    expectUsageError({"verify", trace, trace}, "expected one TRACE, got 2");
    expectUsageError({"stats", trace, trace}, "expected one TRACE, got 2");
    expectUsageError({"verify"}, "expected one TRACE, got 0");
    expectUsageError({"stats"}, "expected one TRACE, got 0");
}

TEST(Cli, Help) {
    for (const char* h : {"--help", "-h", "help"}) {
        const Result r = cli({h});
        EXPECT_EQ(r.code, 0) << h;
        EXPECT_EQ(r.out, kUsage) << h;
        EXPECT_EQ(r.err, "") << h;
    }
}

// ------------------------------------------------------------ the real executable

// Runs arenascope-cli with its output in files; returns the exit status.
int runProcess(const std::string& args, std::string* out, std::string* err) {
    TempFile o(".out"), e(".err");
    const std::string command =
        std::string("'") + ARENASCOPE_CLI + "' " + args + " >'" + o.path() + "' 2>'" + e.path() + "'";
    const int status = std::system(command.c_str());
    if (out)
        *out = readFile(o.path());
    if (err)
        *err = readFile(e.path());
    if (status == -1 || !WIFEXITED(status))
        return -1;
    return WEXITSTATUS(status);
}

std::string quoted(const std::string& s) { return "'" + s + "'"; }

// The executable lists the model's commands and, when built with Qt, the
// export command's lines between them and the exit codes.
::testing::AssertionResult isUsage(const std::string& text) {
    const std::string u = kUsage;
    const size_t tail = u.rfind("exit codes:");
    if (text.compare(0, tail, u, 0, tail) != 0 || text.size() < u.size() - tail ||
        text.compare(text.size() - (u.size() - tail), std::string::npos, u, tail) != 0)
        return ::testing::AssertionFailure() << "not the usage text:\n" << text;
    return ::testing::AssertionSuccess();
}

TEST(CliProcess, ExitCodes) {
    ASSERT_TRUE(std::filesystem::exists(ARENASCOPE_CLI)) << ARENASCOPE_CLI;
    std::string out, err;
    // 0: success.
    EXPECT_EQ(runProcess("verify " + quoted(fixture("startup_listcomp.trace.gz")) + " --stats " +
                             quoted(fixture("startup_listcomp.stats")),
                         &out, &err),
              0);
    EXPECT_EQ(out, std::string(kStartupVerify) + "stats match\n");
    EXPECT_EQ(err, "");
    EXPECT_EQ(runProcess("--help", &out, &err), 0);
    EXPECT_TRUE(isUsage(out));

    // 1: a check failed.
    TempFile mismatch(".trace", mismatchTrace());
    EXPECT_EQ(runProcess("verify " + quoted(mismatch.path()), &out, &err), 1);
    EXPECT_EQ(out, "events 5 predicted 2 mismatches 1\n"
                   "first mismatch: " + mismatch.path() + ":4: malloc obj 16 returned "
                   "0x7f0000000040, the simulation predicts 0x7f0000000030\n");

    // 2: bad input, and usage.
    TempFile bad(".trace", traceText("3.11.7", {"free obj 0x55d000003000"}));
    EXPECT_EQ(runProcess("verify " + quoted(bad.path()), &out, &err), 2);
    EXPECT_EQ(out, "");
    EXPECT_EQ(err, "arenascope-cli: " + bad.path() +
                       ":3: free of 0x55d000003000: no live allocation starts there (never "
                       "returned, or freed twice)\n");
    EXPECT_EQ(runProcess("", &out, &err), 2);
    const std::string noCommand = "arenascope-cli: no command given\n";
    EXPECT_EQ(err.substr(0, noCommand.size()), noCommand);
    EXPECT_TRUE(isUsage(err.substr(noCommand.size())));
    EXPECT_EQ(runProcess("stats " + quoted(fixture("startup_listcomp.trace.gz")) + " --at x", &out,
                         &err),
              2);
}

} // namespace
