// The error a scenario raises: a syntax error, a construct outside the
// subset, or a Python exception the subset does not model (run stops there).
#pragma once

#include <stdexcept>
#include <string>

namespace arenascope::scenario {

class ScenarioError : public std::runtime_error {
public:
    ScenarioError(int line, const std::string& message)
        : std::runtime_error(message), line_(line) {}
    int line() const { return line_; }

private:
    int line_;
};

} // namespace arenascope::scenario
