// The allocation entry points of Objects/obmalloc.c (_PyObject_Malloc,
// _PyObject_Calloc, _PyObject_Realloc, _PyObject_Free) over the models.
#include "model/pymalloc/processmemory.h"

namespace arenascope {

uint64_t MmapModel::map(uint64_t size) {
    size = (size + 4095) & ~uint64_t(4095);
    uint64_t gapTop = kTop;
    // Walk mappings from the highest down: the first gap that fits wins.
    for (auto it = mapped_.rbegin(); it != mapped_.rend(); ++it) {
        const uint64_t end = it->first + it->second;
        if (gapTop >= end && gapTop - end >= size)
            break;
        gapTop = it->first;
    }
    const uint64_t base = gapTop - size;
    mapped_[base] = size;
    return base;
}

void MmapModel::unmap(uint64_t address) { mapped_.erase(address); }

uint64_t SystemMallocModel::malloc(uint64_t n) {
    if (n == 0)
        n = 1;  // _PyMem_RawMalloc: "size == 0 -> 1"
    if (n + 8 >= kMmapThreshold) {
        const uint64_t p = mmap_.map(n + 16) + 16;
        mmapped_.insert(p);
        live_[p] = (n + 16 + 4095) & ~uint64_t(4095);
        return p;
    }
    const uint64_t cs = chunkSize(n);
    auto bin = bins_.find(cs);
    uint64_t p;
    if (bin != bins_.end() && !bin->second.empty()) {
        p = bin->second.back();
        bin->second.pop_back();
    } else {
        p = top_ + 16;  // chunk header (prev_size, size) precedes the pointer
        top_ += cs;
    }
    live_[p] = cs;
    return p;
}

uint64_t SystemMallocModel::usableSize(uint64_t p) const {
    auto it = live_.find(p);
    return it == live_.end() ? 0 : it->second - 8;
}

uint64_t SystemMallocModel::realloc(uint64_t p, uint64_t n) {
    if (n == 0)
        n = 1;
    auto it = live_.find(p);
    if (it == live_.end())
        return malloc(n);
    if (!mmapped_.count(p) && chunkSize(n) <= it->second)
        return p;  // glibc shrinks (or fits) in place
    const uint64_t q = malloc(n);
    free(p);
    return q;
}

void SystemMallocModel::free(uint64_t p) {
    auto it = live_.find(p);
    if (it == live_.end())
        return;
    if (mmapped_.erase(p)) {
        mmap_.unmap(p - 16);
    } else {
        bins_[it->second].push_back(p);
    }
    live_.erase(it);
}

SimulatedMemory::SimulatedMemory(const Profile& profile)
    : state_(initialAllocatorState(profile)), alloc_(profile, state_), mmap_(profile.arenaSize()),
      raw_(mmap_) {
    alloc_.setArenaProvider(this);
}

uint64_t SimulatedMemory::mapArena() {
    const uint64_t a = mmap_.mapArena();
    if (sink_)
        sink_->push_back({Op::ArenaAlloc, Domain::None, alloc_.profile().arenaSize(), a, 0, 0, 0});
    return a;
}

void SimulatedMemory::unmapArena(uint64_t address) {
    mmap_.unmapArena(address);
    unmapped_.push_back(address);
}

void SimulatedMemory::record(const Event& e) {
    // The format's order: arena_free follows the free that unmapped the
    // arena, but comes before a realloc's line (it unmaps while running).
    auto arenaFrees = [&] {
        for (uint64_t a : unmapped_)
            sink_->push_back({Op::ArenaFree, Domain::None, alloc_.profile().arenaSize(), a, 0, 0, 0});
    };
    if (sink_) {
        if (e.op == Op::Realloc)
            arenaFrees();
        sink_->push_back(e);
        if (e.op != Op::Realloc)
            arenaFrees();
    }
    unmapped_.clear();
}

uint64_t SimulatedMemory::objMalloc(uint64_t n) {
    // _PyObject_Malloc: pymalloc first; 0 bytes or more than 512 fall back
    // to PyMem_RawMalloc (obmalloc.c, all versions 3.6-3.13).
    if (const uint64_t p = alloc_.pymalloc_alloc(n))
        return p;
    return raw_.malloc(n);
}

uint64_t SimulatedMemory::malloc(Domain d, uint64_t n) {
    const uint64_t p = d == Domain::Raw ? raw_.malloc(n) : objMalloc(n);
    record({Op::Malloc, d, n, p, 0, 0, 0});
    return p;
}

uint64_t SimulatedMemory::calloc(Domain d, uint64_t nelem, uint64_t elsize) {
    const uint64_t n = nelem * elsize;
    const uint64_t p = d == Domain::Raw ? raw_.malloc(n) : objMalloc(n);
    record({Op::Calloc, d, n, p, 0, nelem, elsize});
    return p;
}

uint64_t SimulatedMemory::realloc(Domain d, uint64_t p, uint64_t n) {
    if (p == 0) {
        const uint64_t q = d == Domain::Raw ? raw_.malloc(n) : objMalloc(n);
        record({Op::Realloc, d, n, q, 0, 0, 0});
        return q;
    }
    uint64_t q = p;
    if (d != Domain::Raw && alloc_.address_in_range(p)) {
        if (!alloc_.reallocKeepsBlock(p, n)) {
            q = objMalloc(n);
            alloc_.pymalloc_free(p);
        }
    } else {
        // pymalloc never adopts a foreign block (bpo-1185883).
        q = raw_.realloc(p, n);
    }
    record({Op::Realloc, d, n, q, p, 0, 0});
    return q;
}

void SimulatedMemory::free(Domain d, uint64_t p) {
    if (p == 0)
        return;
    if (d == Domain::Raw || alloc_.pymalloc_free(p) == FreeResult::NotOurs)
        raw_.free(p);
    record({Op::Free, d, 0, p, 0, 0, 0});
}

void SimulatedMemory::apply(const Event& e) {
    switch (e.op) {
    case Op::Malloc: malloc(e.domain, e.size); break;
    case Op::Calloc: calloc(e.domain, e.nelem, e.elsize); break;
    case Op::Realloc: realloc(e.domain, e.oldPtr, e.size); break;
    case Op::Free: free(e.domain, e.ptr); break;
    default: break;
    }
}

} // namespace arenascope
