// posix_spawn with a few file actions; waiting that can be cancelled.
#include "recorder/process.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdexcept>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

extern char** environ;

namespace arenascope::recorder {
namespace {

std::vector<char*> cArgv(const std::vector<std::string>& argv) {
    std::vector<char*> v;
    for (const std::string& s : argv)
        v.push_back(const_cast<char*>(s.c_str()));
    v.push_back(nullptr);
    return v;
}

// The attributes every child gets: SIGINT and SIGPIPE back at their defaults,
// since an ignored signal stays ignored across exec.
struct SpawnAttr {
    posix_spawnattr_t attr;
    SpawnAttr() {
        posix_spawnattr_init(&attr);
        sigset_t def;
        sigemptyset(&def);
        sigaddset(&def, SIGINT);
        sigaddset(&def, SIGPIPE);
        posix_spawnattr_setsigdefault(&attr, &def);
        posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGDEF);
    }
    ~SpawnAttr() { posix_spawnattr_destroy(&attr); }
};

struct FileActions {
    posix_spawn_file_actions_t fa;
    FileActions() { posix_spawn_file_actions_init(&fa); }
    ~FileActions() { posix_spawn_file_actions_destroy(&fa); }
};

} // namespace

int exitCode(int st) {
    if (WIFEXITED(st))
        return WEXITSTATUS(st);
    if (WIFSIGNALED(st))
        return 128 + WTERMSIG(st);
    return 1;
}

Captured runCapture(const std::vector<std::string>& argv) {
    Captured c;
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) != 0) {
        c.error = std::strerror(errno);
        return c;
    }
    FileActions fa;
    posix_spawn_file_actions_adddup2(&fa.fa, fds[1], 1);
    posix_spawn_file_actions_adddup2(&fa.fa, fds[1], 2);
    SpawnAttr attr;
    pid_t pid;
    auto args = cArgv(argv);
    const int rc = posix_spawnp(&pid, args[0], &fa.fa, &attr.attr, args.data(), environ);
    close(fds[1]);
    if (rc != 0) {
        close(fds[0]);
        c.error = std::strerror(rc);
        return c;
    }
    char buf[4096];
    for (;;) {
        const ssize_t n = read(fds[0], buf, sizeof buf);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        c.output.append(buf, size_t(n));
    }
    close(fds[0]);
    int st = 0;
    while (waitpid(pid, &st, 0) < 0 && errno == EINTR) {
    }
    c.status = exitCode(st);
    return c;
}

pid_t spawn(const SpawnOptions& o) {
    FileActions fa;
    if (o.traceFd >= 0)
        posix_spawn_file_actions_adddup2(&fa.fa, o.traceFd, 3);
    if (!o.outputFile.empty()) {
        posix_spawn_file_actions_addopen(&fa.fa, 1, o.outputFile.c_str(),
                                         O_WRONLY | O_CREAT | O_TRUNC, 0644);
        posix_spawn_file_actions_adddup2(&fa.fa, 1, 2);
    }
    if (!o.inputFile.empty())
        posix_spawn_file_actions_addopen(&fa.fa, 0, o.inputFile.c_str(), O_RDONLY, 0);
    SpawnAttr attr;
    pid_t pid;
    auto args = cArgv(o.argv);
    const int rc = posix_spawn(&pid, args[0], &fa.fa, &attr.attr, args.data(), environ);
    if (rc != 0)
        throw std::runtime_error(o.argv[0] + ": cannot start: " + std::strerror(rc));
    return pid;
}

int waitFor(pid_t pid, const std::atomic<bool>* cancel) {
    int st = 0;
    for (;;) {
        const pid_t r = waitpid(pid, &st, cancel ? WNOHANG : 0);
        if (r == pid)
            return exitCode(st);
        if (r < 0 && errno != EINTR)
            return 1;
        if (cancel && cancel->load()) {
            kill(pid, SIGTERM);
            for (int i = 0; i < 40 && waitpid(pid, &st, WNOHANG) == 0; ++i)
                std::this_thread::sleep_for(std::chrono::milliseconds(25));
            if (waitpid(pid, &st, WNOHANG) == 0) {
                kill(pid, SIGKILL);
                waitpid(pid, &st, 0);
            }
            return -1;
        }
        if (cancel)
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
}

} // namespace arenascope::recorder
