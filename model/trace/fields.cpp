// Decimal and hexadecimal fields, with the messages the format promises.
#include "model/trace/fields.h"

#include "model/pymalloc/inputerror.h"

namespace arenascope {

std::string readDecimal(std::string_view t, const char* what, uint64_t& value) {
    uint64_t v = 0;
    bool over = false;
    for (char c : t) {
        if (c < '0' || c > '9')
            return std::string("bad ") + what + " '" + shownToken(t) + "': expected an unsigned decimal integer";
        const uint64_t d = uint64_t(c - '0');
        over |= v > (~uint64_t(0) - d) / 10;
        v = v * 10 + d;
    }
    if (t.empty())
        return std::string("bad ") + what + " '': expected an unsigned decimal integer";
    if (over)
        return std::string(what) + " '" + shownToken(t) + "' is too large (over 64 bits)";
    value = v;
    return {};
}

std::string readPointer(std::string_view t, uint64_t& value) {
    const std::string bad = "bad pointer '" + shownToken(t) + "': expected 0x and lower-case hexadecimal digits";
    if (t.size() < 3 || t[0] != '0' || t[1] != 'x')
        return bad;
    uint64_t v = 0;
    bool over = false;
    for (size_t i = 2; i < t.size(); ++i) {
        const char c = t[i];
        unsigned d;
        if (c >= '0' && c <= '9')
            d = unsigned(c - '0');
        else if (c >= 'a' && c <= 'f')
            d = unsigned(c - 'a' + 10);
        else
            return bad;
        over |= (v >> 60) != 0;
        v = (v << 4) | d;
    }
    if (over)
        return "pointer '" + shownToken(t) + "' is too large (over 64 bits)";
    value = v;
    return {};
}

} // namespace arenascope
