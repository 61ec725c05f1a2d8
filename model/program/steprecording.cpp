// A stepped recording's program lines, checked one at a time as the reader
// meets them; each step record becomes a whole ProgramState, which
// ProgramSteps::add diffs against the one before.
#include "model/program/steprecording.h"
#include "model/program/collectionsteps.h"
#include "model/program/linefields.h"

#include "model/pymalloc/inputerror.h"

#include <algorithm>
#include <climits>
#include <numeric>

namespace arenascope {
namespace {


std::string trimmed(const std::string& s) {
    const size_t b = s.find_first_not_of(" \t");
    return b == std::string::npos ? std::string() : s.substr(b, s.find_last_not_of(" \t") - b + 1);
}

} // namespace

StepRecording::StepRecording(std::string file) : file_(std::move(file)) {}

void StepRecording::fail(const std::string& message) const {
    throw InputError(file_, lineNo_, message);
}

void StepRecording::line(uint64_t lineNo, std::string_view text, uint64_t eventsBefore) {
    lineNo_ = lineNo;
    text.remove_prefix(std::min(text.size(), text.find_first_not_of(" \t")));
    const std::string_view kw = keywordOf(text);
    const bool recordLine = kw == "frame" || kw == "name" || kw == "obj" || kw == "ref" || kw == "cut" ||
                            kw == "norefs" || kw == "drop" || kw == "gc";
    // A record ends at the first line that is not its own (output may come
    // anywhere): the collections that stopped inside it follow it.
    if (!deferred_.empty() && kw != "out" && !(recordLine && eventsBefore == record_.step.eventEnd))
        flushCollections();
    // The record lines belong to the step before them, if no event came between.
    if (recordLine)
        checkInRecord(kw, eventsBefore);
    if (kw == "step")
        step(text, eventsBefore);
    else if (kw == "frame")
        frame(text);
    else if (kw == "name")
        name(text);
    else if (kw == "obj")
        object(text);
    else if (kw == "ref")
        reference(text);
    else if (kw == "cut")
        cut(text);
    else if (kw == "norefs")
        noReferences(text);
    else if (kw == "drop")
        drop(text);
    else if (kw == "gc")
        generations(text);
    else if (kw == "out")
        out(text);
    else if (kw == "source")
        source(text);
    else if (kw == "file")
        file(text);
    else if (kw == "limit")
        limit(text);
    else
        fail("'" + shownToken(kw) + "' is not a program line");
}

// ------------------------------------------------------------ lines

void StepRecording::file(std::string_view text) {
    // The reader has checked it: ids count up from 1.
    const LineFields f(file_, lineNo_, text, 1, true, "ID PATH");
    // As the reader takes PATH: from its first character that is not blank.
    const std::string_view path = f.rawRest();
    files_[f.number(0, "file id")] =
        std::string(path.substr(std::min(path.size(), path.find_first_not_of(" \t"))));
}

void StepRecording::limit(std::string_view text) {
    const LineFields f(file_, lineNo_, text, 2, false, "KIND N");
    Note n;
    n.line = int(std::min<uint64_t>(lineNo_, INT_MAX));
    if (f[0] == "steps")
        n.kind = NoteKind::StepLimit;
    else if (f[0] == "time")
        n.kind = NoteKind::TimeLimit;
    else
        fail("limit '" + shownToken(f[0]) + "': expected steps or time");
    n.value = f.number(1, "limit");
    notes_.push_back(n);
    // The program runs on without steps: its collections have no state to mark.
    stepLimitReached_ |= n.kind == NoteKind::StepLimit;
}

void StepRecording::source(std::string_view text) {
    const LineFields f(file_, lineNo_, text, 1, true, "N TEXT");
    // All of the script's text is known before its steps, which show its lines.
    if (program_)
        fail("'source' after the first step: the script's text comes before its steps");
    const uint64_t n = f.number(0, "line number");
    if (n != sourceLines_.size() + 1)
        fail("source line " + std::to_string(n) + " out of order: expected line " +
             std::to_string(sourceLines_.size() + 1));
    sourceLines_.push_back(f.rest());
}

void StepRecording::step(std::string_view text, uint64_t eventsBefore) {
    const LineFields f(file_, lineNo_, text, 2, false, "FILE LINE");
    const uint64_t fileId = f.number(0, "file id");
    const int lineNo = f.lineNumber(1);
    const auto declared = files_.find(fileId);
    if (declared == files_.end())
        fail("step in file " + shownToken(f[0]) + ", which no 'file' line before it declares");
    if (pending_)
        commit();
    if (!collectionBegun_)  // a running collection's last phases start from its first
        afterCollection_.reset();
    if (!program_) {
        // The script's first line runs first: its file is the script.
        scriptFile_ = fileId;
        program_ = std::make_shared<ProgramSteps>(sourceLines_, ProgramState{});
    }
    record_ = Record();
    ProgramStep& s = record_.step;
    s.kind = ProgramStepKind::Statement;
    s.eventEnd = eventsBefore;
    if (fileId == scriptFile_) {
        s.line = lineNo;
        if (lineNo >= 1 && size_t(lineNo) <= sourceLines_.size())
            s.text = trimmed(sourceLines_[size_t(lineNo) - 1]);
    } else {
        const std::string& path = declared->second;
        s.text = path.substr(path.find_last_of('/') + 1) + ", line " + std::to_string(lineNo);
    }
    record_.outputLength = output_.size();
    pending_ = true;
}

void StepRecording::checkInRecord(std::string_view keyword, uint64_t eventsBefore) const {
    if (!pending_ || eventsBefore != record_.step.eventEnd)
        fail(
            "'" + std::string(keyword) +
            "' outside a step record: a step's lines follow its 'step' line with no event between");
}

void StepRecording::frame(std::string_view text) {
    const LineFields f(file_, lineNo_, text, 2, false, "FUNCTION LINE");
    FrameState fr;
    fr.function = std::string(f[0]);
    fr.line = f.lineNumber(1);
    record_.frames.push_back(std::move(fr));
}

void StepRecording::name(std::string_view text) {
    const LineFields f(file_, lineNo_, text, 3, false, "FRAME NAME ADDR");
    const uint64_t frame = f.number(0, "frame");
    const uint64_t address = f.pointer(2);
    const size_t frames = record_.frames.size();
    if (frame >= frames)
        fail("name '" + shownToken(f[1]) + "' in frame " + shownToken(f[0]) +
             (frames == 0 ? std::string(", but the step has no 'frame' line before it")
                          : ", but the step has only " + std::to_string(frames) +
                                (frames == 1 ? " frame" : " frames") + " before it"));
    record_.frames[size_t(frame)].locals.emplace_back(std::string(f[1]), idOf(address));
}

void StepRecording::object(std::string_view text) {
    const LineFields f(file_, lineNo_, text, 6, true, "ADDR BLOCK TYPE SIZE REFCNT GEN VALUE");
    const uint64_t address = f.pointer(0);
    ObjectState o;
    o.address = f.pointer(1);
    o.type = std::string(f[2]);
    o.size = f.number(3, "size");
    const uint64_t refcnt = f.number(4, "reference count");
    if (refcnt > uint64_t(INT64_MAX))
        fail("reference count '" + shownToken(f[4]) + "' is too large");
    o.refcnt = int64_t(refcnt);
    const std::string_view gen = f[5];
    if (gen.size() == 1 && gen[0] >= '0' && gen[0] <= '2') {
        o.gcTracked = true;
        o.generation = gen[0] - '0';
    } else if (gen != "-") {
        fail("bad generation '" + shownToken(gen) + "': expected 0, 1, 2 or -");
    }
    o.label = f.rest();
    // Not allocated by the program (a static type, an immortal singleton).
    o.isStatic = o.address == 0;
    if (!record_.written.insert(address).second)
        fail("a second 'obj' line for " + shownToken(f[0]) + " in this step");
    o.id = idOf(address);
    live_[address].object = std::move(o);  // its references stay unless ref lines follow
}

void StepRecording::reference(std::string_view text) {
    const LineFields f(file_, lineNo_, text, 2, true, "ADDR TARGET LABEL");
    const uint64_t from = f.pointer(0);
    const uint64_t target = f.pointer(1);
    const auto it = live_.find(from);
    if (it == live_.end())
        fail("'ref' from " + shownToken(f[0]) + ", which has no 'obj' line before it");
    // The first ref line of an object in a step replaces its references.
    if (record_.refsRead.insert(from).second)
        it->second.refs.clear();
    it->second.refs.emplace_back(f.rest(), target);
}

void StepRecording::noReferences(std::string_view text) {
    const LineFields f(file_, lineNo_, text, 1, false, "ADDR");
    const auto it = live_.find(f.pointer(0));
    if (it == live_.end())
        fail("'norefs' for " + shownToken(f[0]) + ", which has no 'obj' line before it");
    it->second.refs.clear();
    record_.refsRead.insert(it->first);
}

void StepRecording::generations(std::string_view text) {
    const LineFields f(file_, lineNo_, text, 6, false, "COUNT0 COUNT1 COUNT2 THRESHOLD0 THRESHOLD1 THRESHOLD2");
    for (int g = 0; g < 3; ++g) {
        const uint64_t count = f.number(size_t(g), "count"), threshold = f.number(size_t(3 + g), "threshold");
        if (count > uint64_t(INT32_MAX) || threshold > uint64_t(INT32_MAX))
            fail("a generation's count or threshold is too large");
        record_.gc.generations[g].count = int(count);
        record_.gc.generations[g].threshold = int(threshold);
    }
}

void StepRecording::drop(std::string_view text) {
    const LineFields f(file_, lineNo_, text, 1, false, "ADDR");
    if (!live_.erase(f.pointer(0)))
        fail("'drop' of " + shownToken(f[0]) + ", which no step holds");
}

void StepRecording::cut(std::string_view text) {
    const LineFields f(file_, lineNo_, text, 1, false, "N");
    record_.leftOut += f.number(0, "count");
}

void StepRecording::out(std::string_view text) {
    const LineFields f(file_, lineNo_, text, 1, true, "STREAM TEXT");
    if (f[0] != "1" && f[0] != "2")
        fail("bad output stream '" + shownToken(f[0]) +
             "': expected 1 (standard output) or 2 (standard error)");
    // One output, both streams in the order written, as a terminal shows them.
    output_ += f.rest();
}

// ------------------------------------------------------------ states

ObjId StepRecording::idOf(uint64_t address) {
    return ids_.emplace(address, ObjId(ids_.size() + 1)).first->second;
}

ProgramState StepRecording::stateOf(const Record& r) const {
    // Every object the steps so far hold (each until its `drop`); references
    // to objects held: by id; to others (left out by the limits): counted,
    // so the referrer shows that it was cut there.
    std::vector<const Live*> held;
    held.reserve(live_.size());
    for (const auto& [address, l] : live_)
        held.push_back(&l);
    std::sort(held.begin(), held.end(), [](const Live* a, const Live* b) { return a->object.id < b->object.id; });
    ProgramState st;
    st.objects.reserve(held.size());
    for (const Live* l : held) {
        ObjectState o = l->object;
        std::vector<Reference> refs;
        for (const auto& [label, target] : l->refs) {
            const auto to = live_.find(target);
            if (to != live_.end())
                refs.push_back({label, to->second.object.id});
            else
                ++o.refsOmitted;
        }
        o.refs = RefList(std::move(refs));
        st.objects.push_back(std::move(o));
    }
    st.frames = r.frames;
    st.objectsLeftOut = r.leftOut;
    for (int g = 0; g < 3; ++g) {
        st.gc.generations[g].count = r.gc.generations[g].count;
        st.gc.generations[g].threshold = r.gc.generations[g].threshold;
    }
    // The generations' members, as the objects' GEN fields say (the lists'
    // own order is the collector's and is not recorded).
    for (const ObjectState& o : st.objects)
        if (o.gcTracked && o.generation >= 0 && o.generation < 3)
            st.gc.generations[o.generation].objects.push_back(o.id);
    return st;
}

void StepRecording::commit() {
    program_->add(record_.step, stateOf(record_), record_.outputLength);
    pending_ = false;
}

// ------------------------------------------------------------ collections

ProgramState& StepRecording::collectionBase() {
    if (pending_)
        commit();
    // The state of the step the collection runs in, or where a collection
    // before it in the same step left it.
    if (!afterCollection_)
        afterCollection_ = stateOf(record_);
    return *afterCollection_;
}

void StepRecording::collectionRunning(const Collection& c) {
    flushCollections();
    beginCollection(c);
}

void StepRecording::collectionStopped(const std::vector<Collection>& collections) {
    collections_ = &collections;
    const Collection& c = collections.back();
    // Stopped with no event since the step line: it may have run while the
    // recorder took the step (its events wait until after the record), and
    // the record may go on. Its phases follow the whole record.
    if (pending_ && c.line != collectionBegun_ && c.stopEvent == record_.step.eventEnd) {
        deferred_.push_back(collections.size() - 1);
        return;
    }
    flushCollections();
    endCollection(c);
}

void StepRecording::flushCollections() {
    if (deferred_.empty())
        return;
    if (pending_)
        commit();
    std::vector<size_t> deferred;
    deferred.swap(deferred_);
    for (size_t i : deferred)
        endCollection((*collections_)[i]);
}

void StepRecording::beginCollection(const Collection& c) {
    if (!c.hasGraph || c.line == collectionBegun_ || c.line == collectionSkipped_)
        return;
    // Before the first step, or past the step limit, there is no state to
    // mark; and the phases must not come after a step that began later
    // than the collection did.
    if (!program_ || stepLimitReached_ || record_.step.eventEnd > c.startEvent) {
        collectionSkipped_ = c.line;
        return;
    }
    for (CollectionStep& s : collectionStartSteps(c, record_.step.line, collectionBase()))
        program_->add(std::move(s.step), std::move(s.state), output_.size());
    collectionBegun_ = c.line;
    collectionLine_ = record_.step.line;
}

void StepRecording::endCollection(const Collection& c) {
    beginCollection(c);
    if (c.line != collectionBegun_)
        return;
    collectionBegun_ = 0;
    // From where move_unreachable left the objects: the steps a gc callback
    // or a finalizer took in between have returned by delete_garbage.
    if (pending_)
        commit();
    for (CollectionStep& s : collectionStopSteps(c, collectionLine_, *afterCollection_))
        program_->add(std::move(s.step), std::move(s.state), output_.size());
}

std::shared_ptr<ProgramSteps> StepRecording::finish(uint64_t events) {
    if (!program_)
        return nullptr;
    flushCollections();
    if (pending_)
        commit();
    // What the last line did, and the interpreter's exit, as one last step:
    // by then the program's frames are gone and its objects released (the
    // heap shows what the interpreter's shutdown left), so it has none.
    if (events > record_.step.eventEnd || output_.size() > record_.outputLength) {
        ProgramStep end;
        end.kind = ProgramStepKind::End;
        end.line = record_.step.line;
        end.text = "(end of the program)";
        end.eventEnd = events;
        program_->add(std::move(end), ProgramState(), output_.size());
    }
    program_->finish(output_, false);
    return std::move(program_);
}

} // namespace arenascope
