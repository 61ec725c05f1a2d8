// Notes a program's steps carry where the real interpreter's figures would
// differ from those shown for a known reason (the scenario engine starts
// without the interpreter's start-up objects), or where a recording stopped
// short at one of the recorder's limits.
#pragma once

#include <cstdint>
#include <string>

namespace arenascope {

enum class NoteKind : uint8_t {
    CountBeforeFirstCollection,      // gc.get_count() before the first full collection
    CollectionBeforeFirstCollection, // an automatic collection before it
    StepLimit,                       // the recorder stopped taking steps after `value` lines
    TimeLimit                        // the recorder stopped the program after `value` seconds
};
struct Note {
    int line = 0;  // the program's line; for a limit, the recording's
    NoteKind kind = NoteKind::CountBeforeFirstCollection;
    uint64_t value = 0;
};
std::string noteText(const Note& note);  // in English, for the command line

} // namespace arenascope
