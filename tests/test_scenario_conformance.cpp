// Scenario conformance: each built-in and test scenario prints, under every
// profile 3.8-3.14, exactly what that CPython prints: the committed files in
// tests/data/expected/<version>/ (scripts/record_scenario_expectations.py),
// themselves checked against the live interpreters where they are installed.
#include "model/pymalloc/inputerror.h"
#include "model/pymalloc/profile.h"
#include "model/scenario/scenariorun.h"
#include "testsupport.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>

namespace arenascope::scenario {
namespace {

namespace fs = std::filesystem;
using test::commandOutput;

std::vector<fs::path> scenarioFiles() {
    std::vector<fs::path> v;
    for (const char* dir : {ARENASCOPE_SCENARIOS, ARENASCOPE_TEST_DATA "/scenarios"})
        for (const auto& e : fs::directory_iterator(dir))
            if (e.path().extension() == ".py")
                v.push_back(e.path());
    std::sort(v.begin(), v.end());
    return v;
}

fs::path expectedDir(const std::string& version) {
    return fs::path(ARENASCOPE_TEST_DATA) / "expected" / version;
}

// What the scenario printed under CPython `version`, as committed.
fs::path expectedFile(const std::string& version, const fs::path& scenario) {
    return expectedDir(version) / (scenario.stem().string() + ".out");
}

// The .out beside a scenario: its output under 3.11, as first committed.
fs::path besideFile(const fs::path& scenario) {
    fs::path p = scenario;
    return p.replace_extension(".out");
}

// tests/data/expected/VERSIONS: "3.12" -> "3.12.1", the interpreter that
// printed the committed files.
std::map<std::string, std::string> recordedVersions() {
    std::map<std::string, std::string> m;
    std::ifstream f(fs::path(ARENASCOPE_TEST_DATA) / "expected" / "VERSIONS");
    std::string line;
    while (std::getline(f, line)) {
        std::istringstream ss(line);
        std::string minor, exact;
        if (line.empty() || line[0] == '#' || !(ss >> minor >> exact))
            continue;
        m[minor] = exact;
    }
    return m;
}

std::string trimmed(std::string s) {
    while (!s.empty() && (s.back() == '\n' || s.back() == '\r'))
        s.pop_back();
    return s;
}

// A live CPython `minor` here: the newest $PYENV_ROOT/versions/<minor>.N
// (default ~/.pyenv), else python3 on PATH when it is that version; empty
// when there is none.
std::string liveInterpreter(const std::string& minor) {
    const char* root = std::getenv("PYENV_ROOT");
    const char* home = std::getenv("HOME");
    const fs::path versions = root && *root ? fs::path(root) / "versions"
                              : home        ? fs::path(home) / ".pyenv" / "versions"
                                            : fs::path("/root/.pyenv/versions");
    const std::regex name(std::regex_replace(minor, std::regex("\\."), "\\.") + "\\.([0-9]+)");
    std::error_code ec;
    std::string best;
    int bestPatch = -1;
    for (const auto& e : fs::directory_iterator(versions, ec)) {
        std::smatch m;
        const std::string n = e.path().filename().string();
        const fs::path py = e.path() / "bin" / "python";
        if (std::regex_match(n, m, name) && std::stoi(m[1]) > bestPatch && fs::exists(py)) {
            bestPatch = std::stoi(m[1]);
            best = py.string();
        }
    }
    if (!best.empty())
        return best;
    const std::string onPath = trimmed(commandOutput(
        "python3 -c 'import sys; print(\"%d.%d\" % sys.version_info[:2])' 2>/dev/null"));
    return onPath == minor ? "python3" : "";
}

// A version as a test name: "3.10" -> "3_10".
std::string versionTestName(const ::testing::TestParamInfo<std::string>& info) {
    std::string n = info.param;
    for (char& c : n)
        if (c == '.')
            c = '_';
    return n;
}

class ScenarioConformance : public ::testing::TestWithParam<std::string> {};

TEST_P(ScenarioConformance, EngineOutputMatchesTheCommittedExpectations) {
    // No interpreter needed: the engine under this version's profile against
    // what the interpreter printed when the files were recorded.
    const std::string v = GetParam();
    const Profile p = *profileByName(v);
    const auto files = scenarioFiles();
    ASSERT_GE(files.size(), 10u);
    EXPECT_TRUE(recordedVersions().count(v))
        << "tests/data/expected/VERSIONS has no line for " << v;

    std::set<std::string> names;
    for (const fs::path& f : files) {
        SCOPED_TRACE(v + " " + f.string());
        EXPECT_TRUE(names.insert(f.stem().string()).second)
            << "two scenarios named " << f.stem() << ": their expectation files would be the same";
        const fs::path expected = expectedFile(v, f);
        if (!fs::exists(expected)) {
            ADD_FAILURE() << "missing expectation file " << expected.string()
                          << " (scripts/record_scenario_expectations.py writes it)";
            continue;
        }
        const ScenarioRun run = ScenarioRun::fromFile(f.string(), p);
        EXPECT_FALSE(run.error()) << *run.error();
        EXPECT_EQ(run.output(), test::readFile(expected.string()));
        if (v == "3.11") {
            // The .out files beside the scenarios hold 3.11's output too.
            ASSERT_TRUE(fs::exists(besideFile(f)));
            EXPECT_EQ(run.output(), test::readFile(besideFile(f).string()));
        }
    }
    // No file left over from a scenario renamed or removed.
    for (const auto& e : fs::directory_iterator(expectedDir(v)))
        EXPECT_TRUE(names.count(e.path().stem().string()))
            << e.path().string() << " is the expectation of no scenario";
}

TEST_P(ScenarioConformance, CommittedExpectationsMatchTheLiveInterpreter) {
    // The committed files are still what the interpreter prints, where it is
    // installed (the pyenv one, or python3). Output goes to a pipe with
    // PYTHONUNBUFFERED=1, as when recorded: a buffered sys.stdout changes
    // gc.get_count() in scenarios that print.
    const std::string v = GetParam();
    const std::string py = liveInterpreter(v);
    if (py.empty())
        GTEST_SKIP() << "no CPython " << v << " here (pyenv or python3); its committed files "
                     << "are still checked by EngineOutputMatchesTheCommittedExpectations";
    const std::string live = trimmed(commandOutput(
        "'" + py + "' -c 'import platform; print(platform.python_version())' 2>/dev/null"));
    const std::string recorded = recordedVersions()[v];
    for (const fs::path& f : scenarioFiles()) {
        SCOPED_TRACE(v + " " + f.string() + " (live " + py + " " + live + ", recorded with " +
                     recorded + ")");
        const std::string out =
            commandOutput("PYTHONUNBUFFERED=1 '" + py + "' '" + f.string() + "'");
        EXPECT_EQ(out, test::readFile(expectedFile(v, f).string()));
        if (v == "3.11") {
            EXPECT_EQ(out, test::readFile(besideFile(f).string()));
        }
    }
}

TEST_P(ScenarioConformance, EveryStepsStateIsWhatAWholeHeapScanFinds) {
    // The states are captured from the objects each step touched (the heap
    // reports them); a scan of every object after every step must agree.
    // A scan per step of thousands of objects is slow: the longest loops
    // (pinned_arena's 12,000 strings, threshold's 3,000 lists) run shorter.
    const Profile p = *profileByName(GetParam());
    const std::pair<std::string, std::string> shorter[] = {
        {"range(12000)", "range(900)"}, {"blocks[5000]", "blocks[500]"}, {"range(3000)", "range(300)"}};
    for (const fs::path& f : scenarioFiles()) {
        SCOPED_TRACE(GetParam() + " " + f.string());
        std::string source = test::readFile(f.string());
        for (const auto& [from, to] : shorter)
            if (const size_t at = source.find(from); at != std::string::npos)
                source.replace(at, from.size(), to);
        try {
            const ScenarioRun run = ScenarioRun::fromSource(source, f.string(), p, true);
            EXPECT_FALSE(run.error());
        } catch (const std::logic_error& e) {
            ADD_FAILURE() << e.what();
        }
    }
}

INSTANTIATE_TEST_SUITE_P(Profiles, ScenarioConformance,
                         ::testing::Values("3.8", "3.9", "3.10", "3.11", "3.12", "3.13", "3.14"),
                         versionTestName);

// No CPython 3.15 source or build was read here (shared/docs/cpython-versions.md,
// section 16.3), so profile 3.15 has 3.14's rules: it prints what 3.14.7
// printed, and its steps' states are consistent.
TEST(ScenarioConformanceThreeFifteen, PrintsWhatThreeFourteenPrinted) {
    const Profile p = *profileByName("3.15");
    for (const fs::path& f : scenarioFiles()) {
        SCOPED_TRACE(f.string());
        const ScenarioRun run = ScenarioRun::fromFile(f.string(), p);
        EXPECT_FALSE(run.error()) << *run.error();
        EXPECT_EQ(run.output(), test::readFile(expectedFile("3.14", f).string()));
    }
}

// The scenarios of ../shared/fixtures/scenarios/3.14 (copied to
// tests/data/scenarios): what 3.13.0 and 3.14.7 print differs, from 3.14's
// dict and tuple tracking; each profile prints its own interpreter's.
TEST(ScenarioConformanceThreeFourteen, DictAndTupleTrackingDiffersFromThreeThirteen) {
    for (const char* name : {"dict_tracking", "gen_counts"}) {
        const fs::path f = fs::path(ARENASCOPE_TEST_DATA) / "scenarios" / (std::string(name) + ".py");
        const std::string out13 = ScenarioRun::fromFile(f.string(), *profileByName("3.13")).output();
        const std::string out14 = ScenarioRun::fromFile(f.string(), *profileByName("3.14")).output();
        EXPECT_NE(out13, out14) << name;
        EXPECT_EQ(out13, test::readFile(expectedFile("3.13", f).string())) << name;
        EXPECT_EQ(out14, test::readFile(expectedFile("3.14", f).string())) << name;
    }
}

} // namespace
} // namespace arenascope::scenario
