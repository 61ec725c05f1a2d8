// The notes a scenario run leaves where python3's counts would differ
// from the model's for a known reason (the interpreter's start-up objects).
#pragma once

#include <cstdint>

namespace arenascope::scenario {

// Where a scenario's counts may differ from python3's, because the model
// starts without the interpreter's start-up objects.
enum class NoteKind : uint8_t {
    CountBeforeFirstCollection,      // gc.get_count() before the first full collection
    CollectionBeforeFirstCollection  // an automatic collection before it
};
struct Note {
    int line = 0;
    NoteKind kind = NoteKind::CountBeforeFirstCollection;
};
const char* noteText(NoteKind kind);  // in English, for the command line

} // namespace arenascope::scenario
