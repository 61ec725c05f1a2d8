// Scenario conformance: each built-in and test scenario prints exactly what
// the real interpreter prints (committed .out files made with python3, and
// the live python3 when its version matches the profile).
#include "model/pymalloc/inputerror.h"
#include "model/pymalloc/profile.h"
#include "model/scenario/scenariorun.h"
#include "testsupport.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
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

// "3.11" when python3 on PATH is 3.11.x, else empty.
std::string livePythonMinor() {
    static const std::string v = [] {
        std::string s = commandOutput("python3 -c 'import sys; print(\"%d.%d\" % sys.version_info[:2])' 2>/dev/null");
        while (!s.empty() && (s.back() == '\n' || s.back() == '\r'))
            s.pop_back();
        return s;
    }();
    return v;
}

TEST(ScenarioConformance, EveryScenarioPrintsWhatPython311Prints) {
    const Profile p = *profileByName("3.11");
    const auto files = scenarioFiles();
    ASSERT_GE(files.size(), 10u);
    for (const fs::path& f : files) {
        SCOPED_TRACE(f.string());
        const ScenarioRun run = ScenarioRun::fromFile(f.string(), p);
        EXPECT_FALSE(run.error()) << *run.error();
        fs::path expected = f;
        expected.replace_extension(".out");
        ASSERT_TRUE(fs::exists(expected));
        EXPECT_EQ(run.output(), test::readFile(expected.string()));
    }
}

TEST(ScenarioConformance, OutFilesMatchTheLivePython) {
    if (livePythonMinor() != "3.11")
        GTEST_SKIP() << "python3 here is '" << livePythonMinor() << "', the .out files are 3.11's";
    for (const fs::path& f : scenarioFiles()) {
        SCOPED_TRACE(f.string());
        fs::path expected = f;
        expected.replace_extension(".out");
        EXPECT_EQ(commandOutput("python3 '" + f.string() + "'"), test::readFile(expected.string()));
    }
}

TEST(ScenarioConformance, OtherVersionsAgainstTheirInterpreters) {
    // The pyenv interpreters, where present: every built-in and test
    // scenario under each version's own profile.
    int checked = 0;
    for (const char* v : {"3.8", "3.9", "3.10", "3.12", "3.13"}) {
        const std::string glob = "ls -d /root/.pyenv/versions/" + std::string(v) + ".*/bin/python 2>/dev/null | head -1";
        std::string py = commandOutput(glob);
        while (!py.empty() && py.back() == '\n')
            py.pop_back();
        if (py.empty())
            continue;
        for (const fs::path& f : scenarioFiles()) {
            SCOPED_TRACE(std::string(v) + " " + f.string());
            const ScenarioRun run = ScenarioRun::fromFile(f.string(), *profileByName(v));
            EXPECT_EQ(run.output(), commandOutput(py + " '" + f.string() + "'"));
            ++checked;
        }
    }
    if (!checked)
        GTEST_SKIP() << "no pyenv interpreters here";
}

} // namespace
} // namespace arenascope::scenario
