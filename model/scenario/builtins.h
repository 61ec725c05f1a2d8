// The builtins, methods and module functions the subset offers: list(),
// dict(), print(), len(), gc.collect(), sys.getsizeof(), list.append, ...
#pragma once

#include <string>

namespace arenascope::scenario {

bool isBuiltinName(const std::string& name);

} // namespace arenascope::scenario
