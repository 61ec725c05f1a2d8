// From scenario state to GC scene.
#include "views/scenarioscene.h"

#include "views/gcphasetext.h"

#include <QCoreApplication>

#include <set>

namespace arenascope::views {

GcScene gcSceneFrom(const ProgramState& st) {
    GcScene s;
    const bool collecting = st.gc.phase != GcPhase::None;
    if (collecting) {
        s.collecting = st.gc.collectingGeneration;
        s.phase = gcPhaseLabel(st.gc.phase);
    }
    for (size_t g = 0; g < 3; ++g)
        s.generations[g] = {st.gc.generations[g].count, st.gc.generations[g].threshold};

    // What to show: reached from a name, plus everything tracked.
    std::set<ObjId> shown;
    std::vector<ObjId> todo;
    for (const FrameState& f : st.frames)
        for (const auto& [name, id] : f.locals)
            todo.push_back(id);
    for (const ObjectState& o : st.objects)
        if (o.gcTracked && !o.isStatic && o.role.empty())
            todo.push_back(o.id);
    while (!todo.empty()) {
        const ObjId id = todo.back();
        todo.pop_back();
        const ObjectState* o = st.find(id);
        if (!o || !shown.insert(id).second)
            continue;
        if (o->isStatic || !o->role.empty())
            continue;  // drawn when named, but their own references would swamp the picture
        for (const Reference& r : o->refs)
            todo.push_back(r.target);
    }

    for (const FrameState& f : st.frames) {
        GcFrame frame{QString::fromStdString(f.function), {}};
        for (const auto& [name, id] : f.locals)
            frame.locals.emplace_back(QString::fromStdString(name), int(id));
        s.frames.push_back(std::move(frame));
    }
    for (const ObjectState& o : st.objects) {
        if (!shown.count(o.id)) {
            // Counted in the phases' "N reachable", so the view says so.
            s.hidden += o.gcTracked && !o.role.empty();
            continue;
        }
        GcObject g;
        g.id = int(o.id);
        g.type = QString::fromStdString(o.type);
        g.label = QString::fromStdString(o.label);
        // "list  list len 1" says the type twice: the box shows it first.
        if (g.label.startsWith(g.type + QLatin1Char(' ')))
            g.label = g.label.mid(g.type.size() + 1);
        if (o.refsOmitted)  // the model keeps a long container's first references
            g.label += QCoreApplication::translate("arenascope::views", ", arrows for its first %1 references only")
                           .arg(o.refs.size());
        g.address = o.address;
        g.size = uint32_t(o.size);
        g.refcnt = o.refcnt;
        // The unreachable list (3) is drawn in the column being collected.
        g.generation = !o.gcTracked ? -1 : o.generation == 3 ? std::max(0, s.collecting) : o.generation;
        const bool inCollection = collecting && (o.generation == 3 || o.generation == s.collecting || o.collecting);
        if (inCollection && st.gc.phase != GcPhase::Start && st.gc.phase != GcPhase::Done) {
            g.gcRefs = o.gcRefs;
            g.mark = o.generation == 3 ? GcObject::Mark::Unreachable
                     : o.unreachable   ? GcObject::Mark::Tentative
                                       : GcObject::Mark::Reachable;
        }
        for (const Reference& r : o.refs)
            if (shown.count(r.target))
                g.refs.push_back(int(r.target));
        s.objects.push_back(std::move(g));
    }
    return s;
}

QString scenarioStepText(const ProgramSteps& run, size_t k) {
    auto tr = [](const char* text) { return QCoreApplication::translate("arenascope::views", text); };
    if (k == 0 || run.steps().empty())
        return tr("before the first step");
    const ProgramStep& s = run.steps()[std::min(k, run.stepCount()) - 1];
    // A phase's text says what it did; a statement's is its source line.
    if (s.kind == ProgramStepKind::Collection)
        return gcPhaseText(s);
    if (s.kind == ProgramStepKind::Compile)
        return tr("compile: the module's constants");
    if (s.kind == ProgramStepKind::End)
        return run.stoppedByError()              ? tr("line %1: stopped by the error").arg(s.line)
               : s.text == "(end of the program)" ? tr("end of the program: the interpreter shuts down")
                                                  : tr("end of the program: the last loop's iterator is freed");
    const QString text = QString::fromStdString(s.text).trimmed();
    if (s.line <= 0)
        return text;
    return tr("line %1: %2").arg(s.line).arg(text);
}

std::shared_ptr<const ScenarioPicture> scenarioPicture(const ProgramSteps& run, size_t k,
                                                       GcScene scene) {
    auto p = std::make_shared<ScenarioPicture>();
    p->scene = std::move(scene);
    p->step = std::min(k, run.stepCount());
    p->stepCount = run.stepCount();
    p->stepText = scenarioStepText(run, k);
    return p;
}

} // namespace arenascope::views
