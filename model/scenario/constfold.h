// Constant folding as CPython's AST optimizer does it (Python/ast_opt.c,
// 3.8-3.13): operations on constants become one constant, within the
// optimizer's size limits (safe_multiply, safe_power).
#pragma once

#include "model/scenario/ast.h"

namespace arenascope::scenario {

ExprP foldBinOp(ExprP e);  // Expr::BinOp
ExprP foldNeg(ExprP e);    // Expr::Neg
ExprP foldTuple(ExprP e);  // Expr::Tuple: a tuple of constants is a constant

} // namespace arenascope::scenario
