// How big CPython 3.8-3.10 makes a function's frame: co_stacksize plus
// co_nlocals, computed from the scenario's tree the way the compiler's
// stackdepth() would count the bytecode it emits for the subset.
#pragma once

#include "model/scenario/ast.h"

namespace arenascope::scenario {

// The frame's extra slots (f_localsplus): value stack plus fast locals.
// `constDisplayExtends` is 3.9+'s BUILD_LIST + LIST_EXTEND for constant displays.
unsigned frameExtras(const FunctionDef& def, bool constDisplayExtends);

} // namespace arenascope::scenario
