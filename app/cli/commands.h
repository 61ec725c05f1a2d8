// The arenascope-cli commands. Each returns the exit code: 0 success, 1 a
// requested check failed, 2 bad input or usage; output goes to the streams.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

namespace arenascope::cli {

// A command from another library (export needs Qt, the model alone does
// not); the executable adds it before runCli. run() may throw UsageError or
// InputError like the built-in commands.
struct Command {
    std::string name;
    std::string usage;  // its lines of the usage text, each ending in "\n"
    int (*run)(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
};
void addCommand(Command command);

int runCli(const std::vector<std::string>& argv, std::ostream& out, std::ostream& err);

} // namespace arenascope::cli
