// The arenascope-cli commands. Each returns the exit code: 0 success, 1 a
// requested check failed, 2 bad input or usage; output goes to the streams.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

namespace arenascope::cli {

int runCli(const std::vector<std::string>& argv, std::ostream& out, std::ostream& err);

} // namespace arenascope::cli
