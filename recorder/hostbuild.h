// Finding the recorder host for an interpreter: the one built with the
// project for the build's Python, or one compiled on demand for another
// installed CPython and cached under ~/.cache/arenascope/.
#pragma once

#include <functional>
#include <string>

namespace arenascope::recorder {

// What an interpreter says about itself (sys and sysconfig).
struct PythonInfo {
    std::string executable;  // sys.executable
    std::string version;     // "3.9.18"
    unsigned major = 0, minor = 0;
    std::string includeDir, libDir, libPl, ldVersion, libs, sysLibs, linkForShared;
    bool shared = false, pymalloc = false;
};

// Runs PYTHON to ask; throws InputError naming PYTHON when it cannot run, is
// not CPython 3.6 to 3.14, or has no pymalloc.
PythonInfo queryPython(const std::string& python);

struct Host {
    std::string path;    // the program to run
    std::string python;  // the interpreter it stands in for (its --python)
};

// The host built with the project (next to the running program), or an empty
// path when this build has none.
Host builtHost();

// The host for PYTHON: the built one if PYTHON is the build's interpreter,
// else compiled on demand (`note` says so first, compiling takes seconds).
// Throws InputError naming PYTHON when that fails.
Host hostFor(const std::string& python, const std::function<void(const std::string&)>& note);

} // namespace arenascope::recorder
