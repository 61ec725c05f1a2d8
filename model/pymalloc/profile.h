// A version profile: the constants and rules of one CPython family's pymalloc,
// with where each one comes from; which versions each models is a table of
// version ranges in profile.cpp.
#pragma once

#include "model/pymalloc/versionrange.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace arenascope {

// One CPython version family whose allocator behaves the same way.
// Every field is a fact read in CPython's own source; see
// ../shared/docs/cpython-versions.md and docs/profiles.md.
struct Profile {
    std::string name;            // "3.11", "3.7-classic", ...
    std::string description;     // shown to users
    // The one version the profile stands for where a single version is
    // needed (the scenario engine's rules, model/scenario/layout.cpp): the
    // first of the versions it models, but 3.6.15 for "3.6", pyenv's build
    // that carries bpo-27987, and 3.14.7 for "3.14", whose 3.14.0-3.14.4
    // had another collector. profileForVersion(version) is this profile.
    PyVersion version;

    // Objects/obmalloc.c (<= 3.11) or Include/internal/pycore_obmalloc.h (3.12+).
    unsigned alignmentShift = 4;         // ALIGNMENT_SHIFT: 3 (8 bytes) or 4 (16)
    unsigned smallRequestThreshold = 512; // SMALL_REQUEST_THRESHOLD
    unsigned poolBits = 12;              // POOL_SIZE = 1 << poolBits (4 KiB, 16 KiB from 3.10)
    unsigned arenaBits = 18;             // ARENA_SIZE = 1 << arenaBits (256 KiB, 1 MiB from 3.10)
    unsigned poolOverhead = 48;          // POOL_OVERHEAD: sizeof(pool_header) rounded to ALIGNMENT
    // ARENA_BITS of a build configured with PYMALLOC_USE_HUGEPAGES (3.15's
    // pycore_obmalloc.h: 21, 2 MiB arenas); 0 where no such build exists.
    unsigned hugePageArenaBits = 0;

    // bpo-37257 (3.9.0a1): an empty arena that is last in usable_arenas is kept.
    bool keepLastEmptyArena = false;
    // bpo-37448 (3.10): arena_map radix tree; addressBits 48 (3.10) or 64 (3.11+).
    bool radixTree = false;
    unsigned radixAddressBits = 0;

    uint64_t alignment() const { return uint64_t(1) << alignmentShift; }
    uint64_t poolSize() const { return uint64_t(1) << poolBits; }
    uint64_t arenaSize() const { return uint64_t(1) << arenaBits; }
    unsigned numSizeClasses() const { return smallRequestThreshold >> alignmentShift; }
    unsigned maxPoolsInArena() const { return unsigned(arenaSize() >> poolBits); }
    // INDEX2SIZE(idx)
    unsigned blockSize(unsigned szidx) const { return (szidx + 1) << alignmentShift; }
    // NUMBLOCKS(idx)
    unsigned blocksPerPool(unsigned szidx) const {
        return unsigned((poolSize() - poolOverhead) / blockSize(szidx));
    }
    // Largest NUMBLOCKS over all classes (the smallest class).
    unsigned maxBlocksPerPool() const { return blocksPerPool(0); }
    // (nbytes - 1) >> ALIGNMENT_SHIFT, for 1 <= nbytes <= threshold.
    unsigned sizeClassOf(uint64_t nbytes) const { return unsigned((nbytes - 1) >> alignmentShift); }
    bool servedByPymalloc(uint64_t nbytes) const {
        return nbytes != 0 && nbytes <= smallRequestThreshold;
    }
};

// The profiles that ship, oldest first.
const std::vector<Profile>& allProfiles();

// Looks a profile up by its name ("3.11", "3.7-classic"); also accepts a full
// version ("3.11.7", "3.7.3"). Returns nothing for an unknown name.
std::optional<Profile> profileByName(const std::string& name);

// The profile for an interpreter version, from the table of version ranges
// in profile.cpp. 3.6.x and 3.7.0-3.7.3 are 8-byte aligned upstream; see
// withAlignmentShift() for builds that differ.
std::optional<Profile> profileForVersion(const PyVersion& version);
std::optional<Profile> profileForVersion(int major, int minor, int micro);

// Parses the trace's "# python 3.11.7 (main, ...)" comment into a version.
using PythonVersion = PyVersion;
std::optional<PythonVersion> parsePythonComment(const std::string& commentLine);

// The names accepted by --profile, for messages.
std::string profileNames();

// Some builds of 3.6 carry the bpo-27987 backport (16-byte alignment, 32
// classes): the profile follows the evidence (the interpreter's own report,
// or a pointer no 16-byte build could return) when it disagrees with the
// version number. Returns the profile with the alignment it should have.
Profile withAlignmentShift(const Profile& p, unsigned alignmentShift);

// The same profile for a PYMALLOC_USE_HUGEPAGES build (2 MiB arenas): named
// "3.15-hugepages", also shipped. Requires p.hugePageArenaBits.
Profile withHugePageArenas(const Profile& p);

} // namespace arenascope
