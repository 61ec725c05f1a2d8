// The allocator calls of single statements, as arenascope-cli record saw
// the real 3.8.18, 3.10.13, 3.11.7 and 3.12.1 make them (between marker
// allocations, without --source-lines, whose trace function stops 3.11
// from specializing): `s = s + t` and `s += t` growing a string in place or
// not, str(int)'s scratch PyLong, sys.getsizeof's bound __sizeof__.
#include "model/pymalloc/profile.h"
#include "model/scenario/scenariorun.h"

#include <gtest/gtest.h>

namespace arenascope::scenario {
namespace {

const char* const kProgram =
    "parts = ['a', 'b']\n"
    "s = ''.join(parts)\n"
    "for i in range(20):\n"
    "    s = s + 'xy'\n"
    "\n"
    "\n"
    "def f():\n"
    "    t = ''.join(parts)\n"
    "    for i in range(20):\n"
    "        t += 'xy'\n"
    "    return t\n"
    "\n"
    "\n"
    "u = f()\n"
    "w = f()\n";

// The object-domain calls made by the statements on `line`: m(alloc),
// f(ree), r(ealloc), in order.
std::string callsAt(const ScenarioRun& r, int line) {
    std::string s;
    for (size_t i = 0; i < r.stepCount(); ++i)
        if (r.steps()[i].kind == ProgramStepKind::Statement && r.steps()[i].line == line)
            for (const Event& c : r.calls(i))
                if (c.domain == Domain::Obj)
                    s += c.op == Op::Free ? 'f' : c.op == Op::Realloc ? 'r' : 'm';
    return s;
}

// The sizes of those calls (0 for a free), space-separated.
std::string sizesAt(const ScenarioRun& r, int line) {
    std::string s;
    for (size_t i = 0; i < r.stepCount(); ++i)
        if (r.steps()[i].kind == ProgramStepKind::Statement && r.steps()[i].line == line)
            for (const Event& c : r.calls(i))
                if (c.domain == Domain::Obj)
                    s += (s.empty() ? "" : " ") + std::to_string(c.op == Op::Free ? 0 : c.size);
    return s;
}

std::string times(int n, const std::string& s) {
    std::string r;
    for (int i = 0; i < n; ++i)
        r += s;
    return r;
}

ScenarioRun runUnder(const char* version) {
    ScenarioRun r = ScenarioRun::fromSource(kProgram, "append.py", *profileByName(version));
    EXPECT_FALSE(r.error()) << *r.error();
    return r;
}

TEST(StringAppend, Python310ResizesInPlaceEverywhere) {
    // unicode_concatenate: STORE_NAME at module level as well as STORE_FAST.
    const ScenarioRun r = runUnder("3.10");
    EXPECT_EQ(callsAt(r, 4), times(20, "r"));
    EXPECT_EQ(callsAt(r, 10), times(40, "r"));
}

TEST(StringAppend, Python311ResizesInPlaceOnceTheFunctionIsQuickened) {
    // Module level never (STORE_NAME); in f, from the iteration where the
    // code's warm-up (one RESUME, then a JUMP_BACKWARD per iteration)
    // reaches 8, and from the start of the second call.
    const ScenarioRun r = runUnder("3.11");
    EXPECT_EQ(callsAt(r, 4), times(20, "mf"));
    EXPECT_EQ(callsAt(r, 10), times(7, "mf") + times(13, "r") + times(20, "r"));
}

TEST(StringAppend, Python312ResizesInPlaceFromTheSecondRunOfTheSite) {
    const ScenarioRun r = runUnder("3.12");
    EXPECT_EQ(callsAt(r, 4), times(20, "mf"));
    EXPECT_EQ(callsAt(r, 10), "mf" + times(19, "r") + times(20, "r"));
}

TEST(StringAppend, AStringSomethingElseHoldsIsCopied) {
    // The list keeps a reference, so the count is not 1: a new string each time.
    const ScenarioRun r = ScenarioRun::fromSource(
        "keep = []\ns = ''.join(['a', 'b'])\nfor i in range(3):\n    keep.append(s)\n    s = s + 'xy'\nn = len(keep)\n", "held.py",
        *profileByName("3.10"));
    ASSERT_FALSE(r.error()) << *r.error();
    EXPECT_EQ(callsAt(r, 5), "mmm");
}

TEST(ScalarText, StrOfAnIntMakesAScratchLongFirst) {
    // str() takes its argument in a tuple up to 3.12 (a new one here, the
    // free list being empty), then long_to_decimal_string: a PyLong of
    // 1 + ndigits + ndigits/99 digits, the string, the scratch freed. The
    // second call reuses the tuple; the old string goes last.
    const ScenarioRun r = ScenarioRun::fromSource("s = str(7)\ns = str(123456789012)\n", "str.py", *profileByName("3.12"));
    ASSERT_FALSE(r.error()) << *r.error();
    EXPECT_EQ(callsAt(r, 1), "mmmf");
    EXPECT_EQ(sizesAt(r, 1), "48 32 42 0");
    EXPECT_EQ(sizesAt(r, 2), "36 53 0 0");
}

TEST(ScalarText, GetsizeofBindsSizeofAndPrintWritesThroughWrite) {
    // 3.12: getsizeof's argument tuple (METH_VARARGS; new the first time,
    // then from the free list), the bound method (72), its result when not a
    // small int, the method and result freed, then the answer. print(5)
    // fetches the stream's write for the value and again for the end.
    const ScenarioRun r = ScenarioRun::fromSource(
        "import sys\na = [1, 2]\nn = sys.getsizeof(a)\nn = sys.getsizeof('x' * 300)\nprint(5)\n", "size.py",
        *profileByName("3.12"));
    ASSERT_FALSE(r.error()) << *r.error();
    EXPECT_EQ(sizesAt(r, 3), "48 72 0");
    EXPECT_EQ(sizesAt(r, 4), "72 28 0 0 28");
    EXPECT_EQ(sizesAt(r, 5), "72 32 42 0 0 0 72 0");
    // 3.8 keeps bound builtin methods on a free list: no block for them.
    const ScenarioRun old = ScenarioRun::fromSource("import sys\nn = sys.getsizeof('x' * 300)\n", "size.py",
                                                    *profileByName("3.8"));
    ASSERT_FALSE(old.error()) << *old.error();
    // Its first use also makes the "__sizeof__" identifier (59, dropped for
    // the interned one); the method is made, then waits on the free list.
    EXPECT_EQ(sizesAt(old, 2), "48 59 0 72 28 0 28");
}

TEST(ScalarText, PrintingAListWritesItsItemsThroughAUnicodeWriter) {
    // 3.12, print([1, (2, 3), None]) as recorded, but for the thread state's
    // dict and Py_Repr list, which the recorded process had from its
    // start-up, and TextIOWrapper's encoding of the text:
    //   write method; Py_ReprEnter (thread dict, Py_Repr list, its keys);
    //   the list's writer (min_length 9: 50 bytes);
    //   repr(1) (scratch, '1', both freed); the tuple's writer (47) with 2
    //   and 3; the list's writer grows for "(2, 3)" (53); 'None' (45) grows
    //   it again (61); Finish trims the text to 17 characters (58); the
    //   text and the write method go, then the end's write method.
    const ScenarioRun r =
        ScenarioRun::fromSource("print([])\na = [1, (2, 3), None]\nprint(a)\n", "print.py", *profileByName("3.12"));
    ASSERT_FALSE(r.error()) << *r.error();
    // (The object domain only: the Py_Repr list's item array is PyMem.)
    EXPECT_EQ(callsAt(r, 3), "mmmmmmmffmmmffmmffrfmrfrffmf");
    EXPECT_EQ(sizesAt(r, 3), "72 64 56 120 50 32 42 0 0 47 32 42 0 0 32 42 0 0 53 0 45 61 0 58 0 0 72 0");
}

} // namespace
} // namespace arenascope::scenario
