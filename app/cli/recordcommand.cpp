// The record command: its own options come before "--", the script's
// arguments after; the script's output and exit status pass straight through.
#include "app/cli/recordcommand.h"
#include "app/cli/args.h"

#include "model/pymalloc/inputerror.h"
#include "recorder/recorder.h"

#include <algorithm>
#include <csignal>
#include <ostream>

namespace arenascope::cli {
namespace {

// Ctrl+C reaches the script (in the same process group) and ends it as it
// would end python; this process stays to finish the trace.
struct IgnoreInterrupt {
    void (*previous)(int) = std::signal(SIGINT, SIG_IGN);
    ~IgnoreInterrupt() { std::signal(SIGINT, previous); }
};

int runRecord(const std::vector<std::string>& argv, std::ostream& out, std::ostream& err) {
    (void)out;  // stdout belongs to the script
    const auto dashes = std::find(argv.begin(), argv.end(), "--");
    std::vector<std::string> own(argv.begin(), dashes);
    recorder::RecordOptions o;
    if (dashes != argv.end())
        o.args.assign(dashes + 1, argv.end());
    const auto flag = std::find(own.begin(), own.end(), "--source-lines");
    if (flag != own.end()) {
        o.sourceLines = true;
        own.erase(flag);
    }
    const Args a = parseArgs(own, {"out", "python"});
    o.script = a.single("SCRIPT");
    const auto outPath = a.get("out");
    if (!outPath || outPath->empty())
        throw UsageError("record needs --out TRACE (TRACE.gz to compress it)");
    o.out = *outPath;
    o.python = a.get("python");
    if (o.python && o.python->empty())
        throw UsageError("--python needs an interpreter, such as python3.12 or a path to one");
    o.note = [&err](const std::string& s) { err << "arenascope-cli: " << s << std::endl; };

    const IgnoreInterrupt ignore;
    const recorder::RecordResult r = recorder::recordScript(o);
    if (!r.statsWritten)
        err << "arenascope-cli: " << r.stats << ": the recorder wrote no report"
            << (r.status > 128 ? " (it was killed by signal " + std::to_string(r.status - 128) + ")"
                               : std::string())
            << "; " << o.out << " holds the calls up to where it stopped\n";
    return r.status;
}

} // namespace

Command recordCommand() {
    return {"record",
            "  record SCRIPT --out TRACE [--python PYTHON] [--source-lines] [-- ARGS...]\n"
            "                                              run SCRIPT under a real Python and record\n"
            "                                              TRACE (.gz: compressed) and TRACE.stats;\n"
            "                                              exits with the script's status\n",
            &runRecord};
}

} // namespace arenascope::cli
