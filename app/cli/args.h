// Command-line parsing for arenascope-cli: positional arguments and
// "--name value" options, with usage errors as exceptions.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

namespace arenascope::cli {

class UsageError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct Args {
    std::vector<std::string> positional;
    std::map<std::string, std::string> options;

    std::optional<std::string> get(const std::string& name) const;
    // The one positional argument (UsageError naming `what` otherwise).
    std::string single(const char* what) const;
    // A whole number option; UsageError when it is not one.
    std::optional<uint64_t> number(const std::string& name) const;
};

// Parses argv (after the command word); `valued` lists the options that take
// a value. Unknown options are a UsageError.
Args parseArgs(const std::vector<std::string>& argv, const std::set<std::string>& valued);

} // namespace arenascope::cli
