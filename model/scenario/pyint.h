// Python int arithmetic on 127-bit values: floor division and modulo with
// Python's signs, and nothing on overflow (the subset stops there).
#pragma once

#include "model/scenario/ast.h"

#include <optional>
#include <string>

namespace arenascope::scenario {

std::optional<Int> intBinOp(const std::string& op, Int a, Int b);  // + - * // % **
std::string intToString(Int v);
// Bits in |v| (_PyLong_NumBits), 0 for 0.
unsigned intNumBits(Int v);

} // namespace arenascope::scenario
