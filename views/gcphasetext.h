// The collector's phases in the user's language: CPython's own names
// (update_refs, move_unreachable, gc_refs, ...) stay as they are, the
// words around them and the numbers' nouns are translated.
#pragma once

#include "model/program/programsteps.h"

#include <QString>

namespace arenascope::views {

// A phase's short name: CPython's function for the phases that are one,
// translated words for start, survivors and done.
QString gcPhaseLabel(GcPhase phase);

// What a Collection step did, as the model describes it ("move_unreachable:
// 2 unreachable, 3 reachable"), in the user's language; the model's own text
// when it does not have the numbers its phase should.
QString gcPhaseText(const ProgramStep& step);

} // namespace arenascope::views
