// An undo log of the simulation's writes: every field a step changes is saved
// here first, so a step is undone in time proportional to what it changed.
#pragma once

#include <cstdint>
#include <cstring>
#include <vector>

namespace arenascope {

// Which piece of state a record belongs to. Field regions hold old values of
// plain fields; the others name an operation to invert.
enum class Region : uint8_t {
    Arenas, Pools, Blocks, Globals, Nfp2lasta,  // fields of AllocatorState
    ArenaTableGrown,                            // old maxarenas
    RadixMidAdded, RadixBotAdded,               // arena map node keys
    ReplayGlobals,                              // fields of ReplayState
    RawAdded, RawRemoved,                       // live system-allocator pointers
    ForeignAdded, ForeignRemoved,               // mappings that are not pymalloc arenas
    MappingAdded, MappingRemoved,               // the trace's mappings (key: start, extra: size)
    TrackedAdded, TrackedRemoved,               // recorded -> simulated pointer after a mismatch
    PendingArenaAdded, PendingArenaRemoved,     // arena_alloc lines waiting for a request
};

struct UndoRecord {
    Region region;
    uint8_t width;     // bytes of the field (1, 2, 4, 8); 0 for operations
    uint32_t offset;   // byte offset of the field in its region
    uint64_t value;    // the old value, or the operation's key
    uint64_t extra = 0;
};

class Journal {
public:
    bool enabled() const { return enabled_; }
    void setEnabled(bool on) { enabled_ = on; }

    // Saves the current value of *field, which lies in a region starting at base.
    template <class T>
    void saveField(Region r, const void* base, const T* field) {
        static_assert(sizeof(T) <= 8, "fields are at most 8 bytes");
        if (!enabled_)
            return;
        uint64_t old = 0;
        std::memcpy(&old, field, sizeof(T));
        records_.push_back({r, uint8_t(sizeof(T)),
                            uint32_t(reinterpret_cast<const char*>(field) -
                                     static_cast<const char*>(base)),
                            old});
    }
    void saveOperation(Region r, uint64_t key, uint64_t extra = 0) {
        if (enabled_)
            records_.push_back({r, 0, 0, key, extra});
    }

    size_t size() const { return records_.size(); }
    const UndoRecord& back() const { return records_.back(); }
    void pop() { records_.pop_back(); }
    void clear() { records_.clear(); }
    size_t bytes() const { return records_.capacity() * sizeof(UndoRecord); }

    // Writes a saved field value back into its region.
    static void restoreField(void* base, const UndoRecord& r) {
        // A copy of constant size per width: undoing a step costs what doing it did.
        char* at = static_cast<char*>(base) + r.offset;
        switch (r.width) {
        case 1: { const uint8_t v = uint8_t(r.value); std::memcpy(at, &v, 1); break; }
        case 2: { const uint16_t v = uint16_t(r.value); std::memcpy(at, &v, 2); break; }
        case 4: { const uint32_t v = uint32_t(r.value); std::memcpy(at, &v, 4); break; }
        default: std::memcpy(at, &r.value, 8); break;
        }
    }

private:
    bool enabled_ = false;
    std::vector<UndoRecord> records_;
};

} // namespace arenascope
