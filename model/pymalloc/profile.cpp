// The shipped version profiles and how a trace's "# python" line picks one.
#include "model/pymalloc/profile.h"

#include <cstdio>
#include <sstream>
#include <stdexcept>

namespace arenascope {
namespace {

// Which interpreters each profile models, and the one version it stands for
// where a single version is needed (Profile::version: the first of its range
// but for 3.6). profileForVersion reads this table; the ranges are
// versionrange.h's and do not overlap.
struct Coverage {
    const char* versions;
    const char* profile;
    const char* standsFor;
};
const Coverage kCoverage[] = {
    {"3.6", "3.6", "3.6.15"},                 // pyenv's 3.6.15 carries bpo-27987
    {"3.7.0-3.7.3", "3.7-classic", "3.7.0"},  // upstream 8-byte alignment
    {"3.7.4-3.7", "3.7", "3.7.4"},            // bpo-27987 (16-byte alignment) from 3.7.4
    {"3.8", "3.8", "3.8.0"},
    {"3.9", "3.9", "3.9.0"},
    {"3.10", "3.10", "3.10.0"},
    {"3.11", "3.11", "3.11.0"},
    {"3.12", "3.12", "3.12.0"},
    {"3.13", "3.13", "3.13.0"},
    // 3.14.0-3.14.4 shipped the incremental collector, but the allocator is
    // the same; the one version is 3.14.7, the release the scenario
    // expectations were recorded with (the engine models 3.14.5+'s
    // generational collector, model/scenario/layout.cpp).
    {"3.14", "3.14", "3.14.7"},
    {"3.15", "3.15", "3.15.0"},
};

const Coverage& coverageOf(const std::string& profile) {
    for (const Coverage& c : kCoverage)
        if (c.profile == profile)
            return c;
    throw std::logic_error("profile " + profile + " has no row in kCoverage");
}

Profile classic(std::string name, std::string desc) {
    Profile p;
    p.name = std::move(name);
    p.description = std::move(desc);
    p.alignmentShift = 3;  // obmalloc.c 3.7.3: #define ALIGNMENT 8
    p.poolBits = 12;
    p.arenaBits = 18;      // 256 << 10
    return p;
}

std::vector<Profile> makeProfiles() {
    std::vector<Profile> v;
    v.push_back(classic("3.7-classic",
        "CPython 3.6 and 3.7.0-3.7.3 upstream: 8-byte alignment, 64 size classes, "
        "256 KiB arenas of 4 KiB pools; empty arenas are unmapped at once"));

    // pyenv's 3.6.15 carries bpo-27987 (16-byte alignment).
    Profile p36 = classic("3.6",
        "CPython 3.6 with the bpo-27987 backport: 16-byte alignment, 32 size classes, "
        "256 KiB arenas of 4 KiB pools; empty arenas are unmapped at once");
    p36.alignmentShift = 4;
    v.push_back(p36);

    Profile p37 = p36;  // 3.7.4+: bpo-27987, 16-byte alignment on 64-bit
    p37.name = "3.7";
    p37.description = "CPython 3.7.4-3.7.x: 16-byte alignment, 32 size classes, 256 KiB arenas "
                      "of 4 KiB pools; empty arenas are unmapped at once";
    v.push_back(p37);

    Profile p38 = p37;  // nfp2lasta (bpo-37029) keeps the same order as 3.7's scan
    p38.name = "3.8";
    p38.description = "CPython 3.8: as 3.7, with the nfp2lasta arena index";
    v.push_back(p38);

    Profile p39 = p38;
    p39.name = "3.9";
    p39.keepLastEmptyArena = true;  // bpo-37257
    p39.description = "CPython 3.9: 256 KiB arenas of 4 KiB pools; keeps one wholly free arena";
    v.push_back(p39);

    Profile p310 = p39;
    p310.name = "3.10";
    p310.poolBits = 14;   // POOL_BITS with the radix tree on 64-bit
    p310.arenaBits = 20;  // ARENA_BITS on 64-bit
    p310.radixTree = true;
    p310.radixAddressBits = 48;
    p310.description = "CPython 3.10: 1 MiB arenas of 16 KiB pools, arena map radix tree over "
                       "48 address bits";
    v.push_back(p310);

    Profile p311 = p310;
    p311.name = "3.11";
    p311.radixAddressBits = 64;
    p311.description = "CPython 3.11: 1 MiB arenas of 16 KiB pools, arena map over 64 bits; "
                       "frame data-stack chunks also come from the arena allocator";
    v.push_back(p311);

    Profile p312 = p311;
    p312.name = "3.12";
    p312.description = "CPython 3.12: as 3.11, allocator state per interpreter";
    v.push_back(p312);

    Profile p313 = p312;
    p313.name = "3.13";
    p313.description = "CPython 3.13: as 3.12 (pymalloc stays the default allocator)";
    v.push_back(p313);

    // 3.14.7 Include/internal/pycore_obmalloc.h and Objects/obmalloc.c: no
    // pymalloc constant or rule changed (shared/docs/cpython-versions.md,
    // section 16.1); fewer requests come, from the new free lists.
    Profile p314 = p313;
    p314.name = "3.14";
    p314.description = "CPython 3.14: as 3.13 (the allocator is unchanged; more free lists "
                       "make fewer requests)";
    v.push_back(p314);

    // 3.15 (Debian's 3.15.2 headers, section 16.3): pycore_obmalloc.h differs
    // only by the opt-in PYMALLOC_USE_HUGEPAGES (2 MiB arenas), off by default.
    Profile p315 = p314;
    p315.name = "3.15";
    p315.description = "CPython 3.15: as 3.14 (default build, without PYMALLOC_USE_HUGEPAGES)";
    p315.hugePageArenaBits = 21;
    v.push_back(p315);
    for (Profile& p : v)
        p.version = pyVersion(coverageOf(p.name).standsFor);
    // Chosen by --profile or by a trace's 2 MiB arenas, never by its version.
    v.push_back(withHugePageArenas(v.back()));
    return v;
}

std::optional<Profile> profileNamed(const std::string& name) {
    for (const Profile& p : allProfiles())
        if (p.name == name)
            return p;
    return std::nullopt;
}

} // namespace

const std::vector<Profile>& allProfiles() {
    static const std::vector<Profile> profiles = makeProfiles();
    return profiles;
}

std::optional<Profile> profileByName(const std::string& name) {
    if (auto p = profileNamed(name))
        return p;
    int major = 0, minor = 0, micro = 0;
    char tail = 0;
    int n = std::sscanf(name.c_str(), "%d.%d.%d%c", &major, &minor, &micro, &tail);
    if (n == 3)
        return profileForVersion(major, minor, micro);
    return std::nullopt;
}

std::optional<Profile> profileForVersion(const PyVersion& version) {
    for (const Coverage& c : kCoverage)
        if (versionRange(c.versions).contains(version))
            return profileNamed(c.profile);
    return std::nullopt;
}

std::optional<Profile> profileForVersion(int major, int minor, int micro) {
    return profileForVersion(PyVersion{major, minor, micro});
}

std::optional<PythonVersion> parsePythonComment(const std::string& line) {
    // "# python 3.11.7 (main, May  9 2026, ...) [GCC 12.2.0]"
    PythonVersion v;
    if (std::sscanf(line.c_str(), "# python %d.%d.%d", &v.major, &v.minor, &v.micro) == 3)
        return v;
    return std::nullopt;
}

std::string profileNames() {
    std::ostringstream s;
    bool first = true;
    for (const Profile& p : allProfiles()) {
        s << (first ? "" : ", ") << p.name;
        first = false;
    }
    return s.str();
}

Profile withAlignmentShift(const Profile& p, unsigned alignmentShift) {
    Profile q = p;
    if (q.alignmentShift != alignmentShift) {
        q.alignmentShift = alignmentShift;
        q.description += alignmentShift == 3 ? " (8-byte alignment, as this trace shows)"
                                             : " (16-byte alignment, as this trace shows)";
    }
    return q;
}

Profile withHugePageArenas(const Profile& p) {
    if (!p.hugePageArenaBits)
        throw std::logic_error("profile " + p.name + " has no huge-page build");
    Profile q = p;
    q.name = p.name + "-hugepages";
    q.arenaBits = p.hugePageArenaBits;
    q.hugePageArenaBits = 0;
    q.description = "CPython " + p.name + " built with PYMALLOC_USE_HUGEPAGES: 2 MiB arenas of "
                    "16 KiB pools; otherwise as " + p.name;
    return q;
}

} // namespace arenascope
