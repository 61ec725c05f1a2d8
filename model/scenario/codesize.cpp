// co_stacksize for the scenario subset (Python/compile.c, 3.8-3.10): the
// deepest the value stack gets, expression by expression. Checked against
// the interpreters' own co_stacksize for the shapes the subset has.
#include "model/scenario/codesize.h"

#include <algorithm>

namespace arenascope::scenario {
namespace {

struct Depth {
    bool constDisplayExtends;

    // Stack slots needed to evaluate `e`, leaving its value on top.
    unsigned expr(const Expr& e) const {
        switch (e.kind) {
        case Expr::Name:
        case Expr::Constant:
            return 1;
        case Expr::Neg:
        case Expr::Attr:
            return expr(*e.items[0]);
        case Expr::BinOp:
        case Expr::Subscript:
            return std::max(expr(*e.items[0]), 1 + expr(*e.items[1]));
        case Expr::Call: {
            // A method call (LOAD_METHOD) holds two slots under the
            // arguments, a plain call one; keywords add the names tuple.
            const Expr& callee = *e.items[0];
            const unsigned base = callee.kind == Expr::Attr ? 2 : 1;
            unsigned d = callee.kind == Expr::Attr ? std::max(2u, expr(*callee.items[0])) : 1;
            const size_t nargs = e.items.size() - 1;
            for (size_t i = 0; i < nargs; ++i)
                d = std::max(d, base + unsigned(i) + expr(*e.items[i + 1]));
            if (!e.kwnames.empty())
                d = std::max(d, base + unsigned(nargs) + 1);
            return d;
        }
        case Expr::List:
        case Expr::Tuple:
        case Expr::Set: {
            const bool allConst = std::all_of(e.items.begin(), e.items.end(),
                                              [](const ExprP& i) { return i->kind == Expr::Constant; });
            if (e.kind == Expr::List && constDisplayExtends && allConst && e.items.size() > 2)
                return 2;  // BUILD_LIST 0, LOAD_CONST tuple, LIST_EXTEND
            if (e.kind == Expr::Tuple && allConst)
                return 1;  // folded into one constant
            unsigned d = 1;
            for (size_t i = 0; i < e.items.size(); ++i)
                d = std::max(d, unsigned(i) + expr(*e.items[i]));
            return d;
        }
        case Expr::Dict: {
            bool constKeys = e.items.size() > 2;
            for (size_t k = 0; k < e.items.size(); k += 2)
                constKeys = constKeys && e.items[k]->kind == Expr::Constant;
            unsigned d = 1;
            if (constKeys) {  // the values, then BUILD_CONST_KEY_MAP's key tuple
                const size_t n = e.items.size() / 2;
                for (size_t i = 0; i < n; ++i)
                    d = std::max(d, unsigned(i) + expr(*e.items[2 * i + 1]));
                return std::max(d, unsigned(n) + 1);
            }
            for (size_t i = 0; i < e.items.size(); ++i)
                d = std::max(d, unsigned(i) + expr(*e.items[i]));
            return d;
        }
        }
        return 1;
    }

    // Slots to store into `t` with the value already on the stack.
    unsigned target(const Expr& t) const {
        if (t.kind == Expr::Attr)
            return 1 + expr(*t.items[0]);
        if (t.kind == Expr::Subscript)
            return 1 + std::max(expr(*t.items[0]), 1 + expr(*t.items[1]));
        if (t.kind == Expr::Tuple || t.kind == Expr::List) {  // UNPACK_SEQUENCE
            unsigned d = unsigned(t.items.size());
            for (size_t i = 0; i < t.items.size(); ++i)
                d = std::max(d, unsigned(t.items.size() - 1 - i) + target(*t.items[i]));
            return d;
        }
        return 0;
    }

    unsigned block(const Block& b) const {
        unsigned d = 0;
        for (const StmtP& s : b)
            d = std::max(d, stmt(*s));
        return d;
    }

    unsigned stmt(const Stmt& s) const {
        switch (s.kind) {
        case Stmt::ExprStmt:
        case Stmt::Return:
            return s.value ? expr(*s.value) : 1;
        case Stmt::Assign: {
            unsigned d = expr(*s.value);
            const unsigned dup = s.targets.size() > 1 ? 1 : 0;  // DUP_TOP for a = b = value
            for (const ExprP& t : s.targets)
                d = std::max(d, dup + target(*t));
            return std::max(d, 1 + dup);
        }
        case Stmt::AugAssign: {
            const Expr& t = *s.targets[0];
            if (t.kind == Expr::Subscript)  // DUP_TOP_TWO, then the value
                return std::max(expr(*t.items[0]), 1 + expr(*t.items[1])) + 2 + expr(*s.value);
            if (t.kind == Expr::Attr)  // DUP_TOP, then the value
                return expr(*t.items[0]) + 1 + expr(*s.value);
            return 1 + expr(*s.value);
        }
        case Stmt::Del: {
            unsigned d = 0;
            for (const ExprP& t : s.targets)
                if (t->kind != Expr::Name)
                    d = std::max(d, t->kind == Expr::Subscript ? std::max(expr(*t->items[0]), 1 + expr(*t->items[1]))
                                                               : expr(*t->items[0]));
            return d;
        }
        case Stmt::For:  // the iterator stays under the loop variable and the body
            return std::max(expr(*s.value), 1 + std::max(1u, block(s.body)));
        case Stmt::Def:
            return 2;  // LOAD_CONST code, LOAD_CONST name
        case Stmt::Class:
            return 3;  // LOAD_BUILD_CLASS, the function, the name
        default:
            return 1;
        }
    }
};

} // namespace

unsigned frameExtras(const FunctionDef& def, bool constDisplayExtends) {
    unsigned nlocals = unsigned(def.params.size());
    for (const std::string& n : def.locals)
        if (!def.globals.count(n) && std::find(def.params.begin(), def.params.end(), n) == def.params.end())
            ++nlocals;
    const unsigned stack = std::max(1u, Depth{constDisplayExtends}.block(def.body));
    return stack + nlocals;
}

} // namespace arenascope::scenario
