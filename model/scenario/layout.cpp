// Per-version facts, read in each version's Objects/*.c and checked with
// sys.getsizeof under the pyenv interpreters (tests/test_scenario_sizes.cpp).
#include "model/scenario/layout.h"

namespace arenascope::scenario {

std::optional<Layout> layoutFor(const Profile& p, std::string* whyNot) {
    if (p.major != 3 || p.minor < 8 || p.minor > 13) {
        if (whyNot)
            *whyNot = "scenarios model CPython 3.8 to 3.13; profile " + p.name +
                      " is not covered (its GC header and dict layout differ)";
        return std::nullopt;
    }
    Layout l;
    l.minor = p.minor;
    l.name = p.name;
    l.listResize39 = p.minor >= 9;
    l.iterPreallocates = p.minor >= 9;
    l.constDisplayExtends = p.minor >= 9;
    l.preallocRoundsEven = p.minor >= 10;
    l.listExtendSet = p.minor >= 13;
    l.extendPreallocates = p.minor >= 10;
    l.keysHeader = p.minor >= 11 ? 32 : 40;
    l.unicodeKeys = p.minor >= 11;
    l.dictNewMakesKeys = p.minor <= 9;  // dict_new: new_keys_object(PyDict_MINSIZE)
    l.asciiHeader = p.minor >= 12 ? 40 : 48;
    // sys.getsizeof(f) - 16 and sys.getsizeof(C) - 16 under each interpreter.
    const unsigned fn[] = {136, 136, 144, 152, 160, 160};
    const unsigned ty[] = {880, 880, 888, 904, 920, 928};
    l.functionBasic = fn[p.minor - 8] - l.gcHead;
    l.heapTypeBasic = ty[p.minor - 8];
    l.weakrefBasic = p.minor >= 11 ? 64 : 56;  // sys.getsizeof(weakref.ref(C)) - 16
    l.superArgTuple = p.minor <= 10;
    l.slotsPackFreedFirst = p.minor <= 9;
    l.cfunctionFreeList = p.minor == 8;
    // sys.getsizeof(sys._getframe()) - 16 - 8 * (extras - 1) in 3.8-3.10
    l.frameBasic = p.minor <= 9 ? 368 : p.minor == 10 ? 360 : 0;
    l.strAppend = p.minor <= 10   ? Layout::StrAppend::Concatenate
                  : p.minor == 11 ? Layout::StrAppend::AfterWarmup
                                  : Layout::StrAppend::SecondRun;
    l.printKwTuple = p.minor == 11;
    l.printKwTupleOnKeywords = p.minor <= 10;  // _PyArg_ParseStackAndKeywords -> parser_init
    l.printArgTuple = p.minor >= 11;
    l.threshold0 = p.gcThreshold0;
    l.threshold1 = p.gcThreshold1;
    l.threshold2 = p.gcThreshold2;
    l.collectAtEvalBreaker = p.minor >= 12;  // gh-97922
    l.scheduledRunsWhenDisabled = p.minor == 12;  // measured: 3.12.1 collects, 3.13.0 does not
    const int64_t startup[] = {4483, 4596, 4719, 11092, 4974, 5065};
    l.startupLongLived = startup[p.minor - 8];
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
