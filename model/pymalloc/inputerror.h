// The one error type for bad input: a message that names the file and line.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

namespace arenascope {

class InputError : public std::runtime_error {
public:
    InputError(std::string file, uint64_t line, std::string message)
        : std::runtime_error(format(file, line, message)), file_(std::move(file)), line_(line),
          message_(std::move(message)) {}
    const std::string& file() const { return file_; }
    uint64_t line() const { return line_; }  // 0 when no line applies
    const std::string& message() const { return message_; }

    static std::string format(const std::string& file, uint64_t line, const std::string& msg) {
        return line ? file + ":" + std::to_string(line) + ": " + msg : file + ": " + msg;
    }

private:
    std::string file_;
    uint64_t line_;
    std::string message_;
};

// A token as messages quote it: printable ASCII, at most 40 characters.
inline std::string shownToken(std::string_view token) {
    std::string s;
    for (char c : token.substr(0, 40))
        s += (c >= 32 && c < 127) ? c : '?';
    if (token.size() > 40)
        s += "...";
    return s;
}

// Thrown when the user cancels a long load.
class Cancelled : public std::runtime_error {
public:
    Cancelled() : std::runtime_error("cancelled") {}
};

} // namespace arenascope
