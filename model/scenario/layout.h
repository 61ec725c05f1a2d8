// Object sizes and per-version rules of the CPython a profile models: the
// struct sizes behind sys.getsizeof, list over-allocation, dict keys
// tables, free lists, and what print() allocates inside the interpreter.
#pragma once

#include "model/pymalloc/profile.h"

#include <cstdint>
#include <optional>
#include <string>

namespace arenascope::scenario {

// Every field is set by layout.cpp's table for the profile's version; the
// comments here say what a field means, the table what it is in each version.
struct Layout {
    unsigned gcHead = 0;  // sizeof(PyGC_Head)

    // Objects/listobject.c
    unsigned listBasic = 0;          // sizeof(PyListObject)
    bool listResize39 = false;       // list_resize: (n + n/8 + 6) & ~3, not n + n/8 + (n < 9 ? 3 : 6)
    bool preallocRoundsEven = false; // list_preallocate_exact rounds up to an even count
    bool extendPreallocates = false; // extend of an empty list by a list/tuple preallocates
    bool iterPreallocates = false;   // extend of an empty list by an iterator preallocates
    bool constDisplayExtends = false; // [c1, c2, c3, ...] (>2 constants) is BUILD_LIST 0 + LIST_EXTEND
    unsigned listFreeList = 0;       // PyList_MAXFREELIST
    bool listExtendSet = false;      // list_extend copies a set's table directly (no iterator)

    // Objects/tupleobject.c
    unsigned tupleBasic = 0;       // sizeof(PyTupleObject) - sizeof(PyObject *)
    unsigned tupleSaveSize = 0;    // PyTuple_MAXSAVESIZE: lengths 1..tupleSaveSize-1 are kept
    unsigned tupleFreeList = 0;    // PyTuple_MAXFREELIST
    // maybe_tracked (gh-139951): PyTuple_Pack, _PyTuple_FromArray and
    // BUILD_TUPLE track the new tuple only if an item's type is a GC type;
    // PyTuple_New still always tracks.
    bool tupleMaybeTracked = false;

    // Objects/dictobject.c
    unsigned dictBasic = 0;        // sizeof(PyDictObject)
    unsigned keysHeader = 0;       // sizeof(PyDictKeysObject)
    bool unicodeKeys = false;      // str-only tables have 16-byte entries
    bool dictNewMakesKeys = false; // dict() makes a minimum-size keys object at once
    unsigned dictFreeList = 0;     // PyDict_MAXFREELIST (dicts and minimum-size keys)
    // MAINTAIN_TRACKING and _PyDict_MaybeUntrack: a new dict is untracked
    // until it may hold a cycle, and full collections untrack it again
    // (untrack_dicts); without them every dict is tracked from creation.
    bool maintainDictTracking = false;

    // Objects/setobject.c
    unsigned setBasic = 0;         // sizeof(PySetObject) with its 8-entry smalltable
    // A constant set display's frozenset is built again from the first
    // one's table order (merge_consts_recursive), which can change the order.
    bool constSetRebuilt = false;

    // Objects/unicodeobject.c, bytesobject.c, longobject.c
    unsigned asciiHeader = 0;      // sizeof(PyASCIIObject)
    unsigned bytesHeader = 0;      // offsetof(PyBytesObject, ob_sval) + 1
    unsigned longHeader = 0;       // offsetof(PyLongObject, ob_digit)
    bool longZeroHasDigit = false; // long___sizeof__ counts one digit for 0
    unsigned intFreeList = 0;      // Py_ints_MAXFREELIST: compact (one-digit) ints

    // Objects/rangeobject.c
    bool rangeLengthFromObjects = false; // compute_range_length works on int objects
    unsigned rangeIterBasic = 0;         // sizeof(_PyRangeIterObject)
    unsigned rangeFreeList = 0;          // Py_ranges_MAXFREELIST
    unsigned rangeIterFreeList = 0;      // Py_range_iters_MAXFREELIST

    // Objects/object.c
    bool noneHashConstant = false;  // none_hash is a constant, not None's address

    // Objects/funcobject.c, typeobject.c
    unsigned functionBasic = 0;    // sizeof(PyFunctionObject)
    unsigned heapTypeBasic = 0;    // sizeof(PyHeapTypeObject)

    // Calls into builtin types (Objects/call.c): vectorcall, or tp_call with
    // the arguments packed in a tuple.
    bool strVectorcall = false;          // str(x)
    bool constructorVectorcall = false;  // list(x), tuple(x), set(x), range(...)

    // What a class statement makes besides the type (docs/dev-notes/class-statements.md)
    unsigned memberDescrBasic = 0;   // sizeof(PyMemberDescrObject)
    unsigned weakrefBasic = 0;       // sizeof(PyWeakReference)
    unsigned superBasic = 0;         // sizeof(superobject)
    unsigned cfunctionBasic = 0;     // sizeof(PyCFunctionObject), a bound builtin method
    bool superArgTuple = false;      // super() is called through tp_call with a 2-tuple
    bool slotsPackFreedFirst = false;  // type_new drops the 1-tuple of a str __slots__
                                       // before PyList_AsTuple, so the copy reuses it
    unsigned cfunctionFreeList = 0;  // bound builtin methods' free list (PyCFunction_MAXFREELIST)
    bool classFirstLineno = false;   // the class body stores __firstlineno__
    bool classStaticAttributes = false;  // the class body stores __static_attributes__
    bool mroBeforeSlotMembers = false;   // PyType_Ready makes the MRO before the slots' members

    // Objects/frameobject.c: every code object run gets a heap frame, kept
    // afterwards as the code's zombie frame or on a free list; 0 where
    // frames live on the thread's data stack.
    unsigned frameBasic = 0;         // sizeof(PyFrameObject); the frame adds 8 bytes per extra
    unsigned frameFreeList = 0;      // PyFrame_MAXFREELIST

    // print(): what Python/bltinmodule.c and the io stack allocate
    bool printKwTuple = false;     // the argument parser's keyword tuple, made on first use
    bool printKwTupleOnKeywords = false;  // ... made by the first call that passes keywords
    bool printArgTuple = false;    // a tuple of the positional arguments per print (recycled)
    bool identifiersOnFirstUse = false;  // a _Py_IDENTIFIER's string is made on its first use

    // `s = s + t` / `s += t` on a str the name alone holds: how CPython comes
    // to resize it in place (PyUnicode_Append) rather than make a new one.
    enum class StrAppend : uint8_t {
        Concatenate,  // unicode_concatenate in BINARY_ADD/INPLACE_ADD, any frame
        AfterWarmup,  // BINARY_OP_INPLACE_ADD_UNICODE in functions once the code is quickened
        SecondRun     // the same, from the site's second execution
    };
    StrAppend strAppend = StrAppend::Concatenate;

    // The cyclic collector's algorithm (collector.h): generational up to
    // 3.13 and again from 3.14.5; 3.14.0-3.14.4 shipped an incremental one
    // (not modelled, so those versions are refused).
    enum class CollectorKind : uint8_t { Generational };
    CollectorKind collector = CollectorKind::Generational;
    int quickeningWarmup = 0;  // QUICKENING_WARMUP_DELAY (read under AfterWarmup)

    // Modules/gcmodule.c, Python/gc.c
    int threshold0 = 0, threshold1 = 0, threshold2 = 0;
    bool collectAtEvalBreaker = false;
    // _Py_RunGC does not look at gc.isenabled(), so a collection scheduled
    // before gc.disable() still runs at the next check.
    bool scheduledRunsWhenDisabled = false;
    // Objects the interpreter itself keeps in generation 2 after start-up
    // (len(gc.get_objects(2)) after gc.collect() in an empty script). They
    // count in long_lived_total, so they decide when the oldest generation's
    // 25% rule lets a full collection run. Measured on the project's machines.
    int64_t startupLongLived = 0;

    std::string name;
};

// The layout for a profile, from the rules for its version (Profile::version);
// nothing (with the reason) for versions the scenario model does not cover.
std::optional<Layout> layoutFor(const Profile& p, std::string* whyNot = nullptr);

// list_resize's new allocation for newsize items (newsize > allocated or
// newsize < allocated / 2).
uint64_t listOverallocate(const Layout& l, uint64_t newsize, uint64_t oldsize);

} // namespace arenascope::scenario
