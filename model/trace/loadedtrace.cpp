// Loading: parse, choose the profile, validate by replay, checkpoint.
#include "model/trace/loadedtrace.h"

#include <algorithm>

namespace arenascope {
namespace {

class StoreSink : public TraceSink {
public:
    StoreSink(TraceStore& s, const LoadOptions& o) : store_(s), programLine_(o.programLine) {}
    void onComment(uint64_t line, std::string_view text) override {
        if (!python_.settled()) {
            python_.onComment(text);
            store_.pythonComment = python_.line();
        }
        store_.noteSkippedLine(line);
        store_.lineCount = line;
    }
    void onBlankLine(uint64_t line) override {
        store_.noteSkippedLine(line);
        store_.lineCount = line;
    }
    // Collections and source lines: kept beside the events, never replayed.
    // Program lines, the files their steps name and the collections their
    // graphs belong to go to the program layer.
    void onAnnotation(uint64_t line, const Annotation& a, std::string_view text) override {
        store_.annotate(a);
        store_.noteSkippedLine(line);
        store_.lineCount = line;
        const bool program = a.kind == AnnotationKind::Program || a.kind == AnnotationKind::SourceFile ||
                             a.kind == AnnotationKind::GcStart || a.kind == AnnotationKind::GcStop;
        if (program && programLine_)
            programLine_(line, text, store_.size());
    }
    void onEvent(const Event& e, uint64_t line) override {
        if (store_.size() >= 0xfffffff0u)
            throw InputError(store_.name, line, "more than 4 billion events: too large to load");
        python_.onEvent();
        store_.append(e, line);
        store_.lineCount = line;
    }

private:
    TraceStore& store_;
    const std::function<void(uint64_t, std::string_view, uint64_t)>& programLine_;
    PythonLine python_;
};

bool smallEightByte(const Event& e) {
    return e.returnsBlock() && e.domain != Domain::Raw && e.size >= 1 && e.size <= 512 &&
           (e.ptr & 15) == 8;
}

struct FoundEvidence {};
class ArenaSizeSink : public TraceSink {
public:
    ArenaSizeSink(uint64_t a, uint64_t b) : a_(a), b_(b) {}
    void onEvent(const Event& e, uint64_t) override {
        if (e.op == Op::ArenaAlloc && (e.size == a_ || e.size == b_)) {
            found = e.size;
            throw FoundEvidence();
        }
    }
    uint64_t found = 0;

private:
    uint64_t a_, b_;
};

class AlignmentSink : public TraceSink {
public:
    void onEvent(const Event& e, uint64_t) override {
        if (smallEightByte(e))
            throw FoundEvidence();
    }
};

} // namespace

std::shared_ptr<LoadedTrace> loadStore(std::shared_ptr<TraceStore> store, const LoadOptions& o) {
    auto lt = std::make_shared<LoadedTrace>();
    lt->profile = chooseProfile(store->name, store->pythonComment, o.profileName, o.report,
                                storeClues(*store), &lt->profileReason);
    ReplayState state = initialReplayState(lt->profile);
    Replayer replayer(lt->profile, state, store->name);
    size_t interval = std::max<size_t>(1, o.checkpointInterval);
    lt->checkpoints.push_back(makeCheckpoint(state, 0, nullptr));
    size_t bytes = checkpointBytes(lt->checkpoints);
    const size_t n = store->size();
    const size_t sampleEvery = std::max<size_t>(1, n / 2000);
    for (size_t i = 0; i < n; ++i) {
        if (i % sampleEvery == 0)
            lt->series.push_back(sampleTotals(replayer.allocator(), i));
        if ((i & 0xffff) == 0) {
            if (o.read.cancel && o.read.cancel->load(std::memory_order_relaxed))
                throw Cancelled();
            if (o.read.progress)
                o.read.progress(0.5 + 0.5 * double(i) / double(n));
        }
        if (i && i % interval == 0) {
            lt->checkpoints.push_back(makeCheckpoint(state, i, &lt->checkpoints.back()));
            bytes = checkpointBytes(lt->checkpoints);
            // Keep the checkpoints within budget: thin them out and space
            // the next ones twice as far apart.
            while (bytes > o.checkpointBudgetBytes && lt->checkpoints.size() > 2) {
                std::vector<Checkpoint> kept;
                for (size_t k = 0; k < lt->checkpoints.size(); k += 2)
                    kept.push_back(std::move(lt->checkpoints[k]));
                lt->checkpoints.swap(kept);
                bytes = checkpointBytes(lt->checkpoints);
                interval *= 2;
            }
        }
        StepResult r = replayer.apply(store->event(i), store->lineOf(i));
        store->setFlags(i, r.flags());
    }
    replayer.finish(store->lineCount);
    if (o.checkpointAtEnd && n > lt->checkpoints.back().step) {
        lt->checkpoints.push_back(makeCheckpoint(state, n, &lt->checkpoints.back()));
        bytes = checkpointBytes(lt->checkpoints);
    }
    lt->series.push_back(sampleTotals(replayer.allocator(), n));
    lt->checkpointInterval = interval;
    lt->checkpointBytes = bytes;
    lt->mismatches = replayer.mismatches();
    lt->mismatchCount = state.rg.mismatches;
    lt->predicted = state.rg.predicted;
    lt->finalState = std::make_shared<const ReplayState>(std::move(state));
    store->shrinkToFit();
    lt->store = std::move(store);
    if (o.read.progress)
        o.read.progress(1.0);
    return lt;
}

SeriesPoint sampleTotals(const Allocator& allocator, uint64_t step) {
    SeriesPoint pt;
    pt.step = step;
    const AllocatorState& st = allocator.state();
    const Profile& pr = allocator.profile();
    pt.arenas = uint32_t(st.g.narenas_currently_allocated);
    for (ArenaIndex a = 0; a < st.arenas.size(); ++a) {
        const ArenaObject& ao = st.arenas[a];
        if (ao.address == 0)
            continue;
        const unsigned carved = unsigned((ao.pool_address - allocator.firstPoolAddress(a)) >> pr.poolBits);
        for (unsigned k = 0; k < carved; ++k) {
            const PoolHeader& p = st.pools[allocator.poolRef(a, k)];
            if (p.count) {
                ++pt.poolsInUse;
                pt.allocatedBytes += uint64_t(p.count) * pr.blockSize(p.szidx);
            }
        }
    }
    return pt;
}

bool alignmentIsAmbiguous(const Profile& p) {
    return p.name == "3.6" || p.name == "3.7-classic";
}

Profile chooseProfile(const std::string& file, const std::string& pythonComment,
                      const std::optional<std::string>& profileName,
                      const std::optional<ReportShape>& report, const TraceClues& clues,
                      std::string* reason) {
    if (profileName) {
        auto p = profileByName(*profileName);
        if (!p)
            throw InputError(file, 0, "unknown profile '" + *profileName + "' (known: " +
                                          profileNames() + ")");
        if (reason)
            *reason = "--profile " + *profileName;
        return *p;
    }
    auto v = parsePythonComment(pythonComment);
    if (!v)
        throw InputError(file, 0, "the trace has no '# python X.Y.Z' line to choose a profile; "
                                  "name one with --profile (" + profileNames() + ")");
    auto p = profileForVersion(v->major, v->minor, v->micro);
    const std::string version = std::to_string(v->major) + "." + std::to_string(v->minor) + "." +
                                std::to_string(v->micro);
    if (!p)
        throw InputError(file, 0, "no profile for Python " + version +
                                      "; name one with --profile (" + profileNames() + ")");
    std::string why = "# python " + version;
    if (alignmentIsAmbiguous(*p)) {
        // Builds of 3.6 differ (bpo-27987 backports): follow the evidence.
        if (report) {
            const unsigned shift = report->sizeClasses == 64 ? 3 : 4;
            if (shift != p->alignmentShift)
                why += ", alignment from the report's size classes";
            p = withAlignmentShift(*p, shift);
        } else {
            const unsigned shift = clues.eightByteAlignedBlock() ? 3 : 4;
            if (shift != p->alignmentShift)
                why += ", alignment from the trace's pointers";
            p = withAlignmentShift(*p, shift);
        }
    }
    if (p->hugePageArenaBits) {
        // A PYMALLOC_USE_HUGEPAGES build maps 2 MiB arenas: the report's
        // arena size, else the trace's first arena of either size, tells.
        const uint64_t huge = uint64_t(1) << p->hugePageArenaBits;
        const uint64_t size = report && report->arenaSize ? report->arenaSize
                                                          : clues.firstArenaOf(p->arenaSize(), huge);
        if (size == huge) {
            p = withHugePageArenas(*p);
            why += report && report->arenaSize ? ", 2 MiB arenas from the report"
                                               : ", 2 MiB arenas from the trace's arena_alloc lines";
        }
    }
    if (reason)
        *reason = why;
    return *p;
}

TraceClues storeClues(const TraceStore& store) {
    TraceClues c;
    c.eightByteAlignedBlock = [&store] {
        for (size_t i = 0; i < store.size(); ++i)
            if (smallEightByte(store.event(i)))
                return true;
        return false;
    };
    c.firstArenaOf = [&store](uint64_t a, uint64_t b) -> uint64_t {
        for (size_t i = 0; i < store.size(); ++i) {
            const Event& e = store.event(i);
            if (e.op == Op::ArenaAlloc && (e.size == a || e.size == b))
                return e.size;
        }
        return 0;
    };
    return c;
}

TraceClues fileClues(const std::string& path) {
    TraceClues c;
    c.eightByteAlignedBlock = [path] {
        AlignmentSink sink;
        try {
            readTrace(path, sink);
        } catch (const FoundEvidence&) {
            return true;
        }
        return false;
    };
    c.firstArenaOf = [path](uint64_t a, uint64_t b) -> uint64_t {
        ArenaSizeSink sink(a, b);
        try {
            readTrace(path, sink);
        } catch (const FoundEvidence&) {
        }
        return sink.found;
    };
    return c;
}

std::shared_ptr<LoadedTrace> loadTrace(const std::string& path, const LoadOptions& o) {
    auto store = std::make_shared<TraceStore>();
    store->name = path;
    StoreSink sink(*store, o);
    ReadOptions ro = o.read;
    if (o.read.progress)
        ro.progress = [&](double f) { o.read.progress(0.5 * f); };
    readTrace(path, sink, ro);
    return loadStore(std::move(store), o);
}

std::shared_ptr<LoadedTrace> loadTraceText(const std::string& text, const std::string& name,
                                           const LoadOptions& o) {
    auto store = std::make_shared<TraceStore>();
    store->name = name;
    StoreSink sink(*store, o);
    readTraceText(text, name, sink);
    return loadStore(std::move(store), o);
}

} // namespace arenascope
