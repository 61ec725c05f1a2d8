// Stepped recordings of the classroom programs (tests/data/classroom, with
// what each interpreter 3.8-3.13 printed): under every installed interpreter
// the output is python3's, the recording replays with 0 mismatches and the
// interpreter's own figures, and every step's objects sit in their blocks.
#include "model/pymalloc/mallocstats.h"
#include "model/session/cursor.h"
#include "recorder/recorder.h"
#include "testsupport.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <unistd.h>

namespace arenascope {
namespace {

namespace fs = std::filesystem;
using test::readFile;

const std::string kClassroom = ARENASCOPE_TEST_DATA "/classroom";

std::string pyenvPython(const std::string& minor) {
    const char* home = std::getenv("HOME");
    const char* root = std::getenv("PYENV_ROOT");
    const fs::path versions = fs::path(root && *root ? root : std::string(home ? home : "/") + "/.pyenv") / "versions";
    std::string python;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(versions, ec))
        if (entry.path().filename().string().rfind(minor + ".", 0) == 0)
            python = (entry.path() / "bin" / ("python" + minor)).string();
    return !python.empty() && access(python.c_str(), X_OK) == 0 ? python : "";
}

std::vector<std::string> classroomPrograms() {
    std::vector<std::string> v;
    for (const auto& e : fs::directory_iterator(kClassroom))
        if (e.path().extension() == ".py")
            v.push_back(e.path().stem().string());
    std::sort(v.begin(), v.end());
    return v;
}

// Measured differences the interpreter itself makes when a C trace function
// is installed (`record --source-lines` shows them too, without steps):
// docs/trace-format.md, "Steps". The line of the output they change.
struct Known {
    const char* program;
    const char* version;
    const char* line;  // what the traced interpreter prints instead
};
const Known kTracedDifferences[] = {
    {"38_gc_thresholds", "3.9", "collections by generation: [18, 2, 0]"},
    {"38_gc_thresholds", "3.10", "collections by generation: [18, 2, 0]"},
    {"38_gc_thresholds", "3.11", "collections by generation: [18, 2, 0]"},
};

std::string expectedOutput(const std::string& program, const std::string& version) {
    std::string text = readFile(kClassroom + "/" + program + ".expected-" + version);
    for (const Known& k : kTracedDifferences)
        if (program == k.program && version == k.version) {
            // The traced run's line stands in for python3's at the same place.
            const std::string prefix = std::string(k.line).substr(0, std::string(k.line).find(':') + 1);
            const size_t at = text.find(prefix);
            const size_t end = text.find('\n', at);
            if (at != std::string::npos && end != std::string::npos)
                text.replace(at, end - at, k.line);
        }
    return text;
}

class Stepped : public ::testing::TestWithParam<const char*> {};

TEST_P(Stepped, ClassroomProgramsRecordLineByLineAndReplayExactly) {
    const std::string version = GetParam();
    const std::string python = pyenvPython(version);
    if (python.empty())
        GTEST_SKIP() << "no Python " << version << " installed with pyenv here";
    const auto programs = classroomPrograms();
    ASSERT_EQ(programs.size(), 20u);
    test::TempDir dir;
    for (const std::string& name : programs) {
        SCOPED_TRACE(version + " " + name);
        recorder::RecordOptions o;
        o.script = kClassroom + "/" + name + ".py";
        o.out = dir.file(name + ".trace");
        o.python = python;
        o.sourceLines = o.steps = true;
        o.outputFile = dir.file(name + ".out");
        const recorder::RecordResult r = recorder::recordScript(o);
        ASSERT_EQ(r.status, 0) << readFile(o.outputFile);
        const std::string expected = expectedOutput(name, version);
        // Exactly python3's output: the recorder's note on its step limit
        // goes into the recording (and to a terminal), never into a file.
        EXPECT_EQ(readFile(o.outputFile), expected);

        // Pointers and the interpreter's own report.
        const MallocStats stats = readStatsFile(r.stats);
        VerifyOptions vo;
        vo.report = reportShape(stats);
        const VerifyResult v = verifyInput(o.out, vo);
        EXPECT_EQ(v.mismatches, 0u) << (v.firstMismatches.empty() ? "" : v.firstMismatches[0].message);
        EXPECT_EQ(compareStats(stats, v.finalStats), std::vector<std::string>{});
        // Every collection proven on its real graph (docs/trace-format.md,
        // "The collector's graph"), but one of the program that uses
        // tracemalloc under 3.12, which runs it inside the recorder's step.
        const uint64_t unproven = v.collections - v.collectionsProven;
        if (name == "52_unbounded_cache_leak" && version == "3.12")
            EXPECT_LE(unproven, 1u) << v.firstUnprovenReason;
        else
            EXPECT_EQ(unproven, 0u) << v.firstUnprovenReason;
        if (name == "35_reference_cycle_gc" || name == "38_gc_thresholds" || name == "52_unbounded_cache_leak") {
            EXPECT_GT(v.collections, 0u);
        }

        // The steps: one per line run, the output as printed, and every
        // object that lives in a pymalloc pool is an allocated block there.
        const auto in = openInput(o.out);
        ASSERT_TRUE(in->hasProgram());
        const ProgramSteps& program = *in->program;
        EXPECT_GT(program.stepCount(), 5u);
        // Only the long program reaches the step limit, and says so.
        if (name == "52_unbounded_cache_leak") {
            ASSERT_EQ(in->notes.size(), 1u);
            EXPECT_EQ(in->notes[0].kind, NoteKind::StepLimit);
            EXPECT_EQ(in->notes[0].value, 20000u);
        } else {
            EXPECT_TRUE(in->notes.empty());
        }
        EXPECT_EQ(in->collectionsSummary.collections, v.collections);
        EXPECT_EQ(in->collectionsSummary.proven, v.collectionsProven);
        // What the interpreter's shutdown prints (a __del__ run then) comes
        // after the recording has ended: the rest is there.
        EXPECT_EQ(expected.compare(0, program.output().size(), program.output()), 0) << program.output();
        EXPECT_GT(program.output().size(), 0u);
        EXPECT_EQ(program.sourceLines().size(), size_t(std::count(std::istreambuf_iterator<char>(std::ifstream(o.script).rdbuf()),
                                                                  std::istreambuf_iterator<char>(), '\n')));
        Cursor c(in);
        size_t linked = 0;
        for (size_t k = 1; k <= program.stepCount(); k += 7) {
            c.seekStep(k);
            const Allocator& a = c.timeline().allocator();
            for (const ObjectState& obj : c.programState().objects) {
                if (!obj.address || a.poolContaining(obj.address) == kNoPool)
                    continue;
                EXPECT_TRUE(a.isAllocatedBlock(obj.address)) << "step " << k << ": " << obj.type << " at "
                                                             << obj.address << " is not an allocated block";
                ++linked;
            }
        }
        EXPECT_GT(linked, 0u) << "no object of the program was found in a pool";
    }
}

INSTANTIATE_TEST_SUITE_P(Versions, Stepped, ::testing::Values("3.8", "3.9", "3.10", "3.11", "3.12", "3.13"),
                         [](const auto& info) {
                             std::string n = std::string("v") + info.param;
                             n.erase(std::remove(n.begin(), n.end(), '.'), n.end());
                             return n;
                         });

} // namespace
} // namespace arenascope

namespace arenascope {
namespace {

// The time limit (issue 13, part 6): a program that never ends is stopped,
// its recording ends with the reason, and what it did until then is kept.
TEST(SteppedLimits, ATimeLimitStopsTheProgramAndKeepsTheRecording) {
    test::TempDir dir;
    recorder::RecordOptions o;
    o.script = dir.file("forever.py");
    std::ofstream(o.script) << "print('started')\nn = 0\nwhile True:\n    n += 1\n";
    o.out = dir.file("forever.trace");
    o.sourceLines = o.steps = true;
    o.maxSteps = 50;
    o.timeoutSeconds = 1;
    o.outputFile = dir.file("forever.out");
    const recorder::RecordResult r = recorder::recordScript(o);
    EXPECT_EQ(r.status, 124);
    EXPECT_TRUE(r.statsWritten);
    EXPECT_EQ(readFile(o.outputFile),
              "started\narenascope-record: stopped the program after 1 s (--timeout); the recording holds "
              "what it did until then\n");
    const auto in = openInput(o.out);
    ASSERT_TRUE(in->hasProgram());
    EXPECT_EQ(in->program->output(), "started\n");
    ASSERT_EQ(in->notes.size(), 2u);
    EXPECT_EQ(in->notes[0].kind, NoteKind::StepLimit);
    EXPECT_EQ(in->notes[0].value, 50u);
    EXPECT_EQ(in->notes[1].kind, NoteKind::TimeLimit);
    EXPECT_EQ(in->notes[1].value, 1u);
    EXPECT_EQ(noteText(in->notes[1]),
              "the recorder stopped the program after 1 s (its time limit, --timeout); the recording holds what "
              "it did until then");
    VerifyOptions vo;
    vo.report = reportShape(readStatsFile(r.stats));
    const VerifyResult v = verifyInput(o.out, vo);
    EXPECT_EQ(v.mismatches, 0u);
    EXPECT_EQ(compareStats(readStatsFile(r.stats), v.finalStats), std::vector<std::string>{});
}

} // namespace
} // namespace arenascope
