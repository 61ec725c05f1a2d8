// Reads trace format version 1 (text or gzip, told apart by the gzip magic)
// as a stream, handing each event to a sink with its line number.
#pragma once

#include "model/pymalloc/event.h"
#include "model/pymalloc/inputerror.h"

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
    // An annotation line (gc_start, gc_stop, file, at), already checked, or
    // a program line of a stepped recording (kind Program: source, step,
    // frame, name, obj, ref, cut, out), of which only the keyword is checked;
    // `text` is the line from its keyword on. By default it counts like a
    // comment: sinks that want only the events still number lines right.
    virtual void onAnnotation(uint64_t line, const Annotation& a, std::string_view text) {
        (void)a;
        onComment(line, text);
    }
};

// The "# python X.Y.Z ..." line that picks the profile: the first comment
// starting with "# python " that comes before the first event
// (docs/trace-format.md); one after an event is a plain comment. The loader
// and verify both read it through this, so they always agree.
class PythonLine {
public:
    void onComment(std::string_view text) {
        if (!sawEvent_ && line_.empty() && text.substr(0, 9) == "# python ")
            line_ = std::string(text);
    }
    void onEvent() { sawEvent_ = true; }
    bool settled() const { return sawEvent_; }  // no later line can count
    const std::string& line() const { return line_; }

private:
    std::string line_;
    bool sawEvent_ = false;
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
