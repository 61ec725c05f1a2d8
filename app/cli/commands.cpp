// verify and stats: the headless commands of the brief's contract.
#include "app/cli/commands.h"
#include "app/cli/args.h"

#include "model/pymalloc/inputerror.h"
#include "model/pymalloc/mallocstats.h"
#include "model/session/input.h"

#include <ostream>

namespace arenascope::cli {
namespace {

std::vector<Command>& extraCommands() {
    static std::vector<Command> commands;
    return commands;
}

std::string usage() {
    std::string u =
        "usage: arenascope-cli COMMAND ...\n"
        "  verify TRACE [--stats STATS] [--profile V]   replay TRACE and check every pointer\n"
        "  stats TRACE [--at STEP] [--profile V]        print sys._debugmallocstats() at STEP\n";
    for (const Command& c : extraCommands())
        u += c.usage;
    return u + "exit codes: 0 success, 1 a check failed, 2 bad input or usage\n";
}

int verify(const Args& a, std::ostream& out) {
    const std::string trace = a.single("TRACE");
    VerifyOptions o;
    o.profileName = a.get("profile");
    std::optional<MallocStats> expected;
    if (auto statsPath = a.get("stats")) {
        expected = readStatsFile(*statsPath);
        o.report = reportShape(*expected);
    }
    const VerifyResult r = verifyInput(trace, o);
    out << "events " << r.events << " predicted " << r.predicted << " mismatches "
        << r.mismatches << "\n";
    bool ok = r.mismatches == 0;
    if (!r.firstMismatches.empty()) {
        const Mismatch& m = r.firstMismatches.front();
        out << "first mismatch: " << InputError::format(trace, m.line, m.message) << "\n";
    }
    if (r.collections) {
        out << "collections " << r.collections << " proven " << r.collectionsProven << "\n";
        if (r.collectionsProven < r.collections) {
            ok = false;
            out << "first unproven: " << InputError::format(trace, r.firstUnprovenLine, r.firstUnprovenReason)
                << "\n";
        }
    }
    if (expected) {
        const auto diffs = compareStats(*expected, r.finalStats);
        if (diffs.empty()) {
            out << "stats match\n";
        } else {
            ok = false;
            out << "stats differ (" << diffs.size() << "):\n";
            for (const std::string& d : diffs)
                out << "  " << d << "\n";
        }
    }
    return ok ? 0 : 1;
}

int stats(const Args& a, std::ostream& out) {
    const std::string trace = a.single("TRACE");
    VerifyOptions o;
    o.profileName = a.get("profile");
    o.stopAfter = a.number("at");
    const VerifyResult r = verifyInput(trace, o);
    out << formatStats(r.finalStats);
    return 0;
}

} // namespace

void addCommand(Command command) { extraCommands().push_back(std::move(command)); }

int runCli(const std::vector<std::string>& argv, std::ostream& out, std::ostream& err) {
    if (argv.empty()) {
        err << "arenascope-cli: no command given\n" << usage();
        return 2;
    }
    if (argv[0] == "--help" || argv[0] == "-h" || argv[0] == "help") {
        out << usage();
        return 0;
    }
    const std::string command = argv[0];
    const std::vector<std::string> rest(argv.begin() + 1, argv.end());
    try {
        if (command == "verify")
            return verify(parseArgs(rest, {"stats", "profile"}), out);
        if (command == "stats")
            return stats(parseArgs(rest, {"at", "profile"}), out);
        for (const Command& c : extraCommands())
            if (command == c.name)
                return c.run(rest, out, err);
        throw UsageError("unknown command '" + command + "'");
    } catch (const UsageError& e) {
        err << "arenascope-cli: " << e.what() << "\n" << usage();
        return 2;
    } catch (const InputError& e) {
        err << "arenascope-cli: " << e.what() << "\n";
        return 2;
    } catch (const std::bad_alloc&) {
        err << "arenascope-cli: out of memory\n";
        return 2;
    }
}

} // namespace arenascope::cli
