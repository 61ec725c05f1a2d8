// Turns a program's state after a step (model/program) into what the GC
// view draws: the user's objects, the stack, the generations and, during a
// collection, each object's gc_refs and mark.
#pragma once

#include "model/program/programsteps.h"
#include "views/gcscene.h"
#include "views/picture.h"

#include <memory>

namespace arenascope::views {

// The objects shown: every object a name or a shown object refers to, and
// every object the collector tracks; the interpreter's own objects and the
// static singletons only when a name holds them.
GcScene gcSceneFrom(const ProgramState& state);

// What step k did, for captions and the scenario dock: "line 9: del a", a
// collection phase's own words, or "before the first step" for k = 0.
QString scenarioStepText(const ProgramSteps& program, size_t k);

// A picture's program part at step k; `scene` is what a Gc picture draws
// (gcSceneFrom(program.stateAt(k))), empty for the other views.
std::shared_ptr<const ScenarioPicture> scenarioPicture(const ProgramSteps& program, size_t k,
                                                       GcScene scene);

} // namespace arenascope::views
