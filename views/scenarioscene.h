// Turns a scenario's state after a step (model/scenario) into what the GC
// view draws: the user's objects, the stack, the generations and, during a
// collection, each object's gc_refs and mark.
#pragma once

#include "model/scenario/scenariorun.h"
#include "views/gcscene.h"
#include "views/picture.h"

#include <memory>

namespace arenascope::views {

// The objects shown: every object a name or a shown object refers to, and
// every object the collector tracks; the interpreter's own objects and the
// static singletons only when a name holds them.
GcScene gcSceneFrom(const scenario::ScenarioState& state);

// What step k did, for captions and the scenario dock: "line 9: del a", a
// collection phase's own words, or "before the first step" for k = 0.
QString scenarioStepText(const scenario::ScenarioRun& run, size_t k);

// A picture's scenario part at step k; `scene` is what a Gc picture draws
// (gcSceneFrom(run.stateAt(k))), empty for the other views.
std::shared_ptr<const ScenarioPicture> scenarioPicture(const scenario::ScenarioRun& run, size_t k,
                                                       GcScene scene);

} // namespace arenascope::views
