// The real pymalloc, for comparison: replays a trace's calls through the
// PyObject_* / PyMem_* / PyMem_Raw* functions of an embedded libpython (when
// the build found one), so the simulation's cost per event can be set
// against what CPython's own allocator takes for the same calls.
#pragma once

#include "model/pymalloc/event.h"

#include <cstdint>
#include <string>
#include <vector>

namespace arenascope::bench {

// Whether this build links libpython.
bool nativePymallocAvailable();
// "3.11.2" (PY_VERSION of the headers built against), or "".
std::string nativePymallocVersion();

class NativeReplay {
public:
    // Translates the events into calls on numbered slots (untimed); arena
    // lines are dropped, since the real allocator maps its own arenas.
    explicit NativeReplay(const std::vector<Event>& events);
    // Runs every call once; returns the seconds the calls took. Whatever is
    // still allocated at the end is freed afterwards, outside the timing.
    double run();
    uint64_t calls() const { return ops_.size(); }

    struct Call {
        uint8_t kind;    // 0 malloc, 1 calloc, 2 realloc, 3 free, 4 free(NULL)
        uint8_t domain;  // 0 obj, 1 mem, 2 raw
        uint32_t slot;
        uint64_t a, b;   // size, or nelem and elsize
    };

private:
    std::vector<Call> ops_;
    uint32_t slots_ = 0;
};

} // namespace arenascope::bench
