// `arenascope-cli export`: draws the heap, a pool or the charts at a step (or
// a numbered sequence of steps) to PNG, SVG or PDF. Lives apart from the
// other commands because it needs Qt; main() adds it with addCommand().
#pragma once

#include "app/cli/commands.h"

namespace arenascope::cli {

Command exportCommand();

} // namespace arenascope::cli
