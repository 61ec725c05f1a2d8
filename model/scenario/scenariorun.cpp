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

#include <algorithm>
#include <fstream>
#include <stdexcept>
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
          collector_(makeCollector(layout, heap_,
                                   [this](GcPhase p, const std::string& t, const std::vector<int64_t>& n) {
                                       phase(p, t, n);
                                   })),
          interp_(program, lines, heap_, *collector_, *this, output_),
          events_(std::make_shared<TraceStore>()), writer_(*events_, profile, file),
          program_(std::make_shared<ProgramSteps>(lines, capture())) {
        heap_.setAutoCollect([this] {
            interp_.automaticCollection();
            collector_->collectGenerations();
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
    bool checkCapture_ = false;

private:
    void phase(GcPhase p, const std::string& text, const std::vector<int64_t>& numbers) {
        record({ProgramStepKind::Collection, interp_.currentLine(), text, p, collector_->generation(), numbers, 0});
    }

    void record(ProgramStep s) {
        writer_.step(s, pending_);
        pending_.clear();
        s.eventEnd = events_->size();
        program_->add(std::move(s), capture(), output_.size());
        if (checkCapture_)
            checkCapture();
    }

    // What changed since the last step: the objects the heap reports as
    // touched, plus the static singletons (None, small ints, ...) that come
    // into view or leave it as names and objects start or stop referring to
    // them. The state holds every live heap object, and the static ones so
    // referred to.
    ProgramSteps::Delta capture() {
        const Heap& h = heap_;
        inState_.resize(h.size(), 0);
        staticRefs_.resize(h.size(), 0);
        refsOf_.resize(h.size());
        ProgramSteps::Delta d;
        std::vector<ObjId> statics;  // static objects whose presence may have changed
        auto hold = [&](std::vector<ObjId>& held, std::vector<ObjId> now) {
            for (ObjId t : held)
                if (--staticRefs_[t] == 0)
                    statics.push_back(t);
            for (ObjId t : now)
                if (staticRefs_[t]++ == 0)
                    statics.push_back(t);
            held = std::move(now);
        };
        auto refresh = [&](ObjId id) {
            const Object& o = h.obj(id);
            const bool wanted = o.isStatic ? staticRefs_[id] > 0 : o.alive && o.type != Type::Sentinel;
            if (wanted) {
                ObjectState st = objectState(id);
                if (!o.isStatic)
                    hold(refsOf_[id], staticTargets(st.refs));
                d.changed.push_back(std::move(st));
                inState_[id] = 1;
            } else if (inState_[id]) {
                d.removed.push_back(id);
                inState_[id] = 0;
                if (!o.isStatic)
                    hold(refsOf_[id], {});
            }
        };
        const std::vector<ObjId> dirty = heap_.takeDirty();
        for (ObjId id : dirty)
            if (!h.obj(id).isStatic)
                refresh(id);
        std::vector<ObjId> named;
        for (const Frame& f : interp_.frames()) {
            FrameState fs;
            fs.function = f.function;
            fs.line = f.line;
            for (const auto& [n, v] : f.locals)
                if (v) {
                    fs.locals.emplace_back(n, v);
                    if (h.obj(v).isStatic)
                        named.push_back(v);
                }
            d.frames.push_back(std::move(fs));
        }
        hold(frameStatics_, std::move(named));
        for (ObjId id : dirty)
            if (h.obj(id).isStatic)
                statics.push_back(id);
        std::sort(statics.begin(), statics.end());
        statics.erase(std::unique(statics.begin(), statics.end()), statics.end());
        for (ObjId id : statics)
            refresh(id);
        const GcState& gc = h.gc();
        for (int g = 0; g < kNumGenerations; ++g) {
            d.gc.generations[g].count = gc.generations[g].count;
            d.gc.generations[g].threshold = gc.generations[g].threshold;
            d.gc.generations[g].objects = h.gcList(gc.generations[g].head);
        }
        d.gc.unreachable = h.gcList(gc.unreachableHead);
        d.gc.enabled = gc.enabled;
        d.gc.phase = collector_->phase();
        d.gc.collectingGeneration = collector_->generation();
        d.gc.longLivedTotal = gc.longLivedTotal;
        d.gc.longLivedPending = gc.longLivedPending;
        return d;
    }

    // The references as a RefList, the same one as the last time they were
    // the same.
    RefList sharedRefs(ObjId id, std::vector<Reference> refs) const {
        if (id >= lastRefs_.size())
            lastRefs_.resize(size_t(id) + 1);
        if (!(lastRefs_[id].items() == refs))
            lastRefs_[id] = RefList(std::move(refs));
        return lastRefs_[id];
    }

    std::vector<ObjId> staticTargets(const RefList& refs) const {
        std::vector<ObjId> v;
        for (const Reference& r : refs)
            if (heap_.obj(r.target).isStatic)
                v.push_back(r.target);
        return v;
    }

    // An object's references, the first kMaxRefs of them (a list of 12,000
    // strings is drawn with its first ones and a count of the rest).
    static constexpr size_t kMaxRefs = 200;
    std::vector<Reference> references(ObjId id, uint32_t* omitted = nullptr) const {
        const Object& o = heap_.obj(id);
        std::vector<Reference> refs;
        auto label = [&](ObjId k) {
            std::string s = pyRepr(heap_, k);
            return s.size() > 20 ? s.substr(0, 17) + "..." : s;
        };
        size_t cut = 0;
        switch (o.type) {
        case Type::List:
        case Type::Tuple:
            for (size_t i = 0; i < o.items.size() && refs.size() < kMaxRefs; ++i)
                refs.push_back({"[" + std::to_string(i) + "]", o.items[i]});
            cut = o.items.size() - refs.size();
            break;
        case Type::Set:
            for (size_t i = 0; i < o.items.size() && refs.size() < kMaxRefs; ++i)
                refs.push_back({"item", o.items[i]});
            cut = o.items.size() - refs.size();
            break;
        case Type::Dict:
            for (size_t i = 0; i < o.keys.size(); ++i) {
                if (!o.keys[i])
                    continue;
                if (refs.size() >= kMaxRefs) {
                    cut += 2;
                    continue;
                }
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
        if (omitted)
            *omitted = uint32_t(cut);
        return refs;
    }

    // `share`: the references as the same RefList as last time when equal.
    ObjectState objectState(ObjId id, bool share = true) const {
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
        std::vector<Reference> refs = references(id, &s.refsOmitted);
        s.refs = share ? sharedRefs(id, std::move(refs)) : RefList(std::move(refs));
        return s;
    }

    // The whole state from a scan of every object: what capture() must
    // amount to, step after step (checked when checkCapture_ is set).
    ProgramState fullCapture() const {
        ProgramState st;
        std::vector<bool> wanted(heap_.size(), false);
        for (ObjId id = 1; id < heap_.size(); ++id) {
            const Object& o = heap_.obj(id);
            if (o.alive && o.type != Type::Sentinel && !o.isStatic)
                wanted[id] = true;
        }
        for (const Frame& f : interp_.frames())
            for (const auto& [n, v] : f.locals)
                if (v)
                    wanted[v] = true;
        for (ObjId id = 1; id < heap_.size(); ++id)
            if (wanted[id] && !heap_.obj(id).isStatic)
                for (const Reference& r : references(id))
                    wanted[r.target] = true;
        for (ObjId id = 1; id < heap_.size(); ++id)
            if (wanted[id])
                st.objects.push_back(objectState(id, false));
        return st;
    }

    void checkCapture() const {
        const ProgramState full = fullCapture();
        const ProgramState kept = program_->stateAt(program_->stepCount());
        const size_t n = std::max(full.objects.size(), kept.objects.size());
        for (size_t i = 0; i < n; ++i) {
            const ObjectState* a = i < full.objects.size() ? &full.objects[i] : nullptr;
            const ObjectState* b = i < kept.objects.size() ? &kept.objects[i] : nullptr;
            if (a && b && *a == *b)
                continue;
            throw std::logic_error("step " + std::to_string(program_->stepCount()) + ": object " +
                                   std::to_string(a ? a->id : b->id) + " (" + (a ? a->type : b->type) +
                                   ") differs between the whole-heap scan and the captured changes");
        }
    }

    // What the last state held (by id), so that capture() looks only at what
    // the step touched: in the state or not, and the references to static
    // objects each shown object and the frames' names hold.
    std::vector<uint8_t> inState_;
    std::vector<uint32_t> staticRefs_;
    std::vector<std::vector<ObjId>> refsOf_;
    std::vector<ObjId> frameStatics_;
    mutable std::vector<RefList> lastRefs_;

    std::vector<Event> pending_;  // the calls of the step in progress
    std::string output_;
    SimulatedMemory memory_;
    Heap heap_;
    std::unique_ptr<Collector> collector_;
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
                                    const Profile& profile, bool checkCapture) {
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
    r.checkCapture_ = checkCapture;
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
    return InputError::format(file_, uint64_t(n.line), noteText(n));
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
