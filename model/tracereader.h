// Reads trace format version 1 (text or gzip, told apart by the gzip magic)
// as a stream, handing each event to a sink with its line number.
#pragma once

#include "model/event.h"
#include "model/inputerror.h"

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

namespace arenascope {

class TraceSink {
public:
    virtual ~TraceSink() = default;
    virtual void onComment(uint64_t line, std::string_view text) { (void)line; (void)text; }
    virtual void onBlankLine(uint64_t line) { (void)line; }
    virtual void onEvent(const Event& e, uint64_t line) = 0;
};

struct ReadOptions {
    // Called now and then with the fraction of the file read (0..1).
    std::function<void(double)> progress;
    // Checked between chunks; reading stops with Cancelled when it turns true.
    const std::atomic<bool>* cancel = nullptr;
};

// Reads the whole file. Throws InputError (with file and line) on bad input,
// Cancelled on cancel. `displayName` is what messages call the file.
void readTrace(const std::string& path, TraceSink& sink, const ReadOptions& options = {});

// Reads a trace held in memory (tests, fuzzing); `name` is used in messages.
void readTraceText(std::string_view text, const std::string& name, TraceSink& sink);

// Longest line accepted; longer lines are an error, which bounds memory.
constexpr size_t kMaxLineLength = 4096;

} // namespace arenascope
