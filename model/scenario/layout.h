// Object sizes and per-version rules of the CPython a profile models: the
// struct sizes behind sys.getsizeof, list over-allocation, dict keys
// tables, free lists, and what print() allocates inside the interpreter.
#pragma once

#include "model/pymalloc/profile.h"

#include <cstdint>
#include <optional>
#include <string>

namespace arenascope::scenario {

struct Layout {
    int minor = 11;
    unsigned gcHead = 16;  // sizeof(PyGC_Head) (3.8+; 3.7.4+ was 32)

    // Objects/listobject.c
    unsigned listBasic = 40;       // sizeof(PyListObject)
    bool listResize39 = true;      // 3.9+: (n + n/8 + 6) & ~3; before: n + n/8 + (n < 9 ? 3 : 6)
    bool preallocRoundsEven = true;  // 3.10+: list_preallocate_exact rounds up to an even count
    bool extendPreallocates = true;  // 3.10+: extend of an empty list by a list/tuple preallocates
    bool iterPreallocates = true;    // 3.9+: extend of an empty list by an iterator preallocates
    bool constDisplayExtends = true; // 3.9+: [c1, c2, c3, ...] (>2 constants) is BUILD_LIST 0 + LIST_EXTEND
    unsigned listFreeList = 80;    // PyList_MAXFREELIST

    bool listExtendSet = false;    // 3.13: list_extend copies a set's table directly (no iterator)

    // Objects/tupleobject.c
    unsigned tupleBasic = 24;      // sizeof(PyTupleObject) - sizeof(PyObject *)
    unsigned tupleSaveSize = 20;   // PyTuple_MAXSAVESIZE: lengths 1..19 are kept
    unsigned tupleFreeList = 2000; // PyTuple_MAXFREELIST

    // Objects/dictobject.c
    unsigned dictBasic = 48;       // sizeof(PyDictObject)
    unsigned keysHeader = 32;      // sizeof(PyDictKeysObject): 40 up to 3.10
    bool unicodeKeys = true;       // 3.11+: str-only tables have 16-byte entries
    bool dictNewMakesKeys = false; // up to 3.9, dict() makes a minimum-size keys object at once
    unsigned dictFreeList = 80;    // PyDict_MAXFREELIST (dicts and minimum-size keys)

    // Objects/setobject.c
    unsigned setBasic = 200;       // sizeof(PySetObject) with its 8-entry smalltable

    // Objects/unicodeobject.c, bytesobject.c, longobject.c
    unsigned asciiHeader = 48;     // sizeof(PyASCIIObject): 40 from 3.12 (wstr removed)
    unsigned bytesHeader = 33;     // offsetof(PyBytesObject, ob_sval) + 1
    unsigned longHeader = 24;      // offsetof(PyLongObject, ob_digit)

    // Objects/funcobject.c, typeobject.c
    unsigned functionBasic = 136;  // sizeof(PyFunctionObject)
    unsigned heapTypeBasic = 880;  // sizeof(PyHeapTypeObject)

    // What a class statement makes besides the type (docs/dev-notes/class-statements.md)
    unsigned memberDescrBasic = 48;  // sizeof(PyMemberDescrObject)
    unsigned weakrefBasic = 64;      // sizeof(PyWeakReference): 56 before 3.11's vectorcall
    unsigned superBasic = 40;        // sizeof(superobject)
    unsigned cfunctionBasic = 56;    // sizeof(PyCFunctionObject), a bound builtin method
    bool superArgTuple = false;      // up to 3.10 super() is called through tp_call with a 2-tuple
    bool slotsPackFreedFirst = false;  // up to 3.9 type_new drops the 1-tuple of a str __slots__
                                       // before PyList_AsTuple, so the copy reuses it
    bool cfunctionFreeList = false;  // 3.8: bound builtin methods have a free list (256)

    // Objects/frameobject.c up to 3.10: every code object run gets a heap
    // frame, kept afterwards as the code's zombie frame or on a free list.
    // 0 from 3.11, where frames live on the thread's data stack.
    unsigned frameBasic = 0;         // sizeof(PyFrameObject); the frame adds 8 bytes per extra
    unsigned frameFreeList = 200;    // PyFrame_MAXFREELIST

    // print(): what Python/bltinmodule.c and the io stack allocate
    bool printKwTuple = false;     // 3.11: the argument parser's keyword tuple, made on first use
    bool printKwTupleOnKeywords = false;  // 3.8-3.10: made by the first call that passes keywords
    bool printArgTuple = false;    // 3.11+: a tuple of the positional arguments per print (recycled)

    // `s = s + t` / `s += t` on a str the name alone holds: how CPython comes
    // to resize it in place (PyUnicode_Append) rather than make a new one.
    enum class StrAppend : uint8_t {
        Concatenate,  // 3.8-3.10: unicode_concatenate in BINARY_ADD/INPLACE_ADD, any frame
        AfterWarmup,  // 3.11: BINARY_OP_INPLACE_ADD_UNICODE in functions once the code is quickened
        SecondRun     // 3.12+: the same, from the site's second execution
    };
    StrAppend strAppend = StrAppend::AfterWarmup;
    int quickeningWarmup = 8;  // 3.11: QUICKENING_WARMUP_DELAY

    // Modules/gcmodule.c, Python/gc.c
    int threshold0 = 700, threshold1 = 10, threshold2 = 10;
    bool collectAtEvalBreaker = false;
    // 3.12: _Py_RunGC does not look at gc.isenabled(), so a collection
    // scheduled before gc.disable() still runs at the next check (3.13 looks).
    bool scheduledRunsWhenDisabled = false;
    // Objects the interpreter itself keeps in generation 2 after start-up
    // (len(gc.get_objects(2)) after gc.collect() in an empty script). They
    // count in long_lived_total, so they decide when the oldest generation's
    // 25% rule lets a full collection run. Measured on the project's machines.
    int64_t startupLongLived = 4700;  // 3.12+: the allocation schedules; the eval loop collects

    std::string name;
};

// The layout for a profile; nothing (with the reason) for versions the
// scenario model does not cover.
std::optional<Layout> layoutFor(const Profile& p, std::string* whyNot = nullptr);

// list_resize's new allocation for newsize items (newsize > allocated or
// newsize < allocated / 2).
uint64_t listOverallocate(const Layout& l, uint64_t newsize, uint64_t oldsize);

} // namespace arenascope::scenario
