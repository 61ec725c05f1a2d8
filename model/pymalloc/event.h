// One event of a trace (trace format version 1, docs/trace-format.md): a call
// into an allocator domain or the arena allocator, with what it returned.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace arenascope {

enum class Op : uint8_t { Malloc, Calloc, Realloc, Free, ArenaAlloc, ArenaFree };
enum class Domain : uint8_t { None, Mem, Obj, Raw };

// The decoded form, as the parser produces it and views show it.
struct Event {
    Op op = Op::Malloc;
    Domain domain = Domain::None;
    uint64_t size = 0;     // malloc/realloc: bytes; calloc: nelem * elsize; arena: bytes
    uint64_t ptr = 0;      // returned pointer; free: the pointer freed; arena: address
    uint64_t oldPtr = 0;   // realloc: the pointer resized
    uint64_t nelem = 0, elsize = 0;  // calloc only

    bool isRequest() const { return op <= Op::Free; }
    bool returnsBlock() const { return op == Op::Malloc || op == Op::Calloc || op == Op::Realloc; }
};

// What replaying an event did, worked out once at load and kept per event so
// the timeline can jump to "the next pool state change" without simulating.
enum EventFlag : uint8_t {
    kPredicted = 1,         // pymalloc served it: the simulation predicted its pointer
    kMismatch = 2,          // the prediction disagreed with the recording
    kPoolStateChange = 4,   // a pool was carved or became used, full or empty
    kArenaAllocated = 8,
    kArenaFreed = 16,
    kTouchesPymalloc = 32,  // allocated or freed a pymalloc block
};

// An annotation line of a recorded trace (docs/trace-format.md,
// "Annotations"): it describes the events around it and is never an event,
// so step numbers count allocator events only. Program lines (source, step,
// frame, name, obj, ref, cut, out: "Steps") are checked and read by the
// program layer; the trace layer only knows their keyword and hands on their
// text.
enum class AnnotationKind : uint8_t { GcStart, GcStop, SourceFile, SourceLine, Program };
struct Annotation {
    AnnotationKind kind = AnnotationKind::GcStart;
    uint32_t generation = 0;                    // gc_start, gc_stop
    uint64_t collected = 0, uncollectable = 0;  // gc_stop
    uint32_t file = 0;  // file: its id; at: the file id, 0 when no Python line applies
    uint32_t line = 0;  // at
    std::string_view path;  // file: the name (valid during the callback only)
};

const char* opName(Op op);
const char* domainName(Domain d);
// "malloc obj 56 0x7f..." in the trace's own syntax.
std::string formatEvent(const Event& e);
std::string hexPtr(uint64_t p);

} // namespace arenascope
