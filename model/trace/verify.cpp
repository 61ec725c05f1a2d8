// verifyTrace: parse and replay in one pass.
#include "model/trace/verify.h"
#include "model/trace/loadedtrace.h"
#include "model/trace/tracereader.h"

namespace arenascope {
namespace {

struct StopReading {};

// Reads only up to the first event, to learn the "# python" line.
class HeaderSink : public TraceSink {
public:
    PythonLine python;
    void onComment(uint64_t, std::string_view text) override { python.onComment(text); }
    void onEvent(const Event&, uint64_t) override {
        python.onEvent();
        throw StopReading();
    }
};

class ReplaySink : public TraceSink {
public:
    ReplaySink(Replayer& r, std::optional<uint64_t> stop, VerifyObserver* observer)
        : replayer_(r), stop_(stop), observer_(observer) {}
    void onComment(uint64_t line, std::string_view) override { last_ = line; }
    void onAnnotation(uint64_t line, const Annotation& a, std::string_view text) override {
        if (observer_ && !(stop_ && events_ >= *stop_))
            observer_->onAnnotation(line, a, text);
        last_ = line;
    }
    void onBlankLine(uint64_t line) override { last_ = line; }
    void onEvent(const Event& e, uint64_t line) override {
        if (stop_ && events_ >= *stop_)
            throw StopReading();
        replayer_.apply(e, line);
        if (observer_)
            observer_->onEvent(e, line);
        ++events_;
        last_ = line;
    }
    uint64_t events() const { return events_; }
    uint64_t lastLine() const { return last_; }

private:
    Replayer& replayer_;
    std::optional<uint64_t> stop_;
    VerifyObserver* observer_;
    uint64_t events_ = 0, last_ = 1;
};

void fillResult(const ReplayState& state, const Replayer& replayer, uint64_t events, VerifyResult& result) {
    result.events = events;
    result.predicted = state.rg.predicted;
    result.mismatches = state.rg.mismatches;
    result.firstMismatches = replayer.mismatches();
    result.finalStats = computeStats(replayer.allocator());
}

[[noreturn]] void pastTheEnd(const std::string& path, uint64_t step, uint64_t events) {
    throw InputError(path, 0, "step " + std::to_string(step) + " is past the end: the trace has " +
                                  std::to_string(events) + " events");
}

} // namespace

VerifyResult verifyTrace(const std::string& path, const VerifyOptions& o) {
    HeaderSink header;
    try {
        readTrace(path, header);
    } catch (const StopReading&) {
    }
    VerifyResult result;
    result.profile = chooseProfile(path, header.python.line(), o.profileName, o.report,
                                   fileClues(path), &result.profileReason);
    ReplayState state = initialReplayState(result.profile);
    Replayer replayer(result.profile, state, path);
    if (o.observer)
        o.observer->onProfile(result.profile);
    ReplaySink sink(replayer, o.stopAfter, o.observer);
    bool stopped = false;
    try {
        readTrace(path, sink);
    } catch (const StopReading&) {
        stopped = true;
    }
    if (!stopped)
        replayer.finish(sink.lastLine());
    if (o.stopAfter && *o.stopAfter > sink.events())
        pastTheEnd(path, *o.stopAfter, sink.events());
    fillResult(state, replayer, sink.events(), result);
    return result;
}

VerifyResult verifyStore(const TraceStore& store, const VerifyOptions& o) {
    VerifyResult result;
    result.profile = chooseProfile(store.name, store.pythonComment, o.profileName, o.report,
                                   storeClues(store), &result.profileReason);
    if (o.stopAfter && *o.stopAfter > store.size())
        pastTheEnd(store.name, *o.stopAfter, store.size());
    ReplayState state = initialReplayState(result.profile);
    Replayer replayer(result.profile, state, store.name);
    const size_t n = o.stopAfter ? size_t(*o.stopAfter) : store.size();
    for (size_t i = 0; i < n; ++i)
        replayer.apply(store.event(i), store.lineOf(i));
    if (n == store.size())
        replayer.finish(store.lineCount);
    fillResult(state, replayer, n, result);
    return result;
}

} // namespace arenascope
