// ast_opt.c's fold_binop/fold_unaryop/fold_tuple. The limits are its
// MAX_INT_SIZE (128 bits), MAX_COLLECTION_SIZE (256) and MAX_STR_SIZE (4096);
// an operation that would exceed them, or fail, stays for run time.
#include "model/scenario/constfold.h"
#include "model/scenario/pyint.h"

namespace arenascope::scenario {
namespace {

constexpr unsigned kMaxIntSize = 128;
constexpr size_t kMaxCollectionSize = 256;
constexpr size_t kMaxStrSize = 4096;

bool isSeq(const Const& c) { return c.kind == Const::Str || c.kind == Const::Bytes || c.kind == Const::Tuple; }
size_t seqLen(const Const& c) { return c.kind == Const::Tuple ? c.items.size() : c.s.size(); }
bool isInt(const Const& c) { return c.kind == Const::Int || c.kind == Const::True || c.kind == Const::False; }
Int intOf(const Const& c) { return c.kind == Const::Int ? c.i : c.kind == Const::True ? 1 : 0; }

std::optional<Const> repeat(const Const& seq, Int n) {
    const size_t size = seqLen(seq);
    const size_t limit = seq.kind == Const::Tuple ? kMaxCollectionSize : kMaxStrSize;
    if (size && (n < 0 || n > Int(limit / size)))
        return std::nullopt;  // safe_multiply declines
    Const r;
    r.kind = seq.kind;
    for (Int k = 0; k < n; ++k) {
        r.s += seq.s;
        r.items.insert(r.items.end(), seq.items.begin(), seq.items.end());
    }
    return r;
}

std::optional<Const> fold(const std::string& op, const Const& a, const Const& b) {
    if (isInt(a) && isInt(b)) {
        const Int x = intOf(a), y = intOf(b);
        if (op == "*" && x && y && intNumBits(x) + intNumBits(y) > kMaxIntSize)
            return std::nullopt;
        if (op == "**" && x && y > 0 && intNumBits(x) > kMaxIntSize / unsigned(y > 1000 ? 1000 : y))
            return std::nullopt;
        auto r = intBinOp(op, x, y);
        if (!r)
            return std::nullopt;
        Const c;
        c.kind = Const::Int;
        c.i = *r;
        return c;
    }
    if (op == "*" && isInt(a) && isSeq(b))
        return repeat(b, intOf(a));
    if (op == "*" && isSeq(a) && isInt(b))
        return repeat(a, intOf(b));
    if (op == "+" && isSeq(a) && a.kind == b.kind) {
        Const c = a;
        c.s += b.s;
        c.items.insert(c.items.end(), b.items.begin(), b.items.end());
        return c;
    }
    return std::nullopt;  // '%' on str/bytes is formatting (safe_mod declines), the rest raise
}

ExprP constant(const Const& c, int line) {
    auto e = std::make_unique<Expr>(Expr::Constant, line);
    e->value = c;
    return e;
}

} // namespace

ExprP foldBinOp(ExprP e) {
    const Expr& l = *e->items[0];
    const Expr& r = *e->items[1];
    if (l.kind != Expr::Constant || r.kind != Expr::Constant)
        return e;
    if (auto c = fold(e->name, l.value, r.value))
        return constant(*c, e->line);
    return e;
}

ExprP foldNeg(ExprP e) {
    const Expr& v = *e->items[0];
    if (v.kind == Expr::Constant && isInt(v.value)) {
        Const c;
        c.kind = Const::Int;
        c.i = -intOf(v.value);
        return constant(c, e->line);
    }
    return e;
}

ExprP foldTuple(ExprP e) {
    for (const ExprP& i : e->items)
        if (i->kind != Expr::Constant)
            return e;
    Const c;
    c.kind = Const::Tuple;
    for (const ExprP& i : e->items)
        c.items.push_back(i->value);
    return constant(c, e->line);
}

} // namespace arenascope::scenario
