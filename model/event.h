// One event of a trace (trace format version 1, docs/trace-format.md): a call
// into an allocator domain or the arena allocator, with what it returned.
#pragma once

#include <cstdint>
#include <string>

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

const char* opName(Op op);
const char* domainName(Domain d);
// "malloc obj 56 0x7f..." in the trace's own syntax.
std::string formatEvent(const Event& e);
std::string hexPtr(uint64_t p);

} // namespace arenascope
