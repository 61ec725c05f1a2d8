// Notes a program's steps carry where the real interpreter's figures would
// differ from those shown for a known reason (the scenario engine starts
// without the interpreter's start-up objects).
#pragma once

#include <cstdint>

namespace arenascope {

enum class NoteKind : uint8_t {
    CountBeforeFirstCollection,      // gc.get_count() before the first full collection
    CollectionBeforeFirstCollection  // an automatic collection before it
};
struct Note {
    int line = 0;
    NoteKind kind = NoteKind::CountBeforeFirstCollection;
};
const char* noteText(NoteKind kind);  // in English, for the command line

} // namespace arenascope
