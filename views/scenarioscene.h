// Turns a scenario's state after a step (model/scenario) into what the GC
// view draws: the user's objects, the stack, the generations and, during a
// collection, each object's gc_refs and mark.
#pragma once

#include "model/scenario/scenariorun.h"
#include "views/gcscene.h"

namespace arenascope::views {

// The objects shown: every object a name or a shown object refers to, and
// every object the collector tracks; the interpreter's own objects and the
// static singletons only when a name holds them.
GcScene gcSceneFrom(const scenario::ScenarioState& state);

} // namespace arenascope::views
