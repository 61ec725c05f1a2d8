// Child processes for the recorder: run a program and capture what it
// prints, or start one with its output and trace routed where asked.
#pragma once

#include <atomic>
#include <string>
#include <sys/types.h>
#include <vector>

namespace arenascope::recorder {

struct Captured {
    int status = -1;       // exit code; 128 + N when killed by signal N
    std::string output;    // stdout and stderr together
    std::string error;     // why it could not be started, if it was not
};

// Runs argv[0] (looked up in PATH) to completion, capturing its output.
Captured runCapture(const std::vector<std::string>& argv);

struct SpawnOptions {
    std::vector<std::string> argv;
    int traceFd = -1;             // given to the child as descriptor 3
    std::string outputFile;       // the child's stdout and stderr; empty: ours
    std::string inputFile;        // the child's stdin; empty: ours
};

// Starts the child (SIGINT and SIGPIPE at their defaults there, whatever
// they are here). Throws std::runtime_error when it cannot start.
pid_t spawn(const SpawnOptions& options);

// Waits for the child; polls `cancel` while waiting and, when it turns true,
// ends the child (SIGTERM, then SIGKILL) and returns -1.
int waitFor(pid_t pid, const std::atomic<bool>* cancel);

// The exit status as a shell reports it.
int exitCode(int waitStatus);

} // namespace arenascope::recorder
