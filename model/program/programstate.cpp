// Program state: lookups and comparisons.
#include "model/program/programstate.h"
#include "model/program/programnote.h"

#include <algorithm>

namespace arenascope {

const char* gcPhaseName(GcPhase p) {
    switch (p) {
    case GcPhase::None: return "none";
    case GcPhase::Start: return "start";
    case GcPhase::UpdateRefs: return "update_refs";
    case GcPhase::SubtractRefs: return "subtract_refs";
    case GcPhase::MoveUnreachable: return "move_unreachable";
    case GcPhase::Survivors: return "survivors";
    case GcPhase::DeleteGarbage: return "delete_garbage";
    case GcPhase::Done: return "done";
    }
    return "?";
}

std::string noteText(const Note& note) {
    switch (note.kind) {
    case NoteKind::CountBeforeFirstCollection:
        return "gc.get_count() before the scenario's first gc.collect(): python3 also counts the objects its "
               "start-up made (a few hundred, depending on the installation), so it prints other numbers; "
               "call gc.collect() first to compare";
    case NoteKind::CollectionBeforeFirstCollection:
        return "generation 0 passed its threshold before the scenario's first gc.collect(); python3 also "
               "counts the objects its start-up made, so its first automatic collection comes sooner and "
               "the counts that follow differ";
    case NoteKind::StepLimit:
        return "the recorder stopped taking steps after " + std::to_string(note.value) +
               " lines (its step limit, --max-steps); the program ran on and its allocations are recorded";
    case NoteKind::TimeLimit:
        return "the recorder stopped the program after " + std::to_string(note.value) +
               " s (its time limit, --timeout); the recording holds what it did until then";
    }
    return "";
}

const std::vector<Reference>& RefList::items() const {
    static const std::vector<Reference> none;
    return refs_ ? *refs_ : none;
}

bool ObjectState::operator==(const ObjectState& o) const {
    return id == o.id && address == o.address && refcnt == o.refcnt && gcRefs == o.gcRefs &&
           generation == o.generation && size == o.size && requested == o.requested &&
           itemsAddress == o.itemsAddress && itemsBytes == o.itemsBytes && isStatic == o.isStatic &&
           gcTracked == o.gcTracked && collecting == o.collecting && unreachable == o.unreachable &&
           refsOmitted == o.refsOmitted && type == o.type && label == o.label && role == o.role && refs == o.refs;
}

const ObjectState* ProgramState::find(ObjId id) const {
    // Objects are kept in id order.
    const auto& v = objects.pointers();
    auto it = std::lower_bound(v.begin(), v.end(), id,
                               [](const ObjectList::Ptr& o, ObjId k) { return o->id < k; });
    return it != v.end() && (*it)->id == id ? it->get() : nullptr;
}

} // namespace arenascope
