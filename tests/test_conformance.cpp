// Conformance against the recorded traces: every fixture replays with no
// mismatch, and the final state reproduces the interpreter's own
// sys._debugmallocstats() report byte for byte.
#include "model/trace/loadedtrace.h"
#include "model/pymalloc/mallocstats.h"
#include "model/trace/timeline.h"
#include "model/trace/tracereader.h"
#include "model/trace/verify.h"
#include "model/pymalloc/processmemory.h"
#include "testsupport.h"

#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <unordered_set>

namespace {

using namespace arenascope;
using arenascope::test::allFixtures;
using arenascope::test::fixture;
using arenascope::test::readFile;

struct Expected {
    uint64_t events;
    const char* profile;
    const char* reason;
    unsigned alignment;
    unsigned poolKiB, arenaKiB;
    bool keepsLastEmptyArena;
};

// Event counts: the lines of each trace that are neither the header, a
// comment nor blank (counted with zcat | grep).
const std::map<std::string, Expected>& expectations() {
    static const std::map<std::string, Expected> m = {
        {"dict_churn", {217196, "3.11", "# python 3.11.7", 16, 16, 1024, true}},
        {"startup_listcomp", {24474, "3.11", "# python 3.11.7", 16, 16, 1024, true}},
        {"v3.6/dict_churn", {217130, "3.6", "# python 3.6.15", 16, 4, 256, false}},
        {"v3.7/dict_churn", {185866, "3.7", "# python 3.7.16", 16, 4, 256, false}},
        {"v3.7-classic/dict_churn", {186170, "3.7-classic", "# python 3.7.3", 8, 4, 256, false}},
        {"v3.8/dict_churn", {182299, "3.8", "# python 3.8.18", 16, 4, 256, false}},
        {"v3.9/dict_churn", {223335, "3.9", "# python 3.9.18", 16, 4, 256, true}},
        {"v3.10/dict_churn", {225657, "3.10", "# python 3.10.13", 16, 16, 1024, true}},
        {"v3.12/dict_churn", {217246, "3.12", "# python 3.12.1", 16, 16, 1024, true}},
        {"v3.13/dict_churn", {224614, "3.13", "# python 3.13.0", 16, 16, 1024, true}},
        // 3.14.7 and 3.15.2 (Debian's build): 3.13's allocator, fewer requests
        // (the new free lists of ints, ranges, iterators and bound methods).
        {"v3.14/dict_churn", {108686, "3.14", "# python 3.14.7", 16, 16, 1024, true}},
        {"v3.15/dict_churn", {107359, "3.15", "# python 3.15.2", 16, 16, 1024, true}},
    };
    return m;
}

std::string tracePath(const std::string& name) { return fixture(name + ".trace.gz"); }
std::string statsPath(const std::string& name) { return fixture(name + ".stats"); }

// Requests pymalloc serves, counted from the trace alone: small requests of
// the mem and obj domains, and reallocs of the blocks those returned.
uint64_t countPymallocRequests(const TraceStore& store, uint64_t threshold) {
    std::unordered_set<uint64_t> live;
    uint64_t n = 0;
    const auto small = [&](uint64_t size) { return size >= 1 && size <= threshold; };
    for (size_t i = 0; i < store.size(); ++i) {
        const Event e = store.event(i);
        if (!e.isRequest() || e.domain == Domain::Raw)
            continue;
        switch (e.op) {
        case Op::Malloc:
        case Op::Calloc:
            if (small(e.size)) {
                ++n;
                live.insert(e.ptr);
            }
            break;
        case Op::Realloc:
            if (e.oldPtr == 0 || live.erase(e.oldPtr)) {
                if (small(e.size)) {
                    ++n;
                    live.insert(e.ptr);
                }
            }
            break;
        case Op::Free: live.erase(e.ptr); break;
        default: break;
        }
    }
    return n;
}

// One verify and one load per fixture, made when a test first needs them
// and shared by the tests below.
struct Replayed {
    std::string name;
    const VerifyResult& verified() {
        if (!verified_)
            verified_ =
                std::make_unique<VerifyResult>(verifyTrace(tracePath(name), VerifyOptions{}));
        return *verified_;
    }
    const LoadedTrace& loaded() { return *loadedPtr(); }
    std::shared_ptr<LoadedTrace> loadedPtr() {
        if (!loaded_)
            loaded_ = loadTrace(tracePath(name));
        return loaded_;
    }
    const std::string& statsText() {
        if (!statsText_)
            statsText_ = std::make_unique<std::string>(readFile(statsPath(name)));
        return *statsText_;
    }

private:
    std::unique_ptr<VerifyResult> verified_;
    std::shared_ptr<LoadedTrace> loaded_;
    std::unique_ptr<std::string> statsText_;
};

Replayed& replayed(const std::string& name) {
    static std::map<std::string, Replayed> cache;
    Replayed& r = cache[name];
    r.name = name;
    return r;
}

class Conformance : public ::testing::TestWithParam<std::string> {};

TEST_P(Conformance, VerifyReplaysWithoutMismatches) {
    const Expected& x = expectations().at(GetParam());
    const VerifyResult& v = replayed(GetParam()).verified();
    EXPECT_EQ(v.events, x.events);
    EXPECT_EQ(v.mismatches, 0u);
    EXPECT_TRUE(v.firstMismatches.empty())
        << "line " << v.firstMismatches.front().line << ": " << v.firstMismatches.front().message;
    // Most requests are pymalloc's, and every one of them was predicted.
    EXPECT_GT(v.predicted, v.events / 2);
}

TEST_P(Conformance, PredictsEveryPymallocRequest) {
    Replayed& r = replayed(GetParam());
    const LoadedTrace& lt = r.loaded();
    EXPECT_EQ(lt.predicted, countPymallocRequests(*lt.store, lt.profile.smallRequestThreshold));
}

TEST_P(Conformance, FinalStatsMatchTheInterpreterReport) {
    Replayed& r = replayed(GetParam());
    const MallocStats recorded = readStatsFile(statsPath(GetParam()));
    const std::vector<std::string> diff = compareStats(recorded, r.verified().finalStats);
    EXPECT_TRUE(diff.empty()) << diff.size() << " differences, the first: " << diff.front();
    // The whole report, byte for byte, in the profile's own format.
    EXPECT_EQ(formatStats(r.verified().finalStats), r.statsText());
    EXPECT_EQ(r.verified().finalStats.total,
              r.verified().finalStats.arenasCurrent * r.verified().finalStats.arenaSize);
}

TEST_P(Conformance, LoadAgreesWithVerify) {
    Replayed& r = replayed(GetParam());
    const LoadedTrace& lt = r.loaded();
    EXPECT_EQ(lt.store->size(), r.verified().events);
    EXPECT_EQ(lt.predicted, r.verified().predicted);
    EXPECT_EQ(lt.mismatchCount, r.verified().mismatches);
    EXPECT_TRUE(lt.mismatches.empty());
    EXPECT_EQ(lt.profile.name, r.verified().profile.name);
    EXPECT_EQ(lt.profile.alignmentShift, r.verified().profile.alignmentShift);
    EXPECT_EQ(lt.profileReason, r.verified().profileReason);
    // The loader's final state prints the same report.
    EXPECT_EQ(formatStats(test::finalStats(lt)), r.statsText());
}

TEST_P(Conformance, ProfileChosenFromThePythonLine) {
    const Expected& x = expectations().at(GetParam());
    Replayed& r = replayed(GetParam());
    const Profile& p = r.loaded().profile;
    EXPECT_EQ(p.name, x.profile);
    EXPECT_EQ(r.loaded().profileReason, x.reason);
    EXPECT_EQ(p.alignment(), x.alignment);
    EXPECT_EQ(p.numSizeClasses(), 512 / x.alignment);
    EXPECT_EQ(p.poolSize(), uint64_t(x.poolKiB) * 1024);
    EXPECT_EQ(p.arenaSize(), uint64_t(x.arenaKiB) * 1024);
    EXPECT_EQ(p.keepLastEmptyArena, x.keepsLastEmptyArena);
    EXPECT_EQ(p.radixTree, x.arenaKiB == 1024);
    // The trace's '# python' line names the version.
    auto v = parsePythonComment(r.loaded().store->pythonComment);
    ASSERT_TRUE(v.has_value());
    EXPECT_EQ("# python " + std::to_string(v->major) + "." + std::to_string(v->minor) + "." +
                  std::to_string(v->micro),
              x.reason);
}

INSTANTIATE_TEST_SUITE_P(Fixtures, Conformance, ::testing::ValuesIn(allFixtures()),
                         test::fixtureTestName<std::string>);

TEST(ConformanceFixtures, EveryFixtureHasAnExpectation) {
    EXPECT_EQ(allFixtures().size(), expectations().size());
    for (const std::string& f : allFixtures())
        EXPECT_TRUE(expectations().count(f)) << f;
}

// ---------------------------------------------------------------- other profiles

// Replays a fixture with a given profile until the end or the first error,
// keeping the mismatches seen until then.
struct PartialReplay {
    std::vector<Mismatch> mismatches;
    uint64_t errorLine = 0; // 0: no error
    std::string error;
};

class ReplaySink : public TraceSink {
public:
    explicit ReplaySink(Replayer& r) : replayer_(r) {}
    void onEvent(const Event& e, uint64_t line) override { replayer_.apply(e, line); }

private:
    Replayer& replayer_;
};

PartialReplay replayWith(const std::string& path, const Profile& profile) {
    PartialReplay out;
    ReplayState state = initialReplayState(profile);
    Replayer replayer(profile, state, path);
    ReplaySink sink(replayer);
    try {
        readTrace(path, sink);
    } catch (const InputError& e) {
        out.errorLine = e.line();
        out.error = e.what();
    }
    out.mismatches = replayer.mismatches();
    return out;
}

// With the wrong profile the replay disagrees with the recording: mismatches,
// never an InputError, however far the simulated state drifts (the recorded
// pointers are tracked on their own after the first mismatch).
void expectWrongProfileDisagrees(const std::string& name, const Profile& profile,
                                 const std::string& firstMessageStart) {
    const PartialReplay r = replayWith(tracePath(name), profile);
    ASSERT_FALSE(r.mismatches.empty()) << name << " replays cleanly with " << profile.name;
    EXPECT_EQ(r.mismatches.front().message.rfind(firstMessageStart, 0), 0u)
        << r.mismatches.front().message;
    EXPECT_EQ(r.errorLine, 0u) << r.error;
    VerifyOptions o;
    o.profileName = profile.name;
    const VerifyResult v = verifyTrace(tracePath(name), o);
    EXPECT_GT(v.mismatches, 0u);
    ASSERT_FALSE(v.firstMismatches.empty());
    EXPECT_EQ(v.firstMismatches.front().line, r.mismatches.front().line);
}

TEST(ConformanceWrongProfile, SwappingTheArenaRuleBreaksReplay) {
    // 3.8 unmaps wholly free arenas that 3.9 keeps as the last usable arena.
    expectWrongProfileDisagrees("v3.8/dict_churn", *profileByName("3.9"),
                                "the trace unmaps the arena at ");
}

TEST(ConformanceWrongProfile, EightByteAlignmentBreaksA16ByteTrace) {
    // The 3.6.15 here is 16-byte aligned; a report of 64 classes would make
    // the profile 8-byte aligned, and then the pointers disagree.
    const Profile eight = withAlignmentShift(*profileByName("3.6"), 3);
    EXPECT_EQ(eight.numSizeClasses(), 64u);
    const PartialReplay r = replayWith(tracePath("v3.6/dict_churn"), eight);
    ASSERT_FALSE(r.mismatches.empty());
    EXPECT_NE(r.mismatches.front().message.find(", the simulation predicts "), std::string::npos)
        << r.mismatches.front().message;
    // The profile follows the report's size classes: 64 gives 8 bytes, the
    // fixture's own report (32) gives 16 and a clean replay.
    VerifyOptions o;
    o.report = reportShape(readStatsFile(statsPath("v3.6/dict_churn")));
    EXPECT_EQ(o.report->sizeClasses, 32u);
    const VerifyResult w = verifyTrace(tracePath("v3.6/dict_churn"), o);
    EXPECT_EQ(w.profile.alignment(), 16u);
    EXPECT_EQ(w.mismatches, 0u);
}

TEST(ConformanceWrongProfile, ClassicTraceWithTheSixteenByteProfile) {
    expectWrongProfileDisagrees("v3.7-classic/dict_churn", *profileByName("3.7"), "malloc ");
}

// ---------------------------------------------------------------- choosing a profile

TEST(ChooseProfile, FromThePythonLineAndTheEvidence) {
    TraceClues no, yes;
    no.eightByteAlignedBlock = [] { return false; };
    yes.eightByteAlignedBlock = [] { return true; };
    no.firstArenaOf = yes.firstArenaOf = [](uint64_t a, uint64_t) { return a; };
    std::string why;
    Profile p =
        chooseProfile("t", "# python 3.11.7 (main, ...)", std::nullopt, std::nullopt, no, &why);
    EXPECT_EQ(p.name, "3.11");
    EXPECT_EQ(why, "# python 3.11.7");

    p = chooseProfile("t", "# python 3.7.4 (default)", std::nullopt, std::nullopt, yes, &why);
    EXPECT_EQ(p.name, "3.7"); // not ambiguous: the evidence is not consulted
    EXPECT_EQ(p.alignment(), 16u);

    p = chooseProfile("t", "# python 3.7.3 (default)", std::nullopt, std::nullopt, yes, &why);
    EXPECT_EQ(p.name, "3.7-classic");
    EXPECT_EQ(p.alignment(), 8u);
    EXPECT_EQ(why, "# python 3.7.3");
    p = chooseProfile("t", "# python 3.7.3 (default)", std::nullopt, std::nullopt, no, &why);
    EXPECT_EQ(p.alignment(), 16u);
    EXPECT_EQ(why, "# python 3.7.3, alignment from the trace's pointers");

    p = chooseProfile("t", "# python 3.6.15", std::nullopt, std::nullopt, no, &why);
    EXPECT_EQ(p.name, "3.6");
    EXPECT_EQ(p.alignment(), 16u);
    EXPECT_EQ(why, "# python 3.6.15");
    p = chooseProfile("t", "# python 3.6.15", std::nullopt, ReportShape{64, 0}, no, &why);
    EXPECT_EQ(p.alignment(), 8u);
    EXPECT_EQ(p.numSizeClasses(), 64u);

    p = chooseProfile("t", "# python 3.11.7", std::string("3.9"), std::nullopt, no, &why);
    EXPECT_EQ(p.name, "3.9");
    EXPECT_EQ(why, "--profile 3.9");

    EXPECT_THROW(chooseProfile("t", "", std::nullopt, std::nullopt, no), InputError);
    EXPECT_THROW(chooseProfile("t", "# python 3.16.0", std::nullopt, std::nullopt, no), InputError);
    p = chooseProfile("t", "# python 3.14.0 (main)", std::nullopt, std::nullopt, no, &why);
    EXPECT_EQ(p.name, "3.14");
    EXPECT_EQ(why, "# python 3.14.0");
    p = chooseProfile("t", "# python 3.15.2 (main)", std::nullopt, std::nullopt, no, &why);
    EXPECT_EQ(p.name, "3.15");
    EXPECT_THROW(chooseProfile("t", "# python 3.11.7", std::string("2.7"), std::nullopt, no),
                 InputError);
    try {
        chooseProfile("x.trace", "# python 3.5.10", std::nullopt, std::nullopt, no);
        ADD_FAILURE() << "no error for 3.5";
    } catch (const InputError& e) {
        EXPECT_EQ(e.file(), "x.trace");
        EXPECT_NE(e.message().find("no profile for Python 3.5.10"), std::string::npos) << e.what();
    }
}

TEST(ChooseProfile, EvidenceInTheFixtures) {
    EXPECT_TRUE(fileClues(tracePath("v3.7-classic/dict_churn")).eightByteAlignedBlock());
    EXPECT_FALSE(fileClues(tracePath("v3.6/dict_churn")).eightByteAlignedBlock());
    EXPECT_FALSE(fileClues(tracePath("startup_listcomp")).eightByteAlignedBlock());
    EXPECT_EQ(fileClues(tracePath("v3.15/dict_churn")).firstArenaOf(1u << 20, 1u << 21), 1u << 20);
    EXPECT_EQ(fileClues(tracePath("v3.15/dict_churn")).firstArenaOf(3, 4), 0u);
}

// A 3.15 build with PYMALLOC_USE_HUGEPAGES maps 2 MiB arenas (128 pools of
// 16 KiB). No such interpreter is installed here: the trace is the
// simulated process's own, under the 3.15 version line.
std::string hugePageTrace() {
    SimulatedMemory mem(*profileByName("3.15-hugepages"));
    std::vector<Event> events;
    mem.setSink(&events);
    std::vector<uint64_t> live;
    for (int i = 0; i < 40000; ++i)  // about 2.5 MiB of 64-byte blocks: two arenas
        live.push_back(mem.malloc(Domain::Obj, 64));
    for (size_t i = 0; i < live.size(); i += 2)
        mem.free(Domain::Obj, live[i]);
    std::string text = "pymalloc-trace 1\n# python 3.15.2 (main, Oct 26 2026) [GCC 16.2.0]\n";
    for (const Event& e : events)
        text += formatEvent(e) + "\n";
    return text;
}

TEST(ChooseProfile, HugePageArenasOfThreeFifteenAreRecognised) {
    const std::string text = hugePageTrace();
    EXPECT_NE(text.find("arena_alloc 0x7f3a5bec5000 2097152"), std::string::npos) << text.substr(0, 200);
    auto lt = loadTraceText(text, "huge.trace");
    EXPECT_EQ(lt->profile.name, "3.15-hugepages");
    EXPECT_EQ(lt->profileReason, "# python 3.15.2, 2 MiB arenas from the trace's arena_alloc lines");
    EXPECT_EQ(lt->mismatchCount, 0u);
    EXPECT_EQ(lt->profile.maxPoolsInArena(), 128u);
    Timeline t(lt);
    t.seek(lt->store->size());
    const MallocStats s = computeStats(t.allocator());
    EXPECT_EQ(s.arenaSize, 2097152u);
    EXPECT_EQ(s.arenasCurrent, 2u);

    // The report's "bytes/arena" decides too; the 1 MiB profile, forced,
    // cannot replay it.
    std::string why;
    TraceClues none;
    none.firstArenaOf = [](uint64_t, uint64_t) -> uint64_t { return 0; };
    EXPECT_EQ(chooseProfile("t", "# python 3.15.2", std::nullopt, ReportShape{32, 2097152}, none, &why).name,
              "3.15-hugepages");
    EXPECT_EQ(why, "# python 3.15.2, 2 MiB arenas from the report");
    EXPECT_EQ(chooseProfile("t", "# python 3.15.2", std::nullopt, ReportShape{32, 1048576}, none).name, "3.15");
    LoadOptions forced;
    forced.profileName = "3.15";
    EXPECT_GT(loadTraceText(text, "huge.trace", forced)->mismatchCount, 0u);
    // Only 3.15 has such a build: a 3.14 trace's 2 MiB mappings are not arenas.
    EXPECT_EQ(profileByName("3.14")->hugePageArenaBits, 0u);
}

// ---------------------------------------------------------------- stats at a step

TEST(ConformanceStatsAt, StopAfterEqualsTheTimelineAtThatStep) {
    const std::string name = "startup_listcomp";
    Replayed& r = replayed(name);
    Timeline t(r.loadedPtr());
    for (uint64_t step : {uint64_t(0), uint64_t(1000), uint64_t(12345), uint64_t(24000)}) {
        VerifyOptions o;
        o.stopAfter = step;
        const VerifyResult v = verifyTrace(tracePath(name), o);
        EXPECT_EQ(v.events, step);
        t.seek(step);
        EXPECT_EQ(formatStats(v.finalStats), formatStats(computeStats(t.allocator()))) << step;
    }
    VerifyOptions past;
    past.stopAfter = r.loaded().store->size() + 1;
    EXPECT_THROW(verifyTrace(tracePath(name), past), InputError);
}

} // namespace
