// Version numbers and the range syntax of the rule tables (see versionrange.h).
#include "model/pymalloc/versionrange.h"

#include <limits>
#include <ostream>
#include <stdexcept>
#include <tuple>

namespace arenascope {
namespace {

auto key(const PyVersion& v) { return std::tie(v.major, v.minor, v.micro); }

// One end of a range as written: the version, and whether it named a micro
// release ("3.7.3") or a whole minor series ("3.7").
struct Bound {
    PyVersion version;
    bool hasMicro = false;
};

// A version number part: 1 to 6 digits, so it cannot overflow an int.
std::optional<int> parsePart(std::string_view s) {
    if (s.empty() || s.size() > 6)
        return std::nullopt;
    int n = 0;
    for (char c : s) {
        if (c < '0' || c > '9')
            return std::nullopt;
        n = n * 10 + (c - '0');
    }
    return n;
}

std::optional<Bound> parseBound(std::string_view s) {
    int parts[3] = {0, 0, 0};
    int count = 0;
    for (;;) {
        const size_t dot = s.find('.');
        if (count == 3)
            return std::nullopt; // a fourth part
        const auto part = parsePart(s.substr(0, dot));
        if (!part)
            return std::nullopt;
        parts[count++] = *part;
        if (dot == std::string_view::npos)
            break;
        s.remove_prefix(dot + 1);
    }
    if (count < 2)
        return std::nullopt; // "3" alone names no series the tables use
    return Bound{{parts[0], parts[1], parts[2]}, count == 3};
}

// The first version after everything `b` names: 3.7 -> 3.8.0, 3.7.3 -> 3.7.4.
PyVersion after(const Bound& b) {
    const PyVersion& v = b.version;
    return b.hasMicro ? PyVersion{v.major, v.minor, v.micro + 1}
                      : PyVersion{v.major, v.minor + 1, 0};
}

} // namespace

bool operator==(const PyVersion& a, const PyVersion& b) { return key(a) == key(b); }
bool operator!=(const PyVersion& a, const PyVersion& b) { return key(a) != key(b); }
bool operator<(const PyVersion& a, const PyVersion& b) { return key(a) < key(b); }
bool operator<=(const PyVersion& a, const PyVersion& b) { return key(a) <= key(b); }
bool operator>(const PyVersion& a, const PyVersion& b) { return key(a) > key(b); }
bool operator>=(const PyVersion& a, const PyVersion& b) { return key(a) >= key(b); }

std::string toString(const PyVersion& v) {
    return std::to_string(v.major) + "." + std::to_string(v.minor) + "." + std::to_string(v.micro);
}

std::ostream& operator<<(std::ostream& out, const PyVersion& v) { return out << toString(v); }

std::optional<PyVersion> parsePyVersion(std::string_view text) {
    const auto b = parseBound(text);
    if (!b)
        return std::nullopt;
    return b->version;
}

PyVersion pyVersion(std::string_view text) {
    const auto v = parsePyVersion(text);
    if (!v)
        throw std::invalid_argument("not a version: '" + std::string(text) + "'");
    return *v;
}

std::optional<VersionRange> parseVersionRange(std::string_view text) {
    if (!text.empty() && text.back() == '+') {
        const auto from = parseBound(text.substr(0, text.size() - 1));
        if (!from)
            return std::nullopt;
        constexpr int kMax = std::numeric_limits<int>::max();
        return VersionRange{from->version, {kMax, kMax, kMax}};
    }
    const size_t dash = text.find('-');
    const auto from = parseBound(text.substr(0, dash));
    const auto last = dash == std::string_view::npos ? from : parseBound(text.substr(dash + 1));
    if (!from || !last || after(*last) <= from->version)
        return std::nullopt; // ends before it starts: "3.10-3.8"
    return VersionRange{from->version, after(*last)};
}

VersionRange versionRange(std::string_view text) {
    const auto r = parseVersionRange(text);
    if (!r)
        throw std::invalid_argument("not a version range: '" + std::string(text) + "'");
    return *r;
}

} // namespace arenascope
