// str() and repr() of scenario values, as CPython writes them (the text
// that print() sends to sys.stdout).
#pragma once

#include "model/scenario/heap.h"

#include <string>

namespace arenascope::scenario {

std::string pyRepr(const Heap& heap, ObjId id);
std::string pyStr(const Heap& heap, ObjId id);
// A short label for views: the value for scalars, the type and length for containers.
std::string shortLabel(const Heap& heap, ObjId id);
// Whether repr() of the value can be printed the same as python3 would
// (instances, functions and sets print addresses or hash order).
bool printable(const Heap& heap, ObjId id, std::string* culprit);

} // namespace arenascope::scenario
