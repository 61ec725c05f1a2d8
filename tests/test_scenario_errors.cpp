// Scenario errors: syntax errors and constructs outside the subset name the
// file and line (InputError, exit code 2 from the command line).
#include "model/pymalloc/inputerror.h"
#include "model/pymalloc/profile.h"
#include "model/scenario/scenariorun.h"
#include "testsupport.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>

namespace arenascope::scenario {
namespace {

void expectError(const std::string& src, uint64_t line, const std::string& message) {
    SCOPED_TRACE(src);
    try {
        ScenarioRun::fromSource(src, "bad.py", *profileByName("3.11"));
        ADD_FAILURE() << "no error";
    } catch (const InputError& e) {
        EXPECT_EQ(e.file(), "bad.py");
        EXPECT_EQ(e.line(), line);
        EXPECT_EQ(e.message(), message);
    }
}

TEST(ScenarioErrors, SyntaxErrors) {
    expectError("x = [1, 2\ny = 3\n", 1, "SyntaxError: '[' was never closed");
    expectError("x = 1\ny = = 2\n", 2, "SyntaxError: invalid syntax");
    expectError("x = 1\n  y = 2\n", 2, "IndentationError: unexpected indent");
    expectError("def f():\nx = 1\n", 2, "IndentationError: expected an indented block");
    expectError("s = 'abc\n", 1, "SyntaxError: unterminated string literal");
    expectError("x = 1)\n", 1, "SyntaxError: unmatched ')'");
    expectError("f() = 3\n", 1, "SyntaxError: cannot assign to function call");
}

TEST(ScenarioErrors, OutsideTheSubset) {
    expectError("x = 1\nif x:\n    pass\n", 2, "'if' statements are not supported in scenarios");
    expectError("x = 1.5\n", 1, "floating-point and complex numbers are not supported in scenarios");
    expectError("import os\n", 1, "import of 'os' is not supported in scenarios (only gc and sys)");
    expectError("x = [i for i in range(3)]\n", 1, "comprehensions and generator expressions are not supported in scenarios");
    expectError("class C:\n    pass\n", 1, "classes without __slots__ are not supported in scenarios");
    expectError("class C:\n    'doc'\n    __slots__ = ('x', '__dict__')\n", 3,
                "__slots__ entries like '__dict__' are not supported in scenarios");
    expectError("class C:\n    __slots__ = ()\n    x = 1\n", 3,
                "class bodies other than __slots__ = (...) are not supported in scenarios");
    expectError("x = 1 < 2\n", 1, "comparisons are not supported in scenarios");
    expectError("for x in [1, 2]:\n    pass\n", 1, "'for' loops over anything but range(...) are not supported in scenarios");
}

TEST(ScenarioErrors, RuntimeErrorsStopTheRunWithTheLine) {
    const ScenarioRun r = ScenarioRun::fromSource("print(1)\nx = y\nprint(2)\n", "bad.py", *profileByName("3.11"));
    ASSERT_TRUE(r.error());
    EXPECT_EQ(*r.error(), "bad.py:2: NameError: name 'y' is not defined");
    EXPECT_EQ(r.errorLine(), 2);
    EXPECT_EQ(r.output(), "1\n");  // what ran before the error stays
    const ScenarioRun s = ScenarioRun::fromSource("class C:\n    __slots__ = ()\nprint(C())\n", "bad.py",
                                                  *profileByName("3.11"));
    ASSERT_TRUE(s.error());
    EXPECT_EQ(*s.error(), "bad.py:3: printing a C instance (its repr shows a memory address) is not supported in scenarios");
    // A set of strings prints in an order the process's hash seed decides;
    // one of ints prints (tests/data/scenarios/sets.py), and so does None's from 3.12.
    const ScenarioRun t = ScenarioRun::fromSource("print({'a', 'b'})\n", "bad.py", *profileByName("3.11"));
    ASSERT_TRUE(t.error());
    EXPECT_EQ(*t.error(), "bad.py:1: printing a set of strings or bytes (their hashes, and so the order, change from "
                          "run to run) is not supported in scenarios");
    EXPECT_TRUE(ScenarioRun::fromSource("print({None, 1})\n", "n.py", *profileByName("3.11")).error());
    const ScenarioRun none = ScenarioRun::fromSource("print({None, 1, 2})\n", "n.py", *profileByName("3.12"));
    EXPECT_FALSE(none.error());
    EXPECT_EQ(none.output(), "{None, 1, 2}\n");  // as python3.12 prints it
}

TEST(ScenarioErrors, ProfilesWithoutAScenarioModel) {
    try {
        ScenarioRun::fromSource("x = 1\n", "a.py", *profileByName("3.7"));
        ADD_FAILURE() << "no error";
    } catch (const InputError& e) {
        EXPECT_NE(e.message().find("scenarios model CPython 3.8 to 3.15"), std::string::npos) << e.message();
    }
}

TEST(ScenarioErrors, CommandLineExitCodeAndMessage) {
    const std::string path = testing::TempDir() + "scenario_bad.py";
    std::ofstream(path) << "import gc\nprint(gc.collect())\nwhile True:\n    pass\n";
    int status = -1;
    const std::string out = test::commandOutput(std::string(ARENASCOPE_CLI) + " run --model " + path + " 2>&1", &status);
    EXPECT_EQ(WEXITSTATUS(status), 2);
    EXPECT_EQ(out, "arenascope-cli: " + path + ":3: 'while' loops are not supported in scenarios\n");
}

TEST(ScenarioNotes, CountsReadBeforeTheFirstCollectionAreFlagged) {
    // The model starts without the interpreter's start-up objects: a count
    // read (or an automatic collection) before the first gc.collect() is
    // noted once, with its line; after gc.collect() nothing is.
    const Profile p = *profileByName("3.11");
    const ScenarioRun early = ScenarioRun::fromSource(
        "import gc\nprint(gc.get_count())\nx = gc.get_count()\ngc.collect(0)\nprint(gc.get_count())\n", "early.py", p);
    ASSERT_EQ(early.notes().size(), 1u);
    EXPECT_EQ(early.notes()[0].line, 2);
    EXPECT_EQ(early.notes()[0].kind, NoteKind::CountBeforeFirstCollection);
    const ScenarioRun automatic =
        ScenarioRun::fromSource("import gc\nkeep = []\nfor i in range(800):\n    keep.append([])\n", "auto.py", p);
    ASSERT_EQ(automatic.notes().size(), 1u);
    EXPECT_EQ(automatic.noteMessage(automatic.notes()[0]).rfind("auto.py:4: generation 0 passed its threshold", 0), 0u);
    const ScenarioRun late = ScenarioRun::fromSource(
        "import gc\ngc.collect()\nkeep = []\nfor i in range(800):\n    keep.append([])\nprint(gc.get_count())\n", "late.py", p);
    EXPECT_TRUE(late.notes().empty());
}

TEST(ScenarioNotes, TheCommandLinePrintsThemOnStandardError) {
    const std::string path = testing::TempDir() + "scenario_note.py";
    std::ofstream(path) << "import gc\nprint(gc.get_count())\n";
    int status = -1;
    const std::string err = test::commandOutput(std::string(ARENASCOPE_CLI) + " run --model " + path + " 2>&1 >/dev/null", &status);
    EXPECT_EQ(WEXITSTATUS(status), 0);
    EXPECT_EQ(err, "arenascope-cli: note: " + path +
                       ":2: gc.get_count() before the scenario's first gc.collect(): python3 also counts the objects "
                       "its start-up made (a few hundred, depending on the installation), so it prints other numbers; "
                       "call gc.collect() first to compare\n");
}

} // namespace
} // namespace arenascope::scenario
