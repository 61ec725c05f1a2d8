// Scenarios in the window and in export: a scenario's events replay exactly,
// the Scenario dock steps scenario operations over the session, the GC view
// follows (and selects blocks), `--view gc` draws.
#include "app/cli/exportcommand.h"
#include "app/gui/exportdialog.h"
#include "app/gui/mainwindow.h"
#include "app/gui/scenariopanel.h"
#include "model/scenario/scenariorun.h"
#include "model/session/input.h"
#include "golden.h"
#include "views/gclayout.h"
#include "views/gcview.h"

#include <QDir>
#include <QDockWidget>
#include <QLabel>
#include <QListWidget>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <gtest/gtest.h>

#include <filesystem>
#include <sstream>

namespace arenascope {
namespace {

std::string builtIn(const std::string& name) { return std::string(ARENASCOPE_SCENARIOS "/") + name + ".py"; }

std::vector<std::string> builtInScenarios() {
    std::vector<std::string> names;
    for (const auto& e : std::filesystem::directory_iterator(ARENASCOPE_SCENARIOS))
        if (e.path().extension() == ".py")
            names.push_back(e.path().stem().string());
    std::sort(names.begin(), names.end());
    return names;
}

// The arenas and carved pools of two states, field by field.
void expectSameHeap(const Allocator& a, const AllocatorState& b, const std::string& where) {
    const AllocatorState& s = a.state();
    ASSERT_EQ(s.arenas.size(), b.arenas.size()) << where;
    for (size_t i = 0; i < s.arenas.size(); ++i) {
        EXPECT_EQ(s.arenas[i].address, b.arenas[i].address) << where << " arena " << i;
        EXPECT_EQ(s.arenas[i].nfreepools, b.arenas[i].nfreepools) << where << " arena " << i;
    }
    forEachCarvedPool(s, [&](size_t slot, unsigned) {
        const PoolHeader& p = s.pools[s.layout.sizeClasses + slot];
        const PoolHeader& q = b.pools[s.layout.sizeClasses + slot];
        EXPECT_EQ(p.count, q.count) << where << " pool slot " << slot;
        EXPECT_EQ(p.freeblock, q.freeblock) << where << " pool slot " << slot;
        EXPECT_EQ(p.nextoffset, q.nextoffset) << where << " pool slot " << slot;
    });
}

TEST(ScenarioTrace, EveryBuiltInScenarioReplaysExactly) {
    const auto names = builtInScenarios();
    ASSERT_GE(names.size(), 7u);
    for (const Profile& profile : allProfiles()) {
        if (scenario::scenarioProfileProblem(profile))
            continue;  // 3.6 and 3.7 run no scenarios
        for (const std::string& name : names) {
            const std::string where = name + " on " + profile.name;
            OpenOptions o;
            o.profileName = profile.name;
            const auto sc = openInput(builtIn(name), o);
            const LoadedTrace& t = *sc->trace;
            const ProgramSteps& program = *sc->program;
            std::vector<uint64_t> stepEnd;
            for (size_t k = 0; k <= program.stepCount(); ++k)
                stepEnd.push_back(program.eventEnd(k));
            EXPECT_EQ(t.mismatchCount, 0u) << where << ": " << (t.mismatches.empty() ? "" : t.mismatches[0].message);
            EXPECT_EQ(t.profile.name, profile.name) << where;
            ASSERT_EQ(stepEnd.size(), sc->stepCount() + 1) << where;
            EXPECT_EQ(stepEnd.front(), 0u) << where;
            EXPECT_EQ(stepEnd.back(), t.store->size()) << where;
            EXPECT_TRUE(std::is_sorted(stepEnd.begin(), stepEnd.end())) << where;
            size_t collections = 0;
            for (const ProgramStep& s : program.steps())
                collections += s.phase == GcPhase::Start;
            EXPECT_EQ(t.store->gcRuns().size(), collections) << where;
            // The trace's state after step k is the scenario's own.
            Timeline tl(sc->trace);
            const scenario::ScenarioRun run = scenario::ScenarioRun::fromFile(builtIn(name), profile);
            for (size_t k : {sc->stepCount() / 2, sc->stepCount()}) {
                tl.seek(stepEnd[k]);
                expectSameHeap(tl.allocator(), run.allocatorStateAt(k), where + " step " + std::to_string(k));
            }
        }
    }
}

TEST(ScenarioTrace, StepFollowsTheSessionAndStaysWhenItFits) {
    // Steps 2 to 4 are collection phases that allocate nothing.
    ProgramSteps end({}, ProgramState());
    for (uint64_t e : {3, 5, 5, 5, 9}) {
        ProgramStep s;
        s.eventEnd = e;
        end.add(s, ProgramState(), 0);
    }
    end.finish({}, false);
    EXPECT_EQ(end.stepAtEvent(0, 0), 0u);
    EXPECT_EQ(end.stepAtEvent(1, 0), 1u) << "inside step 1's events";
    EXPECT_EQ(end.stepAtEvent(5, 0), 2u) << "the first step that reaches 5";
    EXPECT_EQ(end.stepAtEvent(5, 4), 4u) << "step 4 also ends at 5: it stays";
    EXPECT_EQ(end.stepAtEvent(6, 4), 5u);
    EXPECT_EQ(end.stepAtEvent(9, 1), 5u);
    EXPECT_EQ(end.stepAtEvent(99, 1), 5u) << "clamped";
}

// The last step after which a collection is in `phase` (reference_cycle's
// first collection, before the cycle exists, finds nothing).
size_t stepOfPhase(const ProgramSteps& run, GcPhase phase) {
    for (size_t i = run.stepCount(); i > 0; --i)
        if (run.steps()[i - 1].phase == phase)
            return i;
    return 0;
}

class ScenarioWindow : public ::testing::Test {
protected:
    void SetUp() override {
        w_.setInteractive(false);
        w_.setInterpreter(app::Interpreter::model());  // scenarios: the engine's own steps
        QSignalSpy loaded(&w_, &app::MainWindow::traceLoaded);
        w_.openFile(QString::fromStdString(builtIn("reference_cycle")));
        ASSERT_TRUE(loaded.wait(20000));
        w_.show();
        ASSERT_TRUE(QTest::qWaitForWindowExposed(&w_));
    }
    app::ScenarioPanel& panel() { return *w_.scenarioPanel(); }
    // Clicks object `id` where the Collector dock draws it.
    void clickInGcView(int id) {
        views::GcView* gc = panel().gcView();
        w_.findChild<QDockWidget*>(QStringLiteral("gcDock"))->raise();
        gc->resize(1200, 900);
        views::GcLayout l;
        l.compute(gc->scene());
        QTest::mouseClick(gc->viewport(), Qt::LeftButton, {}, l.objectRect(id).center().toPoint());
    }
    // Writes `source` as a scenario file and opens it in the window.
    bool openSource(const char* source) {
        const QString path = dir_.filePath(QStringLiteral("scenario%1.py").arg(++files_));
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly) || f.write(source) < 0)
            return false;
        f.close();
        QSignalSpy loaded(&w_, &app::MainWindow::traceLoaded);
        w_.openFile(path);
        return loaded.wait(20000);
    }
    app::MainWindow w_;
    QTemporaryDir dir_;
    int files_ = 0;
};

TEST_F(ScenarioWindow, OpensWithTheScenarioDockAndStepsOperations) {
    ASSERT_TRUE(panel().hasScenario());
    auto* dock = w_.findChild<QDockWidget*>(QStringLiteral("scenarioDock"));
    ASSERT_NE(dock, nullptr);
    EXPECT_TRUE(dock->isVisible());
    EXPECT_TRUE(w_.findChild<QDockWidget*>(QStringLiteral("gcDock"))->isVisible());
    EXPECT_EQ(panel().step(), 0u);
    const ProgramSteps& sc = *panel().program();
    QTest::keyClick(&w_, Qt::Key_Right, Qt::ControlModifier);
    EXPECT_EQ(panel().step(), 1u);
    EXPECT_EQ(w_.session()->step(), sc.eventEnd(1));
    QTest::keyClick(&w_, Qt::Key_Left, Qt::ControlModifier);
    EXPECT_EQ(panel().step(), 0u);
    // The session moved by other means: the scenario step follows.
    w_.session()->seek(sc.eventEnd(sc.stepCount()));
    EXPECT_EQ(sc.eventEnd(panel().step()), sc.eventEnd(sc.stepCount()));
    w_.session()->seek(0);
    EXPECT_EQ(panel().step(), 0u);
}

TEST_F(ScenarioWindow, MoveUnreachableMarksTheCycleAndAClickSelectsItsBlock) {
    const ProgramSteps& run = *panel().program();
    const size_t k = stepOfPhase(run, GcPhase::MoveUnreachable);
    ASSERT_GT(k, 0u);
    panel().setStep(k);
    EXPECT_EQ(panel().step(), k);
    EXPECT_EQ(w_.session()->step(), panel().program()->eventEnd(k));
    views::GcView* gc = panel().gcView();
    std::vector<const views::GcObject*> unreachable;
    for (const views::GcObject& o : gc->scene().objects)
        if (o.mark == views::GcObject::Mark::Unreachable)
            unreachable.push_back(&o);
    ASSERT_EQ(unreachable.size(), 2u);
    for (const views::GcObject* o : unreachable) {
        EXPECT_EQ(o->type, QStringLiteral("list"));
        EXPECT_EQ(o->gcRefs, 0);
    }
    EXPECT_EQ(gc->scene().phase, QStringLiteral("move_unreachable"));

    // A click on the first list selects its block in the heap and pool views.
    const uint64_t address = unreachable[0]->address;
    clickInGcView(unreachable[0]->id);
    const Allocator& a = w_.session()->timeline().allocator();
    ASSERT_NE(w_.session()->selectedPool(), kNoPool);
    EXPECT_EQ(w_.session()->selectedPool(), a.poolContaining(address));
    EXPECT_EQ(a.blockAddress(w_.session()->selectedPool(), unsigned(w_.session()->selectedBlock())), address);

    // The export dialog offers the GC view of this step.
    app::ExportDialog dialog(*w_.session(), w_.inputName(), nullptr, panel().picture());
    dialog.setView(views::PictureView::Gc);
    EXPECT_EQ(dialog.request().view, views::PictureView::Gc);
    ASSERT_TRUE(dialog.request().scenario);
    EXPECT_EQ(dialog.request().scenario->step, k);
}

// The first step after which `name` is bound, and the object it holds.
std::pair<size_t, ObjId> firstBinding(const ProgramSteps& run, const std::string& name) {
    for (size_t k = 1; k <= run.stepCount(); ++k)
        for (const FrameState& f : run.stateAt(k).frames)
            for (const auto& [n, id] : f.locals)
                if (n == name)
                    return {k, id};
    return {0, kNull};
}

TEST_F(ScenarioWindow, TheSelectedObjectStaysSelectedAcrossOperationsUntilItDies) {
    const ProgramSteps& run = *panel().program();
    const auto [bound, a] = firstBinding(run, "a");
    ASSERT_GT(bound, 0u);
    const size_t marked = stepOfPhase(run, GcPhase::MoveUnreachable);
    const size_t freed = stepOfPhase(run, GcPhase::DeleteGarbage);
    ASSERT_LT(bound, marked);
    ASSERT_LT(marked, freed);
    ASSERT_NE(run.stateAt(marked).find(a), nullptr);
    ASSERT_EQ(run.stateAt(freed).find(a), nullptr) << "delete_garbage frees the cycle";

    // Click `a`'s list in the GC view.
    panel().setStep(bound);
    views::GcView* gc = panel().gcView();
    clickInGcView(int(a));
    ASSERT_EQ(gc->selectedObject(), int(a));
    const Allocator& alloc = w_.session()->timeline().allocator();
    auto selectedBlock = [&]() -> uint64_t {
        if (w_.session()->selectedPool() == kNoPool || w_.session()->selectedBlock() < 0)
            return 0;
        return alloc.blockAddress(w_.session()->selectedPool(), unsigned(w_.session()->selectedBlock()));
    };
    const uint64_t address = run.stateAt(bound).find(a)->address;
    EXPECT_EQ(selectedBlock(), address);

    // Forwards one operation at a time, then back: still `a`, in every view.
    for (size_t k = bound + 1; k <= marked; ++k) {
        QTest::keyClick(&w_, Qt::Key_Right, Qt::ControlModifier);
        ASSERT_EQ(panel().step(), k);
        EXPECT_EQ(gc->selectedObject(), int(a)) << "operation " << k;
        EXPECT_EQ(selectedBlock(), address) << "operation " << k;
    }
    panel().setStep(bound);
    EXPECT_EQ(gc->selectedObject(), int(a));
    EXPECT_EQ(selectedBlock(), address);

    // Where `a` is dead its selection goes, and a later object in its block
    // is not taken for it.
    panel().setStep(freed);
    EXPECT_EQ(gc->selectedObject(), -1);
    EXPECT_EQ(selectedBlock(), 0u);
    panel().setStep(run.stepCount());
    EXPECT_EQ(gc->selectedObject(), -1);
    EXPECT_EQ(selectedBlock(), 0u);
}

TEST_F(ScenarioWindow, NotesSayWhereTheStartUpObjectsWouldChangeTheCounts) {
    // gc.get_count() on line 2 comes before any gc.collect(): the dock says
    // so, and marks the line; a scenario that collects first has no note.
    ASSERT_TRUE(openSource("import gc\nprint(gc.get_count())\ngc.collect()\nprint(gc.get_count())\n"));
    auto* notes = w_.findChild<QLabel*>(QStringLiteral("scenarioNotes"));
    ASSERT_TRUE(notes);
    EXPECT_FALSE(notes->isHidden());
    EXPECT_TRUE(notes->text().startsWith(QStringLiteral("Line 2 reads gc.get_count() before the first gc.collect().")))
        << notes->text().toStdString();
    auto* source = w_.findChild<QListWidget*>(QStringLiteral("scenarioSource"));
    ASSERT_TRUE(source);
    EXPECT_EQ(source->item(1)->toolTip(), notes->text());
    EXPECT_TRUE(source->item(3)->toolTip().isEmpty());

    QSignalSpy loaded(&w_, &app::MainWindow::traceLoaded);
    w_.openFile(QString::fromStdString(builtIn("reference_cycle")));
    ASSERT_TRUE(loaded.wait(20000));
    EXPECT_TRUE(notes->isHidden());
}

TEST_F(ScenarioWindow, AStaticObjectStaysSelectedThoughItHasNoBlock) {
    // A small int is static: no heap block for the heap and pool views.
    ASSERT_TRUE(openSource("n = 7\nx = []\nx.append(n)\ny = [n]\ndel x\n"));
    const ProgramSteps& run = *panel().program();
    const auto [bound, x] = firstBinding(run, "x");
    const ObjId n = firstBinding(run, "n").second;
    ASSERT_GT(bound, 0u);
    ASSERT_TRUE(run.stateAt(bound).find(n)->isStatic);
    panel().setStep(bound);
    views::GcView* gc = panel().gcView();
    // The list first, so that a block is selected; then the int.
    clickInGcView(int(x));
    ASSERT_GE(w_.session()->selectedBlock(), 0);
    clickInGcView(int(n));
    ASSERT_EQ(gc->selectedObject(), int(n));
    EXPECT_EQ(w_.session()->selectedBlock(), -1) << "the list's block is not the int's";
    for (size_t k = bound + 1; k <= run.stepCount(); ++k) {
        panel().next();
        ASSERT_EQ(panel().step(), k);
        EXPECT_EQ(gc->selectedObject(), int(n)) << "operation " << k;
        EXPECT_EQ(w_.session()->selectedBlock(), -1) << "operation " << k;
    }
}

TEST_F(ScenarioWindow, SyntaxErrorNamesTheLineAndKeepsTheScenario) {
    QTemporaryDir dir;
    const QString bad = dir.filePath(QStringLiteral("bad.py"));
    {
        QFile f(bad);
        ASSERT_TRUE(f.open(QIODevice::WriteOnly));
        f.write("import gc\na = [\nb = 1\n");  // python3: "'[' was never closed" on line 2
    }
    const size_t steps = w_.session()->stepCount();
    QSignalSpy failed(&w_, &app::MainWindow::loadFailed);
    w_.openFile(bad);
    ASSERT_TRUE(failed.wait(20000));
    EXPECT_TRUE(w_.lastError().startsWith(bad + QStringLiteral(":2: SyntaxError"))) << w_.lastError().toStdString();
    EXPECT_TRUE(panel().hasScenario());
    EXPECT_EQ(w_.session()->stepCount(), steps);
}

TEST(ScenarioExport, GcViewMidCollectionToPng) {
    const std::string path = builtIn("reference_cycle");
    const auto sc = openInput(path);
    const size_t k = stepOfPhase(*sc->program, GcPhase::MoveUnreachable);
    QTemporaryDir dir;
    const std::string out = dir.filePath(QStringLiteral("gc.png")).toStdString();
    std::ostringstream o, e;
    const int code = cli::runCli({"export", path, "--view", "gc", "--at", std::to_string(k), "--out", out}, o, e);
    ASSERT_EQ(code, 0) << e.str();
    QImage img;
    ASSERT_TRUE(img.load(QString::fromStdString(out)));
    EXPECT_EQ(img.width(), 1200);
    EXPECT_TRUE(test::matchesGolden(img, QStringLiteral("export_gc_reference_cycle")));
    // Steps count scenario operations.
    std::ostringstream o2, e2;
    const std::string past = std::to_string(sc->stepCount() + 1);
    EXPECT_EQ(cli::runCli({"export", path, "--at", past, "--out", out}, o2, e2), 2);
    EXPECT_NE(e2.str().find("operations (steps 0 to " + std::to_string(sc->stepCount()) + ")"), std::string::npos)
        << e2.str();
}

} // namespace
} // namespace arenascope
