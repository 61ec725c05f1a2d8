// A recorded collection as Collection steps on its recording's step axis:
// the phases runPhases finds on the real graph, marked on the objects the
// program's step shows, with the kinds and numbers the engine's steps carry.
#pragma once

#include "model/program/collections.h"
#include "model/program/programsteps.h"

#include <cstddef>
#include <vector>

namespace arenascope {

struct CollectionStep {
    ProgramStep step;
    ProgramState state;  // after it (ProgramSteps::add keeps what changed)
};

// How many garbage objects the step does not show a collection adds to it
// (see below): a collection of 100,000 garbage objects stays drawable.
constexpr size_t kCollectionGarbageShown = 200;

// The steps of a collection with its graph (none without one), as the
// engine makes them (model/scenario/generational.cpp), but for Survivors,
// whose untracked tuples a recording does not tell:
//  - Start {generation, N}, UpdateRefs, SubtractRefs, MoveUnreachable
//    {unreachable, reachable}, each ending at the collection's start (no
//    event applied): collectionStartSteps;
//  - DeleteGarbage {the unreachable less gc.garbage's}, Done {what gc_stop
//    reports collected}, ending at its stop: collectionStopSteps.
// The numbers count the whole young list (N objects). The garbage is what a
// teacher wants to see, but a step shows only what its names reach, which
// it seldom is (`del a, b` on a line before gc.collect()): from Start, the
// unreachable young objects `state` does not hold join it, the first
// kCollectionGarbageShown in young's order, built from the graph (type,
// block as address, ob_refcnt, tracked; size 0 and no value, which the
// graph does not tell; references "ref" to the objects shown, as the
// recorder labels what tp_traverse visits), with ids from a range above the
// recording's (collectionsteps.cpp, kFirstGarbageId); the rest are counted
// in objectsLeftOut until delete_garbage frees them. The marks go on the
// objects of `state` that the graph holds (matched by block): ob_refcnt as
// the graph says, generation G from Start (3 on the unreachable list),
// collecting from update_refs until move_unreachable scans them, gc_refs
// from CollectionPhases; from delete_garbage the objects the model finds
// dying are gone and the survivors are in the next generation (2 stays 2).
// The generations' counts change as gc_collect_main changes them.
// `state` is the state the steps start from (the step the collection ran
// in); it is left as the state after the last of them, with the collector
// idle again after Done, so that the two calls chain (whatever steps come
// between: a gc callback's or a finalizer's lines) and a second collection
// in the same step follows the first.
std::vector<CollectionStep> collectionStartSteps(const Collection& c, int line, ProgramState& state);
std::vector<CollectionStep> collectionStopSteps(const Collection& c, int line, ProgramState& state);

} // namespace arenascope
