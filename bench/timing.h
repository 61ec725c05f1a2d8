// What the benchmarks share: wall clock, this thread's CPU time (which other
// processes do not inflate), medians and maxima of runs, and reading their
// command lines' option values.
#pragma once

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include <time.h>

namespace arenascope::bench {

using Clock = std::chrono::steady_clock;

inline double seconds(Clock::time_point a, Clock::time_point b) {
    return std::chrono::duration<double>(b - a).count();
}

inline double threadCpu() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return double(ts.tv_sec) + double(ts.tv_nsec) * 1e-9;
}

inline double median(std::vector<double> v) {
    if (v.empty())
        return 0;
    std::sort(v.begin(), v.end());
    const size_t n = v.size();
    return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

inline double maximum(const std::vector<double>& v) {
    return v.empty() ? 0 : *std::max_element(v.begin(), v.end());
}

// The value after argv[i] (advancing i), or exit 2 with the usage.
inline std::string optionValue(const char* tool, const char* usage, int argc, char** argv, int& i) {
    if (i + 1 >= argc) {
        std::fprintf(stderr, "%s: %s needs a value\n%s", tool, argv[i], usage);
        std::exit(2);
    }
    return argv[++i];
}

// The same as a whole number, or exit 2.
inline unsigned long long optionNumber(const char* tool, const char* usage, int argc, char** argv, int& i) {
    const char* flag = argv[i];
    const std::string v = optionValue(tool, usage, argc, argv, i);
    if (v.empty() || v.find_first_not_of("0123456789") != std::string::npos) {
        std::fprintf(stderr, "%s: %s takes a whole number\n", tool, flag);
        std::exit(2);
    }
    return std::strtoull(v.c_str(), nullptr, 10);
}

} // namespace arenascope::bench
