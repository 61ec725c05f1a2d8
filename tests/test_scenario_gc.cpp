// The collector's phases on small graphs, stepped through ScenarioRun:
// gc_refs after subtract_refs, the unreachable list after move_unreachable,
// what is gone after delete_garbage; and the heap the steps leave behind.
#include "model/pymalloc/profile.h"
#include "model/scenario/scenariorun.h"

#include <gtest/gtest.h>

namespace arenascope::scenario {
namespace {

ScenarioRun run(const std::string& body) {
    return ScenarioRun::fromSource("import gc\ngc.collect()\n" + body, "graph.py", *profileByName("3.11"));
}

// The number of steps up to and including the first `phase` step at or
// after `from` steps.
size_t after(const ScenarioRun& r, GcPhase phase, size_t from = 0) {
    for (size_t i = from; i < r.stepCount(); ++i)
        if (r.steps()[i].kind == ProgramStepKind::Collection && r.steps()[i].phase == phase)
            return i + 1;
    ADD_FAILURE() << "no " << gcPhaseName(phase) << " step";
    return r.stepCount();
}

// The scenario's own objects of a type (not constants or the interpreter's).
std::vector<ObjectState> ofType(const ProgramState& s, const std::string& type) {
    std::vector<ObjectState> v;
    for (const ObjectState& o : s.objects)
        if (o.type == type && o.role.empty() && !o.isStatic)
            v.push_back(o);
    return v;
}

// The last gc.collect() in a body: the steps after the first collection's
// phases belong to the body's own collect call.
size_t lastCollectStart(const ScenarioRun& r) {
    size_t start = 0;
    for (size_t i = 0; i < r.stepCount(); ++i)
        if (r.steps()[i].kind == ProgramStepKind::Collection && r.steps()[i].phase == GcPhase::Start)
            start = i;
    return start;
}

TEST(ScenarioGc, CycleOfTwo) {
    const ScenarioRun r = run("a = []\nb = []\na.append(b)\nb.append(a)\ndel a, b\nn = gc.collect()\n");
    ASSERT_FALSE(r.error());
    const size_t from = lastCollectStart(r);
    const ProgramState sub = r.stateAt(after(r, GcPhase::SubtractRefs, from));
    auto lists = ofType(sub, "list");
    ASSERT_EQ(lists.size(), 2u);
    for (const ObjectState& l : lists) {
        EXPECT_EQ(l.refcnt, 1);
        EXPECT_EQ(l.gcRefs, 0);  // the only reference comes from inside young
        EXPECT_TRUE(l.collecting);
    }
    const ProgramState mv = r.stateAt(after(r, GcPhase::MoveUnreachable, from));
    EXPECT_EQ(mv.gc.unreachable.size(), 2u);
    for (const ObjectState& l : ofType(mv, "list"))
        EXPECT_TRUE(l.unreachable);
    const ProgramState del = r.stateAt(after(r, GcPhase::DeleteGarbage, from));
    EXPECT_TRUE(ofType(del, "list").empty());
    EXPECT_TRUE(del.gc.unreachable.empty());
}

TEST(ScenarioGc, CycleHeldFromOutside) {
    const ScenarioRun r = run("class N:\n    __slots__ = ('next',)\ngc.collect()\na = N()\nb = N()\n"
                              "a.next = b\nb.next = a\nkeep = a\ndel a, b\nn = gc.collect(0)\n");
    ASSERT_FALSE(r.error());
    const size_t from = lastCollectStart(r);
    const ProgramState sub = r.stateAt(after(r, GcPhase::SubtractRefs, from));
    auto nodes = ofType(sub, "N instance");
    ASSERT_EQ(nodes.size(), 2u);
    const ObjId kept = sub.frames[0].locals.back().second;
    for (const ObjectState& o : nodes)
        EXPECT_EQ(o.gcRefs, o.id == kept ? 1 : 0);  // keep is the outside reference
    const ProgramState mv = r.stateAt(after(r, GcPhase::MoveUnreachable, from));
    EXPECT_TRUE(mv.gc.unreachable.empty());
    for (const ObjectState& o : ofType(mv, "N instance")) {
        EXPECT_FALSE(o.unreachable);
        EXPECT_GT(o.gcRefs, 0);  // reached from keep's object: visit_reachable set it to 1
    }
    const ProgramState survivors = r.stateAt(after(r, GcPhase::Survivors, from));
    for (const ObjectState& o : ofType(survivors, "N instance"))
        EXPECT_EQ(o.generation, 1);  // merged into the next generation
}

TEST(ScenarioGc, SelfReference) {
    const ScenarioRun r = run("s = []\ns.append(s)\ndel s\nprint(gc.collect())\n");
    ASSERT_FALSE(r.error());
    EXPECT_EQ(r.output(), "1\n");
    const size_t from = lastCollectStart(r);
    const ProgramState sub = r.stateAt(after(r, GcPhase::SubtractRefs, from));
    auto lists = ofType(sub, "list");
    ASSERT_EQ(lists.size(), 1u);
    EXPECT_EQ(lists[0].gcRefs, 0);
    ASSERT_EQ(lists[0].refs.size(), 1u);
    EXPECT_EQ(lists[0].refs[0].target, lists[0].id);
}

TEST(ScenarioGc, ChainHangingOffACycle) {
    const ScenarioRun r = run("c1 = {}\nc2 = {}\nc1['o'] = c2\nc2['o'] = c1\nc2['chain'] = [[1], [2, [3]]]\n"
                              "del c1, c2\nprint(gc.collect())\n");
    ASSERT_FALSE(r.error());
    EXPECT_EQ(r.output(), "6\n");
    const size_t from = lastCollectStart(r);
    const ProgramState sub = r.stateAt(after(r, GcPhase::SubtractRefs, from));
    // The chain's lists are referenced only from inside young: gc_refs 0.
    for (const ObjectState& l : ofType(sub, "list"))
        EXPECT_EQ(l.gcRefs, 0);
    const ProgramState mv = r.stateAt(after(r, GcPhase::MoveUnreachable, from));
    EXPECT_EQ(mv.gc.unreachable.size(), 6u);
}

TEST(ScenarioGc, ThresholdStartsACollectionInsideTheAllocation) {
    const ScenarioRun r = run("keep = []\nfor i in range(701):\n    keep.append([])\nprint(gc.get_count())\n");
    ASSERT_FALSE(r.error());
    EXPECT_EQ(r.output(), "(1, 1, 0)\n");  // python3 3.11.7 prints the same
    size_t starts = 0;
    for (const ProgramStep& s : r.steps())
        if (s.kind == ProgramStepKind::Collection && s.phase == GcPhase::Start) {
            ++starts;
            if (starts == 2) {
                EXPECT_EQ(s.line, 5);  // the statement whose allocation passed the threshold
                EXPECT_EQ(s.generation, 0);
                EXPECT_NE(s.text.find("count 701 > threshold 700"), std::string::npos) << s.text;
            }
        }
    EXPECT_EQ(starts, 2u);  // the initial gc.collect() and the automatic one
}

TEST(ScenarioGc, StepsCarryTheAllocatorCallsAndReplayToTheSameHeap) {
    const Profile p = *profileByName("3.11");
    const ScenarioRun r = ScenarioRun::fromSource("x = [1, 2]\ny = 'abc' * 3\nx.append(y)\ndel y\n", "s.py", p);
    ASSERT_FALSE(r.error());
    const ProgramStep& build = r.steps()[1];  // x = [1, 2]
    const std::vector<Event> calls = r.calls(1);
    EXPECT_EQ(build.line, 1);
    ASSERT_EQ(calls.size(), 2u);
    EXPECT_EQ(calls[0].size, 56u);  // PyGC_Head + PyListObject
    EXPECT_EQ(calls[0].domain, Domain::Obj);
    EXPECT_EQ(calls[1].op, Op::Calloc);  // ob_item, a PyMem block
    EXPECT_EQ(calls[1].domain, Domain::Mem);
    const ProgramState end = r.stateAt(r.stepCount());
    const AllocatorState st = r.allocatorStateAt(r.stepCount());
    AllocatorState copy = st;
    Allocator a(p, copy);
    a.rebuildIndex();
    for (const ObjectState& o : end.objects) {
        if (o.isStatic || o.address == 0)
            continue;
        EXPECT_TRUE(a.isAllocatedBlock(o.address)) << o.type << " " << o.label;
        EXPECT_EQ(a.isAllocatedBlock(o.address), o.requested <= 512);
    }
    const ProgramState start = r.stateAt(0);
    EXPECT_TRUE(start.objects.empty());
    ASSERT_EQ(end.frames.size(), 1u);
    EXPECT_EQ(end.frames[0].function, "<module>");
}

TEST(ScenarioGc, FramesHoldTheirLocalsUntilReturn) {
    const ScenarioRun r = run("def f(n):\n    a = [n]\n    b = (a, a)\n    return len(b)\nx = f(1)\n");
    ASSERT_FALSE(r.error());
    bool sawInside = false;
    for (size_t i = 1; i <= r.stepCount(); ++i) {
        const ProgramState s = r.stateAt(i);
        if (s.frames.size() == 2 && s.frames[1].locals.size() == 3) {
            sawInside = true;
            EXPECT_EQ(s.frames[1].function, "f");
            EXPECT_EQ(s.frames[1].locals[1].first, "a");
        }
        if (r.steps()[i - 1].text.find("return from f") != std::string::npos) {
            EXPECT_EQ(s.frames.size(), 1u);
            EXPECT_TRUE(ofType(s, "list").empty());  // a died with the frame
        }
    }
    EXPECT_TRUE(sawInside);
}

} // namespace
TEST(ScenarioGc, ALongListListsItsFirstReferencesAndCountsTheRest) {
    // 300 items: the state keeps the first 200 references and says how many
    // more there are, so that each append costs the same however long it is.
    const ScenarioRun r = run("a = []\nfor i in range(300):\n    a.append(str(i))\nb = a[250]\n");
    ASSERT_FALSE(r.error());
    const ProgramState end = r.stateAt(r.stepCount());
    const ObjectState* list = nullptr;
    for (const ObjectState& o : end.objects)
        if (o.type == "list")
            list = &o;
    ASSERT_NE(list, nullptr);
    EXPECT_EQ(list->label, "list len 300");
    ASSERT_EQ(list->refs.size(), 200u);
    EXPECT_EQ(list->refsOmitted, 100u);
    EXPECT_EQ(list->refs[199].label, "[199]");
    // Every string is in the state all the same, the 251st named by b.
    size_t strings = 0;
    for (const ObjectState& o : end.objects)
        strings += o.type == "str";
    EXPECT_EQ(strings, 300u);
    // Between two appends the list's first references are one shared list.
    const ProgramState mid = r.stateAt(r.stepCount() - 4);
    const ObjectState* before = mid.find(list->id);
    ASSERT_NE(before, nullptr);
    EXPECT_EQ(&before->refs[0] == &list->refs[0], true);
}

} // namespace arenascope::scenario
