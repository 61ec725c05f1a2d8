// Parser for the scenario subset: tokens to a Program, with the constant
// folding that CPython's AST optimizer (Python/ast_opt.c) does, so that
// 'x' * 100 is one constant as it is in the real interpreter.
#pragma once

#include "model/scenario/ast.h"

#include <string>

namespace arenascope::scenario {

// Throws ScenarioError naming the line on a syntax error or on a construct
// outside the subset (docs/scenarios.md lists it).
Program parse(const std::string& source);

} // namespace arenascope::scenario
