// `s = s + t` and `s += t`: when CPython resizes the string in place
// (PyObject_Realloc) instead of making a new one and freeing the old. The
// expected patterns are what arenascope-cli record saw the real 3.10.13,
// 3.11.7 and 3.12.1 do with the same program (without --source-lines, whose
// trace function stops 3.11 from specializing).
#include "model/profile.h"
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
    for (const Step& step : r.steps())
        if (step.kind == StepKind::Statement && step.line == line)
            for (const AllocCall& c : step.calls)
                if (c.domain == Domain::Obj)
                    s += c.op == AllocOp::Free ? 'f' : c.op == AllocOp::Realloc ? 'r' : 'm';
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

} // namespace
} // namespace arenascope::scenario
