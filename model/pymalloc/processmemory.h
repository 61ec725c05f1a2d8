// A simulated process's memory: CPython's PyObject_/PyMem_ entry points over
// the simulated pymalloc (allocator.h), with deterministic models of mmap
// (for arenas) and of the C library's malloc (for requests pymalloc does not
// serve, over 512 bytes or 0). Every call goes to a sink as trace Events.
#pragma once

#include "model/pymalloc/allocator.h"
#include "model/pymalloc/event.h"

#include <cstdint>
#include <map>
#include <set>
#include <vector>

namespace arenascope {


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

// PyObject_Malloc & co. Every call is appended to the sink, if any, in the
// order a recorded trace has them (docs/trace-format.md): an arena_alloc
// before the request that mapped it, an arena_free after the free that
// unmapped it (before a realloc, which unmaps while still running).
class SimulatedMemory : private ArenaProvider {
public:
    explicit SimulatedMemory(const Profile& profile);
    SimulatedMemory(const SimulatedMemory&) = delete;
    SimulatedMemory& operator=(const SimulatedMemory&) = delete;

    uint64_t malloc(Domain d, uint64_t n);
    uint64_t calloc(Domain d, uint64_t nelem, uint64_t elsize);
    uint64_t realloc(Domain d, uint64_t p, uint64_t n);
    void free(Domain d, uint64_t p);

    // Repeats a recorded request (the pointers come out the same: the
    // models are deterministic). Arena events are ignored: they follow.
    void apply(const Event& e);

    void setSink(std::vector<Event>* sink) { sink_ = sink; }
    const Allocator& allocator() const { return alloc_; }
    const AllocatorState& state() const { return state_; }

private:
    uint64_t objMalloc(uint64_t n);
    uint64_t mapArena() override;
    void unmapArena(uint64_t address) override;
    void record(const Event& e);

    AllocatorState state_;
    Allocator alloc_;
    MmapModel mmap_;
    SystemMallocModel raw_;
    std::vector<Event>* sink_ = nullptr;
    std::vector<uint64_t> unmapped_;  // arenas unmapped by the request in progress
};

} // namespace arenascope
