// The public face of scenarios for the window and the command line: run a
// scenario file once, get its steps (statements and collection phases)
// with the allocator calls each made, and the state after any step.
#pragma once

#include "model/allocator.h"
#include "model/profile.h"
#include "model/scenario/collector.h"
#include "model/scenario/note.h"
#include "model/scenario/memory.h"
#include "model/scenario/objects.h"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace arenascope::scenario {

enum class StepKind : uint8_t {
    Compile,    // the module's constants allocated
    Statement,  // a statement (or a loop's next iteration, or a return) completed
    Collection, // a phase of a collection completed (see GcPhase)
    End         // after the last statement or an error: what was left is released
};

struct Step {
    StepKind kind = StepKind::Statement;
    int line = 0;              // source line (the statement running, for a collection)
    std::string text;          // the source line, or what the phase did
    GcPhase phase = GcPhase::None;
    int generation = -1;       // the generation being collected, for Collection steps
    std::vector<AllocCall> calls;  // allocator calls made during this step
    std::vector<int64_t> numbers;  // Collection steps: the numbers in `text`, in order
};

// One reference from an object, named as a Python programmer would.
struct Reference {
    std::string label;  // "[0]", "['key']", ".attr", "key", "type"
    ObjId target = kNull;
};

struct ObjectState {
    ObjId id = kNull;
    std::string type;      // "list", "dict", "C instance", ...
    std::string label;     // a short value or summary
    std::string role;      // "constant", "thread state dict", ... for the interpreter's own objects
    uint64_t address = 0;  // the object's block (0 for static singletons)
    uint64_t requested = 0;            // bytes asked for that block
    uint64_t itemsAddress = 0, itemsBytes = 0;  // list ob_item, dict keys, set table
    uint64_t size = 0;     // sys.getsizeof
    int64_t refcnt = 0;
    bool isStatic = false;
    bool gcTracked = false;
    int generation = -1;   // 0..2, 3 on the unreachable list, -1 untracked
    int64_t gcRefs = 0;    // meaningful while collecting
    bool collecting = false;   // in young, not yet scanned by move_unreachable
    bool unreachable = false;  // tentatively unreachable
    std::vector<Reference> refs;
};

struct FrameState {
    std::string function;  // "<module>" or the function's name
    int line = 0;
    std::vector<std::pair<std::string, ObjId>> locals;
};

struct GenerationState {
    int count = 0, threshold = 0;
    std::vector<ObjId> objects;  // in list order
};

struct GcStateView {
    GenerationState generations[3];
    std::vector<ObjId> unreachable;
    bool enabled = true;
    GcPhase phase = GcPhase::None;
    int collectingGeneration = -1;
    int64_t longLivedTotal = 0, longLivedPending = 0;
};

// The state after a number of steps.
struct ScenarioState {
    size_t step = 0;
    std::vector<ObjectState> objects;  // live objects, heap ones and the static ones referenced
    std::vector<FrameState> frames;    // the stack, the module's frame first
    GcStateView gc;
    std::string output;                // what print() wrote so far
    const ObjectState* find(ObjId id) const;
};

class ScenarioRun {
public:
    // Parses and runs. A syntax error or a construct outside the subset
    // throws InputError (file:line); an error while running ends the run
    // early and is kept in error(), the steps so far intact.
    static ScenarioRun fromFile(const std::string& path, const Profile& profile);
    static ScenarioRun fromSource(const std::string& source, const std::string& fileName, const Profile& profile);

    const std::string& fileName() const { return file_; }
    const Profile& profile() const { return profile_; }
    const std::vector<Step>& steps() const { return steps_; }
    size_t stepCount() const { return steps_.size(); }
    const std::string& output() const { return output_; }
    // file:line: message, when the run stopped at an error.
    const std::optional<std::string>& error() const { return error_; }
    int errorLine() const { return errorLine_; }
    // Where python3 would print other counts because the model starts
    // without the interpreter's start-up objects (at most one of each kind).
    const std::vector<Note>& notes() const { return notes_; }
    std::string noteMessage(const Note& n) const;  // file:line: text

    // The state after `steps` steps (0: before the first; clamped to the
    // end). Runs the scenario again up to there: deterministic, and cheap at
    // scenario sizes.
    ScenarioState stateAt(size_t steps) const;
    // pymalloc's state after `steps` steps (replays the recorded calls).
    // Use Allocator(profile(), state).rebuildIndex() for its lookups.
    AllocatorState allocatorStateAt(size_t steps) const;

    struct Shared;  // the parsed program (internal)

private:
    ScenarioRun() = default;
    std::string file_;
    Profile profile_;
    std::shared_ptr<const Shared> shared_;  // the parsed program, reused by stateAt
    std::vector<Step> steps_;
    std::string output_;
    std::optional<std::string> error_;
    int errorLine_ = 0;
    std::vector<Note> notes_;
};

// Checks that a profile can run scenarios; the message says why not.
std::optional<std::string> scenarioProfileProblem(const Profile& profile);

} // namespace arenascope::scenario
