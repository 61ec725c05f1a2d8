// Reading the machine's description from /proc.
#include "bench/machine.h"

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <thread>

namespace arenascope::bench {

std::string cpuModel() {
    std::ifstream cpu("/proc/cpuinfo");
    for (std::string l; std::getline(cpu, l);)
        if (l.rfind("model name", 0) == 0)
            return l.substr(l.find(':') + 2);
    return "?";
}

std::string machineLine() {
    std::string mem = "?";
    std::ifstream mi("/proc/meminfo");
    for (std::string l; std::getline(mi, l);)
        if (l.rfind("MemTotal:", 0) == 0) {
            const unsigned long long kb = std::strtoull(l.c_str() + 9, nullptr, 10);
            char buf[64];
            std::snprintf(buf, sizeof buf, "%.1f GiB", double(kb) / (1024.0 * 1024.0));
            mem = buf;
            break;
        }
    return std::to_string(std::thread::hardware_concurrency()) + " CPUs (" + cpuModel() + "), " + mem + " RAM";
}

} // namespace arenascope::bench
