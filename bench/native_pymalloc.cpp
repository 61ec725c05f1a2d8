// NativeReplay: the trace's calls through CPython's own allocator functions.
#ifdef ARENASCOPE_HAVE_PYTHON
#define PY_SSIZE_T_CLEAN
#include <Python.h>  // first, as Python's headers ask
#endif

#include "bench/native_pymalloc.h"

#include <chrono>
#include <unordered_map>

namespace arenascope::bench {

bool nativePymallocAvailable() {
#ifdef ARENASCOPE_HAVE_PYTHON
    return true;
#else
    return false;
#endif
}

std::string nativePymallocVersion() {
#ifdef ARENASCOPE_HAVE_PYTHON
    return PY_VERSION;
#else
    return "";
#endif
}

NativeReplay::NativeReplay(const std::vector<Event>& events) {
    std::unordered_map<uint64_t, uint32_t> slotOf;  // recorded pointer -> slot
    std::vector<uint32_t> freeSlots;
    auto newSlot = [&] {
        if (!freeSlots.empty()) {
            const uint32_t s = freeSlots.back();
            freeSlots.pop_back();
            return s;
        }
        return slots_++;
    };
    ops_.reserve(events.size());
    for (const Event& e : events) {
        const uint8_t domain = e.domain == Domain::Raw ? 2 : e.domain == Domain::Mem ? 1 : 0;
        switch (e.op) {
        case Op::Malloc:
        case Op::Calloc:
            if (e.ptr == 0)
                break;  // a failed request: nothing to replay
            {
                const uint32_t s = newSlot();
                slotOf[e.ptr] = s;
                if (e.op == Op::Malloc)
                    ops_.push_back({0, domain, s, e.size, 0});
                else
                    ops_.push_back({1, domain, s, e.nelem, e.elsize});
            }
            break;
        case Op::Realloc: {
            if (e.ptr == 0)
                break;  // failed: the old block stays
            uint32_t s;
            if (e.oldPtr == 0) {
                s = newSlot();
            } else {
                auto it = slotOf.find(e.oldPtr);
                if (it == slotOf.end())
                    break;
                s = it->second;
                slotOf.erase(it);
            }
            slotOf[e.ptr] = s;
            ops_.push_back({2, domain, s, e.size, 0});
            break;
        }
        case Op::Free: {
            if (e.ptr == 0) {
                ops_.push_back({4, domain, 0, 0, 0});
                break;
            }
            auto it = slotOf.find(e.ptr);
            if (it == slotOf.end())
                break;
            ops_.push_back({3, domain, it->second, 0, 0});
            freeSlots.push_back(it->second);
            slotOf.erase(it);
            break;
        }
        case Op::ArenaAlloc:
        case Op::ArenaFree:
            break;
        }
    }
}

#ifdef ARENASCOPE_HAVE_PYTHON
double NativeReplay::run() {
    std::vector<void*> slot(slots_ + 1, nullptr);
    const auto t0 = std::chrono::steady_clock::now();
    for (const Call& o : ops_) {
        void*& p = slot[o.slot];  // free(NULL) names slot 0 but leaves it alone
        switch (o.kind) {
        case 0:
            p = o.domain == 0 ? PyObject_Malloc(o.a)
                : o.domain == 1 ? PyMem_Malloc(o.a)
                                : PyMem_RawMalloc(o.a);
            break;
        case 1:
            p = o.domain == 0 ? PyObject_Calloc(o.a, o.b)
                : o.domain == 1 ? PyMem_Calloc(o.a, o.b)
                                : PyMem_RawCalloc(o.a, o.b);
            break;
        case 2:
            p = o.domain == 0 ? PyObject_Realloc(p, o.a)
                : o.domain == 1 ? PyMem_Realloc(p, o.a)
                                : PyMem_RawRealloc(p, o.a);
            break;
        case 3:
        case 4: {
            void* q = o.kind == 3 ? p : nullptr;  // 4: free(NULL), no slot
            if (o.domain == 0)
                PyObject_Free(q);
            else if (o.domain == 1)
                PyMem_Free(q);
            else
                PyMem_RawFree(q);
            if (o.kind == 3)
                p = nullptr;
            break;
        }
        }
    }
    const auto t1 = std::chrono::steady_clock::now();
    // The domains of live slots are not kept; every pointer pymalloc or the
    // system gave is released through PyMem_Free, which tells them apart.
    for (void* p : slot)
        if (p)
            PyMem_Free(p);
    return std::chrono::duration<double>(t1 - t0).count();
}
#else
double NativeReplay::run() { return 0; }
#endif

} // namespace arenascope::bench
