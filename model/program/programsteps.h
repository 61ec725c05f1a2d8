// A program's steps on the heap's step axis: what each step did (a line, a
// collector phase), where its allocator events end, and the program's state
// after it, kept as keyframes and per-step deltas so that any step's state is
// rebuilt in time proportional to the state, not to the step's number.
#pragma once

#include "model/program/programstate.h"

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace arenascope {

enum class ProgramStepKind : uint8_t {
    Compile,    // the module's constants allocated
    Statement,  // a line (or a loop's next iteration, or a return) completed
    Collection, // a phase of a collection completed (see GcPhase)
    End         // after the last line or an error: what was left is released
};

struct ProgramStep {
    ProgramStepKind kind = ProgramStepKind::Statement;
    int line = 0;              // source line (the statement running, for a collection)
    std::string text;          // the line's source (trimmed), or what the phase did
    GcPhase phase = GcPhase::None;
    int generation = -1;       // the generation being collected, for Collection steps
    std::vector<int64_t> numbers;  // Collection steps: the numbers in `text`, in order
    uint64_t eventEnd = 0;     // allocator events (trace steps) applied once this step is done
};

class ProgramSteps {
public:
    // What changed at a step: objects new or changed, objects gone, and the
    // stack and collector as they are now (for engines that know what a step
    // touched: cheaper than a whole state when most objects stay the same).
    struct Delta {
        std::vector<ObjectState> changed;
        std::vector<ObjId> removed;
        std::vector<FrameState> frames;
        GcStateView gc;
        uint64_t objectsLeftOut = 0;  // ProgramState::objectsLeftOut
    };
    // Building, in order: the state before the first step, then each step
    // with the state after it and the length of the output so far (output
    // only grows: the whole of it is given once, to finish). Objects come in
    // id order; the states' own output fields are not read.
    ProgramSteps(std::vector<std::string> sourceLines, ProgramState initial);
    void add(ProgramStep step, ProgramState after, size_t outputLength);
    ProgramSteps(std::vector<std::string> sourceLines, Delta initial);
    void add(ProgramStep step, Delta delta, size_t outputLength);
    void finish(std::string output, bool stoppedByError);

    size_t stepCount() const { return steps_.size(); }
    const std::vector<ProgramStep>& steps() const { return steps_; }
    // Events applied after `k` steps (k = 0: before the first).
    uint64_t eventEnd(size_t k) const { return k == 0 ? 0 : steps_[k - 1].eventEnd; }
    // The step to show when the heap is at event step `event`: `current` if
    // its events end there (or `event` lies inside them), else the first step
    // whose events reach `event`, i.e. the step in progress.
    size_t stepAtEvent(uint64_t event, size_t current) const;
    // The state after k steps (clamped to the end).
    ProgramState stateAt(size_t k) const;
    const std::vector<std::string>& sourceLines() const { return lines_; }
    const std::string& output() const { return output_; }
    // Whether the program stopped at an error (its last step says where).
    bool stoppedByError() const { return stoppedByError_; }

    size_t bytes() const;  // memory held, for the benchmark

private:
    using ObjectP = std::shared_ptr<const ObjectState>;
    using Frames = std::shared_ptr<const std::vector<FrameState>>;
    // A gc list after a step: the old list's first `keepHead` and last
    // `keepTail` entries around `middle`.
    struct ListEdit {
        uint32_t keepHead = 0, keepTail = 0;
        std::vector<ObjId> middle;
    };
    struct Record {
        std::vector<ObjId> removed;
        std::vector<ObjectP> changed;  // new or changed objects, by id
        Frames frames;
        GcStateView scalars;           // the gc state without its lists
        ListEdit lists[4];             // generations 0-2, then unreachable
        size_t outputLength = 0;
        uint64_t objectsLeftOut = 0;
    };
    struct Keyframe {
        size_t step = 0;
        std::vector<ObjectP> objects;
        std::vector<ObjId> lists[4];
    };
    // A keyframe once the work of applying the changes since the last one
    // outweighs a state: rebuilding any step costs at most about two states,
    // and keyframes take no more memory than the changes themselves.

    void record(Delta&& d, size_t outputLength);
    Delta diff(ProgramState&& s) const;
    static ListEdit edit(const std::vector<ObjId>& from, const std::vector<ObjId>& to);
    static void applyEdit(std::vector<ObjId>& list, const ListEdit& e);
    static std::vector<ObjId>& listOf(GcStateView& g, int i) {
        return i < 3 ? g.generations[i].objects : g.unreachable;
    }

    std::vector<std::string> lines_;
    std::vector<ProgramStep> steps_;
    std::vector<Record> records_;     // records_[k]: the state after k steps
    std::vector<Keyframe> keyframes_;
    std::string output_;
    bool stoppedByError_ = false;
    // The latest state, to diff the next one against.
    std::map<ObjId, ObjectP> current_;
    std::vector<ObjId> lastLists_[4];
    size_t weightSinceKeyframe_ = 0;
};

} // namespace arenascope
