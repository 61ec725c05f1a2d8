// Runs a scenario: memory, heap, collector and interpreter wired together.
// Each completed statement or collection phase becomes a program step; the
// allocator calls it made go to the event store as a recording has them.
#include "model/scenario/scenariorun.h"
#include "model/scenario/collector.h"
#include "model/scenario/interpreter.h"
#include "model/scenario/layout.h"
#include "model/scenario/parser.h"
#include "model/scenario/pyrepr.h"

#include "model/pymalloc/inputerror.h"

#include <fstream>
#include <sstream>

namespace arenascope::scenario {

namespace {

std::vector<std::string> splitLines(const std::string& s) {
    std::vector<std::string> lines;
    std::istringstream in(s);
    for (std::string l; std::getline(in, l);)
        lines.push_back(l);
    return lines;
}

// Appends a step's events to the store with the annotations a recording of
// the same program would have (docs/trace-format.md): gc_start/gc_stop
// around collections, "at" lines where the source line changes. Trace line
// numbers count as if the store were written out as text.
class EventWriter {
public:
    EventWriter(TraceStore& store, const Profile& p, const std::string& file) : store_(store) {
        store_.name = file;
        store_.pythonComment = "# python " + std::to_string(p.version.major) + '.' +
                               std::to_string(p.version.minor) + ".0 (simulated by Arenascope: scenario " + file + ", profile " + p.name + ")";
        skipLine();  // the "# python" comment
        annotate({AnnotationKind::SourceFile, 0, 0, 0, 1, 0, file});
    }

    void step(const ProgramStep& s, const std::vector<Event>& events) {
        if (s.kind == ProgramStepKind::Collection && s.phase == GcPhase::Start)
            annotate({AnnotationKind::GcStart, uint32_t(s.generation), 0, 0, 0, 0, {}});
        if (!events.empty() && s.line != line_) {
            line_ = s.line;
            annotate({AnnotationKind::SourceLine, 0, 0, 0, line_ > 0 ? 1u : 0u, uint32_t(std::max(line_, 0)), {}});
        }
        for (const Event& e : events) {
            store_.append(e, ++lineCount_);
        }
        if (s.kind == ProgramStepKind::Collection && s.phase == GcPhase::Done)
            // A scenario's objects have no finalizers: all found are collected.
            annotate({AnnotationKind::GcStop, uint32_t(s.generation),
                      uint64_t(s.numbers.empty() ? 0 : s.numbers[0]), 0, 0, 0, {}});
        store_.lineCount = lineCount_;
    }

private:
    void skipLine() { store_.noteSkippedLine(++lineCount_); }
    void annotate(const Annotation& a) {
        store_.annotate(a);
        skipLine();
    }

    TraceStore& store_;
    uint64_t lineCount_ = 1;  // the "pymalloc-trace 1" header
    int line_ = -1;
};

class Runner : public StatementSink {
public:
    Runner(const Program& program, const std::vector<std::string>& lines, const Layout& layout,
           const Profile& profile, const std::string& file)
        : memory_(profile), heap_(layout, memory_),
          collector_(heap_, [this](GcPhase p, const std::string& t, const std::vector<int64_t>& n) { phase(p, t, n); }),
          interp_(program, lines, heap_, collector_, *this, output_),
          events_(std::make_shared<TraceStore>()), writer_(*events_, profile, file),
          program_(std::make_shared<ProgramSteps>(lines, capture())) {
        heap_.setAutoCollect([this] {
            interp_.automaticCollection();
            collector_.collectGenerations();
        });
        memory_.setSink(&pending_);
    }

    void execute() {
        try {
            interp_.compile();
            record({ProgramStepKind::Compile, 0, "compile: the module's constants", GcPhase::None, -1, {}, 0});
            interp_.run();
        } catch (const ScenarioError& e) {
            errorLine = e.line() ? e.line() : interp_.currentLine();
            errorMessage = e.what();
        }
        if (!pending_.empty())
            record({ProgramStepKind::End, interp_.currentLine(),
                    !errorMessage ? "(end of the program: the last loop's iterator is freed)" : "(stopped by the error)",
                    GcPhase::None, -1, {}, 0});
        program_->finish(output_, errorMessage.has_value());
        events_->shrinkToFit();
    }

    void statement(int line, const std::string& text) override {
        record({ProgramStepKind::Statement, line, text, GcPhase::None, -1, {}, 0});
    }

    const std::vector<Note>& notes() const { return interp_.notes(); }
    const std::shared_ptr<TraceStore>& events() const { return events_; }
    const std::shared_ptr<ProgramSteps>& program() const { return program_; }

    int errorLine = 0;
    std::optional<std::string> errorMessage;

private:
    void phase(GcPhase p, const std::string& text, const std::vector<int64_t>& numbers) {
        record({ProgramStepKind::Collection, interp_.currentLine(), text, p, collector_.generation(), numbers, 0});
    }

    void record(ProgramStep s) {
        writer_.step(s, pending_);
        pending_.clear();
        s.eventEnd = events_->size();
        program_->add(std::move(s), capture(), output_.size());
    }

    ProgramState capture() const {
        ProgramState st;
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
            const auto& names = heap_.obj(o.cls).classDef->slotNames;
            for (size_t i = 0; i < o.items.size(); ++i)
                if (o.items[i])
                    refs.push_back({"." + names[i], o.items[i]});
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

    std::vector<Event> pending_;  // the calls of the step in progress
    std::string output_;
    SimulatedMemory memory_;
    Heap heap_;
    Collector collector_;
    Interpreter interp_;
    std::shared_ptr<TraceStore> events_;
    EventWriter writer_;
    std::shared_ptr<ProgramSteps> program_;
};

} // namespace

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
    const std::vector<std::string> lines = splitLines(source);
    Program program;
    try {
        program = parse(source);
    } catch (const ScenarioError& e) {
        throw InputError(fileName, uint64_t(e.line()), e.what());
    }
    ScenarioRun run;
    run.file_ = fileName;
    run.profile_ = profile;
    Runner r(program, lines, *layout, profile, fileName);
    r.execute();
    run.events_ = r.events();
    run.program_ = r.program();
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

std::vector<Event> ScenarioRun::calls(size_t index) const {
    std::vector<Event> v;
    const size_t from = program_->eventEnd(index), to = program_->eventEnd(index + 1);
    for (size_t i = from; i < to; ++i) {
        const Event e = events_->event(i);
        if (e.isRequest())
            v.push_back(e);
    }
    return v;
}

AllocatorState ScenarioRun::allocatorStateAt(size_t steps) const {
    SimulatedMemory memory(profile_);
    const size_t end = program_->eventEnd(std::min(steps, stepCount()));
    for (size_t i = 0; i < end; ++i)
        memory.apply(events_->event(i));
    return memory.state();
}

} // namespace arenascope::scenario
