// The allocation entry points of Objects/obmalloc.c (_PyObject_Malloc,
// _PyObject_Calloc, _PyObject_Realloc, _PyObject_Free) over the models.
#include "model/scenario/memory.h"

namespace arenascope::scenario {

const char* domainName(Domain d) {
    switch (d) {
    case Domain::Obj: return "obj";
    case Domain::Mem: return "mem";
    case Domain::Raw: return "raw";
    }
    return "?";
}

const char* allocOpName(AllocOp o) {
    switch (o) {
    case AllocOp::Malloc: return "malloc";
    case AllocOp::Calloc: return "calloc";
    case AllocOp::Realloc: return "realloc";
    case AllocOp::Free: return "free";
    }
    return "?";
}

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
    alloc_.setArenaProvider(&mmap_);
}

uint64_t SimulatedMemory::objMalloc(uint64_t n, bool& pymalloc) {
    // _PyObject_Malloc: pymalloc first; 0 bytes or more than 512 fall back
    // to PyMem_RawMalloc (obmalloc.c, all versions 3.6-3.13).
    if (const uint64_t p = alloc_.pymalloc_alloc(n)) {
        pymalloc = true;
        return p;
    }
    pymalloc = false;
    return raw_.malloc(n);
}

uint64_t SimulatedMemory::malloc(Domain d, uint64_t n) {
    bool pym = false;
    const uint64_t p = d == Domain::Raw ? raw_.malloc(n) : objMalloc(n, pym);
    record({AllocOp::Malloc, d, n, p, 0, pym});
    return p;
}

uint64_t SimulatedMemory::calloc(Domain d, uint64_t nelem, uint64_t elsize) {
    bool pym = false;
    const uint64_t n = nelem * elsize;
    const uint64_t p = d == Domain::Raw ? raw_.malloc(n) : objMalloc(n, pym);
    record({AllocOp::Calloc, d, n, p, 0, pym});
    return p;
}

uint64_t SimulatedMemory::realloc(Domain d, uint64_t p, uint64_t n) {
    if (p == 0) {
        bool pym = false;
        const uint64_t q = d == Domain::Raw ? raw_.malloc(n) : objMalloc(n, pym);
        record({AllocOp::Realloc, d, n, q, 0, pym});
        return q;
    }
    uint64_t q = p;
    bool pym = false;
    if (d != Domain::Raw && alloc_.address_in_range(p)) {
        // pymalloc_realloc: keep the block when the new size still fits and
        // shrinks it by less than 25%; otherwise copy to a new block.
        const uint64_t size = alloc_.blockSizeAt(p);
        if (n <= size && 4 * n > 3 * size) {
            pym = true;
        } else {
            q = objMalloc(n, pym);
            alloc_.pymalloc_free(p);
        }
    } else {
        // pymalloc never adopts a foreign block (bpo-1185883).
        q = raw_.realloc(p, n);
    }
    record({AllocOp::Realloc, d, n, q, p, pym});
    return q;
}

void SimulatedMemory::free(Domain d, uint64_t p) {
    if (p == 0)
        return;
    bool pym = false;
    if (d != Domain::Raw && alloc_.pymalloc_free(p) != FreeResult::NotOurs)
        pym = true;
    else
        raw_.free(p);
    record({AllocOp::Free, d, 0, p, 0, pym});
}

void SimulatedMemory::apply(const AllocCall& c) {
    switch (c.op) {
    case AllocOp::Malloc: malloc(c.domain, c.size); break;
    case AllocOp::Calloc: calloc(c.domain, c.size, 1); break;
    case AllocOp::Realloc: realloc(c.domain, c.oldPtr, c.size); break;
    case AllocOp::Free: free(c.domain, c.ptr); break;
    }
}

} // namespace arenascope::scenario
