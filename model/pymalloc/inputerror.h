// The one error type for bad input: a message that names the file and line.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>

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

// Thrown when the user cancels a long load.
class Cancelled : public std::runtime_error {
public:
    Cancelled() : std::runtime_error("cancelled") {}
};

} // namespace arenascope
