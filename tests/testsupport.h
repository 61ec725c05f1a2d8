// Helpers shared by the test suites: where the data lives, and tiny traces.
#pragma once

#include <string>
#include <vector>

namespace arenascope::test {

inline std::string dataPath(const std::string& rel) { return std::string(ARENASCOPE_TEST_DATA) + "/" + rel; }
inline std::string fixture(const std::string& rel) { return dataPath("fixtures/" + rel); }

// The fixture traces: (relative name without .trace.gz).
inline std::vector<std::string> allFixtures() {
    return {"dict_churn", "startup_listcomp", "v3.6/dict_churn", "v3.7/dict_churn",
            "v3.7-classic/dict_churn", "v3.8/dict_churn", "v3.9/dict_churn",
            "v3.10/dict_churn", "v3.12/dict_churn", "v3.13/dict_churn"};
}

// A trace text from lines, with the header and a "# python" line first.
inline std::string traceText(const std::string& python, const std::vector<std::string>& lines) {
    std::string s = "pymalloc-trace 1\n# python " + python + " (main) [GCC]\n";
    for (const auto& l : lines)
        s += l + "\n";
    return s;
}

} // namespace arenascope::test
