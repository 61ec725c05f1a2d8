// queryPython asks the interpreter through sysconfig; hostFor compiles the
// host's source (kept in this library) with the system C compiler.
#include "recorder/hostbuild.h"
#include "recorder/process.h"
#include "recorder/recorder_source.h"

#include "model/pymalloc/inputerror.h"
#include "model/pymalloc/versionrange.h"

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <sstream>
#include <unistd.h>

namespace fs = std::filesystem;

namespace arenascope::recorder {
namespace {

// Python 2 must be able to run it too, to be told it is too old.
const char* const kQuery =
    "import sys, platform, sysconfig\n"
    "v = sysconfig.get_config_var\n"
    "print(sys.executable)\n"
    "print(platform.python_version())\n"
    "print('%d %d' % sys.version_info[:2])\n"
    "print(platform.python_implementation())\n"
    "for k in ('INCLUDEPY', 'LIBDIR', 'LIBPL', 'LDVERSION', 'LIBS', 'SYSLIBS', 'LINKFORSHARED',\n"
    "          'Py_ENABLE_SHARED', 'WITH_PYMALLOC'):\n"
    "    print(v(k) if v(k) is not None else (v('VERSION') if k == 'LDVERSION' else ''))\n";

std::vector<std::string> words(const std::string& s) {
    std::istringstream in(s);
    std::vector<std::string> w;
    for (std::string t; in >> t;)
        w.push_back(t);
    return w;
}

std::string firstLines(const std::string& text, int n) {
    size_t end = 0;
    for (int i = 0; i < n && end != std::string::npos; ++i)
        end = text.find('\n', end ? end + 1 : 0);
    std::string s = text.substr(0, end);
    while (!s.empty() && (s.back() == '\n' || s.back() == ' '))
        s.pop_back();
    return s;
}

uint64_t fnv1a(const std::string& s, uint64_t h = 14695981039346656037ull) {
    for (unsigned char c : s)
        h = (h ^ c) * 1099511628211ull;
    return h;
}

fs::path cacheDir() {
    if (const char* x = std::getenv("XDG_CACHE_HOME"); x && *x)
        return fs::path(x) / "arenascope";
    const char* home = std::getenv("HOME");
    return fs::path(home && *home ? home : "/tmp") / ".cache" / "arenascope";
}

std::string selfDir() {
    std::error_code ec;
    const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    return ec ? std::string() : exe.parent_path().string();
}

bool sameFile(const std::string& a, const std::string& b) {
    std::error_code ec;
    return !a.empty() && !b.empty() && fs::equivalent(a, b, ec);
}

} // namespace

// Versions inside the supported range that the recorder still refuses:
// their collector is not the generational one whose lists the host reads.
// 3.14.0 to 3.14.4 shipped the incremental collector; 3.14.5 went back
// (../shared/docs/cpython-versions.md, section 16).
struct RefusedVersions {
    const char* versions;
    const char* why;
};
constexpr RefusedVersions kRefused[] = {
    {"3.14.0-3.14.4", "shipped the incremental collector, whose lists the recorder does not read; "
                      "use 3.14.5 or later"},
};

PythonInfo queryPython(const std::string& python) {
    const Captured c = runCapture({python, "-c", kQuery});
    if (!c.error.empty())
        throw InputError(python, 0, "cannot run this interpreter: " + c.error);
    std::vector<std::string> l;
    std::istringstream in(c.output);
    for (std::string s; std::getline(in, s);)
        l.push_back(s);
    if (c.status != 0 || l.size() < 13)
        throw InputError(python, 0, "does not look like a Python interpreter: " +
                                        (c.output.empty() ? "it printed nothing"
                                                          : "'" + firstLines(c.output, 2) + "'"));
    PythonInfo p;
    p.executable = l[0];
    p.version = l[1];
    std::sscanf(l[2].c_str(), "%u %u", &p.major, &p.minor);
    if (l[3] != "CPython")
        throw InputError(python, 0, "is " + l[3] + " " + p.version +
                                        "; the recorder needs CPython (its pymalloc)");
    // 3.14: checked with a built 3.14.7 (the host compiles unchanged; the
    // collector's generations[3] are where 3.13 has them, pycore_interp_structs.h).
    if (p.major != 3 || p.minor < 6 || p.minor > 14)
        throw InputError(python, 0, "is Python " + p.version +
                                        "; the recorder supports CPython 3.6 to 3.14");
    for (const RefusedVersions& r : kRefused)
        if (const auto v = parsePyVersion(p.version); v && versionRange(r.versions).contains(*v))
            throw InputError(python, 0, "is Python " + p.version + ", which " + r.why);
    p.includeDir = l[4];
    p.libDir = l[5];
    p.libPl = l[6];
    p.ldVersion = l[7];
    p.libs = l[8];
    p.sysLibs = l[9];
    p.linkForShared = l[10];
    p.shared = l[11] == "1";
    p.pymalloc = l[12] != "0";
    if (!p.pymalloc)
        throw InputError(python, 0, "was built without pymalloc (--without-pymalloc): there is "
                                    "nothing to record");
    return p;
}

Host builtHost() {
    const std::string dir = selfDir();
    const std::string path = dir.empty() ? "" : dir + "/arenascope-record";
    if (path.empty() || access(path.c_str(), X_OK) != 0)
        return {};
    return {path, ARENASCOPE_BUILD_PYTHON};
}

Host hostFor(const std::string& python, const std::function<void(const std::string&)>& note) {
    const PythonInfo p = queryPython(python);
    const Host built = builtHost();
    if (!built.path.empty() && sameFile(p.executable, built.python))
        return built;

    std::string define = "-DARENASCOPE_PYTHON=\"";
    for (char ch : p.executable)
        define += (ch == '"' || ch == '\\') ? std::string("\\") + ch : std::string(1, ch);
    define += "\"";
    const char* cc = std::getenv("CC");
    std::vector<std::string> cmd = {cc && *cc ? cc : "cc", "-O2", "-o", "", "",
                                    "-I" + p.includeDir, define};
    for (const std::string& d : {p.libDir, p.libPl})
        if (!d.empty())
            cmd.push_back("-L" + d);
    cmd.push_back("-lpython" + p.ldVersion);
    for (const std::string& f : {p.libs, p.sysLibs, p.linkForShared})
        for (const std::string& w : words(f))
            cmd.push_back(w);
    if (p.shared && !p.libDir.empty())
        cmd.push_back("-Wl,-rpath," + p.libDir);

    // The name changes with the source, the interpreter and the flags, so a
    // stale host is never picked up.
    std::string key = kHostSource;
    for (const std::string& s : cmd)
        key += '\0' + s;
    char hash[17];
    std::snprintf(hash, sizeof hash, "%016llx", static_cast<unsigned long long>(fnv1a(key + p.executable)));
    const fs::path dir = cacheDir();
    const fs::path exe = dir / ("arenascope-record-" + p.version + "-" + hash);
    if (access(exe.c_str(), X_OK) == 0)
        return {exe.string(), p.executable};

    if (note)
        note("compiling the recorder for Python " + p.version + " (" + p.executable + ") into " +
             dir.string());
    std::error_code ec;
    fs::create_directories(dir, ec);
    const std::string tag = std::to_string(getpid());
    const fs::path src = dir / ("arenascope_record-" + std::string(hash) + "-" + tag + ".c");
    const fs::path tmp = dir / (exe.filename().string() + ".tmp" + tag);
    if (FILE* f = std::fopen(src.c_str(), "w")) {
        std::fputs(kHostSource, f);
        if (std::fclose(f) != 0)
            ec = std::make_error_code(std::errc::io_error);
    } else {
        throw InputError(dir.string(), 0, "cannot write the recorder's source here");
    }
    cmd[3] = tmp.string();
    cmd[4] = src.string();
    const Captured c = runCapture(cmd);
    fs::remove(src, ec);
    if (!c.error.empty() || c.status != 0) {
        fs::remove(tmp, ec);
        throw InputError(python, 0,
                         "could not compile the recorder for Python " + p.version +
                             " (needs a C compiler and its headers, " + p.includeDir + "): " +
                             (c.error.empty() ? firstLines(c.output, 6) : cmd[0] + ": " + c.error));
    }
    fs::rename(tmp, exe, ec);
    if (ec)
        throw InputError(exe.string(), 0, "cannot store the compiled recorder: " + ec.message());
    return {exe.string(), p.executable};
}

} // namespace arenascope::recorder
