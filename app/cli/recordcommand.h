// `arenascope-cli record`: runs a script under a real Python with the
// recorder and writes TRACE and TRACE.stats; main() adds it with addCommand().
#pragma once

#include "app/cli/commands.h"

namespace arenascope::cli {

Command recordCommand();

} // namespace arenascope::cli
