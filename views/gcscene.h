// What the GC view draws, whatever produced it: the stack of frames with
// their local names, the objects with their references and the collector's
// marks, and the generations. A scenario step is turned into one of these.
#pragma once

#include <QString>

#include <array>
#include <cstdint>
#include <utility>
#include <vector>

namespace arenascope::views {

struct GcObject {
    // Where the object stands in the collection being stepped through.
    enum class Mark : uint8_t { None, Reachable, Tentative, Unreachable };
    int id = 0;
    QString type;                 // "list", "Node", "str"
    QString label;                // a short value: "[3 items]", "'abc'"
    uint64_t address = 0;         // its block (or the system allocator's pointer)
    uint32_t size = 0;            // bytes, the collector's header included
    int64_t refcnt = 0;           // ob_refcnt
    int64_t gcRefs = -1;          // gc_refs during a collection, else -1
    int generation = -1;          // 0..2; -1: not tracked by the collector
    Mark mark = Mark::None;
    std::vector<int> refs;        // ids of the objects it refers to
};

struct GcFrame {
    QString function;                           // "<module>", "make_cycle"
    std::vector<std::pair<QString, int>> locals;  // name -> object id
};

struct GcGeneration {
    int count = 0;
    int threshold = 0;
};

struct GcScene {
    std::vector<GcFrame> frames;      // outermost first
    std::vector<GcObject> objects;
    std::array<GcGeneration, 3> generations{};
    int collecting = -1;              // the generation being collected, or -1
    QString phase;                    // "update_refs", ...; empty outside a collection
    int changed = -1;                 // the object this step created, freed or marked
    int hidden = 0;                   // tracked objects of the interpreter's own, not drawn
    const GcObject* find(int id) const;
};

} // namespace arenascope::views
