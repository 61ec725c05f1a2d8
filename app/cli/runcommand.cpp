// The run command: a program on the real interpreter, its input, output and
// exit status exactly those of `python3 SCRIPT ARGS`; with --out, recorded
// with its steps (docs/trace-format.md, "Steps"). With --model, a scenario
// on the built-in engine instead (docs/scenarios.md).
#include "app/cli/runcommand.h"
#include "app/cli/args.h"

#include "model/pymalloc/inputerror.h"
#include "model/scenario/scenariorun.h"
#include "recorder/hostbuild.h"
#include "recorder/process.h"
#include "recorder/recorder.h"

#include <algorithm>
#include <csignal>
#include <ostream>
#include <sys/stat.h>
#include <unistd.h>

namespace arenascope::cli {
namespace {

int runModel(const Args& a, std::ostream& out, std::ostream& err) {
    if (a.get("python") || a.get("out") || a.get("max-steps") || a.get("timeout"))
        throw UsageError(
            "--model runs the built-in engine: --python, --out, --max-steps and --timeout are for the real interpreter");
    const std::string path = a.single("SCRIPT");
    const std::string profileName = a.get("profile").value_or(scenario::kDefaultScenarioProfile);
    const auto profile = profileByName(profileName);
    if (!profile)
        throw UsageError("unknown profile '" + profileName + "' (expected one of " + profileNames() + ")");
    const scenario::ScenarioRun run = scenario::ScenarioRun::fromFile(path, *profile);
    out << run.output();
    out.flush();
    for (const Note& n : run.notes())
        err << "arenascope-cli: note: " << run.noteMessage(n) << "\n";
    if (run.error()) {
        err << "arenascope-cli: " << *run.error() << "\n";
        return 2;
    }
    return 0;
}

// Ctrl+C reaches the program (in the same process group) and ends it as it
// would end python; this process stays to report its status.
struct IgnoreInterrupt {
    void (*previous)(int) = std::signal(SIGINT, SIG_IGN);
    ~IgnoreInterrupt() { std::signal(SIGINT, previous); }
};

int runReal(const Args& a, const std::vector<std::string>& scriptArgs, std::ostream& err) {
    if (a.get("profile"))
        throw UsageError("--profile is for the built-in engine (--model); the real interpreter is its own version");
    const std::string script = a.single("SCRIPT");
    const auto python = a.get("python");
    if (python && python->empty())
        throw UsageError("--python needs an interpreter, such as python3.12 or a path to one");
    struct stat st;
    const bool exists = stat(script.c_str(), &st) == 0;
    if (exists && S_ISDIR(st.st_mode))
        throw InputError(script, 0, "cannot open the program: it is a folder");
    if (!exists || access(script.c_str(), R_OK) != 0)
        throw InputError(script, 0, "cannot open the program: no such readable file");
    const IgnoreInterrupt ignore;
    const auto outPath = a.get("out");
    if (!outPath && a.get("timeout"))
        throw UsageError("--timeout limits a recording: give --out too");
    if (!outPath) {
        // Nothing to record: the interpreter itself, as `python3 SCRIPT ARGS`.
        const std::string interpreter = python ? *python : recorder::builtHost().python;
        if (interpreter.empty())
            throw InputError("arenascope-cli", 0, "this build found no Python interpreter; name one with --python");
        recorder::SpawnOptions so;
        so.argv = {interpreter, script};
        so.argv.insert(so.argv.end(), scriptArgs.begin(), scriptArgs.end());
        pid_t pid;
        try {
            pid = recorder::spawn(so);
        } catch (const std::exception& e) {
            throw InputError(interpreter, 0, e.what());
        }
        return recorder::waitFor(pid, nullptr);
    }
    if (outPath->empty())
        throw UsageError("--out needs a file for the recording");
    recorder::RecordOptions o;
    o.script = script;
    o.args = scriptArgs;
    o.out = *outPath;
    o.python = python;
    o.sourceLines = o.steps = true;
    if (const auto n = a.number("max-steps"))
        o.maxSteps = long(std::min<uint64_t>(*n, 1000000000));
    if (const auto t = a.number("timeout")) {
        if (*t == 0)
            throw UsageError("--timeout takes a number of seconds above 0");
        o.timeoutSeconds = double(std::min<uint64_t>(*t, 100000000));
    }
    o.note = [&err](const std::string& s) { err << "arenascope-cli: " << s << std::endl; };
    return recorder::recordScript(o).status;
}

int runCommandMain(const std::vector<std::string>& argv, std::ostream& out, std::ostream& err) {
    const auto dashes = std::find(argv.begin(), argv.end(), "--");
    std::vector<std::string> own(argv.begin(), dashes);
    const std::vector<std::string> scriptArgs(dashes == argv.end() ? dashes : dashes + 1, argv.end());
    const auto model = std::find(own.begin(), own.end(), "--model");
    const bool useModel = model != own.end();
    if (useModel)
        own.erase(model);
    const Args a = parseArgs(own, {"profile", "python", "out", "max-steps", "timeout"});
    if (useModel) {
        if (!scriptArgs.empty())
            throw UsageError("--model takes no arguments for the program (it has no sys.argv)");
        return runModel(a, out, err);
    }
    out.flush();  // the program writes to the same standard output
    return runReal(a, scriptArgs, err);
}

} // namespace

Command runCommand() {
    return Command{"run",
                   "  run SCRIPT [--python PYTHON] [--out RECORDING [--max-steps N] [--timeout S]] [-- ARGS...]\n"
                   "                                              run SCRIPT on the real interpreter, as\n"
                   "                                              python3 SCRIPT ARGS; with --out, record it\n"
                   "                                              with its steps (line by line), ending it\n"
                   "                                              after S seconds\n"
                   "  run SCRIPT --model [--profile V]             run it on the built-in engine (a subset of\n"
                   "                                              Python); prints what python3 would\n",
                   &runCommandMain};
}

} // namespace arenascope::cli
