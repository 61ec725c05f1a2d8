// The object heap of a scenario: creation through the simulated allocator,
// reference counting with recursive deallocation, the types' free lists,
// and the generation lists of the collector (Modules/gcmodule.c).
#pragma once

#include "model/scenario/layout.h"
#include "model/pymalloc/processmemory.h"
#include "model/scenario/objects.h"

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace arenascope::scenario {

constexpr int kNumGenerations = 3;
constexpr int kUnreachableList = 3;  // the collection's `unreachable` list

struct Generation {
    ObjId head = kNull;  // sentinel of the intrusive list (PyGC_Head ring)
    int threshold = 0;
    int count = 0;
};

struct GcState {
    Generation generations[kNumGenerations];
    ObjId unreachableHead = kNull;
    bool enabled = true;
    bool collecting = false;
    bool pending = false;  // 3.12+: a collection is scheduled for the eval breaker
    int64_t longLivedTotal = 0, longLivedPending = 0;
};

class Heap {
public:
    Heap(const Layout& layout, SimulatedMemory& memory);
    Heap(const Heap&) = delete;
    Heap& operator=(const Heap&) = delete;

    const Layout& layout() const { return layout_; }
    SimulatedMemory& memory() { return memory_; }
    // Non-const access marks the object as possibly changed (see takeDirty).
    Object& obj(ObjId id) { return mut(id); }
    const Object& obj(ObjId id) const { return objects_[id]; }
    // The objects reached through non-const access (or made) since the last
    // call, each once: what a step may have changed, so that its state is
    // captured in time proportional to the change, not to the heap.
    std::vector<ObjId> takeDirty();
    ObjId size() const { return ObjId(objects_.size()); }
    GcState& gc() { return gc_; }
    const GcState& gc() const { return gc_; }

    // Runs the collector when generation 0 passes its threshold.
    void setAutoCollect(std::function<void()> f) { autoCollect_ = std::move(f); }

    void incref(ObjId id) {
        if (id != kNull)
            ++mut(id).refcnt;
    }
    void decref(ObjId id);

    // ---- static singletons (not on the heap)
    ObjId none();
    ObjId boolean(bool v);

    // ---- object creation: each returns a new reference; item vectors are
    // stolen references.
    ObjId newInt(Int v);
    // long_to_decimal_string's scratch PyLong for v (1 + ndigits + ndigits/99
    // digits), a private object the conversion frees when it is done.
    ObjId newDecimalScratch(Int v);
    // A string decoded from text (a constant, an index): the empty string
    // and one-character strings are the interpreter's singletons. With
    // `built`, a result made with PyUnicode_New / PyBytes_FromStringAndSize(NULL, n)
    // (str(x), join, bytes(n), which comes zeroed from PyObject_Calloc):
    // only the empty one is shared.
    ObjId newStr(const std::string& s, bool built = false);
    ObjId newBytes(const std::string& s, bool built = false);
    ObjId newRange(ObjId start, ObjId stop);
    ObjId newRangeIter(ObjId range);
    ObjId newTuple(std::vector<ObjId> items);         // PyTuple_New / tuple_alloc
    // PyTuple_Pack / _PyTuple_FromArray / BUILD_TUPLE: untracked from 3.14.1
    // when no item's type is a GC type (Layout::tupleMaybeTracked).
    ObjId newTupleFromArray(std::vector<ObjId> items);
    ObjId newList(std::vector<ObjId> items);          // PyList_New(n) + fill (BUILD_LIST)
    ObjId newListGeneric();                           // list(): PyType_GenericAlloc
    ObjId listRepeat(ObjId list, Int n);
    ObjId listConcat(ObjId a, ObjId b);
    ObjId newDict(bool typeCall);                     // {} or dict()
    ObjId newDictPresized(size_t n, bool unicode);    // _PyDict_FromItems
    ObjId newSet();
    ObjId newFunction(std::shared_ptr<const FunctionDef> def);
    // A class statement, start to end (classes.cpp): the body's function,
    // the namespace, type_new's temporaries and the type with its tp_dict,
    // bases, MRO, ht_slots, member descriptors and subclass weakref.
    // slotsValue and doc are the body's constants (doc may be kNull).
    ObjId buildClass(std::shared_ptr<const ClassDef> def, ObjId slotsValue, ObjId doc);
    ObjId newInstance(ObjId cls);
    ObjId newBuiltinMethod(ObjId self, const std::string& name);  // a bound builtin method

    // ---- container operations (borrowed arguments)
    void listAppend(ObjId list, ObjId item);
    // list_extend's loop: into the preallocated room, app1 beyond it.
    void listAppendPreallocated(ObjId list, ObjId item);
    void listExtend(ObjId list, const std::vector<ObjId>& items, bool fromIterator);
    void listReserve(ObjId list, uint64_t n) { listPreallocateExact(list, n); }  // list_preallocate_exact
    void listSetItem(ObjId list, size_t i, ObjId item);
    // unicode_modifiable: one reference, not static, never hashed.
    bool strModifiable(ObjId s) const;
    // PyUnicode_Append in place: resize_compact's PyObject_Realloc.
    void strAppendInPlace(ObjId s, const std::string& suffix);
    // _PyUnicodeWriter's buffer: PyUnicode_New(length, 127), then grown or
    // trimmed with resize_compact; `text` is what it holds when finished.
    ObjId newAsciiBuffer(uint64_t length);
    void resizeAsciiBuffer(ObjId s, uint64_t length);
    ObjId newStaticStr(const std::string& s);  // an interned identifier that is static in CPython
    ObjId identifier(const std::string& s);    // the same, one object per name (_Py_ID, interned names)
    ObjId objectType();                        // `object`, a static type

    // ---- frame objects (3.8-3.10, Objects/frameobject.c; frames.cpp)
    // A frame for `code` with `extras` slots (stack, locals): the code's
    // zombie frame, else one from the free list, else a new one.
    ObjId enterFrame(const void* code, unsigned extras, const std::string& name);
    // frame_dealloc: the frame becomes the code's zombie, else goes on the
    // free list, else is freed.
    void leaveFrame(const void* code, ObjId frame);
    void listDelItem(ObjId list, size_t i);
    void listClear(ObjId list);
    void dictSetItem(ObjId dict, ObjId key, ObjId value);
    bool dictDelItem(ObjId dict, ObjId key);
    std::optional<size_t> dictFind(ObjId dict, ObjId key) const;
    void setAdd(ObjId set, ObjId key);
    void setMerge(ObjId set, const std::vector<ObjId>& keys);
    void setSlot(ObjId inst, size_t slot, ObjId value);

    // hash() where it is the same in every process: ints, bools, tuples of
    // those, None from 3.12. Nothing for str and bytes (randomized per run).
    std::optional<uint64_t> hashOf(ObjId id) const;
    ObjId newSetIter(ObjId set);  // set_iter

    // Python equality for the key types the subset hashes.
    bool equal(ObjId a, ObjId b) const;
    bool hashable(ObjId a) const;
    // sys.getsizeof
    uint64_t getsizeof(ObjId id) const;

    // ---- collector support
    void gcListInit(ObjId head);
    void gcListAppend(ObjId head, ObjId id);
    void gcListRemove(ObjId id);
    void gcListMerge(ObjId from, ObjId to);
    size_t gcListSize(ObjId head) const;
    std::vector<ObjId> gcList(ObjId head) const;
    void track(ObjId id);
    void untrack(ObjId id);
    bool mayBeTracked(ObjId id) const;  // _PyObject_GC_MAY_BE_TRACKED
    // tp_traverse: the references an object's type reports, in order.
    std::vector<ObjId> traverse(ObjId id) const;
    // tp_clear: drops the object's references (tuples have none).
    void clear(ObjId id);
    void clearFreeLists();  // clear_freelists after a full collection
    int generationOf(ObjId head) const;

private:
    ObjId make(Type t);
    ObjId makeStatic(Type t);
    ObjId newFunctionObject(const std::string& name);  // PyFunction_New
    ObjId typeNew(std::shared_ptr<const ClassDef> def, ObjId ns, ObjId slotsValue, ObjId doc);
    ObjId newMemberDescr(ObjId cls, ObjId name);
    ObjId newWeakref(ObjId referent);
    ObjId newSuper(ObjId cls);
    ObjId dictCopy(ObjId dict);  // PyDict_Copy
    void classDealloc(ObjId cls);
    // PyObject_GC_New/NewVar: gc_alloc's block (PyGC_Head + basicsize,
    // count0++, maybe a collection), then the object on it, not yet tracked.
    ObjId gcNew(Type t, uint64_t basicsize);
    void gcDel(ObjId id);                   // PyObject_GC_Del
    void dealloc(ObjId id);
    void listResize(Object& o, ObjId id, uint64_t newsize);
    void listPreallocateExact(ObjId id, uint64_t n);
    void dictResize(ObjId id, unsigned log2, bool unicode);
    uint64_t newKeys(unsigned log2, bool unicode);
    void freeKeys(uint64_t address, unsigned log2, bool unicode);
    uint64_t keysBytes(unsigned log2, bool unicode) const;
    void setTableResize(ObjId id, uint64_t minused);
    size_t setPlace(ObjId set, ObjId key);  // into the first free slot of its probe sequence
    uint64_t tableHash(ObjId key) const;    // hashOf, or a stand-in for the process's own hashes
    void setSyncItems(ObjId set);         // items = the table's keys in slot order
    std::vector<ObjId> frozenTable(const std::vector<ObjId>& keys) const;  // a frozenset's slots
    // Takes a block from a type's free list for a new object, or 0.
    ObjId popFree(std::vector<ObjId>& list, Type t);
    // _Py_FREELIST_POP / _Py_FREELIST_FREE for objects outside the collector
    // (3.14's ints, ranges, range iterators): a kept block or a new one of
    // `size`; the block kept while the list has room, else PyObject_Free.
    uint64_t blockFromFreeList(std::vector<uint64_t>& list, uint64_t size);
    void blockToFreeList(std::vector<uint64_t>& list, unsigned capacity, uint64_t address);

    Object& mut(ObjId id) {
        if (id < dirtyFlag_.size() && !dirtyFlag_[id]) {
            dirtyFlag_[id] = 1;
            dirty_.push_back(id);
        }
        return objects_[id];
    }

    Layout layout_;
    SimulatedMemory& memory_;
    std::vector<Object> objects_;
    std::vector<uint8_t> dirtyFlag_;  // by id: in dirty_ already
    std::vector<ObjId> dirty_;
    GcState gc_;
    std::function<void()> autoCollect_;

    ObjId none_ = kNull, true_ = kNull, false_ = kNull, emptyTuple_ = kNull, object_ = kNull;
    std::map<Int, ObjId> smallInts_;
    std::map<std::string, ObjId> staticStrs_, staticBytes_;

    // Free lists: dead objects whose blocks wait to be reused.
    std::vector<ObjId> listFree_, dictFree_, cfunctionFree_, frameFree_;
    std::map<const void*, std::vector<ObjId>> zombieFrames_;  // co_zombieframe, by code object
    std::vector<std::vector<ObjId>> tupleFree_;  // by length - 1
    std::vector<uint64_t> keysFree_;             // minimum-size keys objects
    std::vector<uint64_t> intFree_, rangeFree_, rangeIterFree_;  // blocks (3.14+)
};

} // namespace arenascope::scenario
