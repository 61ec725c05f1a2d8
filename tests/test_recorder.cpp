// The recorder (issue 6): scripts recorded with the build's Python replay
// with 0 mismatches and the interpreter's own statistics; gc runs and source
// lines land where they belong; bad input gets exit 2 and a message.
#include "app/cli/commands.h"
#include "app/cli/recordcommand.h"
#include "app/cli/runcommand.h"
#include "model/pymalloc/mallocstats.h"
#include "model/trace/tracereader.h"
#include "model/trace/tracestore.h"
#include "model/trace/verify.h"
#include "recorder/hostbuild.h"
#include "recorder/recorder.h"
#include "testsupport.h"

#include <gtest/gtest.h>

#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

namespace {

namespace fs = std::filesystem;
using arenascope::test::readFile;
using namespace arenascope;

using test::TempDir;

struct Recording {
    int status = -1;
    std::string trace, stats, output;
};

Recording record(const TempDir& dir, const std::string& script, const std::string& traceName,
                 bool sourceLines = false, std::vector<std::string> args = {}) {
    recorder::RecordOptions o;
    o.script = dir.write("script.py", script);
    o.args = std::move(args);
    o.out = dir.file(traceName);
    o.sourceLines = sourceLines;
    o.outputFile = dir.file("output.txt");
    const recorder::RecordResult r = recorder::recordScript(o);
    return {r.status, o.out, r.stats, readFile(o.outputFile)};
}

// Replays the recording: every pointer predicted, the report identical.
void expectExactReplay(const Recording& rec) {
    const MallocStats expected = readStatsFile(rec.stats);
    VerifyOptions vo;
    vo.report = reportShape(expected);
    const VerifyResult v = verifyTrace(rec.trace, vo);
    EXPECT_GT(v.events, 1000u);
    EXPECT_EQ(v.mismatches, 0u) << (v.firstMismatches.empty() ? "" : v.firstMismatches[0].message);
    EXPECT_EQ(compareStats(expected, v.finalStats), std::vector<std::string>{});
}

// A TraceStore with the annotations, as the window keeps them.
class AnnotatedSink : public TraceSink {
public:
    TraceStore store;
    void onEvent(const Event& e, uint64_t line) override { store.append(e, line); }
    void onComment(uint64_t line, std::string_view) override { store.noteSkippedLine(line); }
    void onBlankLine(uint64_t line) override { store.noteSkippedLine(line); }
    void onAnnotation(uint64_t line, const Annotation& a, std::string_view) override {
        store.annotate(a);
        store.noteSkippedLine(line);
    }
};

// An interpreter in the supported range whose collector the host cannot
// read is refused by name: a stand-in that answers the query as 3.14.2 would.
TEST(Recorder, ThreeFourteenBeforeFiveIsRefusedByName) {
    test::TempDir dir;
    const std::string fake = dir.write("python3.14",
                                       "#!/bin/sh\nprintf '/usr/bin/python3.14\\n3.14.2\\n3 14\\nCPython\\n"
                                       "/usr/include/python3.14\\n/usr/lib\\n/usr/lib/pl\\n3.14\\n\\n\\n\\n1\\n1\\n'\n");
    ASSERT_EQ(chmod(fake.c_str(), 0755), 0);
    EXPECT_EQ(std::string(test::caught([&] { recorder::queryPython(fake); }).what()),
              fake + ": is Python 3.14.2, which shipped the incremental collector, whose lists the recorder does not "
                     "read; use 3.14.5 or later");
}

TEST(Recorder, ObjectChurnReplaysExactly) {
    TempDir dir;
    const Recording r = record(dir,
                               "import random, sys\n"
                               "random.seed(7)\n"
                               "d = {}\n"
                               "for i in range(20000):\n"
                               "    k = random.randrange(3000)\n"
                               "    if k in d: del d[k]\n"
                               "    else: d[k] = ('x' * (k % 300), [k] * (k % 7))\n"
                               "print(len(d), sys.argv[1:])\n",
                               "churn.trace", false, {"a b", "-c"});
    EXPECT_EQ(r.status, 0);
    EXPECT_NE(r.output.find(" ['a b', '-c']\n"), std::string::npos) << r.output;
    expectExactReplay(r);
}

TEST(Recorder, ArenasGivenBackReplayExactly) {
    TempDir dir;
    const Recording r = record(dir,
                               "xs = [(i, str(i)) for i in range(150000)]\n"
                               "del xs\n"
                               "ys = [bytes(40) for i in range(1000)]\n",
                               "arenas.trace.gz");
    EXPECT_EQ(r.status, 0);
    EXPECT_NE(readFile(r.trace).substr(0, 2), "py") << "a .gz name gives a gzip file";
    expectExactReplay(r);
    const VerifyResult v = verifyTrace(r.trace, {});
    EXPECT_GT(v.finalStats.arenasReclaimed, 0u) << "the freed objects gave arenas back";
}

TEST(Recorder, ReallocGrowthReplaysExactly) {
    TempDir dir;
    const Recording r = record(dir,
                               "b = bytearray()\n"
                               "l = []\n"
                               "for i in range(5000):\n"
                               "    b += b'xyz'\n"
                               "    l.append(i)\n"
                               "s = ''\n"
                               "for i in range(300): s += str(i)\n",
                               "growth.trace");
    EXPECT_EQ(r.status, 0);
    const std::string text = readFile(r.trace);
    EXPECT_NE(text.find("\nrealloc mem "), std::string::npos);
    expectExactReplay(r);
}

TEST(Recorder, CollectionsAreRecordedWithWhatGcCollectReturned) {
    TempDir dir;
    const Recording r = record(dir,
                               "import gc\n"
                               "gc.disable()\n"
                               "class Node:\n"
                               "    pass\n"
                               "for i in range(50):\n"
                               "    a, b = Node(), Node()\n"
                               "    a.other, b.other = b, a\n"
                               "del a, b\n"
                               "print(gc.collect())\n",
                               "cycles.trace");
    EXPECT_EQ(r.status, 0);
    expectExactReplay(r);
    AnnotatedSink sink;
    readTrace(r.trace, sink);
    const auto& runs = sink.store.gcRuns();
    ASSERT_FALSE(runs.empty());
    const GcRun& last = runs.back();
    EXPECT_EQ(last.generation, 2u);
    EXPECT_TRUE(last.stopped);
    EXPECT_EQ(std::to_string(last.collected + last.uncollectable) + "\n", r.output);
    EXPECT_GE(last.collected, 100u);  // 50 cycles of two objects (and their dicts)
    EXPECT_LT(last.startStep, last.stopStep) << "the frees of the garbage lie inside the run";
}

TEST(Recorder, SourceLinesPointAtTheScript) {
    TempDir dir;
    const Recording r = record(dir,
                               "def grow(n):\n"
                               "    return [str(i) * 2 for i in range(n)]\n"
                               "x = grow(3000)\n"
                               "y = {i: i for i in range(2000)}\n",
                               "lines.trace", true);
    EXPECT_EQ(r.status, 0);
    expectExactReplay(r);
    AnnotatedSink sink;
    readTrace(r.trace, sink);
    const TraceStore& s = sink.store;
    ASSERT_TRUE(s.hasSourceLines());
    std::map<uint32_t, size_t> byLine;
    for (size_t i = 0; i < s.size(); ++i) {
        const SourceLocation loc = s.sourceOf(i);
        if (loc.file == dir.file("script.py") && s.event(i).returnsBlock())
            ++byLine[loc.line];
    }
    EXPECT_GE(byLine[2], 3000u) << "each str(i) * 2 of the comprehension";
    EXPECT_GE(byLine[4], 10u) << "the dict's growth";
    for (const auto& [line, n] : byLine)
        EXPECT_TRUE(line >= 1 && line <= 4) << line;
}

TEST(Recorder, AScriptThatRaisesStillLeavesAValidTrace) {
    TempDir dir;
    const Recording r = record(dir,
                               "xs = [str(i) for i in range(1000)]\n"
                               "raise ValueError('boom')\n",
                               "raises.trace");
    EXPECT_EQ(r.status, 1);
    EXPECT_NE(r.output.find("Traceback (most recent call last):"), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("ValueError: boom"), std::string::npos) << r.output;
    expectExactReplay(r);
}

TEST(Recorder, SysExitStatusPassesThrough) {
    TempDir dir;
    const Recording r = record(dir, "import sys\nprint('bye')\nsys.exit(3)\n", "exit.trace");
    EXPECT_EQ(r.status, 3);
    EXPECT_EQ(r.output, "bye\n");
    expectExactReplay(r);
}

// Every pyenv interpreter present (docs/product.md, "Version profiles"): the
// host is compiled for it on first use and cached, then records and replays.
class OtherPython : public ::testing::TestWithParam<const char*> {};

TEST_P(OtherPython, RecordsAndReplaysExactly) {
    const char* home = std::getenv("HOME");
    const char* root = std::getenv("PYENV_ROOT");
    const fs::path versions =
        fs::path(root && *root ? root : std::string(home ? home : "/") + "/.pyenv") / "versions";
    std::string python;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(versions, ec))
        if (entry.path().filename().string().rfind(std::string(GetParam()) + ".", 0) == 0)
            python = (entry.path() / "bin" / ("python" + std::string(GetParam()))).string();
    if (python.empty() || access(python.c_str(), X_OK) != 0)
        GTEST_SKIP() << "no Python " << GetParam() << " under " << versions;
    TempDir dir;
    recorder::RecordOptions o;
    o.script = dir.write("script.py", "import gc\nd = {i: [i] * 3 for i in range(3000)}\n"
                                      "del d\nprint(gc.collect())\n");
    o.out = dir.file("t.trace.gz");
    o.python = python;
    o.outputFile = dir.file("output.txt");
    const recorder::RecordResult r = recorder::recordScript(o);
    EXPECT_EQ(r.status, 0) << readFile(o.outputFile);
    expectExactReplay({r.status, o.out, r.stats, ""});
    EXPECT_NE(readFile(o.outputFile).find("\n"), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(Versions, OtherPython,
                         ::testing::Values("3.6", "3.7", "3.8", "3.9", "3.10", "3.12", "3.13"),
                         [](const auto& info) {
                             std::string n = std::string("v") + info.param;
                             n.erase(std::remove(n.begin(), n.end(), '.'), n.end());
                             return n;
                         });

struct CliResult {
    int code;
    std::string err;
};

CliResult cliRecord(const std::vector<std::string>& args) {
    static const bool added = (cli::addCommand(cli::recordCommand()), true);
    (void)added;
    std::ostringstream out, err;
    std::vector<std::string> argv = {"record"};
    argv.insert(argv.end(), args.begin(), args.end());
    const int code = cli::runCli(argv, out, err);
    return {code, err.str()};
}

CliResult cliRun(const std::vector<std::string>& args) {
    static const bool added = (cli::addCommand(cli::runCommand()), true);
    (void)added;
    std::ostringstream out, err;
    std::vector<std::string> argv = {"run"};
    argv.insert(argv.end(), args.begin(), args.end());
    const int code = cli::runCli(argv, out, err);
    return {code, err.str()};
}

// The first line of an error (a usage error goes on with the usage text).
std::string firstLine(const std::string& s) { return s.substr(0, s.find('\n') + 1); }

TEST(RunCli, BadProgramsAndOptionsAreRefusedWithTheirReason) {
    TempDir dir;
    const CliResult missing = cliRun({dir.file("nope.py")});
    EXPECT_EQ(missing.code, 2);
    EXPECT_EQ(missing.err, "arenascope-cli: " + dir.file("nope.py") + ": cannot open the program: no such readable file\n");
    const CliResult folder = cliRun({dir.file("")});
    EXPECT_EQ(folder.code, 2);
    EXPECT_EQ(folder.err, "arenascope-cli: " + dir.file("") + ": cannot open the program: it is a folder\n");
    const std::string script = dir.write("s.py", "print('hi')\n");
    const CliResult modelOut = cliRun({script, "--model", "--out", dir.file("r.trace")});
    EXPECT_EQ(modelOut.code, 2);
    EXPECT_EQ(firstLine(modelOut.err), "arenascope-cli: --model runs the built-in engine: --python, --out, "
                                       "--max-steps and --timeout are for the real interpreter\n");
    const CliResult timeoutAlone = cliRun({script, "--timeout", "5"});
    EXPECT_EQ(timeoutAlone.code, 2);
    EXPECT_EQ(firstLine(timeoutAlone.err), "arenascope-cli: --timeout limits a recording: give --out too\n");
    const CliResult profile = cliRun({script, "--profile", "3.9"});
    EXPECT_EQ(profile.code, 2);
    EXPECT_EQ(firstLine(profile.err), "arenascope-cli: --profile is for the built-in engine (--model); the real "
                                      "interpreter is its own version\n");
    const CliResult steps = cliRun({script, "--out", dir.file("r.trace"), "--max-steps", "lots"});
    EXPECT_EQ(steps.code, 2);
    EXPECT_NE(steps.err.find("--max-steps"), std::string::npos) << steps.err;
    EXPECT_FALSE(fs::exists(dir.file("r.trace")));
}

TEST(RunCli, TheProgramsExitStatusPassesThroughWithOrWithoutARecording) {
    TempDir dir;
    const std::string script = dir.write("exit.py", "import sys\nsys.exit(3)\n");
    EXPECT_EQ(cliRun({script}).code, 3);
    EXPECT_EQ(cliRun({script, "--out", dir.file("r.trace")}).code, 3);
    EXPECT_TRUE(fs::exists(dir.file("r.trace")));
}

TEST(RecorderCli, AMissingScriptIsBadInput) {
    TempDir dir;
    const CliResult r = cliRecord({dir.file("nope.py"), "--out", dir.file("t.trace")});
    EXPECT_EQ(r.code, 2);
    EXPECT_EQ(r.err, "arenascope-cli: " + dir.file("nope.py") +
                         ": cannot open the script: No such file or directory\n");
    EXPECT_FALSE(fs::exists(dir.file("t.trace")));
}

TEST(RecorderCli, AnOutputThatCannotBeWrittenIsBadInput) {
    TempDir dir;
    const std::string script = dir.write("s.py", "pass\n");
    const std::string out = dir.file("no/such/dir/t.trace");
    const CliResult r = cliRecord({script, "--out", out});
    EXPECT_EQ(r.code, 2);
    EXPECT_EQ(r.err, "arenascope-cli: " + out + ": cannot write: No such file or directory\n");
}

TEST(RecorderCli, UsageErrors) {
    TempDir dir;
    const std::string script = dir.write("s.py", "pass\n");
    EXPECT_EQ(cliRecord({script}).code, 2);
    EXPECT_NE(cliRecord({script}).err.find("record needs --out TRACE"), std::string::npos);
    EXPECT_EQ(cliRecord({"--out", dir.file("t.trace")}).code, 2);
    EXPECT_EQ(cliRecord({script, "--out", dir.file("t.trace"), "--bogus"}).code, 2);
    const CliResult py2 = cliRecord({script, "--out", dir.file("t.trace"), "--python", "/bin/false"});
    EXPECT_EQ(py2.code, 2);
    EXPECT_NE(py2.err.find("/bin/false: does not look like a Python interpreter"), std::string::npos)
        << py2.err;
}

TEST(RecorderCli, TheScriptsOwnStatusComesBack) {
    TempDir dir;
    const std::string script = dir.write("s.py", "import sys\nsys.exit(int(sys.argv[1]))\n");
    EXPECT_EQ(cliRecord({script, "--out", dir.file("t.trace"), "--", "5"}).code, 5);
    EXPECT_TRUE(fs::exists(dir.file("t.trace.stats")));
}

// ---------------------------------------------------------------- annotations

std::string annotationError(const std::vector<std::string>& lines) {
    AnnotatedSink sink;
    try {
        readTraceText(test::traceText("3.11.7", lines), "t.trace", sink);
    } catch (const InputError& e) {
        return e.what();
    }
    return "";
}

TEST(TraceAnnotations, MalformedLinesNameTheLine) {
    EXPECT_EQ(annotationError({"gc_stop 2 0 0"}),
              "t.trace:3: gc_stop 2 without a gc_start 2 before it");
    EXPECT_EQ(annotationError({"gc_start 0", "gc_start 1"}),
              "t.trace:4: gc_start while the collection of generation 0 has not stopped");
    EXPECT_EQ(annotationError({"gc_start 3"}),
              "t.trace:3: generation 3: the collector has generations 0, 1 and 2");
    EXPECT_EQ(annotationError({"gc_start 1", "gc_stop 1 5"}),
              "t.trace:4: 'gc_stop' takes GENERATION COLLECTED UNCOLLECTABLE; found 2 fields");
    EXPECT_EQ(annotationError({"file 2 a.py"}),
              "t.trace:3: file id 2: expected 1 (ids count up from 1)");
    EXPECT_EQ(annotationError({"file 1 a.py", "at 2 5"}),
              "t.trace:4: file id 2 has no 'file' line before it");
    EXPECT_EQ(annotationError({"at 0 5"}), "t.trace:3: bad line number 5 for file 0");
    EXPECT_EQ(annotationError({"at x 5"}),
              "t.trace:3: bad file id 'x': expected an unsigned decimal integer");
}

TEST(TraceAnnotations, KeptApartFromTheEvents) {
    AnnotatedSink sink;
    readTraceText(test::traceText("3.11.7", {"file 1 /tmp/my script.py", "at 1 7",
                                             "malloc raw 4096 0x1000", "gc_start 0",
                                             "free raw 0x1000", "gc_stop 0 1 0", "at 0 0",
                                             "malloc raw 8192 0x3000"}),
                  "t.trace", sink);
    const TraceStore& s = sink.store;
    ASSERT_EQ(s.size(), 3u);
    EXPECT_EQ(s.lineOf(2), 10u) << "annotation lines count like comments";
    EXPECT_EQ(s.sourceOf(0).file, "/tmp/my script.py");
    EXPECT_EQ(s.sourceOf(1).line, 7u);
    EXPECT_EQ(s.sourceOf(2).file, "");
    ASSERT_EQ(s.gcRuns().size(), 1u);
    EXPECT_EQ(s.gcRuns()[0].startStep, 1u);
    EXPECT_EQ(s.gcRuns()[0].stopStep, 2u);
    EXPECT_EQ(s.gcRuns()[0].collected, 1u);
}

} // namespace
