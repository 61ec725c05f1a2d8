// Stepped recordings (issue 13; docs/trace-format.md, "Steps"): handwritten
// recordings open through the door with their steps, states and output
// exactly as written, and every malformed program line is refused by name.
#include "model/program/steprecording.h"
#include "model/session/cursor.h"
#include "model/session/input.h"
#include "model/trace/tracereader.h"
#include "testsupport.h"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

namespace arenascope {
namespace {

using test::caught;
using test::TempFile;

// A small program, recorded by hand as the recorder would: the script's text,
// three steps (line 3, then line 2 inside f, then line 4) and what followed.
// Addresses: a 3.11 arena at a 1 MiB boundary; objects sit 16 bytes (the
// collector's header) into their blocks, the int (not tracked) at its block.
const std::vector<std::string> kProgram = {
    "pymalloc-trace 1",                                    // 1
    "# python 3.11.7 (main) [GCC]",                        // 2
    "file 1 /home/ana/prog.py",                            // 3
    "source 1 def f(x):",                                  // 4
    "source 2     return [x]",                             // 5
    "source 3 a = f(1000)",                                // 6
    "source 4 print(\"a\\\\nb\")",                         // 7: print("a\nb")
    "arena_alloc 0x7f0000000000 1048576",                  // 8: event 0
    "malloc obj 56 0x7f0000000030",                        // 9: f
    "malloc obj 28 0x7f0000004030",                        // 10: 1000
    "step 1 3",                                            // 11: after 3 events
    "frame <module> 3",                                    // 12
    "name 0 f 0x7f0000000040",                             // 13
    "obj 0x7f0000000040 0x7f0000000030 function 152 2 0",  // 14: no VALUE
    "step 1 2",                                            // 15: same event
    "frame <module> 3",                                    // 16
    "frame f 2",                                           // 17
    "name 0 f 0x7f0000000040",                             // 18
    "name 1 x 0x7f0000004030",                             // 19
    "obj 0x7f0000000040 0x7f0000000030 function 152 2 0",  // 20
    "obj 0x7f0000004030 0x7f0000004030 int 28 3 - 1000",   // 21
    "malloc obj 56 0x7f0000000070",                        // 22: event 3, the list
    "out 1 start\\n",                                      // 23
    "gc_start 0",                                          // 24
    "gc_stop 0 0 0",                                       // 25
    "step 1 4",                                            // 26: after 4 events
    "frame <module> 4",                                    // 27
    "name 0 f 0x7f0000000040",                             // 28
    "name 0 a 0x7f0000000080",                             // 29
    "obj 0x7f0000000040 0x7f0000000030 function 152 2 0",  // 30
    "ref 0x7f0000000040 0x7f0000009990 __globals__",       // 31: left out
    "obj 0x7f0000000080 0x7f0000000070 list 64 1 0 len 1", // 32
    "ref 0x7f0000000080 0x7f0000004030 [0]",               // 33
    "obj 0x7f0000004030 0x7f0000004030 int 28 2 - 1000",   // 34
    "cut 1",                                               // 35
    "malloc mem 24 0x7f0000004050",                        // 36: event 4
    "out 1 a\\nb\\n",                                      // 37
    "out 2 x\\\\y\\x1b\\t",                                // 38
    "free obj 0x7f0000000070",                             // 39: event 5
};

std::string joined(const std::vector<std::string>& lines) {
    std::string s;
    for (const std::string& l : lines)
        s += l + "\n";
    return s;
}

using Locals = std::vector<std::pair<std::string, ObjId>>;

// ------------------------------------------------------------ a valid recording

TEST(StepRecording, OpensWithItsStepsThroughTheDoor) {
    const TempFile file(".trace", joined(kProgram));
    const auto in = openInput(file.path());
    ASSERT_TRUE(in->hasProgram());
    EXPECT_EQ(in->trace->mismatchCount, 0u);
    EXPECT_EQ(in->trace->store->size(), 6u);
    const ProgramSteps& p = *in->program;

    EXPECT_EQ(p.sourceLines(), (std::vector<std::string>{"def f(x):", "    return [x]",
                                                         "a = f(1000)", "print(\"a\\nb\")"}));
    ASSERT_EQ(p.stepCount(), 4u); // three records and the end
    EXPECT_EQ(in->stepCount(), 4u);
    const std::vector<ProgramStep>& s = p.steps();
    EXPECT_EQ(s[0].kind, ProgramStepKind::Statement);
    EXPECT_EQ(s[0].line, 3);
    EXPECT_EQ(s[0].text, "a = f(1000)");
    EXPECT_EQ(s[1].line, 2);
    EXPECT_EQ(s[1].text, "return [x]");
    EXPECT_EQ(s[2].line, 4);
    EXPECT_EQ(s[2].text, "print(\"a\\nb\")");
    EXPECT_EQ(s[3].kind, ProgramStepKind::End);
    EXPECT_EQ(s[3].line, 4);
    EXPECT_EQ(s[3].text, "(end of the program)");
    const std::vector<uint64_t> ends = {0, 3, 3, 4, 6};
    for (size_t k = 0; k < ends.size(); ++k) {
        EXPECT_EQ(p.eventEnd(k), ends[k]) << k;
        EXPECT_EQ(in->eventStep(k), ends[k]) << k;
    }
    EXPECT_FALSE(p.stoppedByError());
    EXPECT_EQ(p.output(), "start\na\nb\nx\\y\x1b\t");

    // Before the first step: nothing.
    const ProgramState s0 = p.stateAt(0);
    EXPECT_TRUE(s0.frames.empty());
    EXPECT_TRUE(s0.objects.empty());
    EXPECT_EQ(s0.output, "");

    // Line 3 about to run: the module's frame, f.
    const ProgramState s1 = p.stateAt(1);
    ASSERT_EQ(s1.frames.size(), 1u);
    EXPECT_EQ(s1.frames[0].function, "<module>");
    EXPECT_EQ(s1.frames[0].line, 3);
    EXPECT_EQ(s1.frames[0].locals, (Locals{{"f", 1}}));
    ASSERT_EQ(s1.objects.size(), 1u);
    const ObjectState& fn = s1.objects[0];
    EXPECT_EQ(fn.id, 1u);
    EXPECT_EQ(fn.type, "function");
    EXPECT_EQ(fn.label, "");
    EXPECT_EQ(fn.address, 0x7f0000000030u);
    EXPECT_EQ(fn.size, 152u);
    EXPECT_EQ(fn.refcnt, 2);
    EXPECT_TRUE(fn.gcTracked);
    EXPECT_EQ(fn.generation, 0);
    EXPECT_FALSE(fn.isStatic);
    EXPECT_TRUE(fn.refs.empty());
    EXPECT_EQ(s1.objectsLeftOut, 0u);
    EXPECT_EQ(s1.output, "");

    // Inside f: its frame with x.
    const ProgramState s2 = p.stateAt(2);
    ASSERT_EQ(s2.frames.size(), 2u);
    EXPECT_EQ(s2.frames[0].line, 3);
    EXPECT_EQ(s2.frames[0].locals, (Locals{{"f", 1}}));
    EXPECT_EQ(s2.frames[1].function, "f");
    EXPECT_EQ(s2.frames[1].line, 2);
    EXPECT_EQ(s2.frames[1].locals, (Locals{{"x", 2}}));
    ASSERT_EQ(s2.objects.size(), 2u);
    const ObjectState& x = s2.objects[1];
    EXPECT_EQ(x.id, 2u);
    EXPECT_EQ(x.type, "int");
    EXPECT_EQ(x.label, "1000");
    EXPECT_EQ(x.address, 0x7f0000004030u);
    EXPECT_EQ(x.refcnt, 3);
    EXPECT_FALSE(x.gcTracked);
    EXPECT_EQ(x.generation, -1);

    // Line 4 about to run: a is a list referring to the int; f's globals
    // were left out, and so the function says one reference is missing.
    const ProgramState s3 = p.stateAt(3);
    ASSERT_EQ(s3.frames.size(), 1u);
    EXPECT_EQ(s3.frames[0].line, 4);
    EXPECT_EQ(s3.frames[0].locals, (Locals{{"f", 1}, {"a", 3}}));
    ASSERT_EQ(s3.objects.size(), 3u);
    EXPECT_EQ(s3.objects[0].id, 1u);
    EXPECT_TRUE(s3.objects[0].refs.empty());
    EXPECT_EQ(s3.objects[0].refsOmitted, 1u);
    EXPECT_EQ(s3.objects[1].id, 2u);
    EXPECT_EQ(s3.objects[1].refcnt, 2);
    const ObjectState& list = s3.objects[2];
    EXPECT_EQ(list.id, 3u);
    EXPECT_EQ(list.type, "list");
    EXPECT_EQ(list.label, "len 1");
    EXPECT_EQ(list.address, 0x7f0000000070u);
    EXPECT_EQ(list.size, 64u);
    ASSERT_EQ(list.refs.size(), 1u);
    EXPECT_EQ(list.refs[0], (Reference{"[0]", 2}));
    EXPECT_EQ(list.refsOmitted, 0u);
    EXPECT_EQ(s3.objectsLeftOut, 1u);
    EXPECT_EQ(s3.output, "start\n");

    // The end: the program's frames and objects are gone, the output all there.
    const ProgramState s4 = p.stateAt(4);
    EXPECT_TRUE(s4.frames.empty());
    EXPECT_TRUE(s4.objects.empty());
    EXPECT_EQ(s4.output, "start\na\nb\nx\\y\x1b\t");
}

TEST(StepRecording, ProgramLinesCountAsLinesOfTheStore) {
    const TempFile file(".trace", joined(kProgram));
    const auto in = openInput(file.path());
    const TraceStore& store = *in->trace->store;
    const std::vector<uint64_t> lines = {8, 9, 10, 22, 36, 39};
    for (size_t i = 0; i < lines.size(); ++i)
        EXPECT_EQ(store.lineOf(i), lines[i]) << i;
    ASSERT_EQ(store.gcRuns().size(), 1u);
    EXPECT_EQ(store.gcRuns()[0].startStep, 4u);
}

TEST(StepRecording, TheCursorMovesHeapAndStepTogether) {
    const TempFile file(".trace", joined(kProgram));
    Cursor c(openInput(file.path()));
    c.seekStep(3);
    EXPECT_EQ(c.step(), 4u);
    EXPECT_EQ(c.programStep(), 3u);
    EXPECT_EQ(c.programState().objects.size(), 3u);
    c.seek(5); // inside the end's events
    EXPECT_EQ(c.programStep(), 4u);
}

TEST(StepRecording, VerifyAndStatsReadItAsATrace) {
    const TempFile file(".trace", joined(kProgram));
    VerifyOptions o;
    const VerifyResult all = verifyInput(file.path(), o);
    EXPECT_EQ(all.events, 6u);
    EXPECT_EQ(all.mismatches, 0u);
    o.stopAfter = 4; // events, for any recording
    EXPECT_EQ(verifyInput(file.path(), o).events, 4u);
}

TEST(StepRecording, TheReaderHandsProgramLinesOnFromTheirKeyword) {
    struct Sink : TraceSink {
        std::vector<std::string> program;
        void onEvent(const Event&, uint64_t) override {}
        void onAnnotation(uint64_t line, const Annotation& a, std::string_view text) override {
            if (a.kind == AnnotationKind::Program)
                program.push_back(std::to_string(line) + " " + std::string(text));
        }
    } sink;
    readTraceText("pymalloc-trace 1\nsource 1   x = 1\n  step 1 1\nout 1 \ncut 2\n", "t.trace",
                  sink);
    EXPECT_EQ(sink.program, (std::vector<std::string>{"2 source 1   x = 1", "3 step 1 1",
                                                      "4 out 1 ", "5 cut 2"}));
}

TEST(StepRecording, KeywordsAreStillCaseSensitive) {
    struct Sink : TraceSink {
        void onEvent(const Event&, uint64_t) override {}
    } sink;
    const InputError e =
        caught([&] { readTraceText("pymalloc-trace 1\nStep 1 1\n", "t.trace", sink); });
    EXPECT_INPUT_ERROR(
        e, "t.trace", 2,
        "unknown event 'Step': expected malloc, calloc, realloc, free, arena_alloc or arena_free");
}

TEST(StepRecording, SourceTextKeepsItsIndentationAndStepsInOtherFilesNameThem) {
    const TempFile file(".trace", joined({
                                      "pymalloc-trace 1",
                                      "# python 3.11.7 (main) [GCC]",
                                      "file 1 /home/ana/main.py",
                                      "file 2 /home/ana/we\\ird/helper.py", // not escaped
                                      "source 1 import helper",
                                      "source 2 \\tif True:  ",
                                      "source 3",
                                      "step 1 1",
                                      "step 2 7",
                                      "step 1 2",
                                      "step 1 3",
                                  }));
    const auto in = openInput(file.path());
    ASSERT_TRUE(in->hasProgram());
    const ProgramSteps& p = *in->program;
    EXPECT_EQ(p.sourceLines(), (std::vector<std::string>{"import helper", "\tif True:  ", ""}));
    ASSERT_EQ(p.stepCount(), 4u); // nothing follows the last record: no end step
    EXPECT_EQ(p.steps()[0].text, "import helper");
    EXPECT_EQ(p.steps()[1].line, 0);
    EXPECT_EQ(p.steps()[1].text, "helper.py, line 7");
    EXPECT_EQ(p.steps()[2].line, 2);
    EXPECT_EQ(p.steps()[2].text, "if True:");
    EXPECT_EQ(p.steps()[3].text, "");
    EXPECT_EQ(p.eventEnd(4), 0u);
}

TEST(StepRecording, PlainTraceHasNoProgram) {
    const TempFile file(
        ".trace", joined({"pymalloc-trace 1", "# python 3.11.7 (main) [GCC]",
                          "arena_alloc 0x7f0000000000 1048576", "malloc obj 56 0x7f0000000030",
                          "source 1 x = 1", "out 1 hello\\n"}));
    const auto in = openInput(file.path());
    EXPECT_FALSE(in->hasProgram());
    EXPECT_EQ(in->program, nullptr);
    EXPECT_EQ(in->stepCount(), 2u);
    EXPECT_EQ(in->eventStep(1), 1u);
}

TEST(StepRecording, ParserAloneBuildsTheSameSteps) {
    // Fed by hand, as LoadOptions::programLine would feed it.
    StepRecording r("r.trace");
    r.line(3, "file 1 /p.py", 0);
    r.line(4, "source 1 x = [1]", 0);
    EXPECT_FALSE(r.hasSteps());
    r.line(5, "step 1 1", 10);
    EXPECT_TRUE(r.hasSteps());
    r.line(6, "frame <module> 1", 10);
    r.line(7, "out 2 oops", 12);
    const auto p = r.finish(12);
    ASSERT_NE(p, nullptr);
    ASSERT_EQ(p->stepCount(), 2u);
    EXPECT_EQ(p->eventEnd(1), 10u);
    EXPECT_EQ(p->eventEnd(2), 12u);
    EXPECT_EQ(p->stateAt(1).output, "");
    EXPECT_EQ(p->stateAt(2).output, "oops");
    EXPECT_EQ(StepRecording("r.trace").finish(5), nullptr);
}

// ------------------------------------------------------------ rejections

// What opening a recording with `lines` after its header, python line and
// `file 1` line (lines 1-3) throws; the first of `lines` is line 4.
InputError recordingError(const std::vector<std::string>& lines, std::string* path) {
    std::vector<std::string> all = {"pymalloc-trace 1", "# python 3.11.7 (main) [GCC]",
                                    "file 1 /home/ana/p.py"};
    all.insert(all.end(), lines.begin(), lines.end());
    const TempFile file(".trace", joined(all));
    *path = file.path();
    return caught([&] { openInput(file.path()); });
}

#define EXPECT_REJECTED(lines, lineNo, message)                                                    \
    do {                                                                                           \
        std::string path_;                                                                         \
        const InputError err_ = recordingError(lines, &path_);                                     \
        EXPECT_INPUT_ERROR(err_, path_, lineNo, message);                                          \
    } while (0)

using Lines = std::vector<std::string>;

TEST(StepRecordingRejects, RecordLinesOutsideAStepRecord) {
    const char* outside =
        "' outside a step record: a step's lines follow its 'step' line with no event between";
    EXPECT_REJECTED((Lines{"frame <module> 1"}), 4, std::string("'frame") + outside);
    EXPECT_REJECTED((Lines{"cut 3"}), 4, std::string("'cut") + outside);
    // An event ends the record.
    EXPECT_REJECTED(
        (Lines{"step 1 1", "arena_alloc 0x7f0000000000 1048576", "obj 0x10 0x0 int 28 1 - 1"}), 6,
        std::string("'obj") + outside);
    EXPECT_REJECTED((Lines{"step 1 1", "arena_alloc 0x7f0000000000 1048576", "ref 0x10 0x20 [0]"}),
                    6, std::string("'ref") + outside);
    EXPECT_REJECTED((Lines{"step 1 1", "arena_alloc 0x7f0000000000 1048576", "name 0 x 0x10"}), 6,
                    std::string("'name") + outside);
}

TEST(StepRecordingRejects, NameInAFrameTheStepHasNot) {
    EXPECT_REJECTED((Lines{"step 1 1", "frame <module> 1", "name 1 x 0x10"}), 6,
                    "name 'x' in frame 1, but the step has only 1 frame before it");
    EXPECT_REJECTED((Lines{"step 1 1", "name 0 x 0x10"}), 5,
                    "name 'x' in frame 0, but the step has no 'frame' line before it");
}

TEST(StepRecording, ObjectsStayUntilDroppedAndKeepTheirReferencesUntilNewOnes) {
    // The recorder writes an object's lines only when they change: a step
    // holds what the steps before it wrote, less what they dropped.
    const TempFile file(".trace", joined(Lines{"pymalloc-trace 1", "# python 3.11.7", "file 1 /p.py",
                                               "source 1 a = [1]", "source 2 b = a", "source 3 del a",
                                               "step 1 1", "frame <module> 1",
                                               "step 1 2", "frame <module> 2", "name 0 a 0x10",
                                               "obj 0x10 0x0 list 64 1 0 len 1", "ref 0x10 0x20 [0]",
                                               "obj 0x20 0x0 int 28 9 - 1",
                                               "step 1 3", "frame <module> 3", "name 0 a 0x10", "name 0 b 0x10",
                                               "obj 0x10 0x0 list 64 2 0 len 1",
                                               "step 1 3", "frame <module> 3", "name 0 b 0x10", "norefs 0x10",
                                               "drop 0x20", "gc 5 1 0 700 10 10"}));
    const auto in = openInput(file.path());
    ASSERT_TRUE(in->hasProgram());
    const ProgramSteps& p = *in->program;
    ASSERT_EQ(p.stepCount(), 4u);
    const ProgramState s2 = p.stateAt(2), s3 = p.stateAt(3), s4 = p.stateAt(4);
    ASSERT_EQ(s2.objects.size(), 2u);
    EXPECT_EQ(s2.objects[0].refcnt, 1);
    ASSERT_EQ(s3.objects.size(), 2u) << "the int was not written again, and is still held";
    EXPECT_EQ(s3.objects[0].refcnt, 2);
    ASSERT_EQ(s3.objects[0].refs.size(), 1u) << "no ref lines: the list keeps its references";
    EXPECT_EQ(s3.objects[0].refs[0], (Reference{"[0]", s3.objects[1].id}));
    ASSERT_EQ(s4.objects.size(), 1u) << "the int was dropped";
    EXPECT_TRUE(s4.objects[0].refs.empty()) << "norefs";
    EXPECT_EQ(s4.gc.generations[0].count, 5);
    EXPECT_EQ(s4.gc.generations[1].count, 1);
    EXPECT_EQ(s4.gc.generations[0].threshold, 700);
    EXPECT_EQ(s4.gc.generations[2].threshold, 10);
    EXPECT_EQ(s4.gc.generations[0].objects, std::vector<ObjId>{s4.objects[0].id}) << "the list, tracked in 0";
}

TEST(StepRecordingRejects, RefFromAnObjectWithoutObjLine) {
    EXPECT_REJECTED((Lines{"step 1 1", "obj 0x20 0x0 int 28 1 - 1", "ref 0x10 0x20 [0]"}), 6,
                    "'ref' from 0x10, which has no 'obj' line before it");
    // An object dropped by an earlier step is gone.
    EXPECT_REJECTED((Lines{"step 1 1", "obj 0x10 0x0 list 56 1 0 len 0", "step 1 2", "drop 0x10",
                           "ref 0x10 0x20 [0]"}),
                    8, "'ref' from 0x10, which has no 'obj' line before it");
    EXPECT_REJECTED((Lines{"step 1 1", "drop 0x10"}), 5, "'drop' of 0x10, which no step holds");
    EXPECT_REJECTED((Lines{"step 1 1", "norefs 0x10"}), 5, "'norefs' for 0x10, which has no 'obj' line before it");
}

TEST(StepRecordingRejects, SourceLinesOutOfOrder) {
    EXPECT_REJECTED((Lines{"source 1 a = 1", "source 3 b = 2"}), 5,
                    "source line 3 out of order: expected line 2");
    EXPECT_REJECTED((Lines{"source 0 a = 1"}), 4, "source line 0 out of order: expected line 1");
    EXPECT_REJECTED((Lines{"source 1 a = 1", "step 1 1", "source 2 b = 2"}), 6,
                    "'source' after the first step: the script's text comes before its steps");
}

TEST(StepRecordingRejects, BadGeneration) {
    EXPECT_REJECTED((Lines{"step 1 1", "obj 0x10 0x0 int 28 1 3 1"}), 5,
                    "bad generation '3': expected 0, 1, 2 or -");
    EXPECT_REJECTED((Lines{"step 1 1", "obj 0x10 0x0 int 28 1 -1 1"}), 5,
                    "bad generation '-1': expected 0, 1, 2 or -");
}

TEST(StepRecordingRejects, BadOutputStream) {
    EXPECT_REJECTED((Lines{"out 3 hello"}), 4,
                    "bad output stream '3': expected 1 (standard output) or 2 (standard error)");
}

TEST(StepRecordingRejects, BadEscape) {
    const std::string expected = "': expected \\\\, \\n, \\r, \\t or \\xHH";
    EXPECT_REJECTED((Lines{"out 1 a\\qb"}), 4, "bad escape '\\q" + expected);
    EXPECT_REJECTED((Lines{"out 1 a\\x4"}), 4, "bad escape '\\x4" + expected);
    EXPECT_REJECTED((Lines{"source 1 x = 1\\"}), 4, "bad escape '\\" + expected);
    EXPECT_REJECTED((Lines{"step 1 1", "obj 0x10 0x0 str 50 1 - 'a\\zb'"}), 5,
                    "bad escape '\\z" + expected);
    EXPECT_REJECTED(
        (Lines{"step 1 1", "obj 0x10 0x0 dict 50 1 0 len 1", "ref 0x10 0x20 [\\'k\\']"}), 6,
        "bad escape '\\'" + expected);
}

TEST(StepRecordingRejects, WrongNumberOfFields) {
    EXPECT_REJECTED((Lines{"step 1"}), 4, "'step' takes FILE LINE; found 1 field");
    EXPECT_REJECTED((Lines{"step 1 2 3"}), 4, "'step' takes FILE LINE; found 3 fields");
    EXPECT_REJECTED((Lines{"source"}), 4, "'source' takes N TEXT; found 0 fields");
    EXPECT_REJECTED((Lines{"out"}), 4, "'out' takes STREAM TEXT; found 0 fields");
    EXPECT_REJECTED((Lines{"step 1 1", "frame f"}), 5,
                    "'frame' takes FUNCTION LINE; found 1 field");
    EXPECT_REJECTED((Lines{"step 1 1", "frame <module> 1", "name 0 x"}), 6,
                    "'name' takes FRAME NAME ADDR; found 2 fields");
    EXPECT_REJECTED((Lines{"step 1 1", "obj 0x10 0x0 int 28 1"}), 5,
                    "'obj' takes ADDR BLOCK TYPE SIZE REFCNT GEN VALUE; found 5 fields");
    EXPECT_REJECTED((Lines{"step 1 1", "obj 0x10 0x0 int 28 1 0", "ref 0x10"}), 6,
                    "'ref' takes ADDR TARGET LABEL; found 1 field");
    EXPECT_REJECTED((Lines{"step 1 1", "cut"}), 5, "'cut' takes N; found 0 fields");
    EXPECT_REJECTED((Lines{"step 1 1", "cut 1 2"}), 5, "'cut' takes N; found 2 fields");
}

TEST(StepRecordingRejects, BadValuesInFields) {
    EXPECT_REJECTED((Lines{"step 1 1", "obj 0X10 0x0 int 28 1 - 1"}), 5,
                    "bad pointer '0X10': expected 0x and lower-case hexadecimal digits");
    EXPECT_REJECTED((Lines{"step 1 1", "obj 0x10 0x0 int 2a 1 - 1"}), 5,
                    "bad size '2a': expected an unsigned decimal integer");
    EXPECT_REJECTED((Lines{"step 1 1", "obj 0x10 0x0 int 28 -1 - 1"}), 5,
                    "bad reference count '-1': expected an unsigned decimal integer");
    EXPECT_REJECTED((Lines{"step 1 x"}), 4,
                    "bad line number 'x': expected an unsigned decimal integer");
    EXPECT_REJECTED((Lines{"step 1 4294967296"}), 4, "line number '4294967296' is too large");
}

TEST(StepRecordingRejects, StepInAFileNotDeclared) {
    EXPECT_REJECTED((Lines{"step 2 1"}), 4,
                    "step in file 2, which no 'file' line before it declares");
}

TEST(StepRecordingRejects, SecondObjLineForAnAddress) {
    EXPECT_REJECTED((Lines{"step 1 1", "obj 0x10 0x0 int 28 1 - 1", "obj 0x10 0x0 int 28 1 - 1"}),
                    6, "a second 'obj' line for 0x10 in this step");
}

} // namespace
} // namespace arenascope
