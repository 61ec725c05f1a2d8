// Reads the program lines of a stepped recording (docs/trace-format.md,
// "Steps": the script's text, and at each line its stack, names, objects,
// references and output) into ProgramSteps on the heap's event axis.
#pragma once

#include "model/program/collections.h"
#include "model/program/programnote.h"
#include "model/program/programsteps.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace arenascope {

// How a recording's steps lie on the axis, read as a scenario's are:
//  - step 0 (before the first step): the empty state at event 0;
//  - step k, 1 to N: the k-th `step` record. Kind Statement, line = its
//    LINE, text = that line of the script trimmed, eventEnd = the events
//    before the `step` line; its state is what the record says (line LINE
//    is about to run), its output everything in the `out` lines before the
//    `step` line. A step in another of the user's files than the script has
//    line 0 and text "NAME, line LINE" (the recording has no source for it,
//    and line 0 highlights no line of the script);
//  - then, when events or output follow the last record (its line ran, the
//    interpreter exited), one End step at the last event with no frames or
//    objects and all the output.
// Objects: the recorder writes an object when it changes; a step holds
// every object written and not dropped since, each with the references of
// its latest ref lines. Each distinct address gets an id, in order of first
// appearance in the recording (so an object keeps its id from step to step). ObjectState.address is its BLOCK (0 for 0x0, which
// also makes it isStatic); a reference to an object the step left out is
// not kept but counted in the referrer's refsOmitted, and `cut N` becomes
// ProgramState::objectsLeftOut.
// A collection with its graph (docs/trace-format.md, "The collector's graph")
// becomes Collection steps (collectionsteps.h) after the step it ran in:
// its phases up to move_unreachable at its start, the rest at its stop
// (see collectionRunning).
class StepRecording {
public:
    explicit StepRecording(std::string file); // what messages call the file

    // One line, in file order: a program line (source, step, frame, name,
    // obj, ref, cut, out) or a `file` line (steps name files by id), with
    // its line number, its text from the keyword on, and the number of
    // events before it (LoadOptions::programLine hands exactly these).
    // Throws InputError(file, line, message) for what the format rejects.
    void line(uint64_t lineNo, std::string_view text, uint64_t eventsBefore);

    // A collection with its graph (CollectionReader's), its lines read up to
    // here: running, once its graph is read and before the first `step` line
    // inside it (a gc callback or a __del__ of the user's files runs there),
    // if any; stopped, at its `gc_stop`. Its phases become steps after the
    // step it ran in (those up to move_unreachable before the steps inside
    // it, the rest after them, from the state move_unreachable left); none
    // before the first step, past the step limit, or without a graph. One
    // that stops inside a step record (the recorder took the step while it
    // ran) follows the whole record.
    // `collections`: those read so far (CollectionReader::kept()), the last
    // one just stopped; they are referred to until finish.
    void collectionRunning(const Collection& c);
    void collectionStopped(const std::vector<Collection>& collections);

    bool hasSteps() const { return program_ != nullptr; }
    // Where the recorder stopped short (`limit` lines), in file order.
    const std::vector<Note>& notes() const { return notes_; }

    // Once the whole file is read (`events`: how many it has): the steps,
    // or null when the recording has no `step` line.
    std::shared_ptr<ProgramSteps> finish(uint64_t events);

private:
    // The step record being read: a `step` line and what follows it up to
    // the next event or `step`.
    struct Record {
        ProgramStep step;
        size_t outputLength = 0;
        std::vector<FrameState> frames;
        std::unordered_set<uint64_t> written;   // addresses with an obj line in this step
        std::unordered_set<uint64_t> refsRead;  // addresses whose references this step set
        uint64_t leftOut = 0;
        GcStateView gc;  // the generations' counts and thresholds (`gc` line)
    };
    // An object the steps hold, from its first `obj` line to its `drop`: its
    // latest fields and references (label, target address).
    struct Live {
        ObjectState object;
        std::vector<std::pair<std::string, uint64_t>> refs;
    };

    [[noreturn]] void fail(const std::string& message) const;
    void source(std::string_view text);
    void step(std::string_view text, uint64_t eventsBefore);
    void frame(std::string_view text);
    void name(std::string_view text);
    void object(std::string_view text);
    void reference(std::string_view text);
    void cut(std::string_view text);
    void noReferences(std::string_view text);
    void drop(std::string_view text);
    void generations(std::string_view text);
    void out(std::string_view text);
    void file(std::string_view text);
    void limit(std::string_view text);

    void checkInRecord(std::string_view keyword, uint64_t eventsBefore) const;
    void commit();
    ProgramState& collectionBase();
    void beginCollection(const Collection& c);
    void endCollection(const Collection& c);
    void flushCollections();
    ProgramState stateOf(const Record& r) const;
    ObjId idOf(uint64_t address);

    std::string file_;
    uint64_t lineNo_ = 0; // the line being read, for messages
    std::vector<std::string> sourceLines_;
    std::unordered_map<uint64_t, std::string> files_; // `file` lines: id -> path
    uint64_t scriptFile_ = 0;                         // the first step's file
    std::unordered_map<uint64_t, ObjId> ids_;
    std::unordered_map<uint64_t, Live> live_;  // by address
    std::string output_;
    std::shared_ptr<ProgramSteps> program_; // from the first `step` on
    Record record_;                         // the latest record
    bool pending_ = false;                  // record_ not yet added to program_
    // The state after the latest collection step, until the next `step`
    // outside a collection.
    std::optional<ProgramState> afterCollection_;
    // The collection whose first phases are steps (its gc_start line), and
    // the line it runs in; the one that has none (it started before the
    // first step or after the step limit); 0: none.
    uint64_t collectionBegun_ = 0, collectionSkipped_ = 0;
    int collectionLine_ = 0;
    // Collections that stopped inside the pending record, by index in
    // *collections_, to follow it once it ends.
    const std::vector<Collection>* collections_ = nullptr;
    std::vector<size_t> deferred_;
    bool stepLimitReached_ = false;  // a `limit steps` line came
    std::vector<Note> notes_;
};

} // namespace arenascope
