// arenascope-cli: the headless entry point.
#include "app/cli/commands.h"
#include "app/cli/runcommand.h"
#include "app/cli/recordcommand.h"
#ifdef ARENASCOPE_HAVE_EXPORT
#include "app/cli/exportcommand.h"
#endif

#include <iostream>

int main(int argc, char** argv) {
    std::ios::sync_with_stdio(false);
    arenascope::cli::addCommand(arenascope::cli::runCommand());
#ifdef ARENASCOPE_HAVE_EXPORT
    arenascope::cli::addCommand(arenascope::cli::exportCommand());
#endif
    arenascope::cli::addCommand(arenascope::cli::recordCommand());
    return arenascope::cli::runCli(std::vector<std::string>(argv + 1, argv + argc), std::cout,
                                   std::cerr);
}
