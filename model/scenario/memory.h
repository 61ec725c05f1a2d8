// The memory a scenario's objects live in: CPython's PyObject_/PyMem_
// entry points over the simulated pymalloc (model/allocator.h), with
// deterministic models of mmap (for arenas) and of the C library's malloc
// (for requests pymalloc does not serve, over 512 bytes or 0).
#pragma once

#include "model/allocator.h"

#include <cstdint>
#include <map>
#include <set>
#include <vector>

namespace arenascope::scenario {

enum class Domain : uint8_t { Obj, Mem, Raw };  // PyObject_*, PyMem_*, PyMem_Raw*
enum class AllocOp : uint8_t { Malloc, Calloc, Realloc, Free };
const char* domainName(Domain d);
const char* allocOpName(AllocOp o);

// One call into the allocator, as a trace would record it.
struct AllocCall {
    AllocOp op = AllocOp::Malloc;
    Domain domain = Domain::Obj;
    uint64_t size = 0;    // bytes asked (Calloc: nelem * elsize); 0 for Free
    uint64_t ptr = 0;     // the block returned (Free: the block given back)
    uint64_t oldPtr = 0;  // Realloc: the block passed in
    bool pymalloc = false;  // the returned (or freed) block is pymalloc's
};

// Linux's top-down mmap: a new mapping goes in the highest gap below the
// top that fits it; an unmapped range is reused. Page-aligned (4 KiB), so
// 16 KiB pools lose one pool per arena to alignment as on a real machine.
class MmapModel : public ArenaProvider {
public:
    explicit MmapModel(uint64_t arenaSize) : arenaSize_(arenaSize) {}
    uint64_t mapArena() override { return map(arenaSize_); }
    void unmapArena(uint64_t address) override { unmap(address); }
    uint64_t map(uint64_t size);
    void unmap(uint64_t address);

    static constexpr uint64_t kTop = 0x7f3a5c0c5000;  // as a typical mmap_base, 4 KiB aligned

private:
    uint64_t arenaSize_;
    std::map<uint64_t, uint64_t> mapped_;  // base -> size
};

// glibc-like malloc for pymalloc's fallbacks: 16-byte aligned chunks with
// an 8-byte header, exact-size LIFO reuse (as its tcache and fastbins), a
// growing heap otherwise, and mmap for 128 KiB and more.
class SystemMallocModel {
public:
    explicit SystemMallocModel(MmapModel& mmap) : mmap_(mmap) {}
    uint64_t malloc(uint64_t n);
    uint64_t realloc(uint64_t p, uint64_t n);
    void free(uint64_t p);
    uint64_t usableSize(uint64_t p) const;

    static constexpr uint64_t kHeapStart = 0x55d0c4a2b2a0;
    static constexpr uint64_t kMmapThreshold = 128 * 1024;

private:
    static uint64_t chunkSize(uint64_t n) { return n + 8 + 15 < 32 ? 32 : (n + 8 + 15) & ~uint64_t(15); }
    MmapModel& mmap_;
    uint64_t top_ = kHeapStart;
    std::map<uint64_t, uint64_t> live_;                 // pointer -> chunk size
    std::map<uint64_t, std::vector<uint64_t>> bins_;   // chunk size -> freed pointers (LIFO)
    std::set<uint64_t> mmapped_;
};

// PyObject_Malloc & co. Every call is appended to the sink, if any.
class SimulatedMemory {
public:
    explicit SimulatedMemory(const Profile& profile);
    SimulatedMemory(const SimulatedMemory&) = delete;
    SimulatedMemory& operator=(const SimulatedMemory&) = delete;

    uint64_t malloc(Domain d, uint64_t n);
    uint64_t calloc(Domain d, uint64_t nelem, uint64_t elsize);
    uint64_t realloc(Domain d, uint64_t p, uint64_t n);
    void free(Domain d, uint64_t p);

    // Repeats a recorded call (the pointers come out the same: the models
    // are deterministic).
    void apply(const AllocCall& c);

    void setSink(std::vector<AllocCall>* sink) { sink_ = sink; }
    const Allocator& allocator() const { return alloc_; }
    const AllocatorState& state() const { return state_; }

private:
    uint64_t objMalloc(uint64_t n, bool& pymalloc);
    void record(AllocCall c) {
        if (sink_)
            sink_->push_back(c);
    }

    AllocatorState state_;
    Allocator alloc_;
    MmapModel mmap_;
    SystemMallocModel raw_;
    std::vector<AllocCall>* sink_ = nullptr;
};

} // namespace arenascope::scenario
