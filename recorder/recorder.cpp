// recordScript: checks the inputs before anything runs, then the host writes
// the trace to descriptor 3: the file itself, or a pipe that a second thread
// compresses (so compression runs beside the script, not in it).
#include "recorder/recorder.h"
#include "recorder/hostbuild.h"
#include "recorder/process.h"

#include "model/pymalloc/inputerror.h"

#include <zlib.h>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <thread>
#include <unistd.h>

namespace arenascope::recorder {
namespace {

bool endsWith(const std::string& s, const std::string& tail) {
    return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

int openForWriting(const std::string& path) {
    const int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0)
        throw InputError(path, 0, std::string("cannot write: ") + std::strerror(errno));
    return fd;
}

struct Fd {
    int fd = -1;
    ~Fd() { reset(); }
    void reset(int f = -1) {
        if (fd >= 0)
            close(fd);
        fd = f;
    }
};

// Copies the pipe into a gzip file; the error, if any, in `error`.
void compress(int from, int to, std::string& error) {
    // Level 1: the thread keeps up with most scripts (level 6 is about 3x
    // slower here and the file only 20% smaller); gzip -9 can follow.
    gzFile gz = gzdopen(to, "wb1");
    if (!gz) {
        close(to);
        error = "cannot write: zlib could not start";
    }
    std::vector<char> buf(1 << 18);
    for (;;) {
        const ssize_t n = read(from, buf.data(), buf.size());
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        if (gz && error.empty() && gzwrite(gz, buf.data(), unsigned(n)) != int(n))
            error = std::string("cannot write: ") + std::strerror(errno ? errno : EIO);
    }
    close(from);
    if (gz && gzclose(gz) != Z_OK && error.empty())
        error = std::string("cannot write: ") + std::strerror(errno ? errno : EIO);
}

} // namespace

RecordResult recordScript(const RecordOptions& o) {
    struct stat st;
    if (stat(o.script.c_str(), &st) != 0 || access(o.script.c_str(), R_OK) != 0)
        throw InputError(o.script, 0, std::string("cannot open the script: ") + std::strerror(errno));
    const Host host = o.python ? hostFor(*o.python, o.note) : builtHost();
    if (host.path.empty())
        throw InputError("arenascope-record", 0,
                         "this build has no recorder: Python's development files (python3-dev) "
                         "were not found when it was configured; install them and rebuild, or "
                         "name an interpreter with --python");

    RecordResult r;
    r.stats = statsPathFor(o.out);
    Fd out, statsFd;
    out.reset(openForWriting(o.out));
    statsFd.reset(openForWriting(r.stats));  // only to fail early; the host writes it
    statsFd.reset();

    const bool gzip = endsWith(o.out, ".gz");
    Fd pipeRead, pipeWrite;
    if (gzip) {
        int fds[2];
        if (pipe2(fds, O_CLOEXEC) != 0)
            throw InputError(o.out, 0, std::string("cannot write: ") + std::strerror(errno));
        pipeRead.reset(fds[0]);
        pipeWrite.reset(fds[1]);
    }

    SpawnOptions so;
    so.argv = {host.path, "--out-fd", "3", "--stats", r.stats, "--python", host.python};
    if (o.sourceLines)
        so.argv.push_back("--source-lines");
    if (o.steps) {
        so.argv.push_back("--steps");
        so.argv.push_back("--max-steps");
        so.argv.push_back(std::to_string(o.maxSteps));
    }
    if (o.timeoutSeconds > 0) {
        so.argv.push_back("--timeout");
        so.argv.push_back(std::to_string(o.timeoutSeconds));
    }
    so.argv.push_back("--");
    // A script named like an option would be read as one.
    so.argv.push_back(o.script.rfind('-', 0) == 0 ? "./" + o.script : o.script);
    so.argv.insert(so.argv.end(), o.args.begin(), o.args.end());
    so.traceFd = gzip ? pipeWrite.fd : out.fd;
    so.outputFile = o.outputFile;
    if (!o.inputFile.empty() && access(o.inputFile.c_str(), R_OK) != 0)
        throw InputError(o.inputFile, 0, std::string("cannot open the input: ") + std::strerror(errno));
    so.inputFile = o.inputFile;
    pid_t pid;
    try {
        pid = spawn(so);
    } catch (const std::exception& e) {
        throw InputError(host.path, 0, e.what());
    }
    pipeWrite.reset();  // the child holds the only write end now

    std::string gzError;
    std::thread compressor;
    if (gzip) {
        compressor = std::thread(compress, pipeRead.fd, out.fd, std::ref(gzError));
        pipeRead.fd = out.fd = -1;  // the thread closes both
    }
    r.status = waitFor(pid, o.cancel);
    if (compressor.joinable())
        compressor.join();
    out.reset();
    if (r.status < 0) {
        unlink(o.out.c_str());
        unlink(r.stats.c_str());
        throw Cancelled();
    }
    if (!gzError.empty())
        throw InputError(o.out, 0, gzError);
    r.statsWritten = stat(r.stats.c_str(), &st) == 0 && st.st_size > 0;
    return r;
}

} // namespace arenascope::recorder
