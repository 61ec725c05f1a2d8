// The run command: a scenario through model/scenario, its output to stdout,
// an error (file:line: message) to stderr with exit code 2.
#include "app/cli/runcommand.h"
#include "app/cli/args.h"

#include "model/pymalloc/inputerror.h"
#include "model/scenario/scenariorun.h"

#include <ostream>

namespace arenascope::cli {
namespace {

int runScenario(const std::vector<std::string>& argv, std::ostream& out, std::ostream& err) {
    const Args a = parseArgs(argv, {"profile"});
    const std::string path = a.single("SCENARIO");
    const std::string profileName = a.get("profile").value_or("3.11");
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

} // namespace

Command runCommand() {
    return Command{"run",
                   "  run SCENARIO [--profile V]                   run a scenario; prints what its print() calls print\n",
                   &runScenario};
}

} // namespace arenascope::cli
