// The scenario program as a tree: expressions and statements of the subset,
// with the source line of each node and the constants the compiler folds.
#pragma once

#include <memory>
#include <set>
#include <string>
#include <vector>

namespace arenascope::scenario {

using Int = __int128;  // scenario ints: CPython's are unbounded; 127 bits suffice here

// A compile-time constant: what ends up in co_consts.
struct Const {
    enum Kind { None, True, False, Int, Str, Bytes, Tuple } kind = None;
    scenario::Int i = 0;
    std::string s;
    std::vector<Const> items;  // Tuple

    bool operator<(const Const& o) const;  // a total order, to share equal constants
    bool operator==(const Const& o) const { return !(*this < o) && !(o < *this); }
};

struct Expr;
using ExprP = std::unique_ptr<Expr>;

struct Expr {
    enum Kind { Name, Constant, BinOp, Neg, Call, Attr, Subscript, List, Tuple, Dict, Set } kind;
    int line = 0;
    std::string name;  // Name, Attr (attribute name), BinOp (operator), Call keyword names in kwnames
    Const value;       // Constant
    int constIndex = -1;  // Constant: index in Program::constants
    std::vector<ExprP> items;  // operands, call arguments, display items (Dict: key, value, ...)
    std::vector<std::string> kwnames;  // Call: names of the trailing keyword arguments
    Expr(Kind k, int l) : kind(k), line(l) {}
};

struct Stmt;
using StmtP = std::unique_ptr<Stmt>;
using Block = std::vector<StmtP>;

struct FunctionDef {
    std::string name;
    std::vector<std::string> params;
    std::set<std::string> locals;   // names bound in the body (Python's scoping rule)
    std::set<std::string> globals;  // declared `global`
    Block body;
};

struct ClassDef {
    std::string name;
    int line = 0;
    // The slot names as the type keeps them: mangled and sorted
    // (type_new_copy_slots), which is the order of tp_members and of an
    // instance's slots.
    std::vector<std::string> slotNames;
    ExprP slotsValue;  // the constant given to __slots__ (a str or a tuple of str)
    ExprP doc;         // the docstring constant, or null
};

struct Stmt {
    enum Kind { ExprStmt, Assign, AugAssign, Del, For, Def, Class, Return, Import, Pass, Global } kind;
    int line = 0;
    std::vector<ExprP> targets;  // Assign (one or more), AugAssign (one), Del, For (the loop name)
    ExprP value;                 // Assign, AugAssign, ExprStmt, Return (may be null), For (the range call)
    std::string op;              // AugAssign: "+", ...
    std::vector<std::string> names;  // Import, Global
    Block body;                  // For
    std::shared_ptr<FunctionDef> function;
    std::shared_ptr<ClassDef> cls;
    Stmt(Kind k, int l) : kind(k), line(l) {}
};

struct Program {
    Block body;
    std::vector<Const> constants;  // every distinct constant, in order of first appearance
    std::vector<int> constantLines;
};

} // namespace arenascope::scenario
