// Per-version facts, read in each version's Objects/*.c and checked with
// sys.getsizeof under the pyenv interpreters (tests/test_scenario_sizes.cpp).
// They live in one table, each Layout field with its value per version range.
#include "model/scenario/layout.h"

#include <functional>
#include <initializer_list>
#include <vector>

namespace arenascope::scenario {
namespace {

// The versions the table covers; layoutFor refuses the others.
constexpr const char* kFirst = "3.8";
constexpr const char* kLast = "3.15";

// A field's value in the versions a range names (versionrange.h's syntax:
// "3.9", "3.9+", "3.8-3.10", "3.14.0-3.14.2").
template <class T>
struct In {
    const char* versions;
    T value;
};

// One Layout field and its value in each of its ranges. The ranges of a
// rule do not overlap, and together they hold every version from kFirst
// to kLast; layoutFor refuses a version a rule does not decide.
class Rule {
public:
    template <class T>
    Rule(T Layout::*field, std::initializer_list<In<T>> values) {
        for (const In<T>& v : values)
            choices_.push_back(
                {versionRange(v.versions), [field, x = v.value](Layout& l) { l.*field = x; }});
    }

    // Sets the field for `version`; false unless exactly one range holds it.
    bool apply(Layout& l, const PyVersion& version) const {
        const Choice* hit = nullptr;
        for (const Choice& c : choices_) {
            if (!c.versions.contains(version))
                continue;
            if (hit)
                return false;
            hit = &c;
        }
        if (!hit)
            return false;
        hit->set(l);
        return true;
    }

private:
    struct Choice {
        VersionRange versions;
        std::function<void(Layout&)> set;
    };
    std::vector<Choice> choices_;
};

using StrAppend = Layout::StrAppend;

// clang-format off
const std::vector<Rule>& rules() {
    static const std::vector<Rule> table = {
    {&Layout::gcHead, {{"3.8+", 16}}},  // sizeof(PyGC_Head): 3.7.4+ had 32

    // Objects/listobject.c
    {&Layout::listBasic, {{"3.8+", 40}}},
    // list_resize, 3.9+: (n + n/8 + 6) & ~3; 3.8: n + n/8 + (n < 9 ? 3 : 6)
    {&Layout::listResize39, {{"3.8", false}, {"3.9+", true}}},
    {&Layout::preallocRoundsEven, {{"3.8-3.9", false}, {"3.10+", true}}},  // list_preallocate_exact
    {&Layout::extendPreallocates, {{"3.8-3.9", false}, {"3.10+", true}}},  // by a list/tuple
    {&Layout::iterPreallocates, {{"3.8", false}, {"3.9+", true}}},         // by an iterator
    {&Layout::constDisplayExtends, {{"3.8", false}, {"3.9+", true}}},      // BUILD_LIST 0 + LIST_EXTEND
    {&Layout::listFreeList, {{"3.8+", 80}}},
    {&Layout::listExtendSet, {{"3.8-3.12", false}, {"3.13+", true}}},

    // Objects/tupleobject.c
    // 3.14 added the cached hash (Include/cpython/tupleobject.h ob_hash,
    // gh-131525): sys.getsizeof(()) is 48, (1,) 56.
    {&Layout::tupleBasic, {{"3.8-3.13", 24}, {"3.14+", 32}}},
    {&Layout::tupleSaveSize, {{"3.8+", 20}}},
    {&Layout::tupleFreeList, {{"3.8+", 2000}}},
    // 3.14.1 (gh-139951): Objects/tupleobject.c maybe_tracked, used by
    // PyTuple_Pack, _PyTuple_FromArray, _PyTuple_FromStackRefStealOnSuccess.
    {&Layout::tupleMaybeTracked, {{"3.8-3.13", false}, {"3.14.1+", true}}},

    // Objects/dictobject.c
    {&Layout::dictBasic, {{"3.8+", 48}}},
    {&Layout::keysHeader, {{"3.8-3.10", 40}, {"3.11+", 32}}},
    {&Layout::unicodeKeys, {{"3.8-3.10", false}, {"3.11+", true}}},
    // dict_new: new_keys_object(PyDict_MINSIZE) up to 3.9
    {&Layout::dictNewMakesKeys, {{"3.8-3.9", true}, {"3.10+", false}}},
    {&Layout::dictFreeList, {{"3.8+", 80}}},
    // gh-127010 (3.14.0a3): new_dict tracks every dict (3.14.7
    // Objects/dictobject.c:892); MAINTAIN_TRACKING and untrack_dicts are gone.
    {&Layout::maintainDictTracking, {{"3.8-3.13", true}, {"3.14+", false}}},

    // Objects/setobject.c
    {&Layout::setBasic, {{"3.8+", 200}}},
    // 3.9-3.13 build a constant display's frozenset in the compiler, then
    // merge_consts_recursive rebuilds it in the first one's table order.
    // 3.14 folds it in the CFG (Python/flowgraph.c:1641) and the frozenset
    // that runs is the first one (dis of 3.14.7: the order of
    // frozenset(display)). 3.8 makes no frozenset (not read there).
    {&Layout::constSetRebuilt, {{"3.8-3.13", true}, {"3.14+", false}}},

    // Objects/unicodeobject.c, bytesobject.c, longobject.c
    {&Layout::asciiHeader, {{"3.8-3.11", 48}, {"3.12+", 40}}},  // 3.12 removed wstr
    {&Layout::bytesHeader, {{"3.8+", 33}}},
    {&Layout::longHeader, {{"3.8+", 24}}},
    {&Layout::longZeroHasDigit, {{"3.8-3.10", false}, {"3.11+", true}}},
    // 3.14's new free lists (Include/internal/pycore_freelist_state.h):
    // ints (_PyLong_FromMedium, _PyLong_ExactDealloc), ranges and range
    // iterators (Objects/rangeobject.c).
    {&Layout::intFreeList, {{"3.8-3.13", 0}, {"3.14+", 100}}},

    // Objects/rangeobject.c: compute_range_length works on int objects up
    // to 3.11, in C longs from 3.12; _PyRangeIterObject is (index, start,
    // step, len) before 3.12 and (start, step, len) from 3.12 (measured
    // with recordings).
    {&Layout::rangeLengthFromObjects, {{"3.8-3.11", true}, {"3.12+", false}}},
    {&Layout::rangeIterBasic, {{"3.8-3.11", 48}, {"3.12+", 40}}},
    {&Layout::rangeFreeList, {{"3.8-3.13", 0}, {"3.14+", 6}}},
    {&Layout::rangeIterFreeList, {{"3.8-3.13", 0}, {"3.14+", 6}}},

    // Objects/object.c none_hash: a constant from 3.12; before, the address of None
    {&Layout::noneHashConstant, {{"3.8-3.11", false}, {"3.12+", true}}},

    // Objects/funcobject.c, typeobject.c: sys.getsizeof(f) - 16 and
    // sys.getsizeof(C) - 16 under each interpreter.
    // 3.14 added func_annotate (Include/cpython/funcobject.h).
    {&Layout::functionBasic, {{"3.8", 120}, {"3.9", 120}, {"3.10", 128},
                              {"3.11", 136}, {"3.12", 144}, {"3.13", 144}, {"3.14+", 152}}},
    {&Layout::heapTypeBasic, {{"3.8", 880}, {"3.9", 880}, {"3.10", 888},
                              {"3.11", 904}, {"3.12", 920}, {"3.13", 928},
                              {"3.14+", 936}}},

    // tp_call packs the arguments: str() until str got a vectorcall (3.13),
    // and the list, tuple, set and range constructors before 3.9's vectorcalls.
    {&Layout::strVectorcall, {{"3.8-3.12", false}, {"3.13+", true}}},
    {&Layout::constructorVectorcall, {{"3.8", false}, {"3.9+", true}}},

    // What a class statement makes besides the type (docs/dev-notes/class-statements.md)
    {&Layout::memberDescrBasic, {{"3.8+", 48}}},
    // sys.getsizeof(weakref.ref(C)) - 16: 56 before 3.11's vectorcall
    {&Layout::weakrefBasic, {{"3.8-3.10", 56}, {"3.11+", 64}}},
    {&Layout::superBasic, {{"3.8+", 40}}},
    {&Layout::cfunctionBasic, {{"3.8+", 56}}},
    {&Layout::superArgTuple, {{"3.8-3.10", true}, {"3.11+", false}}},
    {&Layout::slotsPackFreedFirst, {{"3.8-3.9", true}, {"3.10+", false}}},
    // 3.8's free list of 256; none in 3.9-3.13; 3.14's
    // Py_pycfunctionobject_MAXFREELIST (Objects/methodobject.c).
    {&Layout::cfunctionFreeList, {{"3.8", 256}, {"3.9-3.13", 0}, {"3.14+", 16}}},
    // 3.13's compiler stores __firstlineno__ and __static_attributes__ in the class body.
    {&Layout::classFirstLineno, {{"3.8-3.12", false}, {"3.13+", true}}},
    {&Layout::classStaticAttributes, {{"3.8-3.12", false}, {"3.13+", true}}},
    // PyType_Ready: 3.8 and 3.9 add the slots' member descriptors before the MRO.
    {&Layout::mroBeforeSlotMembers, {{"3.8-3.9", false}, {"3.10+", true}}},

    // Objects/frameobject.c: sys.getsizeof(sys._getframe()) - 16 - 8 * (extras - 1)
    // in 3.8-3.10; 0 from 3.11, where frames live on the thread's data stack.
    {&Layout::frameBasic, {{"3.8-3.9", 368}, {"3.10", 360}, {"3.11+", 0}}},
    {&Layout::frameFreeList, {{"3.8+", 200}}},

    // print(): what Python/bltinmodule.c and the io stack allocate. The
    // argument parser's keyword tuple: made on first use in 3.11; in 3.8-3.10
    // by the first call with keywords (_PyArg_ParseStackAndKeywords -> parser_init).
    {&Layout::printKwTuple, {{"3.8-3.10", false}, {"3.11", true}, {"3.12+", false}}},
    {&Layout::printKwTupleOnKeywords, {{"3.8-3.10", true}, {"3.11+", false}}},
    // 3.14's Argument Clinic passes *args as an array
    // (Python/clinic/bltinmodule.c.h builtin_print): no tuple.
    {&Layout::printArgTuple, {{"3.8-3.10", false}, {"3.11-3.13", true}, {"3.14+", false}}},
    // Up to 3.10 a _Py_IDENTIFIER's string is made on its first use.
    {&Layout::identifiersOnFirstUse, {{"3.8-3.10", true}, {"3.11+", false}}},

    // str += str in place: unicode_concatenate in 3.8-3.10; 3.11's
    // BINARY_OP_INPLACE_ADD_UNICODE once the code is quickened
    // (QUICKENING_WARMUP_DELAY); 3.12+ quickens at once and specializes a
    // site on its second run.
    {&Layout::strAppend, {{"3.8-3.10", StrAppend::Concatenate},
                          {"3.11", StrAppend::AfterWarmup},
                          {"3.12+", StrAppend::SecondRun}}},
    {&Layout::quickeningWarmup, {{"3.8+", 8}}},

    // Modules/gcmodule.c, Python/gc.c; 3.13's threshold0 is in
    // Include/internal/pycore_runtime_init.h.
    // 3.14.0-3.14.4's incremental collector has no row: refused. gh-142516
    // (3.14.5) restored the generational one (3.14.7 Python/gc.c).
    {&Layout::collector, {{"3.8-3.13", Layout::CollectorKind::Generational},
                          {"3.14.5+", Layout::CollectorKind::Generational}}},
    {&Layout::threshold0, {{"3.8-3.12", 700}, {"3.13+", 2000}}},
    {&Layout::threshold1, {{"3.8+", 10}}},
    {&Layout::threshold2, {{"3.8+", 10}}},
    // gh-97922: from 3.12 the allocation schedules, the eval loop collects.
    {&Layout::collectAtEvalBreaker, {{"3.8-3.11", false}, {"3.12+", true}}},
    // Measured: 3.12.1 collects, 3.13.0 does not.
    {&Layout::scheduledRunsWhenDisabled, {{"3.8-3.11", false}, {"3.12", true}, {"3.13+", false}}},
    {&Layout::startupLongLived, {{"3.8", 4483}, {"3.9", 4596}, {"3.10", 4719},
                                 {"3.11", 11092}, {"3.12", 4974}, {"3.13", 5065},
                                 // 3.14.7; 3.15 not measured, taken as 3.14's
                                 {"3.14+", 5339}}},
    };
    return table;
}
// clang-format on

std::optional<Layout> notCovered(std::string why, std::string* whyNot) {
    if (whyNot)
        *whyNot = std::move(why);
    return std::nullopt;
}

} // namespace

std::optional<Layout> layoutFor(const Profile& p, std::string* whyNot) {
    const VersionRange covered = versionRange(std::string(kFirst) + "-" + kLast);
    if (!covered.contains(p.version))
        return notCovered("scenarios model CPython " + std::string(kFirst) + " to " + kLast +
                              "; profile " + p.name +
                              " is not covered (its GC header and dict layout differ)",
                          whyNot);
    Layout l;
    l.name = p.name;
    const std::vector<Rule>& table = rules();
    for (size_t i = 0; i < table.size(); ++i)
        if (!table[i].apply(l, p.version))
            return notCovered("rule " + std::to_string(i + 1) + " of layout.cpp's table has " +
                                  "no single value for CPython " + toString(p.version) +
                                  " (a gap or an overlap in its version ranges)",
                              whyNot);
    return l;
}

uint64_t listOverallocate(const Layout& l, uint64_t newsize, uint64_t oldsize) {
    if (newsize == 0)
        return 0;
    if (!l.listResize39)  // 3.8 list_resize
        return newsize + (newsize >> 3) + (newsize < 9 ? 3 : 6);
    // 3.9+ list_resize: round to a multiple of 4, but do not overallocate
    // when the jump is bigger than the overallocation would be.
    uint64_t a = (newsize + (newsize >> 3) + 6) & ~uint64_t(3);
    if (newsize > oldsize && newsize - oldsize > a - newsize)
        a = (newsize + 3) & ~uint64_t(3);
    return a;
}

} // namespace arenascope::scenario
