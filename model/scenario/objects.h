// The scenario's objects as CPython lays them out: a type, a reference
// count, the blocks they occupy in the simulated heap, their references,
// and the collector's per-object state (PyGC_Head: tracked, gc_refs).
#pragma once

#include "model/program/programstate.h"
#include "model/scenario/ast.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace arenascope::scenario {


enum class Type : uint8_t {
    Sentinel, None, Bool, Int, Str, Bytes, Tuple, List, Dict, Set, Function, Class, Instance,
    Range, RangeIter,
    // made by class statements and calls (Objects/descrobject.c, weakrefobject.c,
    // typeobject.c's super, methodobject.c, frameobject.c up to 3.10)
    MemberDescr, Weakref, Super, BuiltinMethod, Frame,
    SetIter  // Objects/setobject.c, for list(set) inside set_repr
};
const char* typeName(Type t);

struct Object {
    Type type = Type::None;
    bool alive = false;
    bool isStatic = false;    // a static singleton (None, small ints, ...): not on the heap
    bool onFreeList = false;  // dead to Python, its block kept by a type's free list
    bool hashOrderUnknown = false;  // Set: a key's hash is the process's own (str, bytes, ...), so is the order
    mutable bool hashed = false;  // Str: a dict or set computed its hash, so it is no longer resized in place
    int64_t refcnt = 0;
    int64_t externalRefs = 0;  // held by the interpreter itself (constants, print's caches)

    uint64_t address = 0;     // the object's block (its PyGC_Head first, for GC types)
    uint64_t requested = 0;   // bytes asked for that block
    uint64_t itemsAddress = 0, itemsBytes = 0;  // list ob_item, set table, dict keys object, class tp_doc

    Int ival = 0;                // Int, Bool, Range (stop)
    std::string sval;            // Str, Bytes; Function/Class name
    std::vector<ObjId> items;    // List/Tuple items, Dict values, Set keys, Instance slots,
                                 // Class {tp_dict, tp_bases, tp_mro, ht_slots}, MemberDescr/Super/BuiltinMethod {d_type/self...}
    std::vector<ObjId> keys;     // Dict keys, parallel to items; kNull marks a deleted entry.
                                 // Set: the hash table's slots (kNull: empty); items is its order
    uint64_t allocated = 0;      // List: allocated; Set: table size (mask + 1)
    uint64_t used = 0;           // Dict: ma_used; Set: used
    unsigned dkLog2 = 0;         // Dict: log2 of the keys table size; 0 = the shared empty keys
    int64_t dkUsable = 0;        // Dict: dk_usable
    bool dkUnicode = true;       // Dict: DICT_KEYS_UNICODE (3.11+)
    ObjId cls = kNull;           // Instance: its class; Weakref: its referent (weak)
    ObjId subclassRef = kNull;   // Class: the weakref and int key that object.__subclasses__
    ObjId subclassKey = kNull;   //   holds for it (add_subclass in Objects/typeobject.c)
    std::shared_ptr<const FunctionDef> function;
    std::shared_ptr<const ClassDef> classDef;
    std::string role;            // why the interpreter made it, for internal objects

    // The collector's view (Modules/gcmodule.c).
    bool gcType = false;       // _PyObject_IS_GC
    bool tracked = false;
    int generation = -1;       // which list the object is on: 0..2, 3 unreachable, -1 none
    int64_t gcRefs = 0;        // gc_refs during a collection
    bool collecting = false;   // PREV_MASK_COLLECTING
    bool unreachable = false;  // NEXT_MASK_UNREACHABLE: tentatively unreachable
    ObjId gcPrev = kNull, gcNext = kNull;
};

} // namespace arenascope::scenario
