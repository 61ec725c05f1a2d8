// CPython version numbers and ranges of them: the keys of the tables that
// hold each version's rules (the allocator profiles, the scenario engine's
// Layout). Ranges carry micro versions, since behaviour can change within one.
#pragma once

#include <iosfwd>
#include <optional>
#include <string>
#include <string_view>

namespace arenascope {

// A CPython version, major.minor.micro, ordered by its numbers.
struct PyVersion {
    int major = 0, minor = 0, micro = 0;
};

bool operator==(const PyVersion& a, const PyVersion& b);
bool operator!=(const PyVersion& a, const PyVersion& b);
bool operator<(const PyVersion& a, const PyVersion& b);
bool operator<=(const PyVersion& a, const PyVersion& b);
bool operator>(const PyVersion& a, const PyVersion& b);
bool operator>=(const PyVersion& a, const PyVersion& b);

// "3.11.7".
std::string toString(const PyVersion& v);
std::ostream& operator<<(std::ostream& out, const PyVersion& v);

// "3.9" (3.9.0) or "3.14.5"; nothing for anything else.
std::optional<PyVersion> parsePyVersion(std::string_view text);

// parsePyVersion for the tables in the source: a typo there is a bug, so
// it throws std::invalid_argument rather than return nothing.
PyVersion pyVersion(std::string_view text);

// The versions from `from` (included) up to `to` (excluded). Half-open, so
// "every 3.7 from 3.7.4" is [3.7.4, 3.8.0) without knowing 3.7's last micro.
struct VersionRange {
    PyVersion from;
    PyVersion to;

    bool contains(const PyVersion& v) const { return from <= v && v < to; }
};

// Parses a range as the tables write it; both ends as written are included:
//   "3.9"          every 3.9.x            [3.9.0, 3.10.0)
//   "3.14.5"       3.14.5 alone           [3.14.5, 3.14.6)
//   "3.9+"         3.9.0 and later        [3.9.0, no end)
//   "3.8-3.10"     3.8.0 to the last 3.10.x   [3.8.0, 3.11.0)
//   "3.7.0-3.7.3"  [3.7.0, 3.7.4)         "3.7.4-3.7"  [3.7.4, 3.8.0)
// Nothing for anything else, or for a range whose end comes before its start.
std::optional<VersionRange> parseVersionRange(std::string_view text);

// parseVersionRange for the tables in the source: throws
// std::invalid_argument on a typo, as pyVersion does.
VersionRange versionRange(std::string_view text);

} // namespace arenascope
