// A recording's collections as Collection steps (model/program/collectionsteps.h):
// handwritten stepped recordings with collections whose phases are known by
// construction open through the door with the engine's step kinds, numbers
// and marks, on the one step axis. A real program's are in
// tests/views/test_recordedgc.cpp, with the phases' texts.
#include "model/program/collectionsteps.h"
#include "model/session/cursor.h"
#include "model/session/input.h"
#include "testsupport.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

namespace arenascope {
namespace {

using test::TempFile;

std::string joined(const std::vector<std::string>& lines) {
    std::string s;
    for (const std::string& l : lines)
        s += l + "\n";
    return s;
}

// Lists a (id 1) and b (id 2) hold each other, c (id 3), a dict, is held
// from outside young, and a tuple the step does not show is in young too.
// Blocks: a 3.11 arena's first pool (64-byte blocks after its 48-byte
// header); each object 16 bytes (the collector's header) into its block.
const std::vector<std::string> kCycleHead = {
    "pymalloc-trace 1",                                   // 1
    "# python 3.11.7 (main) [GCC]",                       // 2
    "file 1 /home/ana/cycle.py",                          // 3
    "source 1 a = []; b = [a]; a.append(b); c = {}",      // 4
    "source 2 del a, b; gc.collect()",                    // 5
    "source 3 print('done')",                             // 6
    "step 1 1",                                           // 7: step 1, at event 0
    "frame <module> 1",                                   // 8
    "arena_alloc 0x7f0000000000 1048576",                 // 9: event 0
    "malloc obj 56 0x7f0000000030",                       // 10: a
    "malloc obj 56 0x7f0000000070",                       // 11: b
    "malloc obj 56 0x7f00000000b0",                       // 12: c
    "malloc obj 56 0x7f00000000f0",                       // 13: the tuple
    "step 1 2",                                           // 14: step 2, at event 5
    "frame <module> 2",                                   // 15
    "name 0 a 0x7f0000000040",                            // 16
    "name 0 b 0x7f0000000080",                            // 17
    "name 0 c 0x7f00000000c0",                            // 18
    "obj 0x7f0000000040 0x7f0000000030 list 72 2 0 len 1",  // 19
    "ref 0x7f0000000040 0x7f0000000080 [0]",              // 20
    "obj 0x7f0000000080 0x7f0000000070 list 72 2 0 len 1",  // 21
    "ref 0x7f0000000080 0x7f0000000040 [0]",              // 22
    "obj 0x7f00000000c0 0x7f00000000b0 dict 64 1 1 len 0",  // 23
    "gc 650 3 1 700 10 10",                               // 24
};

// `del a, b` then gc.collect(): a collection of generation 2 finds a and b.
const std::vector<std::string> kFullCollection = {
    "gc_start 2",                                         // 25
    "young 4 0",                                          // 26
    "gco 0x7f0000000040 0x7f0000000030 1 - list",         // 27
    "gcr 1",                                              // 28
    "gco 0x7f0000000080 0x7f0000000070 1 - list",         // 29
    "gcr 0",                                              // 30
    "gco 0x7f00000000c0 0x7f00000000b0 1 - dict",         // 31
    "gco 0x7f0000000100 0x7f00000000f0 1 - tuple",        // 32
    "free obj 0x7f0000000030",                            // 33: event 5
    "free obj 0x7f0000000070",                            // 34: event 6
    "gc_stop 2 2 0",                                      // 35
    "step 1 3",                                           // 36: at event 7
    "frame <module> 3",                                   // 37
    "name 0 c 0x7f00000000c0",                            // 38
    "drop 0x7f0000000040",                                // 39
    "drop 0x7f0000000080",                                // 40
    "obj 0x7f00000000c0 0x7f00000000b0 dict 64 1 2 len 0",  // 41
    "gc 0 0 0 700 10 10",                                 // 42
    "out 1 done\\n",                                      // 43
};

std::vector<std::string> plus(std::vector<std::string> a, const std::vector<std::string>& b) {
    a.insert(a.end(), b.begin(), b.end());
    return a;
}

std::shared_ptr<const LoadedInput> opened(const std::vector<std::string>& lines) {
    const TempFile file(".trace", joined(lines));
    return openInput(file.path());
}

struct Shape {
    ProgramStepKind kind;
    GcPhase phase;
    uint64_t eventEnd;
    std::vector<int64_t> numbers;
    bool operator==(const Shape& o) const {
        return kind == o.kind && phase == o.phase && eventEnd == o.eventEnd && numbers == o.numbers;
    }
};
std::ostream& operator<<(std::ostream& os, const Shape& s) {
    os << "{kind " << int(s.kind) << ", " << gcPhaseName(s.phase) << ", event " << s.eventEnd << ", numbers";
    for (int64_t n : s.numbers)
        os << " " << n;
    return os << "}";
}

std::vector<Shape> shapes(const ProgramSteps& p) {
    std::vector<Shape> v;
    for (const ProgramStep& s : p.steps())
        v.push_back({s.kind, s.phase, s.eventEnd, s.numbers});
    return v;
}

constexpr auto kLine = ProgramStepKind::Statement;
constexpr auto kGc = ProgramStepKind::Collection;
constexpr auto kEnd = ProgramStepKind::End;
constexpr auto kNone = GcPhase::None;

TEST(CollectionSteps, ACycleCollectedBecomesTheEnginesPhasesBetweenItsLines) {
    const auto in = opened(plus(kCycleHead, kFullCollection));
    ASSERT_TRUE(in->hasProgram());
    EXPECT_EQ(in->collectionsSummary.collections, 1u);
    EXPECT_EQ(in->collectionsSummary.proven, 1u) << in->collectionsSummary.firstUnprovenReason;
    const ProgramSteps& p = *in->program;
    // Start..move_unreachable at the collection's start (event 5: no event
    // of it applied), delete_garbage and done at its stop (event 7).
    EXPECT_EQ(shapes(p), (std::vector<Shape>{
                             {kLine, kNone, 0, {}},
                             {kLine, kNone, 5, {}},
                             {kGc, GcPhase::Start, 5, {2, 4}},
                             {kGc, GcPhase::UpdateRefs, 5, {}},
                             {kGc, GcPhase::SubtractRefs, 5, {}},
                             {kGc, GcPhase::MoveUnreachable, 5, {2, 2}},
                             {kGc, GcPhase::DeleteGarbage, 7, {2}},
                             {kGc, GcPhase::Done, 7, {2}},
                             {kLine, kNone, 7, {}},
                             {kEnd, kNone, 7, {}},
                         }));
    EXPECT_EQ(in->stepCount(), 10u);
    for (size_t k = 3; k <= 8; ++k) {
        const ProgramStep& s = p.steps()[k - 1];
        EXPECT_EQ(s.line, 2) << k;  // the line running
        EXPECT_EQ(s.generation, 2) << k;
        EXPECT_EQ(in->eventStep(k), s.eventEnd) << k;
    }
    EXPECT_EQ(p.steps()[2].text, "collect generation 2: 4 objects in young");
    EXPECT_EQ(p.steps()[5].text, "move_unreachable: 2 unreachable, 2 reachable");
    EXPECT_EQ(p.steps()[6].text, "delete_garbage: tp_clear on 2 unreachable objects; reference counting frees them");
    EXPECT_EQ(p.steps()[7].text, "done: 2 unreachable found; free lists cleared");

    // The line's own state: no collection.
    const ProgramState line = p.stateAt(2);
    EXPECT_EQ(line.gc.phase, GcPhase::None);
    ASSERT_EQ(line.objects.size(), 3u);
    EXPECT_EQ(line.objects[0].refcnt, 2);
    EXPECT_EQ(line.objects[2].generation, 1);

    // Start: young merged into generation 2 (c came from 1), the counts of
    // the generations collected back to 0, ob_refcnt as the collector saw it.
    const ProgramState start = p.stateAt(3);
    EXPECT_EQ(start.gc.phase, GcPhase::Start);
    EXPECT_EQ(start.gc.collectingGeneration, 2);
    EXPECT_EQ(start.frames, line.frames);
    for (int g = 0; g < 3; ++g) {
        EXPECT_EQ(start.gc.generations[g].count, 0) << g;
        EXPECT_EQ(start.gc.generations[g].threshold, line.gc.generations[g].threshold) << g;
    }
    EXPECT_EQ(start.gc.generations[2].objects, (std::vector<ObjId>{1, 2, 3}));
    EXPECT_TRUE(start.gc.generations[1].objects.empty());
    for (const ObjectState& o : start.objects) {
        EXPECT_EQ(o.generation, 2) << o.id;
        EXPECT_EQ(o.refcnt, 1) << o.id;
        EXPECT_FALSE(o.collecting) << o.id;
    }

    // update_refs: gc_refs = ob_refcnt, everything collecting.
    const ProgramState update = p.stateAt(4);
    for (const ObjectState& o : update.objects) {
        EXPECT_TRUE(o.collecting) << o.id;
        EXPECT_EQ(o.gcRefs, 1) << o.id;
    }
    // subtract_refs: a and b hold each other's only reference.
    const ProgramState subtract = p.stateAt(5);
    EXPECT_EQ(subtract.gc.phase, GcPhase::SubtractRefs);
    EXPECT_EQ(subtract.find(1)->gcRefs, 0);
    EXPECT_EQ(subtract.find(2)->gcRefs, 0);
    EXPECT_EQ(subtract.find(3)->gcRefs, 1);

    // move_unreachable: a and b on the unreachable list, c scanned.
    const ProgramState moved = p.stateAt(6);
    EXPECT_EQ(moved.gc.phase, GcPhase::MoveUnreachable);
    EXPECT_EQ(moved.gc.unreachable, (std::vector<ObjId>{1, 2}));
    EXPECT_EQ(moved.gc.generations[2].objects, (std::vector<ObjId>{3}));
    for (ObjId id : {1u, 2u}) {
        const ObjectState& o = *moved.find(id);
        EXPECT_EQ(o.generation, 3) << id;
        EXPECT_TRUE(o.unreachable) << id;
        EXPECT_TRUE(o.collecting) << id;
        EXPECT_EQ(o.gcRefs, 0) << id;
    }
    const ObjectState& c = *moved.find(3);
    EXPECT_EQ(c.generation, 2);
    EXPECT_FALSE(c.unreachable);
    EXPECT_FALSE(c.collecting);
    EXPECT_EQ(c.gcRefs, 1);

    // delete_garbage: a and b are gone (their blocks are free at event 7),
    // c survives in generation 2; the unreachable list is empty.
    for (size_t k : {7u, 8u}) {
        const ProgramState after = p.stateAt(k);
        ASSERT_EQ(after.objects.size(), 1u) << k;
        EXPECT_EQ(after.objects[0].id, 3u);
        EXPECT_EQ(after.objects[0].generation, 2);
        EXPECT_FALSE(after.objects[0].collecting);
        EXPECT_TRUE(after.gc.unreachable.empty());
        EXPECT_EQ(after.gc.generations[2].objects, (std::vector<ObjId>{3}));
        EXPECT_EQ(after.frames, line.frames);
    }
    EXPECT_EQ(p.stateAt(7).gc.phase, GcPhase::DeleteGarbage);
    EXPECT_EQ(p.stateAt(8).gc.phase, GcPhase::Done);

    // The next line is the recording's again, the collector idle.
    const ProgramState next = p.stateAt(9);
    EXPECT_EQ(next.gc.phase, GcPhase::None);
    EXPECT_EQ(next.gc.collectingGeneration, -1);
    ASSERT_EQ(next.objects.size(), 1u);
    EXPECT_EQ(next.objects[0].refcnt, 1);
    EXPECT_EQ(next.objects[0].generation, 2);
    EXPECT_FALSE(next.objects[0].collecting);
    EXPECT_EQ(next.output, "");
    EXPECT_EQ(p.stateAt(10).output, "done\n");
}

TEST(CollectionSteps, TheCursorShowsThePhasesWithTheHeapAtTheirEvents) {
    Cursor cursor(opened(plus(kCycleHead, kFullCollection)));
    cursor.seekStep(6);  // move_unreachable: a and b not freed yet
    EXPECT_EQ(cursor.step(), 5u);
    EXPECT_EQ(cursor.programStep(), 6u);
    EXPECT_EQ(cursor.programState().gc.unreachable.size(), 2u);
    EXPECT_TRUE(cursor.timeline().allocator().isAllocatedBlock(0x7f0000000030));
    cursor.seekStep(7);  // delete_garbage: freed
    EXPECT_EQ(cursor.step(), 7u);
    EXPECT_FALSE(cursor.timeline().allocator().isAllocatedBlock(0x7f0000000030));
    EXPECT_EQ(cursor.programState().objects.size(), 1u);
    cursor.seek(6);  // inside the collection's frees: delete_garbage in progress
    EXPECT_EQ(cursor.programStep(), 7u);
}

TEST(CollectionSteps, AYoungCollectionPromotesItsSurvivorsAndCountsLikeGcCollectMain) {
    // Generation 0 of a and b only (c is in generation 1, not in young), and
    // b held from outside: nothing unreachable; b's survivors move to 1.
    const auto in = opened(plus(kCycleHead, {
                                                "gc_start 0",
                                                "young 2 1",
                                                "gco 0x7f0000000040 0x7f0000000030 2 - list",
                                                "gcr 1",
                                                "gco 0x7f0000000080 0x7f0000000070 2 - list",
                                                "gcr 0 2",
                                                "gco 0x7f00000000c0 0x7f00000000b0 1 - dict",
                                                "gc_stop 0 0 0",
                                            }));
    const ProgramSteps& p = *in->program;
    EXPECT_EQ(shapes(p), (std::vector<Shape>{
                             {kLine, kNone, 0, {}},
                             {kLine, kNone, 5, {}},
                             {kGc, GcPhase::Start, 5, {0, 2}},
                             {kGc, GcPhase::UpdateRefs, 5, {}},
                             {kGc, GcPhase::SubtractRefs, 5, {}},
                             {kGc, GcPhase::MoveUnreachable, 5, {0, 2}},
                             {kGc, GcPhase::DeleteGarbage, 5, {0}},
                             {kGc, GcPhase::Done, 5, {0}},
                         }));
    EXPECT_EQ(p.steps()[7].text, "done: 0 unreachable found");  // not a full collection
    const ProgramState start = p.stateAt(3);
    EXPECT_EQ(start.gc.generations[0].count, 0);
    EXPECT_EQ(start.gc.generations[1].count, 4);  // 3, and this collection
    EXPECT_EQ(start.gc.generations[2].count, 1);
    EXPECT_EQ(start.gc.collectingGeneration, 0);
    // c is outside young: the collection does not mark it.
    EXPECT_EQ(start.find(3)->generation, 1);
    const ProgramState subtract = p.stateAt(5);
    EXPECT_EQ(subtract.find(1)->gcRefs, 1);
    EXPECT_EQ(subtract.find(2)->gcRefs, 1);
    EXPECT_FALSE(subtract.find(3)->collecting);
    const ProgramState done = p.stateAt(8);
    EXPECT_EQ(done.objects.size(), 3u);
    EXPECT_EQ(done.gc.generations[1].objects, (std::vector<ObjId>{1, 2, 3}));
    EXPECT_TRUE(done.gc.generations[0].objects.empty());
}

TEST(CollectionSteps, NoStepsWithoutAGraphOrBeforeTheFirstStep) {
    // Over the recorder's cap: the collection has no phases to show.
    const auto capped = opened(plus(kCycleHead, {"gc_start 2", "young 3000000 -", "gc_stop 2 0 0"}));
    EXPECT_EQ(capped->program->stepCount(), 2u);
    // Before the first step: no state to mark.
    const auto early = opened({"pymalloc-trace 1", "# python 3.11.7 (main) [GCC]", "file 1 /p.py",
                               "source 1 x = 1", "arena_alloc 0x7f0000000000 1048576", "gc_start 0",
                               "young 1 0", "gco 0x7f0000000040 0x7f0000000030 1 - list", "gc_stop 0 0 0",
                               "step 1 1", "frame <module> 1"});
    ASSERT_EQ(early->program->stepCount(), 1u);
    EXPECT_EQ(early->program->steps()[0].kind, ProgramStepKind::Statement);
}

TEST(CollectionSteps, StepsTakenInsideACollectionComeBetweenItsPhases) {
    // A __del__ of the user's file runs while the garbage is finalized (here
    // standing on line 3): its step comes after move_unreachable found the
    // garbage, before delete_garbage.
    const auto in = opened(plus(kCycleHead, {
                                                "gc_start 2",
                                                "young 2 0",
                                                "gco 0x7f0000000040 0x7f0000000030 1 f list",
                                                "gcr 1",
                                                "gco 0x7f0000000080 0x7f0000000070 1 - list",
                                                "gcr 0",
                                                "step 1 3",
                                                "frame <module> 2",
                                                "frame __del__ 3",
                                                "out 1 bye\\n",
                                                "free obj 0x7f0000000030",
                                                "free obj 0x7f0000000070",
                                                "gc_stop 2 2 0",
                                            }));
    const ProgramSteps& p = *in->program;
    EXPECT_EQ(shapes(p), (std::vector<Shape>{
                             {kLine, kNone, 0, {}},
                             {kLine, kNone, 5, {}},
                             {kGc, GcPhase::Start, 5, {2, 2}},
                             {kGc, GcPhase::UpdateRefs, 5, {}},
                             {kGc, GcPhase::SubtractRefs, 5, {}},
                             {kGc, GcPhase::MoveUnreachable, 5, {2, 0}},
                             {kLine, kNone, 5, {}},
                             {kGc, GcPhase::DeleteGarbage, 7, {2}},
                             {kGc, GcPhase::Done, 7, {2}},
                             {kEnd, kNone, 7, {}},
                         }));
    EXPECT_EQ(p.steps()[5].line, 2);
    EXPECT_EQ(p.steps()[6].line, 3);
    EXPECT_EQ(p.steps()[7].line, 2);  // the collection's line again
    // The finalizer's step is the recording's own; by delete_garbage it has
    // returned: the phase goes on from where move_unreachable left line 2's
    // objects, and takes a and b away.
    EXPECT_EQ(p.stateAt(7).gc.phase, GcPhase::None);
    EXPECT_EQ(p.stateAt(7).frames.size(), 2u);
    const ProgramState moved = p.stateAt(6);
    const ProgramState deleted = p.stateAt(8);
    EXPECT_EQ(deleted.gc.phase, GcPhase::DeleteGarbage);
    EXPECT_EQ(deleted.frames, moved.frames);
    EXPECT_EQ(deleted.find(1), nullptr);
    EXPECT_EQ(deleted.find(2), nullptr);
    ASSERT_NE(deleted.find(3), nullptr);
    EXPECT_EQ(*deleted.find(3), *moved.find(3));  // c: not in young, untouched
    EXPECT_EQ(deleted.output, "bye\n");
    EXPECT_EQ(p.stateAt(9).gc.phase, GcPhase::Done);
}

TEST(CollectionSteps, TwoCollectionsInOneLineFollowEachOther) {
    // gc.collect() twice on line 2: the second starts where the first left
    // the objects (a and b gone), not from the line's own state.
    std::vector<std::string> lines = kCycleHead;
    for (const char* l : {"gc_start 2", "young 2 0", "gco 0x7f0000000040 0x7f0000000030 1 - list", "gcr 1",
                                 "gco 0x7f0000000080 0x7f0000000070 1 - list", "gcr 0",
                                 "free obj 0x7f0000000030", "free obj 0x7f0000000070", "gc_stop 2 2 0",
                                 "gc_start 2", "young 1 0", "gco 0x7f00000000c0 0x7f00000000b0 1 - dict",
                                 "gc_stop 2 0 0"})
        lines.push_back(l);
    const auto in = opened(lines);
    const ProgramSteps& p = *in->program;
    ASSERT_EQ(p.stepCount(), 15u);  // two lines, two collections, the end
    EXPECT_EQ(p.steps()[8].phase, GcPhase::Start);
    EXPECT_EQ(p.steps()[8].numbers, (std::vector<int64_t>{2, 1}));
    const ProgramState second = p.stateAt(9);
    ASSERT_EQ(second.objects.size(), 1u);
    EXPECT_EQ(second.objects[0].id, 3u);
    EXPECT_EQ(p.stateAt(12).find(3)->gcRefs, 1);
    EXPECT_EQ(p.stateAt(14).gc.phase, GcPhase::Done);
}

TEST(CollectionSteps, ACollectionInsideAStepRecordFollowsTheWholeRecord) {
    // The recorder took line 2's step while the collection ran (its own
    // events wait until after the record): the record goes on after
    // gc_stop, and the phases mark its objects, the last ones written too.
    // b is held from outside young: nothing is unreachable.
    std::vector<std::string> lines(kCycleHead.begin(), kCycleHead.begin() + 20);  // up to b's obj line
    for (const char* l : {"gc_start 0", "young 2 0", "gco 0x7f0000000040 0x7f0000000030 1 - list", "gcr 1",
                          "gco 0x7f0000000080 0x7f0000000070 2 - list", "gcr 0", "gc_stop 0 0 0",
                          "obj 0x7f0000000080 0x7f0000000070 list 72 2 0 len 1", "ref 0x7f0000000080 0x7f0000000040 [0]",
                          "obj 0x7f00000000c0 0x7f00000000b0 dict 64 1 1 len 0", "free obj 0x7f0000000030"})
        lines.push_back(l);
    const auto in = opened(lines);
    const ProgramSteps& p = *in->program;
    EXPECT_EQ(shapes(p), (std::vector<Shape>{
                             {kLine, kNone, 0, {}},
                             {kLine, kNone, 5, {}},
                             {kGc, GcPhase::Start, 5, {0, 2}},
                             {kGc, GcPhase::UpdateRefs, 5, {}},
                             {kGc, GcPhase::SubtractRefs, 5, {}},
                             {kGc, GcPhase::MoveUnreachable, 5, {0, 2}},
                             {kGc, GcPhase::DeleteGarbage, 5, {0}},
                             {kGc, GcPhase::Done, 5, {0}},
                             {kEnd, kNone, 6, {}},
                         }));
    EXPECT_EQ(in->collectionsSummary.proven, 1u);
    EXPECT_EQ(p.stateAt(2).objects.size(), 3u);  // the whole record
    const ProgramState moved = p.stateAt(6);
    ASSERT_EQ(moved.objects.size(), 3u);
    EXPECT_TRUE(moved.gc.unreachable.empty());
    EXPECT_EQ(moved.gc.generations[0].objects, (std::vector<ObjId>{1, 2}));
    EXPECT_EQ(moved.find(2)->gcRefs, 1);
    EXPECT_EQ(moved.find(1)->gcRefs, 1);  // reached from b: visit_reachable's 1
    EXPECT_EQ(moved.find(3)->generation, 1);
    // The survivors move on to generation 1, where c is.
    EXPECT_EQ(p.stateAt(8).gc.generations[1].objects, (std::vector<ObjId>{1, 2, 3}));
}

TEST(CollectionSteps, NoneAfterTheStepLimit) {
    // The recorder took no more steps: the program's state is not known.
    const auto in = opened(plus(kCycleHead, {"limit steps 2", "gc_start 2", "young 1 0",
                                             "gco 0x7f00000000c0 0x7f00000000b0 1 - dict", "gc_stop 2 0 0"}));
    EXPECT_EQ(in->program->stepCount(), 2u);
    EXPECT_EQ(in->collectionsSummary.collections, 1u);
}

// Line 2 deletes a and b, line 3 calls gc.collect(): line 3's step holds
// only c (the recorder writes what the names reach), so the cycle the
// collection finds is in its graph only.
std::vector<std::string> unshownCycle(const std::vector<std::string>& collection) {
    std::vector<std::string> lines = {
        "pymalloc-trace 1",
        "# python 3.11.7 (main) [GCC]",
        "file 1 /home/ana/cycle.py",
        "source 1 a = []; b = [a]; a.append(b); c = {}",
        "source 2 del a, b",
        "source 3 gc.collect()",
        "step 1 1",
        "frame <module> 1",
        "arena_alloc 0x7f0000000000 1048576",
        "malloc obj 56 0x7f0000000030",
        "malloc obj 56 0x7f0000000070",
        "malloc obj 56 0x7f00000000b0",
        "malloc obj 56 0x7f00000000f0",
        "step 1 2",  // at event 5: a and b named, ids 1 and 2
        "frame <module> 2",
        "name 0 a 0x7f0000000040",
        "name 0 b 0x7f0000000080",
        "name 0 c 0x7f00000000c0",
        "obj 0x7f0000000040 0x7f0000000030 list 72 2 0 len 1",
        "ref 0x7f0000000040 0x7f0000000080 [0]",
        "obj 0x7f0000000080 0x7f0000000070 list 72 2 0 len 1",
        "ref 0x7f0000000080 0x7f0000000040 [0]",
        "obj 0x7f00000000c0 0x7f00000000b0 dict 64 1 1 len 0",
        "step 1 3",  // line 3: only c is named, a and b dropped
        "frame <module> 3",
        "name 0 c 0x7f00000000c0",
        "drop 0x7f0000000040",
        "drop 0x7f0000000080",
        "gc 650 3 1 700 10 10",
    };
    lines.insert(lines.end(), collection.begin(), collection.end());
    return lines;
}

const ObjectState* atBlock(const ProgramState& s, uint64_t block) {
    for (const ObjectState& o : s.objects)
        if (o.address == block)
            return &o;
    return nullptr;
}

TEST(CollectionSteps, GarbageTheStepDoesNotShowJoinsItFromTheGraph) {
    const auto in = opened(unshownCycle({
        "gc_start 2",
        "young 4 0",
        "gco 0x7f0000000040 0x7f0000000030 1 - list",
        "gcr 1",
        "gco 0x7f0000000080 0x7f0000000070 1 - list",
        "gcr 0 3",
        "gco 0x7f00000000c0 0x7f00000000b0 1 - dict",
        "gco 0x7f0000000100 0x7f00000000f0 2 - tuple",
        "free obj 0x7f0000000030",
        "free obj 0x7f0000000070",
        "gc_stop 2 2 0",
    }));
    EXPECT_EQ(in->collectionsSummary.proven, 1u) << in->collectionsSummary.firstUnprovenReason;
    const ProgramSteps& p = *in->program;
    ASSERT_EQ(p.stepCount(), 10u);  // three lines, six phases, the end
    EXPECT_EQ(p.steps()[6].phase, GcPhase::MoveUnreachable);
    EXPECT_EQ(p.steps()[6].numbers, (std::vector<int64_t>{2, 2}));

    // Line 3's own state: c only.
    const ProgramState line = p.stateAt(3);
    ASSERT_EQ(line.objects.size(), 1u);
    EXPECT_EQ(line.objects[0].id, 3u);

    // Start: a and b join the state from the graph, in generation 2 with c,
    // with ids no object of the recording has (1 and 2 were a's and b's
    // while their names held them; the recording's ids count from 1).
    const ProgramState start = p.stateAt(4);
    EXPECT_EQ(start.gc.phase, GcPhase::Start);
    ASSERT_EQ(start.objects.size(), 3u);
    const ObjectState* a = atBlock(start, 0x7f0000000030);
    const ObjectState* b = atBlock(start, 0x7f0000000070);
    ASSERT_NE(a, nullptr);
    ASSERT_NE(b, nullptr);
    const ObjId ida = a->id, idb = b->id;
    EXPECT_GT(ida, 3u);
    EXPECT_GT(idb, ida);  // in young's order
    EXPECT_LE(idb, ObjId(INT32_MAX));  // the views hold an id in an int
    EXPECT_EQ(start.find(ida), a);     // the state is still in id order
    EXPECT_EQ(start.find(idb), b);
    EXPECT_EQ(a->type, "list");
    EXPECT_EQ(a->refcnt, 1);
    EXPECT_TRUE(a->gcTracked);
    EXPECT_FALSE(a->isStatic);
    EXPECT_EQ(a->generation, 2);
    EXPECT_EQ(start.gc.generations[2].objects, (std::vector<ObjId>{3, ida, idb}));
    EXPECT_EQ(start.objectsLeftOut, 0u);
    // Their references as the collector traverses them: a to b, b to a and
    // to the tuple, which is reachable and not shown (counted, as a
    // recording counts what it leaves out).
    ASSERT_EQ(a->refs.size(), 1u);
    EXPECT_EQ(a->refs[0].target, idb);
    EXPECT_EQ(a->refs[0].label, "ref");
    EXPECT_EQ(a->refsOmitted, 0u);
    ASSERT_EQ(b->refs.size(), 1u);
    EXPECT_EQ(b->refs[0].target, ida);
    EXPECT_EQ(b->refsOmitted, 1u);
    EXPECT_EQ(atBlock(start, 0x7f00000000f0), nullptr);  // reachable: not added

    // subtract_refs: their only references are each other's.
    const ProgramState subtract = p.stateAt(6);
    EXPECT_EQ(subtract.find(ida)->gcRefs, 0);
    EXPECT_EQ(subtract.find(idb)->gcRefs, 0);
    EXPECT_TRUE(subtract.find(ida)->collecting);

    // move_unreachable: on the unreachable list, as shown garbage is.
    const ProgramState moved = p.stateAt(7);
    EXPECT_EQ(moved.gc.phase, GcPhase::MoveUnreachable);
    EXPECT_EQ(moved.gc.unreachable, (std::vector<ObjId>{ida, idb}));
    EXPECT_EQ(moved.gc.generations[2].objects, (std::vector<ObjId>{3}));
    for (ObjId id : {ida, idb}) {
        const ObjectState* o = moved.find(id);
        ASSERT_NE(o, nullptr) << id;
        EXPECT_EQ(o->generation, 3) << id;
        EXPECT_TRUE(o->unreachable) << id;
        EXPECT_EQ(o->gcRefs, 0) << id;
    }
    EXPECT_EQ(moved.find(ida)->refs[0].target, idb);
    EXPECT_EQ(moved.find(idb)->refs[0].target, ida);
    EXPECT_EQ(moved.find(3)->gcRefs, 1);

    // delete_garbage and done: gone, as shown garbage goes.
    for (size_t k : {8u, 9u}) {
        const ProgramState after = p.stateAt(k);
        ASSERT_EQ(after.objects.size(), 1u) << k;
        EXPECT_EQ(after.objects[0].id, 3u) << k;
        EXPECT_TRUE(after.gc.unreachable.empty()) << k;
        EXPECT_EQ(after.objectsLeftOut, 0u) << k;
    }
}

TEST(CollectionSteps, GarbageOverTheCapIsCountedAsLeftOutUntilItIsFreed) {
    // 250 lists, each referring to itself, in young after c; none shown.
    const size_t n = kCollectionGarbageShown + 50;
    std::vector<std::string> collection = {"gc_start 2", "young " + std::to_string(n + 1) + " 0",
                                           "gco 0x7f00000000c0 0x7f00000000b0 1 - dict"};
    auto hex = [](uint64_t v) {
        char s[32];
        std::snprintf(s, sizeof s, "0x%llx", static_cast<unsigned long long>(v));
        return std::string(s);
    };
    auto blockOf = [](size_t k) { return uint64_t(0x7f0000100000) + 64 * k; };
    for (size_t k = 0; k < n; ++k) {
        collection.push_back("gco " + hex(blockOf(k) + 16) + " " + hex(blockOf(k)) + " 1 - list");
        collection.push_back("gcr " + std::to_string(k + 1));
    }
    collection.push_back("gc_stop 2 " + std::to_string(n) + " 0");
    const auto in = opened(unshownCycle(collection));
    const ProgramSteps& p = *in->program;
    ASSERT_EQ(p.stepCount(), 9u);  // three lines, six phases (no event after)
    EXPECT_EQ(p.steps()[6].phase, GcPhase::MoveUnreachable);
    EXPECT_EQ(p.steps()[6].numbers, (std::vector<int64_t>{int64_t(n), 1}));

    const ProgramState moved = p.stateAt(7);
    ASSERT_EQ(moved.objects.size(), 1 + kCollectionGarbageShown);  // c and the cap
    EXPECT_EQ(moved.gc.unreachable.size(), kCollectionGarbageShown);
    EXPECT_EQ(moved.objectsLeftOut, 50u);
    // The first ones in young's order, each referring to itself.
    for (size_t k = 0; k < n; ++k) {
        const ObjectState* o = atBlock(moved, blockOf(k));
        if (k >= kCollectionGarbageShown) {
            EXPECT_EQ(o, nullptr) << k;
            continue;
        }
        ASSERT_NE(o, nullptr) << k;
        EXPECT_EQ(o->generation, 3) << k;
        ASSERT_EQ(o->refs.size(), 1u) << k;
        EXPECT_EQ(o->refs[0].target, o->id) << k;
    }
    EXPECT_EQ(p.stateAt(4).objectsLeftOut, 50u);  // from Start, as they join
    // Freed, they are no longer left out.
    const ProgramState deleted = p.stateAt(8);
    EXPECT_EQ(deleted.objects.size(), 1u);
    EXPECT_EQ(deleted.objectsLeftOut, 0u);
}

} // namespace
} // namespace arenascope
