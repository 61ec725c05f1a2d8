// gcPhaseText: a step carries its phase, generation and the numbers the
// collector reported (Step::numbers); the sentence is made again with tr().
// In English the result is the model's text exactly (a test holds the two
// together over every built-in scenario).
#include "views/gcphasetext.h"

#include <QCoreApplication>

#include <vector>

namespace arenascope::views {
namespace {

// tr()'s shape, so that lupdate sees the plural forms.
QString tr(const char* s, const char* disambiguation = nullptr, int n = -1) {
    return QCoreApplication::translate("arenascope::views", s, disambiguation, n);
}

// tr()'s %n is an int; scenarios never come near its limit.
int count(int64_t n) { return int(std::min<int64_t>(n, INT32_MAX)); }

} // namespace

QString gcPhaseLabel(GcPhase phase) {
    switch (phase) {
    case GcPhase::Start: return tr("start");
    case GcPhase::Survivors: return tr("survivors");
    case GcPhase::Done: return tr("done");
    default: return QString::fromLatin1(gcPhaseName(phase));
    }
}

QString gcPhaseText(const ProgramStep& step) {
    const QString original = QString::fromStdString(step.text).trimmed();
    const std::vector<int64_t>& n = step.numbers;
    // The last generation's collection is the full one (collector.cpp).
    const bool full = step.generation == 2;
    switch (step.phase) {
    case GcPhase::Start:
        // "collect generation G (count C > threshold T): N objects in young",
        // or with "(gc.collect(G))" when the scenario asked for it, or with
        // no reason in a recording, which does not say why it ran.
        if (n.size() == 4)
            return tr("collect generation %1 (%2): %n objects in young", nullptr, count(n[3]))
                .arg(n[0])
                .arg(tr("count %1 > threshold %2").arg(n[1]).arg(n[2]));
        if (n.size() == 3)
            return tr("collect generation %1 (%2): %n objects in young", nullptr, count(n[2]))
                .arg(n[0])
                .arg(QStringLiteral("gc.collect(%1)").arg(n[1]));
        if (n.size() == 2)
            return tr("collect generation %1: %n objects in young", nullptr, count(n[1])).arg(n[0]);
        break;
    case GcPhase::UpdateRefs:
        return tr("update_refs: gc_refs = ob_refcnt for each object in young");
    case GcPhase::SubtractRefs:
        return tr("subtract_refs: references from inside young subtracted; "
                  "gc_refs > 0 means referenced from outside");
    case GcPhase::MoveUnreachable:
        if (n.size() == 2)
            return tr("move_unreachable: %1, %2")
                .arg(tr("%n unreachable", nullptr, count(n[0])),
                     tr("%n reachable", nullptr, count(n[1])));
        break;
    case GcPhase::Survivors:
        if (n.size() == 2)
            return (full ? tr("untrack_tuples, untrack_dicts; %n survivors stay in generation %1",
                              nullptr, count(n[0]))
                         : tr("untrack_tuples; %n survivors moved to generation %1", nullptr,
                              count(n[0])))
                .arg(n[1]);
        break;
    case GcPhase::DeleteGarbage:
        if (n.size() == 1)
            return tr(
                "delete_garbage: tp_clear on %n unreachable objects; reference counting frees them",
                nullptr, count(n[0]));
        break;
    case GcPhase::Done:
        if (n.size() == 1)
            return full ? tr("done: %n unreachable found; free lists cleared", nullptr, count(n[0]))
                        : tr("done: %n unreachable found", nullptr, count(n[0]));
        break;
    case GcPhase::None: break;
    }
    return original;
}

} // namespace arenascope::views
