// arenascope-bench: measures the targets of docs/product.md ("Targets") on
// the shipped fixtures and on generated traces, and prints the figures.
// Timings never decide its exit code: targets are reported,
// not asserted (exit 1 only when a trace does not replay cleanly).
//
//   arenascope-bench [--quick] [--data DIR] [--fixtures DIR] [--events N]
//                    [--runs N] [--no-growth] [--no-fixtures]
#include "bench/machine.h"
#include "bench/timing.h"
#include "bench/native_pymalloc.h"
#include "bench/tracegen.h"

#include "model/session/input.h"
#include "model/trace/replay.h"
#include "model/trace/timeline.h"
#include "model/trace/tracereader.h"
#include "model/trace/verify.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <thread>

#include <time.h>
#include <vector>

#ifndef ARENASCOPE_FIXTURES_DIR
#define ARENASCOPE_FIXTURES_DIR "tests/data/fixtures"
#endif
#ifndef ARENASCOPE_BENCH_DATA_DIR
#define ARENASCOPE_BENCH_DATA_DIR "bench-data"
#endif

namespace fs = std::filesystem;
using namespace arenascope;

namespace {

using bench::Clock;
using bench::maximum;
using bench::median;
using bench::seconds;
using bench::threadCpu;

std::string quoted(const std::string& s) {
    std::string q = "'";
    for (char c : s) {
        if (c == '\'')
            q += "'\\''";
        else
            q += c;
    }
    return q + "'";
}

// Runs a shell command, returns its wall time; throws when it fails.
double timedSystem(const std::string& cmd) {
    const auto t0 = Clock::now();
    const int rc = std::system(cmd.c_str());
    const auto t1 = Clock::now();
    if (rc != 0)
        throw std::runtime_error("command failed (" + std::to_string(rc) + "): " + cmd);
    return seconds(t0, t1);
}

struct Options {
    bool quick = false;
    std::string data = ARENASCOPE_BENCH_DATA_DIR;
    std::string fixtures = ARENASCOPE_FIXTURES_DIR;
    uint64_t events = 5'000'000;
    int runs = 5;
    bool growth = true;
    bool withFixtures = true;
};

struct Case {
    std::string name;
    std::string text, gz;
    bool synthetic = false;
    bool seek = false;
};

struct Row {
    std::string name;
    uint64_t events = 0, mismatches = 0;
    double verifyText = 0, verifyTextCpu = 0, verifyGz = 0, gzip = 0;
    double parseText = 0, parseGz = 0;
    double bytesPerEvent = 0, checkpointBytesPerEvent = 0, load = 0;
    double blockTableMB = 0;  // the block table at the end of the trace
    double simNs = 0, nativeNs = 0;
    uint64_t nativeCalls = 0;
};

struct SeekResult {
    std::string name;
    uint64_t steps = 0;
    size_t checkpoints = 0, interval = 0;
    double seekMedian = 0, seekMax = 0, seekMean = 0;
    double forwardMedianNs = 0, backMedianNs = 0, firstBackMedianNs = 0;
    double forwardBatchNs = 0, backBatchNs = 0;
    size_t samples = 0, batch = 0;
};

class NullSink : public TraceSink {
public:
    uint64_t events = 0;
    void onEvent(const Event&, uint64_t) override { ++events; }
};

class CollectSink : public TraceSink {
public:
    std::vector<Event> events;
    std::vector<uint64_t> lines;
    uint64_t lastLine = 1;
    void onComment(uint64_t line, std::string_view) override { lastLine = line; }
    void onBlankLine(uint64_t line) override { lastLine = line; }
    void onEvent(const Event& e, uint64_t line) override {
        events.push_back(e);
        lines.push_back(line);
        lastLine = line;
    }
};

std::string loadAverage() {
    std::ifstream f("/proc/loadavg");
    std::string a, b, c;
    f >> a >> b >> c;
    return a.empty() ? "?" : a + " " + b + " " + c;
}

class Bench {
public:
    explicit Bench(const Options& o) : o_(o) {}

    int run() {
        std::printf("arenascope-bench%s: %s\n", o_.quick ? " --quick" : "", bench::machineLine().c_str());
        std::printf("load average at the start: %s\n", loadAverage().c_str());
        std::printf("data folder: %s\n", o_.data.c_str());
        fs::create_directories(o_.data);
        spawn_ = spawnOverhead();
        std::printf("shell spawn overhead (std::system(\"/bin/true\"), median): %.2f ms, "
                    "subtracted from each gzip time\n",
                    spawn_ * 1e3);
        if (bench::nativePymallocAvailable())
            std::printf("real pymalloc: libpython %s (PyObject_*/PyMem_* called directly)\n",
                        bench::nativePymallocVersion().c_str());
        else
            std::printf("real pymalloc: not built (no libpython found at configure time)\n");
        std::fflush(stdout);

        std::vector<Case> cases;
        if (o_.withFixtures)
            addFixtures(cases);
        addSynthetic(cases, "synthetic-" + countName(o_.events), 0, true);
        if (o_.growth && !o_.quick)
            addSynthetic(cases, "synthetic-1000-arenas", 1000, true);

        for (const Case& c : cases) {
            std::printf("measuring %s ...\n", c.name.c_str());
            std::fflush(stdout);
            measure(c);
        }
        report();
        std::printf("load average at the end: %s\n", loadAverage().c_str());
        return failed_ ? 1 : 0;
    }

private:
    static std::string countName(uint64_t n) {
        if (n % 1'000'000 == 0)
            return std::to_string(n / 1'000'000) + "M";
        if (n % 1000 == 0)
            return std::to_string(n / 1000) + "k";
        return std::to_string(n);
    }

    double spawnOverhead() {
        std::vector<double> t;
        for (int i = 0; i < 9; ++i)
            t.push_back(timedSystem("/bin/true"));
        return median(t);
    }

    void addFixtures(std::vector<Case>& cases) {
        std::vector<fs::path> found;
        if (!fs::is_directory(o_.fixtures)) {
            std::printf("no fixtures at %s (skipped)\n", o_.fixtures.c_str());
            return;
        }
        for (const auto& e : fs::directory_iterator(o_.fixtures)) {
            if (e.is_regular_file() && e.path().filename().string().size() > 9 &&
                e.path().string().rfind(".trace.gz") == e.path().string().size() - 9)
                found.push_back(e.path());
            if (e.is_directory() && e.path().filename().string().rfind("v", 0) == 0)
                for (const auto& f : fs::directory_iterator(e.path()))
                    if (f.is_regular_file() &&
                        f.path().string().rfind(".trace.gz") == f.path().string().size() - 9)
                        found.push_back(f.path());
        }
        std::sort(found.begin(), found.end());
        const fs::path out = fs::path(o_.data) / "fixtures";
        for (const fs::path& gz : found) {
            const std::string rel = fs::relative(gz, o_.fixtures).string();
            const std::string name = rel.substr(0, rel.size() - 9);
            fs::path text = out / (name + ".trace");
            fs::create_directories(text.parent_path());
            timedSystem("gzip -dc " + quoted(gz.string()) + " > " + quoted(text.string()));
            cases.push_back({name, text.string(), gz.string(), false, false});
        }
    }

    void addSynthetic(std::vector<Case>& cases, const std::string& name, unsigned arenas,
                      bool seek) {
        bench::GenOptions g;
        g.events = o_.events;
        g.arenas = arenas;
        const fs::path text = fs::path(o_.data) / (name + ".trace");
        const fs::path gz = fs::path(o_.data) / (name + ".trace.gz");
        std::printf("generating %s (%llu events%s) ...\n", name.c_str(),
                    static_cast<unsigned long long>(g.events),
                    arenas ? (", growth to " + std::to_string(arenas) + " arenas").c_str() : "");
        std::fflush(stdout);
        const auto t0 = Clock::now();
        const bench::GenSummary s = bench::generateTrace(text.string(), g);
        bench::generateTrace(gz.string(), g);
        std::printf("  %.1f s: %llu arena_alloc, %llu arena_free, peak %llu arenas, %.0f MB text, "
                    "%.0f MB gzip\n",
                    seconds(t0, Clock::now()), static_cast<unsigned long long>(s.arenaAllocs),
                    static_cast<unsigned long long>(s.arenaFrees),
                    static_cast<unsigned long long>(s.peakArenas), double(s.bytesWritten) / 1e6,
                    double(fs::file_size(gz)) / 1e6);
        cases.push_back({name, text.string(), gz.string(), true, seek});
    }

    int runsFor(const Case& c) const {
        if (c.synthetic)
            return o_.runs;
        return std::max(o_.runs, o_.quick ? 5 : 21);  // small files: more runs
    }

    void measure(const Case& c) {
        Row row;
        row.name = c.name;
        const int runs = runsFor(c);

        // verify, plain text
        std::vector<double> t, cpu;
        for (int i = 0; i < runs; ++i) {
            const double c0 = threadCpu();
            const auto t0 = Clock::now();
            const VerifyResult r = verifyInput(c.text, {});
            t.push_back(seconds(t0, Clock::now()));
            cpu.push_back(threadCpu() - c0);
            row.events = r.events;
            row.mismatches = r.mismatches;
        }
        row.verifyText = median(t);
        row.verifyTextCpu = median(cpu);
        if (row.mismatches) {
            std::printf("  !! %s: %llu mismatches\n", c.name.c_str(),
                        static_cast<unsigned long long>(row.mismatches));
            failed_ = true;
        }

        // verify .gz and gzip -dc, interleaved so that both see the same machine
        std::vector<double> tv, tg;
        for (int i = 0; i < runs; ++i) {
            auto t0 = Clock::now();
            const VerifyResult r = verifyInput(c.gz, {});
            tv.push_back(seconds(t0, Clock::now()));
            if (r.events != row.events || r.mismatches != row.mismatches) {
                std::printf("  !! %s: the .gz replays differently from the text\n", c.name.c_str());
                failed_ = true;
            }
            tg.push_back(std::max(0.0, timedSystem("gzip -dc " + quoted(c.gz) + " >/dev/null") -
                                           spawn_));
        }
        row.verifyGz = median(tv);
        row.gzip = median(tg);

        // parsing alone (no replay), for the breakdown
        t.clear();
        for (int i = 0; i < runs; ++i) {
            NullSink sink;
            const auto t0 = Clock::now();
            readTrace(c.text, sink);
            t.push_back(seconds(t0, Clock::now()));
        }
        row.parseText = median(t);
        t.clear();
        for (int i = 0; i < runs; ++i) {
            NullSink sink;
            const auto t0 = Clock::now();
            readTrace(c.gz, sink);
            t.push_back(seconds(t0, Clock::now()));
        }
        row.parseGz = median(t);

        // loading: memory per event
        auto t0 = Clock::now();
        const std::shared_ptr<const LoadedTrace> lt = openInput(c.text)->trace;
        row.load = seconds(t0, Clock::now());
        const size_t n = lt->store->size();
        row.bytesPerEvent = n ? double(lt->store->bytes()) / double(n) : 0;
        row.checkpointBytesPerEvent = n ? double(lt->checkpointBytes) / double(n) : 0;
        row.blockTableMB = double(lt->finalState->alloc.g.blockwords) * sizeof(uint16_t) / 1e6;

        // the simulation step alone, over pre-parsed events
        {
            CollectSink sink;
            readTrace(c.text, sink);
            t.clear();
            // The step costs tens of nanoseconds: small traces get more runs.
            const int simRuns = c.synthetic ? runs : std::max(runs, 41);
            for (int i = 0; i < simRuns; ++i) {
                ReplayState state = initialReplayState(lt->profile);
                Replayer replayer(lt->profile, state, c.text);
                const auto a = Clock::now();
                const size_t m = sink.events.size();
                for (size_t k = 0; k < m; ++k)
                    replayer.apply(sink.events[k], sink.lines[k]);
                const auto b = Clock::now();
                replayer.finish(sink.lastLine);
                if (state.rg.mismatches != row.mismatches) {
                    std::printf("  !! %s: the step benchmark saw %llu mismatches\n",
                                c.name.c_str(),
                                static_cast<unsigned long long>(state.rg.mismatches));
                    failed_ = true;
                }
                t.push_back(seconds(a, b));
            }
            row.simNs = sink.events.empty() ? 0 : median(t) * 1e9 / double(sink.events.size());

            if (bench::nativePymallocAvailable()) {
                bench::NativeReplay native(sink.events);
                t.clear();
                for (int i = 0; i < simRuns; ++i)
                    t.push_back(native.run());
                row.nativeCalls = native.calls();
                // Per trace event, as simNs is (arena lines cost the real one nothing).
                row.nativeNs = sink.events.empty() ? 0 : median(t) * 1e9 / double(sink.events.size());
            }
        }

        if (c.seek)
            seeks_.push_back(measureSeek(c.name, lt));
        rows_.push_back(row);
    }

    SeekResult measureSeek(const std::string& name, const std::shared_ptr<const LoadedTrace>& lt) {
        SeekResult s;
        s.name = name;
        Timeline tl(lt);
        const size_t n = tl.stepCount();
        s.steps = n;
        s.checkpoints = lt->checkpoints.size();
        s.interval = lt->checkpointInterval;
        std::mt19937_64 rng(20240611);  // fixed: the same steps every run
        const size_t samples = o_.quick ? 100 : 200;
        std::vector<double> seek;
        for (size_t i = 0; i < samples; ++i) {
            const size_t target = size_t(rng() % (n + 1));
            const auto t0 = Clock::now();
            tl.seek(target);
            seek.push_back(seconds(t0, Clock::now()));
        }
        s.seekMedian = median(seek);
        s.seekMax = maximum(seek);
        double sum = 0;
        for (double v : seek)
            sum += v;
        s.seekMean = seek.empty() ? 0 : sum / double(seek.size());

        // One step back and one forward from random places (seeking there
        // untimed). The first step back after a seek runs code that the
        // seek's thousands of forward steps left cold; it is timed apart
        // ("1st back"), then one back and one forward are timed with the
        // code warm, alternating which goes first.
        std::vector<double> fw, bw, cold;
        for (size_t i = 0; i < samples && n > 4; ++i) {
            const size_t p = 2 + size_t(rng() % (n - 3));
            tl.seek(p);
            auto t0 = Clock::now();
            tl.back();
            auto t1 = Clock::now();
            cold.push_back(std::chrono::duration<double, std::nano>(t1 - t0).count());
            tl.forward();
            const bool backFirst = i % 2 == 0;
            t0 = Clock::now();
            if (backFirst)
                tl.back();
            else
                tl.forward();
            t1 = Clock::now();
            if (backFirst)
                tl.forward();
            else
                tl.back();
            const auto t2 = Clock::now();
            const double first = std::chrono::duration<double, std::nano>(t1 - t0).count();
            const double second = std::chrono::duration<double, std::nano>(t2 - t1).count();
            bw.push_back(backFirst ? first : second);
            fw.push_back(backFirst ? second : first);
        }
        s.samples = samples;
        s.forwardMedianNs = median(fw);
        s.backMedianNs = median(bw);
        s.firstBackMedianNs = median(cold);

        // Runs of steps: 10,000 forward, then the same 10,000 back.
        const size_t batch = std::min<size_t>(10000, n / 4);
        s.batch = batch;
        std::vector<double> bf, bb;
        for (int r = 0; r < 5 && batch > 0; ++r) {
            tl.seek(size_t(rng() % (n - batch)));
            auto t0 = Clock::now();
            for (size_t k = 0; k < batch; ++k)
                tl.forward();
            auto t1 = Clock::now();
            for (size_t k = 0; k < batch; ++k)
                tl.back();
            auto t2 = Clock::now();
            bf.push_back(std::chrono::duration<double, std::nano>(t1 - t0).count() / double(batch));
            bb.push_back(std::chrono::duration<double, std::nano>(t2 - t1).count() / double(batch));
        }
        s.forwardBatchNs = median(bf);
        s.backBatchNs = median(bb);
        return s;
    }

    static const char* verdict(bool ok) { return ok ? "met" : "NOT MET"; }

    void report() {
        std::printf("\n== Replay (medians; verify = parse + replay, in process; gzip = `gzip -dc F "
                    ">/dev/null` less the spawn overhead)\n");
        std::printf("%-28s %10s %9s %9s %9s %9s %9s %9s %7s %9s %9s\n", "trace", "events",
                    "text s", "Mev/s", "Mev/cpu-s", "parse", "gz s", "gzip s", "gz/gzip",
                    "parse gz", "load s");
        for (const Row& r : rows_)
            std::printf("%-28s %10llu %9.4f %9.2f %9.2f %9.2f %9.4f %9.4f %7.2f %9.2f %9.3f\n",
                        r.name.c_str(), static_cast<unsigned long long>(r.events), r.verifyText,
                        r.events / r.verifyText / 1e6, r.events / r.verifyTextCpu / 1e6,
                        r.events / r.parseText / 1e6, r.verifyGz, r.gzip,
                        r.gzip > 0 ? r.verifyGz / r.gzip : 0.0, r.events / r.parseGz / 1e6, r.load);
        std::printf("(Mev/s: verify of the plain text, million events per second of wall time; "
                    "Mev/cpu-s: the same per second of this thread's CPU time; parse, parse gz: "
                    "the parser alone, Mev/s; load: openInput of the text)\n");

        std::printf("\n== Memory and the simulation step\n");
        std::printf("%-28s %10s %9s %9s %9s %10s %12s %9s\n", "trace", "events", "B/event",
                    "ckpt B/ev", "blocks MB", "sim ns/ev", "pymalloc ns", "sim/real");
        for (const Row& r : rows_) {
            char native[32] = "n/a", ratio[32] = "n/a";
            if (r.nativeNs > 0) {
                std::snprintf(native, sizeof native, "%.1f", r.nativeNs);
                std::snprintf(ratio, sizeof ratio, "%.2f", r.simNs / r.nativeNs);
            }
            std::printf("%-28s %10llu %9.2f %9.2f %9.2f %10.1f %12s %9s\n", r.name.c_str(),
                        static_cast<unsigned long long>(r.events), r.bytesPerEvent,
                        r.checkpointBytesPerEvent, r.blockTableMB, r.simNs, native, ratio);
        }
        std::printf("(B/event: TraceStore::bytes() / events; ckpt: checkpoint state kept besides, "
                    "per event; blocks MB: the block table at the end of the trace; sim: "
                    "Replayer::apply over parsed events; pymalloc: libpython's own allocator for "
                    "the same calls, per trace event)\n");

        if (!seeks_.empty()) {
            std::printf("\n== Seeking (Timeline; random steps from a fixed seed)\n");
            std::printf("%-28s %10s %6s %9s %10s %10s %10s %8s %8s %9s %9s %9s\n", "trace",
                        "steps", "ckpts", "interval", "seek med", "seek mean", "seek max",
                        "fwd ns", "back ns", "1st back", "fwd x10k", "back x10k");
            for (const SeekResult& s : seeks_)
                std::printf("%-28s %10llu %6zu %9zu %8.2fms %8.2fms %8.2fms %8.0f %8.0f %9.0f "
                            "%9.0f %9.0f\n",
                            s.name.c_str(), static_cast<unsigned long long>(s.steps),
                            s.checkpoints, s.interval, s.seekMedian * 1e3, s.seekMean * 1e3,
                            s.seekMax * 1e3, s.forwardMedianNs, s.backMedianNs,
                            s.firstBackMedianNs, s.forwardBatchNs, s.backBatchNs);
            std::printf("(seek: %zu random targets; fwd/back ns: median of one step at %zu random "
                        "places, code warm; 1st back: the first step back after a seek, median; "
                        "x10k: mean per step over runs of %zu steps)\n",
                        seeks_.front().samples, seeks_.front().samples, seeks_.front().batch);
        }

        // Targets, worst case over the traces measured.
        std::printf("\n== Targets (docs/product.md)\n");
        double worstRatio = 0, worstBytes = 0, worstSim = 0;
        std::string ratioAt, bytesAt, simAt;
        for (const Row& r : rows_) {
            const double ratio = r.gzip > 0 ? r.verifyGz / r.gzip : 0;
            if (ratio > worstRatio) {
                worstRatio = ratio;
                ratioAt = r.name;
            }
            if (r.bytesPerEvent > worstBytes) {
                worstBytes = r.bytesPerEvent;
                bytesAt = r.name;
            }
            if (r.nativeNs > 0 && r.simNs / r.nativeNs > worstSim) {
                worstSim = r.simNs / r.nativeNs;
                simAt = r.name;
            }
        }
        std::printf("%-66s %-26s %s\n", "target", "measured", "");
        char buf[64];
        std::snprintf(buf, sizeof buf, "%.2fx (%s)", worstRatio, ratioAt.c_str());
        std::printf("%-66s %-26s %s\n", "verify .gz <= 2x gzip -dc (worst trace)", buf,
                    verdict(worstRatio <= 2.0));
        for (const Row& r : rows_)
            if (r.name.rfind("synthetic-", 0) == 0) {
                const double rate = r.events / r.verifyText / 1e6;
                std::snprintf(buf, sizeof buf, "%.2f M/s", rate);
                std::printf("%-66s %-26s %s\n",
                            ("plain text >= 10M events/s, one core (" + r.name + ")").c_str(), buf,
                            verdict(rate >= 10.0));
            }
        double slowest = 1e300;
        std::string slowestAt;
        for (const Row& r : rows_)
            if (r.name.rfind("synthetic-", 0) != 0 && r.events / r.verifyText / 1e6 < slowest) {
                slowest = r.events / r.verifyText / 1e6;
                slowestAt = r.name;
            }
        if (!slowestAt.empty()) {
            std::snprintf(buf, sizeof buf, "%.2f M/s (%s)", slowest, slowestAt.c_str());
            std::printf("%-66s %-26s %s\n", "plain text >= 10M events/s (slowest fixture)", buf,
                        verdict(slowest >= 10.0));
        }
        if (worstSim > 0) {
            std::snprintf(buf, sizeof buf, "%.2fx (%s)", worstSim, simAt.c_str());
            std::printf("%-66s %-26s %s\n", "simulation step <= 3x real pymalloc (worst trace)",
                        buf, verdict(worstSim <= 3.0));
        } else {
            std::printf("%-66s %-26s %s\n", "simulation step <= 3x real pymalloc", "not measured",
                        "-");
        }
        for (const SeekResult& s : seeks_) {
            std::snprintf(buf, sizeof buf, "max %.1f ms", s.seekMax * 1e3);
            std::printf("%-66s %-26s %s\n",
                        ("any step < 50 ms (" + s.name + ")").c_str(), buf,
                        verdict(s.seekMax < 0.050));
            std::snprintf(buf, sizeof buf, "%.0f / %.0f ns", s.backMedianNs, s.forwardMedianNs);
            std::printf("%-66s %-26s %s\n",
                        ("one step back as cheap as forward, single (" + s.name + ")").c_str(),
                        buf, verdict(s.backMedianNs <= 1.25 * s.forwardMedianNs));
            std::snprintf(buf, sizeof buf, "%.0f / %.0f ns", s.backBatchNs, s.forwardBatchNs);
            std::printf("%-66s %-26s %s\n",
                        ("one step back as cheap as forward, runs (" + s.name + ")").c_str(), buf,
                        verdict(s.backBatchNs <= 1.25 * s.forwardBatchNs));
        }
        std::snprintf(buf, sizeof buf, "%.2f B (%s)", worstBytes, bytesAt.c_str());
        std::printf("%-66s %-26s %s\n", "loaded trace <= 16 bytes/event (worst trace)", buf,
                    verdict(worstBytes <= 16.0));
        std::printf("('as cheap' is read as: back within 1.25x of forward; single: medians of one "
                    "step back and one forward, back / forward; runs: mean per step over runs of "
                    "steps)\n");
    }

    Options o_;
    double spawn_ = 0;
    bool failed_ = false;
    std::vector<Row> rows_;
    std::vector<SeekResult> seeks_;
};

const char* kUsage =
    "usage: arenascope-bench [--quick] [--data DIR] [--fixtures DIR] [--events N] [--runs N]\n"
    "                        [--no-growth] [--no-fixtures]\n"
    "  Measures verify (text and .gz against gzip -dc), memory per loaded event, the\n"
    "  simulation step and seeking, on the fixtures and on generated traces.\n"
    "  --quick         1M-event synthetic trace, 3 runs, no 1000-arena trace\n"
    "  --data DIR      where generated and decompressed traces go (default: " ARENASCOPE_BENCH_DATA_DIR
    ")\n"
    "  --fixtures DIR  the fixture traces (default: " ARENASCOPE_FIXTURES_DIR ")\n"
    "  --events N      events in the synthetic traces (default 5000000)\n"
    "  --runs N        timed runs per figure (the median is shown; default 5)\n"
    "  --no-growth     skip the 1000-arena trace\n"
    "  --no-fixtures   skip the fixtures\n";

} // namespace

int main(int argc, char** argv) {
    Options o;
    bool eventsGiven = false, runsGiven = false;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        auto value = [&] { return bench::optionValue("arenascope-bench", kUsage, argc, argv, i); };
        auto number = [&] { return bench::optionNumber("arenascope-bench", kUsage, argc, argv, i); };
        if (a == "--quick") {
            o.quick = true;
        } else if (a == "--data") {
            o.data = value();
        } else if (a == "--fixtures") {
            o.fixtures = value();
        } else if (a == "--events") {
            o.events = number();
            eventsGiven = true;
        } else if (a == "--runs") {
            o.runs = int(std::max(1ull, number()));
            runsGiven = true;
        } else if (a == "--no-growth") {
            o.growth = false;
        } else if (a == "--no-fixtures") {
            o.withFixtures = false;
        } else if (a == "--help" || a == "-h") {
            std::fputs(kUsage, stdout);
            return 0;
        } else {
            std::fprintf(stderr, "arenascope-bench: unknown argument '%s'\n%s", a.c_str(), kUsage);
            return 2;
        }
    }
    if (o.quick) {
        if (!eventsGiven)
            o.events = 1'000'000;
        if (!runsGiven)
            o.runs = 3;
    }
    try {
        return Bench(o).run();
    } catch (const std::exception& e) {
        std::fprintf(stderr, "arenascope-bench: %s\n", e.what());
        return 2;
    }
}
