// gc_collect_main and its helpers, in the order CPython 3.11 runs them
// (Modules/gcmodule.c: deduce_unreachable = update_refs + subtract_refs +
// move_unreachable; untrack_tuples; merge; delete_garbage). Scenarios make
// no finalizers or weak references, so those steps find nothing.
#include "model/scenario/generational.h"

namespace arenascope::scenario {

GenerationalCollector::GenerationalCollector(Heap& heap, PhaseHook phase) : heap_(heap), hook_(std::move(phase)) {}

void GenerationalCollector::announce(GcPhase p, const std::string& text, const std::vector<int64_t>& numbers) {
    phase_ = p;
    if (hook_)
        hook_(p, text, numbers);
}

void GenerationalCollector::updateRefs(ObjId young) {
    for (ObjId id = heap_.obj(young).gcNext; id != young; id = heap_.obj(id).gcNext) {
        Object& o = heap_.obj(id);
        o.gcRefs = o.refcnt;
        o.collecting = true;
    }
}

void GenerationalCollector::subtractRefs(ObjId young) {
    // visit_decref: only objects being collected (PREV_MASK_COLLECTING).
    for (ObjId id = heap_.obj(young).gcNext; id != young; id = heap_.obj(id).gcNext)
        for (ObjId r : heap_.traverse(id)) {
            Object& t = heap_.obj(r);
            if (t.gcType && t.tracked && t.collecting)
                --t.gcRefs;
        }
}

void GenerationalCollector::visitReachable(ObjId op, ObjId young) {
    Object& o = heap_.obj(op);
    if (!o.gcType || !o.tracked || !o.collecting)
        return;  // other generations, or already scanned
    if (o.unreachable) {
        // Tentatively unreachable but reachable after all: back to the end
        // of young, where the scan will reach it again.
        heap_.gcListRemove(op);
        heap_.gcListAppend(young, op);
        o.unreachable = false;
        o.gcRefs = 1;
    } else if (o.gcRefs == 0) {
        o.gcRefs = 1;  // not scanned yet: tell the scan it is reachable
    }
}

void GenerationalCollector::moveUnreachable(ObjId young, ObjId unreachable) {
    ObjId prev = young;
    ObjId id = heap_.obj(young).gcNext;
    while (id != young) {
        Object& o = heap_.obj(id);
        if (o.gcRefs > 0) {
            for (ObjId r : heap_.traverse(id))
                visitReachable(r, young);
            heap_.obj(id).collecting = false;
            prev = id;
        } else {
            heap_.gcListRemove(id);
            heap_.gcListAppend(unreachable, id);
            heap_.obj(id).unreachable = true;
        }
        id = heap_.obj(prev).gcNext;
    }
}

void GenerationalCollector::untrackTuples(ObjId young) {
    // _PyTuple_MaybeUntrack: a tuple of untracked or non-GC items never
    // needs to be looked at again.
    for (ObjId id = heap_.obj(young).gcNext; id != young;) {
        const ObjId next = heap_.obj(id).gcNext;
        const Object& o = heap_.obj(id);
        if (o.type == Type::Tuple) {
            bool keep = false;
            for (ObjId i : o.items)
                keep = keep || heap_.mayBeTracked(i);
            if (!keep)
                heap_.untrack(id);
        }
        id = next;
    }
}

void GenerationalCollector::untrackDicts(ObjId young) {
    // _PyDict_MaybeUntrack, in full collections only (bpo-14775); gone in
    // 3.14, whose dicts stay tracked (gh-127010).
    if (!heap_.layout().maintainDictTracking)
        return;
    for (ObjId id = heap_.obj(young).gcNext; id != young;) {
        const ObjId next = heap_.obj(id).gcNext;
        if (heap_.obj(id).type == Type::Dict) {
            bool keep = false;
            for (ObjId r : heap_.traverse(id))
                keep = keep || heap_.mayBeTracked(r);
            if (!keep)
                heap_.untrack(id);
        }
        id = next;
    }
}

int64_t GenerationalCollector::deleteGarbage(ObjId unreachable, ObjId old) {
    // m counts the unreachable before any is freed (gc_collect_main).
    const int64_t m = int64_t(heap_.gcListSize(unreachable));
    while (heap_.obj(unreachable).gcNext != unreachable) {
        const ObjId id = heap_.obj(unreachable).gcNext;
        // tp_clear under a temporary reference; what survives it (a tuple,
        // say, held by another unreachable object) moves to old.
        heap_.incref(id);
        heap_.clear(id);
        heap_.decref(id);
        if (heap_.obj(unreachable).gcNext == id) {
            Object& o = heap_.obj(id);
            o.collecting = o.unreachable = false;
            heap_.gcListRemove(id);
            heap_.gcListAppend(old, id);
        }
    }
    return m;
}

int64_t GenerationalCollector::collect(int generation, const std::string& reason, const std::vector<int64_t>& reasonNumbers) {
    GcState& gc = heap_.gc();
    generation_ = generation;
    if (generation + 1 < kNumGenerations)
        gc.generations[generation + 1].count += 1;
    for (int i = 0; i <= generation; ++i)
        gc.generations[i].count = 0;
    const ObjId young = gc.generations[generation].head;
    const ObjId old = generation + 1 < kNumGenerations ? gc.generations[generation + 1].head : young;
    for (int i = 0; i < generation; ++i)
        heap_.gcListMerge(gc.generations[i].head, young);
    const std::string gen = "generation " + std::to_string(generation);
    std::vector<int64_t> startNumbers{generation};
    startNumbers.insert(startNumbers.end(), reasonNumbers.begin(), reasonNumbers.end());
    startNumbers.push_back(int64_t(heap_.gcListSize(young)));
    announce(GcPhase::Start, "collect " + gen + " (" + reason + "): " +
                                 std::to_string(heap_.gcListSize(young)) + " objects in young",
             startNumbers);

    updateRefs(young);
    announce(GcPhase::UpdateRefs, "update_refs: gc_refs = ob_refcnt for each object in young");
    subtractRefs(young);
    announce(GcPhase::SubtractRefs, "subtract_refs: references from inside young subtracted; "
                                    "gc_refs > 0 means referenced from outside");
    const ObjId unreachable = gc.unreachableHead;
    moveUnreachable(young, unreachable);
    const size_t found = heap_.gcListSize(unreachable);
    announce(GcPhase::MoveUnreachable, "move_unreachable: " + std::to_string(found) +
                                           " unreachable, " + std::to_string(heap_.gcListSize(young)) +
                                           " reachable",
             {int64_t(found), int64_t(heap_.gcListSize(young))});

    untrackTuples(young);
    std::string survivors;
    const int64_t survived = int64_t(heap_.gcListSize(young));
    if (young != old) {
        if (generation == kNumGenerations - 2)
            gc.longLivedPending += int64_t(heap_.gcListSize(young));
        survivors = std::to_string(heap_.gcListSize(young)) + " survivors moved to generation " +
                    std::to_string(generation + 1);
        heap_.gcListMerge(young, old);
    } else {
        untrackDicts(young);
        gc.longLivedPending = 0;
        gc.longLivedTotal = int64_t(heap_.gcListSize(young)) + heap_.layout().startupLongLived;
        survivors = std::to_string(heap_.gcListSize(young)) + " survivors stay in generation 2";
    }
    const bool dictsToo = young == old && heap_.layout().maintainDictTracking;
    announce(GcPhase::Survivors, "untrack_tuples" + std::string(dictsToo ? ", untrack_dicts" : "") +
                                     "; " + survivors,
             {survived, young == old ? 2 : generation + 1});

    const int64_t m = deleteGarbage(unreachable, old);
    announce(GcPhase::DeleteGarbage, "delete_garbage: tp_clear on " + std::to_string(m) +
                                         " unreachable objects; reference counting frees them",
             {m});
    if (generation == kNumGenerations - 1)
        heap_.clearFreeLists();
    announce(GcPhase::Done, "done: " + std::to_string(m) + " unreachable found" +
                                std::string(generation == kNumGenerations - 1 ? "; free lists cleared" : ""),
             {m});
    phase_ = GcPhase::None;
    generation_ = -1;
    return m;
}

void GenerationalCollector::collectGenerations() {
    GcState& gc = heap_.gc();
    for (int i = kNumGenerations - 1; i >= 0; --i) {
        const Generation& g = gc.generations[i];
        if (g.count <= g.threshold)
            continue;
        // Full collections only when enough objects await one (25%).
        if (i == kNumGenerations - 1 && gc.longLivedPending < gc.longLivedTotal / 4)
            continue;
        gc.collecting = true;
        collect(i, "count " + std::to_string(g.count) + " > threshold " + std::to_string(g.threshold),
                {g.count, g.threshold});
        gc.collecting = false;
        break;
    }
}

int64_t GenerationalCollector::collectManual(int generation) {
    GcState& gc = heap_.gc();
    if (gc.collecting)
        return 0;
    gc.collecting = true;
    const int64_t n = collect(generation, "gc.collect(" + std::to_string(generation) + ")", {generation});
    gc.collecting = false;
    return n;
}

} // namespace arenascope::scenario
