// Runs a scenario: memory, heap, collector and interpreter wired together,
// each completed statement or collection phase recorded as a step with the
// allocator calls made since the previous one.
#include "model/scenario/scenariorun.h"
#include "model/scenario/interpreter.h"
#include "model/scenario/layout.h"
#include "model/scenario/parser.h"
#include "model/scenario/pyrepr.h"

#include "model/inputerror.h"

#include <fstream>
#include <sstream>

namespace arenascope::scenario {

struct ScenarioRun::Shared {
    Program program;
    std::vector<std::string> lines;
    Layout layout;
};

namespace {

struct StopRun {};

class Runner : public StatementSink {
public:
    Runner(const ScenarioRun::Shared& sh, const Profile& profile, std::optional<size_t> stopAt)
        : memory_(profile), heap_(sh.layout, memory_),
          collector_(heap_, [this](GcPhase p, const std::string& t, const std::vector<int64_t>& n) { phase(p, t, n); }),
          interp_(sh.program, sh.lines, heap_, collector_, *this, output_), stopAt_(stopAt) {
        heap_.setAutoCollect([this] {
            interp_.automaticCollection();
            collector_.collectGenerations();
        });
        memory_.setSink(&pending_);
    }

    void execute() {
        if (stopAt_ && *stopAt_ == 0) {
            snapshot_ = capture();
            return;
        }
        try {
            interp_.compile();
            record(Step{StepKind::Compile, 0, "compile: the module's constants", GcPhase::None, -1, {}, {}});
            interp_.run();
        } catch (const StopRun&) {
            return;
        } catch (const ScenarioError& e) {
            errorLine = e.line() ? e.line() : interp_.currentLine();
            errorMessage = e.what();
        }
        try {
            if (!pending_.empty())
                record(Step{StepKind::End, interp_.currentLine(),
                            !errorMessage ? "(end of the program: the last loop's iterator is freed)" : "(stopped by the error)",
                            GcPhase::None, -1, {}, {}});
        } catch (const StopRun&) {
            return;
        }
        if (stopAt_ && !snapshot_)
            snapshot_ = capture();
    }

    void statement(int line, const std::string& text) override {
        record(Step{StepKind::Statement, line, text, GcPhase::None, -1, {}, {}});
    }

    const std::vector<Note>& notes() const { return interp_.notes(); }

    std::vector<Step> steps;
    std::string output_;
    std::optional<ScenarioState> snapshot_;
    int errorLine = 0;
    std::optional<std::string> errorMessage;

private:
    void phase(GcPhase p, const std::string& text, const std::vector<int64_t>& numbers) {
        record(Step{StepKind::Collection, interp_.currentLine(), text, p, collector_.generation(), {}, numbers});
    }

    void record(Step s) {
        s.calls = std::move(pending_);
        pending_.clear();
        steps.push_back(std::move(s));
        if (stopAt_ && steps.size() == *stopAt_) {
            snapshot_ = capture();
            heap_.abandon();  // unwinding releases nothing more
            throw StopRun{};
        }
    }

    ScenarioState capture() const {
        ScenarioState st;
        st.step = steps.size();
        st.output = output_;
        std::vector<bool> wanted(heap_.size(), false);
        for (ObjId id = 1; id < heap_.size(); ++id) {
            const Object& o = heap_.obj(id);
            if (o.alive && o.type != Type::Sentinel && !o.isStatic)
                wanted[id] = true;
        }
        for (const Frame& f : interp_.frames()) {
            FrameState fs;
            fs.function = f.function;
            fs.line = f.line;
            for (const auto& [n, v] : f.locals)
                if (v) {
                    fs.locals.emplace_back(n, v);
                    wanted[v] = true;
                }
            st.frames.push_back(std::move(fs));
        }
        for (ObjId id = 1; id < heap_.size(); ++id)
            if (wanted[id] && !heap_.obj(id).isStatic)
                for (const Reference& r : references(id))
                    wanted[r.target] = true;
        for (ObjId id = 1; id < heap_.size(); ++id)
            if (wanted[id])
                st.objects.push_back(objectState(id));
        const GcState& gc = heap_.gc();
        for (int g = 0; g < kNumGenerations; ++g) {
            st.gc.generations[g].count = gc.generations[g].count;
            st.gc.generations[g].threshold = gc.generations[g].threshold;
            st.gc.generations[g].objects = heap_.gcList(gc.generations[g].head);
        }
        st.gc.unreachable = heap_.gcList(gc.unreachableHead);
        st.gc.enabled = gc.enabled;
        st.gc.phase = collector_.phase();
        st.gc.collectingGeneration = collector_.generation();
        st.gc.longLivedTotal = gc.longLivedTotal;
        st.gc.longLivedPending = gc.longLivedPending;
        return st;
    }

    std::vector<Reference> references(ObjId id) const {
        const Object& o = heap_.obj(id);
        std::vector<Reference> refs;
        auto label = [&](ObjId k) {
            std::string s = pyRepr(heap_, k);
            return s.size() > 20 ? s.substr(0, 17) + "..." : s;
        };
        switch (o.type) {
        case Type::List:
        case Type::Tuple:
            for (size_t i = 0; i < o.items.size(); ++i)
                refs.push_back({"[" + std::to_string(i) + "]", o.items[i]});
            break;
        case Type::Set:
            for (ObjId k : o.items)
                refs.push_back({"item", k});
            break;
        case Type::Dict:
            for (size_t i = 0; i < o.keys.size(); ++i)
                if (o.keys[i]) {
                    refs.push_back({"key " + label(o.keys[i]), o.keys[i]});
                    refs.push_back({"[" + label(o.keys[i]) + "]", o.items[i]});
                }
            break;
        case Type::Instance: {
            const auto& slots = heap_.obj(o.cls).classDef->slots;
            for (size_t i = 0; i < o.items.size(); ++i)
                if (o.items[i])
                    refs.push_back({"." + slots[i], o.items[i]});
            refs.push_back({"type", o.cls});
            break;
        }
        case Type::Range: {
            const char* names[] = {"start", "stop", "step", "length"};
            for (size_t i = 0; i < o.items.size() && i < 4; ++i)
                refs.push_back({names[i], o.items[i]});
            break;
        }
        case Type::Class: {
            const char* names[] = {"__dict__", "__bases__", "__mro__", "ht_slots"};
            for (size_t i = 0; i < o.items.size() && i < 4; ++i)
                if (o.items[i])
                    refs.push_back({names[i], o.items[i]});
            break;
        }
        case Type::MemberDescr:
            refs.push_back({"__objclass__", o.items[0]});
            break;
        case Type::Super:
            refs.push_back({"__thisclass__", o.items[0]});
            break;
        case Type::BuiltinMethod:
            if (!o.items.empty())
                refs.push_back({"__self__", o.items[0]});
            break;
        default:
            break;
        }
        return refs;
    }

    ObjectState objectState(ObjId id) const {
        const Object& o = heap_.obj(id);
        ObjectState s;
        s.id = id;
        s.type = o.type == Type::Instance ? heap_.obj(o.cls).sval + " instance" : typeName(o.type);
        s.label = shortLabel(heap_, id);
        s.role = o.role;
        s.address = o.address;
        s.requested = o.requested;
        s.itemsAddress = o.itemsAddress;
        s.itemsBytes = o.itemsBytes;
        s.size = heap_.getsizeof(id);
        s.refcnt = o.refcnt;
        s.isStatic = o.isStatic;
        s.gcTracked = o.tracked;
        s.generation = o.generation;
        s.gcRefs = o.gcRefs;
        s.collecting = o.collecting;
        s.unreachable = o.unreachable;
        s.refs = references(id);
        return s;
    }

    std::vector<AllocCall> pending_;
    SimulatedMemory memory_;
    Heap heap_;
    Collector collector_;
    Interpreter interp_;
    std::optional<size_t> stopAt_;
};

std::vector<std::string> splitLines(const std::string& s) {
    std::vector<std::string> lines;
    std::istringstream in(s);
    for (std::string l; std::getline(in, l);)
        lines.push_back(l);
    return lines;
}

} // namespace

const ObjectState* ScenarioState::find(ObjId id) const {
    for (const ObjectState& o : objects)
        if (o.id == id)
            return &o;
    return nullptr;
}

std::optional<std::string> scenarioProfileProblem(const Profile& profile) {
    std::string why;
    if (!layoutFor(profile, &why))
        return why;
    return std::nullopt;
}

ScenarioRun ScenarioRun::fromFile(const std::string& path, const Profile& profile) {
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw InputError(path, 0, "cannot open the scenario");
    std::ostringstream text;
    text << in.rdbuf();
    if (text.str().size() > 1000000)
        throw InputError(path, 0, "a scenario larger than 1 MB is not supported");
    return fromSource(text.str(), path, profile);
}

ScenarioRun ScenarioRun::fromSource(const std::string& source, const std::string& fileName,
                                    const Profile& profile) {
    std::string why;
    const auto layout = layoutFor(profile, &why);
    if (!layout)
        throw InputError(fileName, 0, why);
    if (source.find('\0') != std::string::npos)
        throw InputError(fileName, 0, "SyntaxError: source code cannot contain null bytes");
    auto shared = std::make_shared<Shared>();
    shared->layout = *layout;
    shared->lines = splitLines(source);
    try {
        shared->program = parse(source);
    } catch (const ScenarioError& e) {
        throw InputError(fileName, uint64_t(e.line()), e.what());
    }
    ScenarioRun run;
    run.file_ = fileName;
    run.profile_ = profile;
    run.shared_ = shared;
    Runner r(*shared, profile, std::nullopt);
    r.execute();
    run.steps_ = std::move(r.steps);
    run.output_ = std::move(r.output_);
    run.notes_ = r.notes();
    if (r.errorMessage) {
        run.errorLine_ = r.errorLine;
        run.error_ = InputError::format(fileName, uint64_t(r.errorLine), *r.errorMessage);
    }
    return run;
}

std::string ScenarioRun::noteMessage(const Note& n) const {
    return InputError::format(file_, uint64_t(n.line), noteText(n.kind));
}

ScenarioState ScenarioRun::stateAt(size_t steps) const {
    steps = std::min(steps, steps_.size());
    Runner r(*shared_, profile_, steps);
    r.execute();
    ScenarioState st = std::move(*r.snapshot_);
    st.step = steps;
    return st;
}

AllocatorState ScenarioRun::allocatorStateAt(size_t steps) const {
    SimulatedMemory memory(profile_);
    for (size_t i = 0; i < steps && i < steps_.size(); ++i)
        for (const AllocCall& c : steps_[i].calls)
            memory.apply(c);
    return memory.state();
}

} // namespace arenascope::scenario
