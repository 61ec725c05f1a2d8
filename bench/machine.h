// The machine a benchmark ran on, printed with its figures so a reader can
// judge them: CPU count and model, memory.
#pragma once

#include <string>

namespace arenascope::bench {

std::string cpuModel();     // /proc/cpuinfo's "model name", or "?"
std::string machineLine();  // "2 CPUs (AMD EPYC), 23.5 GiB RAM"

} // namespace arenascope::bench
