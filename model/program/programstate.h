// What a running Python program looks like at one step, whatever made it
// (the scenario engine, or a recording of the real interpreter): its stack
// and names, its objects with their blocks, and the collector's lists.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace arenascope {

// An object's identity within one run (stable across steps); 0 is none.
using ObjId = uint32_t;
constexpr ObjId kNull = 0;

// The collector's phases as gc_collect_main runs them (Modules/gcmodule.c
// up to 3.11, Python/gc.c from 3.12), for steps inside a collection.
enum class GcPhase : uint8_t {
    None,             // not collecting
    Start,            // counts updated, younger generations merged into `young`
    UpdateRefs,       // gc_refs = ob_refcnt for everything in young
    SubtractRefs,     // references from inside young subtracted
    MoveUnreachable,  // gc_refs == 0 and not reached: on the unreachable list
    Survivors,        // survivors' tuples (and in full collections dicts) untracked, merged into old
    DeleteGarbage,    // tp_clear on the unreachable; they die by reference counting
    Done              // free lists cleared (full collection), statistics
};
const char* gcPhaseName(GcPhase p);

// One reference from an object, named as a Python programmer would.
struct Reference {
    std::string label;  // "[0]", "['key']", ".attr", "key", "type"
    ObjId target = kNull;
    bool operator==(const Reference& o) const { return label == o.label && target == o.target; }
};

// An object's references, shared between the steps at which they are the
// same (a long list's first references do not change as it grows).
class RefList {
public:
    RefList() = default;
    explicit RefList(std::vector<Reference> refs)
        : refs_(std::make_shared<const std::vector<Reference>>(std::move(refs))) {}
    const std::vector<Reference>& items() const;
    std::vector<Reference>::const_iterator begin() const { return items().begin(); }
    std::vector<Reference>::const_iterator end() const { return items().end(); }
    size_t size() const { return items().size(); }
    bool empty() const { return items().empty(); }
    const Reference& operator[](size_t i) const { return items()[i]; }
    bool operator==(const RefList& o) const { return refs_ == o.refs_ || items() == o.items(); }

private:
    std::shared_ptr<const std::vector<Reference>> refs_;
};

struct ObjectState {
    ObjId id = kNull;
    std::string type;      // "list", "dict", "C instance", ...
    std::string label;     // a short value or summary
    std::string role;      // "constant", "thread state dict", ... for the interpreter's own objects
    uint64_t address = 0;  // the object's block (0 for static singletons)
    uint64_t requested = 0;            // bytes asked for that block
    uint64_t itemsAddress = 0, itemsBytes = 0;  // list ob_item, dict keys, set table
    uint64_t size = 0;     // sys.getsizeof
    int64_t refcnt = 0;
    bool isStatic = false;
    bool gcTracked = false;
    int generation = -1;   // 0..2, 3 on the unreachable list, -1 untracked
    int64_t gcRefs = 0;    // meaningful while collecting
    bool collecting = false;   // in young, not yet scanned by move_unreachable
    bool unreachable = false;  // tentatively unreachable
    RefList refs;
    uint32_t refsOmitted = 0;  // references left out of refs (a long container's)
    bool operator==(const ObjectState& o) const;
};

struct FrameState {
    std::string function;  // "<module>" or the function's name
    int line = 0;
    std::vector<std::pair<std::string, ObjId>> locals;
    bool operator==(const FrameState& o) const {
        return function == o.function && line == o.line && locals == o.locals;
    }
};

struct GenerationState {
    int count = 0, threshold = 0;
    std::vector<ObjId> objects;  // in list order
};

struct GcStateView {
    GenerationState generations[3];
    std::vector<ObjId> unreachable;
    bool enabled = true;
    GcPhase phase = GcPhase::None;
    int collectingGeneration = -1;
    int64_t longLivedTotal = 0, longLivedPending = 0;
};

// The objects of a state, in id order. Each is shared with the other steps
// at which it is the same, so that a state is rebuilt (or dropped) without
// copying its objects.
class ObjectList {
public:
    using Ptr = std::shared_ptr<const ObjectState>;
    class const_iterator {
    public:
        explicit const_iterator(std::vector<Ptr>::const_iterator it) : it_(it) {}
        const ObjectState& operator*() const { return **it_; }
        const ObjectState* operator->() const { return it_->get(); }
        const_iterator& operator++() {
            ++it_;
            return *this;
        }
        bool operator==(const const_iterator& o) const { return it_ == o.it_; }
        bool operator!=(const const_iterator& o) const { return it_ != o.it_; }

    private:
        std::vector<Ptr>::const_iterator it_;
    };
    const_iterator begin() const { return const_iterator(v_.begin()); }
    const_iterator end() const { return const_iterator(v_.end()); }
    size_t size() const { return v_.size(); }
    bool empty() const { return v_.empty(); }
    const ObjectState& operator[](size_t i) const { return *v_[i]; }
    void reserve(size_t n) { v_.reserve(n); }
    void push_back(ObjectState o) { v_.push_back(std::make_shared<const ObjectState>(std::move(o))); }
    void push_back(Ptr p) { v_.push_back(std::move(p)); }
    const std::vector<Ptr>& pointers() const { return v_; }

private:
    std::vector<Ptr> v_;
};

// The state after a number of program steps.
struct ProgramState {
    size_t step = 0;
    ObjectList objects;  // live objects by id, heap ones and the static ones referenced
    std::vector<FrameState> frames;    // the stack, the module's frame first
    GcStateView gc;
    std::string output;                // what the program wrote so far
    // Objects reachable from the names but left out of `objects` by a
    // recording's limits (depth and count: its `cut N`); 0 for the engine,
    // which keeps every object. The objects that refer to them say so in
    // refsOmitted.
    uint64_t objectsLeftOut = 0;
    const ObjectState* find(ObjId id) const;
};

} // namespace arenascope
