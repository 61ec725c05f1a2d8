// Opening inputs: traces through the reader (a stepped recording's program
// lines to StepRecording on the way), programs through the scenario engine,
// both ending in the same loadStore and the same LoadedInput.
#include "model/session/input.h"

#include "model/program/linefields.h"
#include "model/program/steprecording.h"
#include "model/pymalloc/inputerror.h"
#include "model/scenario/scenariorun.h"

#include <algorithm>
#include <cctype>

namespace arenascope {
namespace {

LoadOptions loadOptions(const OpenOptions& o) {
    LoadOptions l;
    l.profileName = o.profileName;
    l.report = o.report;
    l.read = o.read;
    l.checkpointBudgetBytes = o.checkpointBudgetBytes;
    return l;
}

// Runs a program on the built-in engine; its errors are bad input.
scenario::ScenarioRun runProgram(const std::string& path, const std::string& profileName) {
    const auto profile = profileByName(profileName);
    if (!profile)
        throw InputError(path, 0, "unknown profile '" + profileName + "' (known: " + profileNames() + ")");
    scenario::ScenarioRun run = scenario::ScenarioRun::fromFile(path, *profile);
    if (run.error()) {
        // The run stopped at a Python error the subset models (NameError...):
        // bad input, like a syntax error, with its line.
        const std::string prefix = InputError::format(run.fileName(), uint64_t(run.errorLine()), "");
        const std::string& e = *run.error();
        throw InputError(run.fileName(), uint64_t(run.errorLine()),
                         e.rfind(prefix, 0) == 0 ? e.substr(prefix.size()) : e);
    }
    return run;
}

std::shared_ptr<LoadedInput> openProgram(const std::string& path, const OpenOptions& o) {
    const std::string name = o.profileName.value_or(scenario::kDefaultScenarioProfile);
    if (o.read.progress)
        o.read.progress(0.0);
    scenario::ScenarioRun run = runProgram(path, name);
    const Profile profile = run.profile();
    LoadOptions lo = loadOptions(o);
    lo.profileName = profile.name;
    // A program's tens of thousands of events get checkpoints closer than a
    // recording's every 64K: about n/256 apart (at least 256), so that going
    // to its last step costs about what going to its first does.
    lo.checkpointInterval = 256;
    while (lo.checkpointInterval < (size_t(1) << 16) && lo.checkpointInterval * 256 < run.events()->size())
        lo.checkpointInterval *= 2;
    lo.checkpointAtEnd = true;
    auto trace = loadStore(run.events(), lo);
    trace->profileReason = o.profileName ? "scenario, --profile " + name : "scenario, default profile";
    auto in = std::make_shared<LoadedInput>();
    in->trace = std::move(trace);
    in->program = run.program();
    in->notes = run.notes();
    return in;
}

// A recording: its events, its steps when it was recorded with them (and
// its collections' phases among them), and its collections with their
// graphs, proved once the version is known.
std::shared_ptr<LoadedInput> openRecording(const std::string& path, const OpenOptions& o) {
    StepRecording steps(path);
    CollectionReader collections(path, true);
    LoadOptions lo = loadOptions(o);
    lo.programLine = [&](uint64_t line, std::string_view text, uint64_t events) {
        const std::string_view keyword = keywordOf(text);
        if (CollectionReader::handles(keyword)) {
            const size_t kept = collections.kept().size();
            collections.line(line, text, events);
            // A collection with its young line stopped: its phases as steps.
            if (collections.kept().size() > kept)
                steps.collectionStopped(collections.kept());
            return;
        }
        // A step inside a collection (a __del__ of the user's runs there)
        // comes after the phases that found its garbage.
        if (keyword == "step")
            if (const Collection* c = collections.running())
                steps.collectionRunning(*c);
        steps.line(line, text, events);
    };
    auto in = std::make_shared<LoadedInput>();
    in->trace = loadTrace(path, lo);
    in->program = steps.finish(in->trace->store->size());
    in->notes = steps.notes();
    in->collectionsSummary = collections.finish(in->trace->profile.version, in->trace->store.get());
    in->collections = std::make_shared<const std::vector<Collection>>(collections.takeCollections());
    return in;
}

// verify's pass: the collections proved as they stop, their graphs dropped.
class CollectionObserver : public VerifyObserver {
public:
    explicit CollectionObserver(const std::string& path) : path_(path) {}
    void onProfile(const Profile& p) override { reader_ = std::make_unique<CollectionReader>(path_, false, p.version); }
    void onAnnotation(uint64_t line, const Annotation& a, std::string_view text) override {
        const bool mine = a.kind == AnnotationKind::GcStart || a.kind == AnnotationKind::GcStop ||
                          (a.kind == AnnotationKind::Program && CollectionReader::handles(keywordOf(text)));
        if (mine)
            reader_->line(line, text, events_);
    }
    void onEvent(const Event& e, uint64_t) override {
        ++events_;
        reader_->event(e);
    }
    CollectionsSummary finish(const PyVersion& v) { return reader_ ? reader_->finish(v) : CollectionsSummary(); }

private:
    std::string path_;
    std::unique_ptr<CollectionReader> reader_;
    uint64_t events_ = 0;
};

} // namespace

size_t LoadedInput::stepCount() const {
    return program ? program->stepCount() : trace->store->size();
}

uint64_t LoadedInput::eventStep(size_t step) const {
    step = std::min(step, stepCount());
    return program ? program->eventEnd(step) : step;
}

bool isProgramPath(const std::string& path) {
    if (path.size() < 3)
        return false;
    std::string ext = path.substr(path.size() - 3);
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char ch) { return char(std::tolower(ch)); });
    return ext == ".py";
}

VerifyResult verifyInput(const std::string& path, const VerifyOptions& o) {
    if (!isProgramPath(path)) {
        CollectionObserver collections(path);
        VerifyOptions vo = o;
        vo.observer = &collections;
        VerifyResult r = verifyTrace(path, vo);
        const CollectionsSummary s = collections.finish(r.profile.version);
        r.collections = s.collections;
        r.collectionsProven = s.proven;
        r.firstUnprovenLine = s.firstUnprovenLine;
        r.firstUnprovenReason = s.firstUnprovenReason;
        return r;
    }
    const scenario::ScenarioRun run = runProgram(path, o.profileName.value_or(scenario::kDefaultScenarioProfile));
    VerifyOptions vo = o;
    vo.profileName = run.profile().name;
    if (o.stopAfter) {
        if (*o.stopAfter > run.stepCount())
            throw InputError(path, 0, "step " + std::to_string(*o.stopAfter) + " is past the end: the scenario has " +
                                          std::to_string(run.stepCount()) + " operations");
        vo.stopAfter = run.program()->eventEnd(size_t(*o.stopAfter));
    }
    return verifyStore(*run.events(), vo);
}

std::shared_ptr<const LoadedInput> openInput(const std::string& path, const OpenOptions& o) {
    std::shared_ptr<LoadedInput> in;
    if (isProgramPath(path))
        in = openProgram(path, o);
    else
        in = openRecording(path, o);
    in->path = path;
    return in;
}

} // namespace arenascope
