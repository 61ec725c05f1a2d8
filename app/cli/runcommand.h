// `arenascope-cli run SCENARIO [--profile V]`: runs a scenario headless and
// writes exactly what its print() calls write, as python3 would.
#pragma once

#include "app/cli/commands.h"

namespace arenascope::cli {

Command runCommand();

} // namespace arenascope::cli
