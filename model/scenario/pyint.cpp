// Python int arithmetic for scenarios (Objects/longobject.c semantics:
// l_divmod rounds toward minus infinity).
#include "model/scenario/pyint.h"

namespace arenascope::scenario {
namespace {

constexpr Int kMax = (Int(1) << 125) - 1;  // 125 bits and a sign, well inside __int128

bool fits(Int v) { return v <= kMax && v >= -kMax; }

} // namespace

std::optional<Int> intBinOp(const std::string& op, Int a, Int b) {
    Int r = 0;
    if (op == "+") {
        if (__builtin_add_overflow(a, b, &r) || !fits(r))
            return std::nullopt;
        return r;
    }
    if (op == "-") {
        if (__builtin_sub_overflow(a, b, &r) || !fits(r))
            return std::nullopt;
        return r;
    }
    if (op == "*") {
        if (__builtin_mul_overflow(a, b, &r) || !fits(r))
            return std::nullopt;
        return r;
    }
    if (op == "//" || op == "%") {
        if (b == 0)
            return std::nullopt;
        Int q = a / b, m = a % b;
        if (m != 0 && ((m < 0) != (b < 0))) {
            q -= 1;
            m += b;
        }
        return op == "//" ? q : m;
    }
    if (op == "**") {
        if (b < 0)
            return std::nullopt;  // a float
        Int acc = 1;
        for (Int i = 0; i < b; ++i) {
            if (__builtin_mul_overflow(acc, a, &acc) || !fits(acc))
                return std::nullopt;
            if (acc == 0 || acc == 1)
                break;
        }
        return acc;
    }
    return std::nullopt;
}

std::string intToString(Int v) {
    if (v == 0)
        return "0";
    const bool neg = v < 0;
    unsigned __int128 u = neg ? (unsigned __int128)(-v) : (unsigned __int128)v;
    std::string s;
    while (u) {
        s.insert(s.begin(), char('0' + int(u % 10)));
        u /= 10;
    }
    return neg ? "-" + s : s;
}

unsigned intNumBits(Int v) {
    unsigned __int128 u = v < 0 ? (unsigned __int128)(-v) : (unsigned __int128)v;
    unsigned n = 0;
    while (u) {
        ++n;
        u >>= 1;
    }
    return n;
}

} // namespace arenascope::scenario
