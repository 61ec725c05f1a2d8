// Names and the trace-syntax rendering of events.
#include "model/pymalloc/event.h"

#include <cstdio>

namespace arenascope {

const char* opName(Op op) {
    switch (op) {
    case Op::Malloc: return "malloc";
    case Op::Calloc: return "calloc";
    case Op::Realloc: return "realloc";
    case Op::Free: return "free";
    case Op::ArenaAlloc: return "arena_alloc";
    case Op::ArenaFree: return "arena_free";
    }
    return "?";
}

const char* domainName(Domain d) {
    switch (d) {
    case Domain::Mem: return "mem";
    case Domain::Obj: return "obj";
    case Domain::Raw: return "raw";
    case Domain::None: return "";
    }
    return "?";
}

std::string hexPtr(uint64_t p) {
    char buf[24];
    std::snprintf(buf, sizeof buf, "0x%llx", static_cast<unsigned long long>(p));
    return buf;
}

std::string formatEvent(const Event& e) {
    std::string s = opName(e.op);
    auto num = [](uint64_t v) { return std::to_string(v); };
    switch (e.op) {
    case Op::Malloc:
        return s + " " + domainName(e.domain) + " " + num(e.size) + " " + hexPtr(e.ptr);
    case Op::Calloc:
        return s + " " + domainName(e.domain) + " " + num(e.nelem) + " " + num(e.elsize) + " " +
               hexPtr(e.ptr);
    case Op::Realloc:
        return s + " " + domainName(e.domain) + " " + hexPtr(e.oldPtr) + " " + num(e.size) + " " +
               hexPtr(e.ptr);
    case Op::Free:
        return s + " " + domainName(e.domain) + " " + hexPtr(e.ptr);
    case Op::ArenaAlloc:
    case Op::ArenaFree:
        return s + " " + hexPtr(e.ptr) + " " + num(e.size);
    }
    return s;
}

} // namespace arenascope
