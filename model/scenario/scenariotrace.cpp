// Writing a scenario's calls as a trace. The calls are replayed through the
// same simulated memory that made them (deterministic, so the pointers come
// out the same) only to see where pymalloc mapped and unmapped arenas.
#include "model/scenario/scenariotrace.h"

#include "model/inputerror.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <sstream>

namespace arenascope::scenario {
namespace {

// Arena base addresses by arena index, to see which ones a call changed.
std::vector<uint64_t> arenaBases(const AllocatorState& s) {
    std::vector<uint64_t> bases(s.arenas.size());
    for (size_t i = 0; i < s.arenas.size(); ++i)
        bases[i] = s.arenas[i].address;
    return bases;
}

class TraceWriter {
public:
    explicit TraceWriter(const ScenarioRun& run) : run_(run), memory_(run.profile()) {
        const Profile& p = run.profile();
        int major = 0, minor = 0;
        std::sscanf(p.name.c_str(), "%d.%d", &major, &minor);
        out_ << "pymalloc-trace 1\n"
             << "# python " << major << '.' << minor << ".0 (simulated by Arenascope: scenario "
             << run.fileName() << ", profile " << p.name << ")\n"
             << "file 1 " << run.fileName() << '\n';
        bases_ = arenaBases(memory_.state());
    }

    ScenarioTrace write() {
        ScenarioTrace t;
        t.stepEnd.push_back(0);
        for (const Step& s : run_.steps()) {
            if (s.kind == StepKind::Collection && s.phase == GcPhase::Start)
                out_ << "gc_start " << s.generation << '\n';
            if (!s.calls.empty() && s.line != line_) {
                line_ = s.line;
                out_ << (line_ > 0 ? "at 1 " + std::to_string(line_) : std::string("at 0 0")) << '\n';
            }
            for (const AllocCall& c : s.calls)
                call(c);
            if (s.kind == StepKind::Collection && s.phase == GcPhase::Done)
                // A scenario's objects have no finalizers: all found are collected.
                out_ << "gc_stop " << s.generation << ' ' << (s.numbers.empty() ? 0 : s.numbers[0]) << " 0\n";
            t.stepEnd.push_back(events_);
        }
        t.text = out_.str();
        return t;
    }

private:
    void call(const AllocCall& c) {
        memory_.apply(c);
        std::vector<uint64_t> mapped, unmapped;
        const std::vector<uint64_t> now = arenaBases(memory_.state());
        for (size_t i = 0; i < now.size(); ++i) {
            const uint64_t before = i < bases_.size() ? bases_[i] : 0;
            if (before == now[i])
                continue;
            if (before)
                unmapped.push_back(before);
            if (now[i])
                mapped.push_back(now[i]);
        }
        bases_ = now;
        const uint64_t arenaSize = run_.profile().arenaSize();
        auto arenaLines = [&](const std::vector<uint64_t>& addrs, const char* what) {
            for (uint64_t a : addrs) {
                out_ << what << ' ' << hexPtr(a) << ' ' << arenaSize << '\n';
                ++events_;
            }
        };
        // The format's order: arena_alloc before the request that mapped it;
        // arena_free after a free, but before a realloc (it unmaps while
        // still running).
        arenaLines(mapped, "arena_alloc");
        if (c.op == AllocOp::Realloc)
            arenaLines(unmapped, "arena_free");
        const char* dom = domainName(c.domain);
        switch (c.op) {
        case AllocOp::Malloc: out_ << "malloc " << dom << ' ' << c.size << ' ' << hexPtr(c.ptr); break;
        case AllocOp::Calloc: out_ << "calloc " << dom << ' ' << c.size << " 1 " << hexPtr(c.ptr); break;
        case AllocOp::Realloc:
            out_ << "realloc " << dom << ' ' << hexPtr(c.oldPtr) << ' ' << c.size << ' ' << hexPtr(c.ptr);
            break;
        case AllocOp::Free: out_ << "free " << dom << ' ' << hexPtr(c.ptr); break;
        }
        out_ << '\n';
        ++events_;
        if (c.op != AllocOp::Realloc)
            arenaLines(unmapped, "arena_free");
    }

    const ScenarioRun& run_;
    SimulatedMemory memory_;
    std::ostringstream out_;
    std::vector<uint64_t> bases_;
    uint64_t events_ = 0;
    int line_ = -1;
};

} // namespace

ScenarioTrace scenarioTrace(const ScenarioRun& run) { return TraceWriter(run).write(); }

size_t scenarioStepAt(const std::vector<uint64_t>& stepEnd, uint64_t traceStep, size_t current) {
    if (stepEnd.empty())
        return 0;
    if (current < stepEnd.size()) {
        const bool endsHere = stepEnd[current] == traceStep;
        const bool inside = current > 0 && stepEnd[current - 1] < traceStep && traceStep < stepEnd[current];
        if (endsHere || inside)
            return current;
    }
    const auto it = std::lower_bound(stepEnd.begin(), stepEnd.end(), traceStep);
    return it == stepEnd.end() ? stepEnd.size() - 1 : size_t(it - stepEnd.begin());
}

bool isScenarioPath(const std::string& path) {
    if (path.size() < 3)
        return false;
    std::string ext = path.substr(path.size() - 3);
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char ch) { return char(std::tolower(ch)); });
    return ext == ".py";
}

std::shared_ptr<const LoadedScenario> loadScenario(ScenarioRun run, const std::string& profileReason) {
    if (run.error()) {
        // The run stopped at a Python error the subset models (NameError...):
        // bad input, like a syntax error, with its line.
        const std::string prefix = InputError::format(run.fileName(), uint64_t(run.errorLine()), "");
        const std::string& e = *run.error();
        throw InputError(run.fileName(), uint64_t(run.errorLine()),
                         e.rfind(prefix, 0) == 0 ? e.substr(prefix.size()) : e);
    }
    auto ls = std::make_shared<LoadedScenario>();
    ScenarioTrace t = scenarioTrace(run);
    LoadOptions o;
    o.profileName = run.profile().name;
    auto trace = loadTraceText(t.text, run.fileName(), o);
    trace->profileReason = profileReason;
    ls->trace = std::move(trace);
    ls->stepEnd = std::move(t.stepEnd);
    ls->run = std::make_shared<const ScenarioRun>(std::move(run));
    return ls;
}

std::shared_ptr<const LoadedScenario> loadScenario(const std::string& path,
                                                   const std::optional<std::string>& profileName) {
    const std::string name = profileName.value_or(kDefaultScenarioProfile);
    const auto profile = profileByName(name);
    if (!profile)
        throw InputError(path, 0, "unknown profile '" + name + "' (known: " + profileNames() + ")");
    const std::string reason = profileName ? "scenario, --profile " + name : "scenario, default profile";
    return loadScenario(ScenarioRun::fromFile(path, *profile), reason);
}

} // namespace arenascope::scenario
