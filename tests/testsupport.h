// Helpers shared by the test suites: where the data lives, tiny traces,
// temporary files, exact InputError checks and the statistics of a state.
#pragma once

#include "model/pymalloc/allocator.h"
#include "model/pymalloc/inputerror.h"
#include "model/trace/loadedtrace.h"
#include "model/pymalloc/mallocstats.h"

#include <gtest/gtest.h>

#include <unistd.h>

#include <cstdio>
#include <exception>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>
#include <string>
#include <vector>

namespace arenascope::test {

inline std::string dataPath(const std::string& rel) { return std::string(ARENASCOPE_TEST_DATA) + "/" + rel; }
inline std::string fixture(const std::string& rel) { return dataPath("fixtures/" + rel); }

// The fixture traces: (relative name without .trace.gz).
inline std::vector<std::string> allFixtures() {
    return {"dict_churn", "startup_listcomp", "v3.6/dict_churn", "v3.7/dict_churn",
            "v3.7-classic/dict_churn", "v3.8/dict_churn", "v3.9/dict_churn",
            "v3.10/dict_churn", "v3.12/dict_churn", "v3.13/dict_churn", "v3.14/dict_churn",
            "v3.15/dict_churn"};
}

// A fixture's name as a test name: "v3.7-classic/dict_churn" -> "v3_7_classic_dict_churn".
template <typename Param>
std::string fixtureTestName(const ::testing::TestParamInfo<Param>& info) {
    std::string n = info.param;
    for (char& c : n)
        if (!isalnum(static_cast<unsigned char>(c)))
            c = '_';
    return n;
}

// A trace text from lines, with the header and a "# python" line first.
inline std::string traceText(const std::string& python, const std::vector<std::string>& lines) {
    std::string s = "pymalloc-trace 1\n# python " + python + " (main) [GCC]\n";
    for (const auto& l : lines)
        s += l + "\n";
    return s;
}

// What a shell command writes to standard output; its wait status in
// *status (decode with WEXITSTATUS).
inline std::string commandOutput(const std::string& command, int* status = nullptr) {
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

// The whole content of a file (a failure if it cannot be opened).
inline std::string readFile(const std::string& path) {
    std::ifstream f(path, std::ios::binary);
    EXPECT_TRUE(f.good()) << path;
    std::ostringstream ss;
    ss << f.rdbuf();
    return ss.str();
}

// A temporary file, removed at the end of the test.
class TempFile {
public:
    explicit TempFile(const std::string& suffix) {
        static int counter = 0;
        path_ = (std::filesystem::temp_directory_path() /
                 ("arenascope_test_" + std::to_string(::getpid()) + "_" +
                  std::to_string(++counter) + suffix))
                    .string();
    }
    TempFile(const std::string& suffix, const std::string& content) : TempFile(suffix) {
        write(content);
    }
    ~TempFile() {
        std::error_code ec;
        std::filesystem::remove(path_, ec);
    }
    TempFile(const TempFile&) = delete;
    TempFile& operator=(const TempFile&) = delete;
    const std::string& path() const { return path_; }
    void write(const std::string& bytes) const {
        std::ofstream f(path_, std::ios::binary | std::ios::trunc);
        f.write(bytes.data(), std::streamsize(bytes.size()));
    }

private:
    std::string path_;
};

// Runs `f`, which must throw InputError, and returns what it threw.
inline InputError caught(const std::function<void()>& f) {
    try {
        f();
    } catch (const InputError& e) {
        return e;
    } catch (const std::exception& e) {
        ADD_FAILURE() << "expected InputError, got another exception: " << e.what();
        return InputError("", 0, "wrong exception");
    }
    ADD_FAILURE() << "expected InputError, nothing was thrown";
    return InputError("", 0, "no error");
}

// The statistics of a replay state (a copy: computing needs an Allocator).
inline MallocStats statsOfState(const Profile& profile, const ReplayState& state) {
    ReplayState copy = state;
    Allocator al(profile, copy.alloc);
    return computeStats(al);
}
inline MallocStats finalStats(const LoadedTrace& lt) {
    return statsOfState(lt.profile, *lt.finalState);
}

// A directory for one test's files, removed afterwards.
class TempDir {
public:
    TempDir() {
        static int n = 0;
        path_ = std::filesystem::temp_directory_path() /
                ("arenascope_test_" + std::to_string(getpid()) + "_" + std::to_string(++n));
        std::filesystem::create_directories(path_);
    }
    ~TempDir() {
        std::error_code ec;
        std::filesystem::remove_all(path_, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    std::string file(const std::string& name) const { return (path_ / name).string(); }
    std::string write(const std::string& name, const std::string& text) const {
        std::ofstream(file(name)) << text;
        return file(name);
    }

private:
    std::filesystem::path path_;
};

} // namespace arenascope::test

// An InputError with exactly this file, line and message (and what()).
#define EXPECT_INPUT_ERROR(err, fileName, lineNo, msg)                                       \
    do {                                                                                     \
        const ::arenascope::InputError& e_ = (err);                                          \
        EXPECT_EQ(e_.file(), std::string(fileName));                                         \
        EXPECT_EQ(e_.line(), uint64_t(lineNo));                                              \
        EXPECT_EQ(e_.message(), std::string(msg));                                           \
        EXPECT_EQ(std::string(e_.what()),                                                    \
                  (lineNo) ? std::string(fileName) + ":" + std::to_string(lineNo) + ": " + (msg) \
                           : std::string(fileName) + ": " + (msg));                          \
    } while (0)
