// The public face of the scenario engine: run a scenario file once and get
// its allocator events (a TraceStore, as a recording would give) and its
// program steps (statements and collection phases) with their states.
#pragma once

#include "model/program/programsteps.h"
#include "model/pymalloc/allocator.h"
#include "model/pymalloc/profile.h"
#include "model/program/programnote.h"
#include "model/trace/tracestore.h"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace arenascope::scenario {

// Scenarios need a version that has one; traces name theirs.
inline constexpr const char* kDefaultScenarioProfile = "3.11";

class ScenarioRun {
public:
    // Parses and runs. A syntax error or a construct outside the subset
    // throws InputError (file:line); an error while running ends the run
    // early and is kept in error(), the steps so far intact.
    static ScenarioRun fromFile(const std::string& path, const Profile& profile);
    // checkCapture (tests): each step's state, kept from the objects the step
    // touched, is compared with a scan of the whole heap; std::logic_error
    // at the first difference.
    static ScenarioRun fromSource(const std::string& source, const std::string& fileName, const Profile& profile,
                                  bool checkCapture = false);

    const std::string& fileName() const { return file_; }
    const Profile& profile() const { return profile_; }
    const std::vector<ProgramStep>& steps() const { return program_->steps(); }
    size_t stepCount() const { return program_->stepCount(); }
    const std::string& output() const { return program_->output(); }
    // file:line: message, when the run stopped at an error.
    const std::optional<std::string>& error() const { return error_; }
    int errorLine() const { return errorLine_; }
    // Where python3 would print other counts because the model starts
    // without the interpreter's start-up objects (at most one of each kind).
    const std::vector<Note>& notes() const { return notes_; }
    std::string noteMessage(const Note& n) const;  // file:line: text

    // The run's allocator events, arena events and collection and source
    // line annotations included, in the order a recording has them.
    const std::shared_ptr<TraceStore>& events() const { return events_; }
    // The steps with their states, on the events' axis.
    const std::shared_ptr<const ProgramSteps>& program() const { return program_; }
    // The state after `steps` steps (0: before the first; clamped to the end).
    ProgramState stateAt(size_t steps) const { return program_->stateAt(steps); }
    // The allocator requests (no arena events) made by steps()[index].
    std::vector<Event> calls(size_t index) const;
    // pymalloc's state after `steps` steps, by making their requests again
    // on a fresh simulated memory (a check on the events' replay).
    // Use Allocator(profile(), state).rebuildIndex() for its lookups.
    AllocatorState allocatorStateAt(size_t steps) const;

private:
    ScenarioRun() = default;
    std::string file_;
    Profile profile_;
    std::shared_ptr<TraceStore> events_;
    std::shared_ptr<const ProgramSteps> program_;
    std::optional<std::string> error_;
    int errorLine_ = 0;
    std::vector<Note> notes_;
};

// Checks that a profile can run scenarios; the message says why not.
std::optional<std::string> scenarioProfileProblem(const Profile& profile);

} // namespace arenascope::scenario
