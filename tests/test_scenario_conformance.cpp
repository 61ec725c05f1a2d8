// Scenario conformance: each built-in and test scenario prints exactly what
// the real interpreter prints (committed .out files made with python3, and
// the live python3 when its version matches the profile).
#include "model/inputerror.h"
#include "model/profile.h"
#include "model/scenario/scenariorun.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace arenascope::scenario {
namespace {

namespace fs = std::filesystem;

std::string readFile(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

std::vector<fs::path> scenarioFiles() {
    std::vector<fs::path> v;
    for (const char* dir : {ARENASCOPE_SCENARIOS, ARENASCOPE_TEST_DATA "/scenarios"})
        for (const auto& e : fs::directory_iterator(dir))
            if (e.path().extension() == ".py")
                v.push_back(e.path());
    std::sort(v.begin(), v.end());
    return v;
}

// Runs a command and returns its standard output (empty when it fails).
std::string capture(const std::string& command, int* status = nullptr) {
    std::string out;
    if (FILE* p = popen(command.c_str(), "r")) {
        char buf[4096];
        size_t n;
        while ((n = fread(buf, 1, sizeof buf, p)) > 0)
            out.append(buf, n);
        const int s = pclose(p);
        if (status)
            *status = s;
    }
    return out;
}

// "3.11" when python3 on PATH is 3.11.x, else empty.
std::string livePythonMinor() {
    static const std::string v = [] {
        std::string s = capture("python3 -c 'import sys; print(\"%d.%d\" % sys.version_info[:2])' 2>/dev/null");
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
        EXPECT_EQ(run.output(), readFile(expected));
    }
}

TEST(ScenarioConformance, OutFilesMatchTheLivePython) {
    if (livePythonMinor() != "3.11")
        GTEST_SKIP() << "python3 here is '" << livePythonMinor() << "', the .out files are 3.11's";
    for (const fs::path& f : scenarioFiles()) {
        SCOPED_TRACE(f.string());
        fs::path expected = f;
        expected.replace_extension(".out");
        EXPECT_EQ(capture("python3 '" + f.string() + "'"), readFile(expected));
    }
}

TEST(ScenarioConformance, OtherVersionsAgainstTheirInterpreters) {
    // The pyenv interpreters, where present: every built-in and test
    // scenario under each version's own profile.
    int checked = 0;
    for (const char* v : {"3.8", "3.9", "3.10", "3.12", "3.13"}) {
        const std::string glob = "ls -d /root/.pyenv/versions/" + std::string(v) + ".*/bin/python 2>/dev/null | head -1";
        std::string py = capture(glob);
        while (!py.empty() && py.back() == '\n')
            py.pop_back();
        if (py.empty())
            continue;
        for (const fs::path& f : scenarioFiles()) {
            SCOPED_TRACE(std::string(v) + " " + f.string());
            const ScenarioRun run = ScenarioRun::fromFile(f.string(), *profileByName(v));
            EXPECT_EQ(run.output(), capture(py + " '" + f.string() + "'"));
            ++checked;
        }
    }
    if (!checked)
        GTEST_SKIP() << "no pyenv interpreters here";
}

} // namespace
} // namespace arenascope::scenario
