// A recording's collections in the GC view (model/program/collectionsteps.h):
// its Collection steps read as the engine's do (gcPhaseText, in English the
// model's text, in Portuguese translated) and gcSceneFrom marks the objects
// the step shows, and the garbage it does not, drawn from the graph; for a
// handwritten recording and for real programs run on the build's interpreter.
#include "app/gui/interpreters.h"
#include "model/program/collections.h"
#include "model/session/input.h"
#include "recorder/recorder.h"
#include "testsupport.h"
#include "views/gcphasetext.h"
#include "views/scenarioscene.h"

#include <QCoreApplication>
#include <QTranslator>
#include <gtest/gtest.h>

#include <algorithm>

using namespace arenascope;

namespace {

// Installs the shipped Portuguese catalogue for the scope only.
class Portuguese {
public:
    Portuguese() {
        loaded_ = translator_.load(QStringLiteral(":/i18n/arenascope_pt_BR"));
        if (loaded_)
            QCoreApplication::installTranslator(&translator_);
    }
    ~Portuguese() { QCoreApplication::removeTranslator(&translator_); }
    bool loaded() const { return loaded_; }

private:
    QTranslator translator_;
    bool loaded_ = false;
};

// Lists a (id 1) and b (id 2) hold each other and c (id 3) is held from
// outside; line 2 deletes a and b and calls gc.collect(). Blocks of a 3.11
// arena's first pool, each object 16 bytes into its block.
const char* const kCycle =
    "pymalloc-trace 1\n"
    "# python 3.11.7 (main) [GCC]\n"
    "file 1 /home/ana/cycle.py\n"
    "source 1 a = []; b = [a]; a.append(b); c = {}\n"
    "source 2 del a, b; gc.collect()\n"
    "arena_alloc 0x7f0000000000 1048576\n"
    "malloc obj 56 0x7f0000000030\n"
    "malloc obj 56 0x7f0000000070\n"
    "malloc obj 56 0x7f00000000b0\n"
    "step 1 2\n"
    "frame <module> 2\n"
    "name 0 a 0x7f0000000040\n"
    "name 0 b 0x7f0000000080\n"
    "name 0 c 0x7f00000000c0\n"
    "obj 0x7f0000000040 0x7f0000000030 list 72 2 0 len 1\n"
    "ref 0x7f0000000040 0x7f0000000080 [0]\n"
    "obj 0x7f0000000080 0x7f0000000070 list 72 2 0 len 1\n"
    "ref 0x7f0000000080 0x7f0000000040 [0]\n"
    "obj 0x7f00000000c0 0x7f00000000b0 dict 64 1 1 len 0\n"
    "gc_start 2\n"
    "young 3 0\n"
    "gco 0x7f0000000040 0x7f0000000030 1 - list\n"
    "gcr 1\n"
    "gco 0x7f0000000080 0x7f0000000070 1 - list\n"
    "gcr 0\n"
    "gco 0x7f00000000c0 0x7f00000000b0 1 - dict\n"
    "free obj 0x7f0000000030\n"
    "free obj 0x7f0000000070\n"
    "gc_stop 2 2 0\n";

// The first step of `phase` at or after step `from` (0: none).
size_t stepOf(const ProgramSteps& p, GcPhase phase, size_t from = 1) {
    for (size_t k = std::max<size_t>(from, 1); k <= p.stepCount(); ++k)
        if (p.steps()[k - 1].kind == ProgramStepKind::Collection && p.steps()[k - 1].phase == phase)
            return k;
    return 0;
}

const views::GcObject* sceneObject(const views::GcScene& s, int id) {
    for (const views::GcObject& o : s.objects)
        if (o.id == id)
            return &o;
    return nullptr;
}

// The GUI's sentence of every Collection step is the model's text, as for
// a scenario (Translations.CollectorPhasesKeepTheModelsEnglishAndReadInPortuguese).
void expectTextsAreTheModels(const ProgramSteps& p) {
    for (size_t k = 1; k <= p.stepCount(); ++k) {
        const ProgramStep& s = p.steps()[k - 1];
        if (s.kind == ProgramStepKind::Collection) {
            EXPECT_EQ(views::scenarioStepText(p, k).toStdString(), s.text) << "step " << k;
        }
    }
}

TEST(RecordedGc, PhasesMarkTheObjectsTheStepShowsAsTheEnginesDo) {
    const test::TempFile file(".trace", kCycle);
    const auto in = openInput(file.path());
    ASSERT_TRUE(in->hasProgram());
    const ProgramSteps& p = *in->program;
    ASSERT_EQ(p.stepCount(), 8u);  // the line, six phases, the end
    expectTextsAreTheModels(p);
    EXPECT_EQ(views::scenarioStepText(p, 2), QStringLiteral("collect generation 2: 3 objects in young"));

    // Start: the collection is on, nothing marked yet.
    const views::GcScene start = views::gcSceneFrom(p.stateAt(2));
    EXPECT_EQ(start.collecting, 2);
    EXPECT_EQ(start.phase, QStringLiteral("start"));
    for (const views::GcObject& o : start.objects)
        EXPECT_EQ(o.mark, views::GcObject::Mark::None) << o.id;

    // subtract_refs: all in young, gc_refs 0 0 1.
    const views::GcScene subtract = views::gcSceneFrom(p.stateAt(4));
    EXPECT_EQ(subtract.phase, QStringLiteral("subtract_refs"));
    ASSERT_EQ(subtract.objects.size(), 3u);
    const int64_t refs[] = {0, 0, 1};
    for (int id = 1; id <= 3; ++id) {
        const views::GcObject* o = sceneObject(subtract, id);
        ASSERT_NE(o, nullptr) << id;
        EXPECT_EQ(o->gcRefs, refs[id - 1]) << id;
        EXPECT_EQ(o->refcnt, 1) << id;  // as the collector saw it: the names are gone
        EXPECT_EQ(o->mark, views::GcObject::Mark::Reachable) << id;
    }

    // move_unreachable: a and b hatched in the column collected, c kept.
    const views::GcScene moved = views::gcSceneFrom(p.stateAt(5));
    EXPECT_EQ(moved.phase, QStringLiteral("move_unreachable"));
    for (int id : {1, 2}) {
        const views::GcObject* o = sceneObject(moved, id);
        ASSERT_NE(o, nullptr) << id;
        EXPECT_EQ(o->mark, views::GcObject::Mark::Unreachable) << id;
        EXPECT_EQ(o->generation, 2) << id;
        EXPECT_EQ(o->gcRefs, 0) << id;
    }
    ASSERT_NE(sceneObject(moved, 3), nullptr);
    EXPECT_EQ(sceneObject(moved, 3)->mark, views::GcObject::Mark::Reachable);
    EXPECT_EQ(views::scenarioStepText(p, 5), QStringLiteral("move_unreachable: 2 unreachable, 1 reachable"));

    // delete_garbage: a and b are gone; the names still point where they were.
    const views::GcScene deleted = views::gcSceneFrom(p.stateAt(6));
    EXPECT_EQ(deleted.phase, QStringLiteral("delete_garbage"));
    EXPECT_EQ(sceneObject(deleted, 1), nullptr);
    EXPECT_EQ(sceneObject(deleted, 2), nullptr);
    EXPECT_NE(sceneObject(deleted, 3), nullptr);

    Portuguese pt;
    ASSERT_TRUE(pt.loaded());
    EXPECT_EQ(views::scenarioStepText(p, 2), QStringLiteral("coleta da gera\u00e7\u00e3o 2: 3 objetos na lista young"));
    ProgramStep one = p.steps()[1];
    one.numbers = {0, 1};
    EXPECT_EQ(views::gcPhaseText(one), QStringLiteral("coleta da gera\u00e7\u00e3o 0: 1 objeto na lista young"));
}

TEST(RecordedGc, ARealCycleCollectedShowsItsPhasesOnItsObjects) {
    if (!app::haveBuiltRecorder())
        GTEST_SKIP() << "this build has no recorder (python3-dev)";
    test::TempDir dir;
    recorder::RecordOptions o;
    o.script = dir.write("cycle.py",
                         "import gc\n"
                         "a = []; b = [a]; a.append(b)\n"
                         "del a, b; gc.collect()\n"
                         "print('done')\n");
    o.out = dir.file("cycle.trace");
    o.sourceLines = o.steps = true;
    o.outputFile = dir.file("cycle.out");
    ASSERT_EQ(recorder::recordScript(o).status, 0) << test::readFile(o.outputFile);
    const auto in = openInput(o.out);
    ASSERT_TRUE(in->hasProgram());
    const ProgramSteps& p = *in->program;
    expectTextsAreTheModels(p);

    // gc.collect() on line 3: the six phases in a row, on that line.
    size_t start = 0;
    for (size_t k = stepOf(p, GcPhase::Start); k && !start; k = stepOf(p, GcPhase::Start, k + 1))
        if (p.steps()[k - 1].line == 3 && p.steps()[k - 1].generation == 2)
            start = k;
    ASSERT_GT(start, 0u) << "no collection of generation 2 on line 3";
    ASSERT_LE(start + 5, p.stepCount());
    const GcPhase order[] = {GcPhase::Start,           GcPhase::UpdateRefs,    GcPhase::SubtractRefs,
                             GcPhase::MoveUnreachable, GcPhase::DeleteGarbage, GcPhase::Done};
    for (size_t i = 0; i < 6; ++i) {
        EXPECT_EQ(p.steps()[start - 1 + i].phase, order[i]) << i;
        EXPECT_EQ(p.steps()[start - 1 + i].line, 3) << i;
    }
    const ProgramStep& first = p.steps()[start - 1];
    const ProgramStep& move = p.steps()[start + 2];
    const ProgramStep& del = p.steps()[start + 3];
    const ProgramStep& done = p.steps()[start + 4];

    // The numbers are the collection's, over its whole young list.
    const auto c = std::find_if(in->collections->begin(), in->collections->end(),
                                [&](const Collection& x) { return x.startEvent == first.eventEnd && x.generation == 2; });
    ASSERT_NE(c, in->collections->end());
    ASSERT_TRUE(c->hasGraph);
    EXPECT_EQ(done.eventEnd, c->stopEvent);
    EXPECT_EQ(move.eventEnd, c->startEvent);
    const CollectionPhases phases = runPhases(*c);
    const int64_t unreachable = std::count(phases.unreachable.begin(), phases.unreachable.end(), 1);
    const int64_t young = int64_t(c->youngCount);
    EXPECT_GT(young, 100);  // the interpreter's own objects too
    EXPECT_EQ(first.numbers, (std::vector<int64_t>{2, young}));
    EXPECT_EQ(move.numbers, (std::vector<int64_t>{unreachable, young - unreachable}));
    EXPECT_GE(unreachable, 2);
    EXPECT_EQ(done.numbers, (std::vector<int64_t>{int64_t(c->collected)}));
    EXPECT_EQ(views::scenarioStepText(p, start),
              QStringLiteral("collect generation 2: %1 objects in young").arg(young));
    EXPECT_EQ(views::scenarioStepText(p, start + 3),
              QStringLiteral("move_unreachable: %1 unreachable, %2 reachable").arg(unreachable).arg(young - unreachable));
    EXPECT_EQ(views::scenarioStepText(p, start + 4),
              QStringLiteral("delete_garbage: tp_clear on %1 unreachable objects; reference counting frees them")
                  .arg(del.numbers.at(0)));
    EXPECT_EQ(views::scenarioStepText(p, start + 5),
              QStringLiteral("done: %1 unreachable found; free lists cleared").arg(c->collected));

    // Line 3's step shows a and b (named still): move_unreachable marks them.
    const ProgramState line = p.stateAt(start - 1);
    std::vector<ObjId> named;
    for (const auto& [name, id] : line.frames.at(0).locals)
        if (name == "a" || name == "b")
            named.push_back(id);
    ASSERT_EQ(named.size(), 2u);
    const views::GcScene scene = views::gcSceneFrom(p.stateAt(start + 3));
    EXPECT_EQ(scene.collecting, 2);
    EXPECT_EQ(scene.phase, QStringLiteral("move_unreachable"));
    for (ObjId id : named) {
        const views::GcObject* obj = sceneObject(scene, int(id));
        ASSERT_NE(obj, nullptr) << id;
        EXPECT_EQ(obj->type, QStringLiteral("list"));
        EXPECT_EQ(obj->mark, views::GcObject::Mark::Unreachable) << id;
        EXPECT_EQ(obj->gcRefs, 0) << id;
    }
    // And they are gone once delete_garbage has freed them.
    const views::GcScene after = views::gcSceneFrom(p.stateAt(start + 4));
    for (ObjId id : named)
        EXPECT_EQ(sceneObject(after, int(id)), nullptr) << id;
}

// Whether `to` is reached from `from` by the scene's arrows through objects
// marked `mark`.
bool reaches(const views::GcScene& s, int from, int to, views::GcObject::Mark mark) {
    std::vector<int> todo{from}, seen;
    while (!todo.empty()) {
        const views::GcObject* o = sceneObject(s, todo.back());
        todo.pop_back();
        if (!o || o->mark != mark || std::count(seen.begin(), seen.end(), o->id))
            continue;
        seen.push_back(o->id);
        for (int r : o->refs) {
            if (r == to)
                return true;
            todo.push_back(r);
        }
    }
    return false;
}

TEST(RecordedGc, GarbageNoNameReachesIsDrawnMarkedUnreachable) {
    // `del a, b` on its own line: the line that calls gc.collect() names
    // neither Node, so its step does not hold them; the collection's steps
    // add them from its graph, hatched, with the arrows of their cycle.
    if (!app::haveBuiltRecorder())
        GTEST_SKIP() << "this build has no recorder (python3-dev)";
    test::TempDir dir;
    recorder::RecordOptions o;
    o.script = test::dataPath("classroom/35_reference_cycle_gc.py");
    o.out = dir.file("cycle.trace");
    o.sourceLines = o.steps = true;
    o.outputFile = dir.file("cycle.out");
    ASSERT_EQ(recorder::recordScript(o).status, 0) << test::readFile(o.outputFile);
    const auto in = openInput(o.out);
    ASSERT_TRUE(in->hasProgram());
    const ProgramSteps& p = *in->program;

    // print("unreachable found:", gc.collect()) on line 15: the collection
    // that finds the cycle.
    size_t move = 0;
    for (size_t k = stepOf(p, GcPhase::MoveUnreachable); k && !move; k = stepOf(p, GcPhase::MoveUnreachable, k + 1))
        if (p.steps()[k - 1].line == 15)
            move = k;
    ASSERT_GT(move, 0u) << "no collection on line 15";
    ASSERT_EQ(p.steps()[move].phase, GcPhase::DeleteGarbage);
    const ProgramState line = p.stateAt(move - 4);  // the line's own step
    ASSERT_EQ(p.steps()[move - 5].kind, ProgramStepKind::Statement);
    for (const ObjectState& obj : line.objects)
        EXPECT_NE(obj.type, "Node") << "line 15's step holds a Node: the test needs them unnamed";

    const views::GcScene scene = views::gcSceneFrom(p.stateAt(move));
    EXPECT_EQ(scene.phase, QStringLiteral("move_unreachable"));
    EXPECT_EQ(scene.collecting, 2);
    std::vector<const views::GcObject*> nodes;
    for (const views::GcObject& g : scene.objects)
        if (g.type == QStringLiteral("Node"))
            nodes.push_back(&g);
    ASSERT_EQ(nodes.size(), 2u);
    for (const views::GcObject* n : nodes) {
        EXPECT_EQ(n->mark, views::GcObject::Mark::Unreachable) << n->id;
        EXPECT_EQ(n->gcRefs, 0) << n->id;
        EXPECT_EQ(n->generation, 2) << n->id;  // drawn in the column collected
        EXPECT_EQ(n->refcnt, 1) << n->id;      // each held by the other only
        EXPECT_NE(n->address, 0u) << n->id;
        EXPECT_GT(n->id, 0) << n->id;           // an id the view can select
    }
    // The cycle, drawn: each reaches the other through the garbage.
    EXPECT_TRUE(reaches(scene, nodes[0]->id, nodes[1]->id, views::GcObject::Mark::Unreachable));
    EXPECT_TRUE(reaches(scene, nodes[1]->id, nodes[0]->id, views::GcObject::Mark::Unreachable));
    // Everything the model finds unreachable is drawn: the step's state
    // holds all of it (fewer than the cap) and notes nothing left out.
    const int64_t unreachable = p.steps()[move - 1].numbers.at(0);
    EXPECT_EQ(int64_t(std::count_if(scene.objects.begin(), scene.objects.end(),
                                    [](const views::GcObject& g) { return g.mark == views::GcObject::Mark::Unreachable; })),
              unreachable);
    EXPECT_EQ(p.stateAt(move).objectsLeftOut, line.objectsLeftOut);

    // delete_garbage frees them: gone from the picture.
    const views::GcScene deleted = views::gcSceneFrom(p.stateAt(move + 1));
    for (const views::GcObject* n : nodes)
        EXPECT_EQ(sceneObject(deleted, n->id), nullptr);
    for (const views::GcObject& g : deleted.objects)
        EXPECT_NE(g.type, QStringLiteral("Node"));
}

} // namespace
