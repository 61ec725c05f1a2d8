// Recording a script: runs the recorder host on it as a child process and
// leaves TRACE (gzip-compressed when it ends in .gz) and TRACE.stats.
// Shared by `arenascope-cli record` and the window's File > Record script.
#pragma once

#include <atomic>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace arenascope::recorder {

struct RecordOptions {
    std::string script;
    std::vector<std::string> args;          // the script's sys.argv[1:]
    std::string out;                        // TRACE
    std::optional<std::string> python;      // another interpreter; none: the build's
    bool sourceLines = false;               // annotate each event with file:line
    bool steps = false;                     // and the program's state at each of its lines
    long maxSteps = 20000;                  // steps taken at most (the program runs on)
    std::string outputFile;                 // the script's stdout and stderr; empty: ours
    std::string inputFile;                  // the script's stdin; empty: ours
    double timeoutSeconds = 0;              // ends the program and the recording; 0: none
    const std::atomic<bool>* cancel = nullptr;
    std::function<void(const std::string&)> note;  // what is happening, for slow steps
};

struct RecordResult {
    int status = 0;        // the script's exit status (128 + N: killed by signal N)
    std::string stats;     // TRACE.stats
    bool statsWritten = false;
};

inline std::string statsPathFor(const std::string& trace) { return trace + ".stats"; }

// Throws InputError naming the file for bad input (a missing script, an
// output that cannot be written, an unusable interpreter), Cancelled when
// cancelled (the partial files are removed).
RecordResult recordScript(const RecordOptions& options);

} // namespace arenascope::recorder
