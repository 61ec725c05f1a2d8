// Version rules as data: the version-range syntax of the rule tables, the
// allocator profile each interpreter version gets, and the scenario Layout
// of each version, checked against the values the minor-version code gave.
#include "model/pymalloc/profile.h"
#include "model/scenario/layout.h"
#include "model/pymalloc/versionrange.h"

#include <gtest/gtest.h>

#include <iterator>
#include <stdexcept>
#include <string>

namespace {

using namespace arenascope;
using scenario::Layout;

PyVersion v(int major, int minor, int micro) { return PyVersion{major, minor, micro}; }

bool holds(const char* range, const PyVersion& version) {
    return versionRange(range).contains(version);
}

TEST(VersionRange, ParsesVersions) {
    EXPECT_EQ(parsePyVersion("3.9"), v(3, 9, 0));
    EXPECT_EQ(parsePyVersion("3.14.5"), v(3, 14, 5));
    EXPECT_EQ(parsePyVersion("3.10.13"), v(3, 10, 13));
    for (const char* bad :
         {"", "3", "3.", ".9", "3.9.", "3.9.1.2", "3.x", " 3.9", "3.9 ", "-3.9", "3.1234567"})
        EXPECT_FALSE(parsePyVersion(bad)) << bad;
    EXPECT_THROW(pyVersion("3,9"), std::invalid_argument);
}

TEST(VersionRange, OrdersByNumberNotText) {
    EXPECT_LT(v(3, 9, 18), v(3, 10, 0));
    EXPECT_LT(v(3, 7, 3), v(3, 7, 4));
    EXPECT_LT(v(2, 7, 18), v(3, 0, 0));
    EXPECT_EQ(v(3, 11, 7), v(3, 11, 7));
    EXPECT_NE(v(3, 11, 7), v(3, 11, 8));
    EXPECT_EQ(toString(v(3, 14, 5)), "3.14.5");
}

TEST(VersionRange, AMinorSeriesHoldsEveryMicro) {
    EXPECT_TRUE(holds("3.9", v(3, 9, 0)));
    EXPECT_TRUE(holds("3.9", v(3, 9, 18)));
    EXPECT_FALSE(holds("3.9", v(3, 8, 18)));
    EXPECT_FALSE(holds("3.9", v(3, 10, 0)));
    const VersionRange r = versionRange("3.9");
    EXPECT_EQ(r.from, v(3, 9, 0));
    EXPECT_EQ(r.to, v(3, 10, 0)); // excluded
}

TEST(VersionRange, AMicroReleaseHoldsItselfAlone) {
    EXPECT_TRUE(holds("3.14.5", v(3, 14, 5)));
    EXPECT_FALSE(holds("3.14.5", v(3, 14, 4)));
    EXPECT_FALSE(holds("3.14.5", v(3, 14, 6)));
}

TEST(VersionRange, OpenEndedRangeHoldsEverythingLater) {
    EXPECT_TRUE(holds("3.9+", v(3, 9, 0)));
    EXPECT_TRUE(holds("3.9+", v(3, 99, 0)));
    EXPECT_TRUE(holds("3.9+", v(4, 0, 0)));
    EXPECT_FALSE(holds("3.9+", v(3, 8, 18)));
    EXPECT_TRUE(holds("3.7.4+", v(3, 7, 4)));
    EXPECT_FALSE(holds("3.7.4+", v(3, 7, 3)));
}

TEST(VersionRange, BothEndsAsWrittenAreIncluded) {
    EXPECT_TRUE(holds("3.8-3.10", v(3, 8, 0)));
    EXPECT_TRUE(holds("3.8-3.10", v(3, 10, 13)));
    EXPECT_FALSE(holds("3.8-3.10", v(3, 11, 0)));
    EXPECT_FALSE(holds("3.8-3.10", v(3, 7, 16)));
    EXPECT_TRUE(holds("3.7.0-3.7.3", v(3, 7, 3)));
    EXPECT_FALSE(holds("3.7.0-3.7.3", v(3, 7, 4)));
    EXPECT_TRUE(holds("3.7.4-3.7", v(3, 7, 4)));
    EXPECT_TRUE(holds("3.7.4-3.7", v(3, 7, 16)));
    EXPECT_FALSE(holds("3.7.4-3.7", v(3, 7, 3)));
    EXPECT_FALSE(holds("3.7.4-3.7", v(3, 8, 0)));
}

TEST(VersionRange, RefusesWhatTheTablesCannotMean) {
    for (const char* bad : {"", "+", "-", "3.9-", "-3.9", "3.9++", "3.9+-3.10", "3.9 - 3.10",
                            "3.10-3.8", "3.7.5-3.7.3", "3.8-3.9-3.10", "3"})
        EXPECT_FALSE(parseVersionRange(bad)) << bad;
    EXPECT_TRUE(parseVersionRange("3.9-3.9")); // a range of one series
    EXPECT_THROW(versionRange("3.10-3.8"), std::invalid_argument);
}

// What profileForVersion chose before the table, for the pyenv builds and
// the edges of each range.
TEST(ProfileTable, PicksTheSameProfilesAsBefore) {
    const struct {
        PyVersion version;
        const char* profile;
    } cases[] = {
        {v(3, 6, 0), "3.6"},         {v(3, 6, 15), "3.6"},  {v(3, 7, 0), "3.7-classic"},
        {v(3, 7, 3), "3.7-classic"}, {v(3, 7, 4), "3.7"},   {v(3, 7, 16), "3.7"},
        {v(3, 8, 0), "3.8"},         {v(3, 8, 18), "3.8"},  {v(3, 9, 18), "3.9"},
        {v(3, 10, 13), "3.10"},      {v(3, 11, 7), "3.11"}, {v(3, 12, 1), "3.12"},
        {v(3, 13, 0), "3.13"},       {v(3, 13, 9), "3.13"},
        // 3.14.0-3.14.4's incremental collector does not change the allocator.
        {v(3, 14, 0), "3.14"},       {v(3, 14, 4), "3.14"}, {v(3, 14, 7), "3.14"},
        {v(3, 15, 0), "3.15"},       {v(3, 15, 2), "3.15"},
    };
    for (const auto& c : cases) {
        const auto p = profileForVersion(c.version);
        ASSERT_TRUE(p) << c.version;
        EXPECT_EQ(p->name, c.profile) << c.version;
        const auto q = profileForVersion(c.version.major, c.version.minor, c.version.micro);
        ASSERT_TRUE(q) << c.version;
        EXPECT_EQ(q->name, c.profile) << c.version;
    }
    for (const PyVersion& none : {v(2, 7, 18), v(3, 5, 10), v(3, 16, 0), v(4, 0, 0)})
        EXPECT_FALSE(profileForVersion(none)) << none;
    EXPECT_EQ(profileByName("3.7.3")->name, "3.7-classic");
    EXPECT_EQ(profileByName("3.7.4")->name, "3.7");
    EXPECT_EQ(profileByName("3.14.0")->name, "3.14");
    EXPECT_FALSE(profileByName("3.16.0"));
}

TEST(ProfileTable, KeepsTheAllocatorConstants) {
    EXPECT_EQ(profileForVersion(v(3, 7, 3))->alignmentShift, 3u);
    EXPECT_EQ(profileForVersion(v(3, 7, 4))->alignmentShift, 4u);
    EXPECT_EQ(profileForVersion(v(3, 6, 15))->alignmentShift, 4u);
    EXPECT_FALSE(profileForVersion(v(3, 8, 18))->keepLastEmptyArena);
    EXPECT_TRUE(profileForVersion(v(3, 9, 18))->keepLastEmptyArena);
    EXPECT_EQ(profileForVersion(v(3, 10, 13))->radixAddressBits, 48u);
    EXPECT_EQ(profileForVersion(v(3, 11, 7))->radixAddressBits, 64u);
    EXPECT_EQ(profileForVersion(v(3, 13, 0))->arenaBits, 20u);
    for (const PyVersion& later : {v(3, 14, 7), v(3, 15, 2)}) {
        const Profile p = *profileForVersion(later);
        EXPECT_EQ(p.alignmentShift, 4u) << later;
        EXPECT_EQ(p.poolBits, 14u) << later;
        EXPECT_EQ(p.arenaBits, 20u) << later;
        EXPECT_TRUE(p.keepLastEmptyArena) << later;
        EXPECT_EQ(p.radixAddressBits, 64u) << later;
    }
    EXPECT_EQ(profileByName("3.15-hugepages")->arenaBits, 21u);  // PYMALLOC_USE_HUGEPAGES
    EXPECT_EQ(profileByName("3.15-hugepages")->poolBits, 14u);
    EXPECT_EQ(profileNames(), "3.7-classic, 3.6, 3.7, 3.8, 3.9, 3.10, 3.11, 3.12, 3.13, 3.14, 3.15, 3.15-hugepages");
}

TEST(ProfileTable, EachProfileStandsForAVersionItModels) {
    const struct {
        const char* profile;
        PyVersion version;
        const char* byVersion = nullptr;  // the profile the version picks, if another
    } cases[] = {
        {"3.7-classic", v(3, 7, 0)}, {"3.6", v(3, 6, 15)},  {"3.7", v(3, 7, 4)},
        {"3.8", v(3, 8, 0)},         {"3.9", v(3, 9, 0)},   {"3.10", v(3, 10, 0)},
        {"3.11", v(3, 11, 0)},       {"3.12", v(3, 12, 0)}, {"3.13", v(3, 13, 0)},
        {"3.14", v(3, 14, 7)},       {"3.15", v(3, 15, 0)},
        // The build, not the version, chooses it (loadedtrace.cpp chooseProfile).
        {"3.15-hugepages", v(3, 15, 0), "3.15"},
    };
    ASSERT_EQ(allProfiles().size(), std::size(cases));
    for (const auto& c : cases) {
        const auto p = profileByName(c.profile);
        ASSERT_TRUE(p) << c.profile;
        EXPECT_EQ(p->version, c.version) << c.profile;
        EXPECT_EQ(profileForVersion(p->version)->name, c.byVersion ? c.byVersion : c.profile);
    }
}

Layout layoutOf(const char* profile) {
    std::string why;
    const auto l = scenario::layoutFor(*profileByName(profile), &why);
    EXPECT_TRUE(l) << profile << ": " << why;
    return l ? *l : Layout{};
}

const char* const kScenarioProfiles[] = {"3.8", "3.9", "3.10", "3.11", "3.12", "3.13", "3.14", "3.15"};

// The sizes and values that differ between versions, as the minor-version
// code set them.
TEST(LayoutTable, SizesPerVersionAreAsBefore) {
    using S = Layout::StrAppend;
    const struct {
        const char* profile;
        unsigned keysHeader, asciiHeader, functionBasic, heapTypeBasic, weakrefBasic, frameBasic,
            rangeIterBasic, tupleBasic;
        int threshold0;
        int64_t startupLongLived;
        S strAppend;
        unsigned cfunctionFreeList, intFreeList, rangeFreeList;
    } rows[] = {
        {"3.8", 40, 48, 120, 880, 56, 368, 48, 24, 700, 4483, S::Concatenate, 256, 0, 0},
        {"3.9", 40, 48, 120, 880, 56, 368, 48, 24, 700, 4596, S::Concatenate, 0, 0, 0},
        {"3.10", 40, 48, 128, 888, 56, 360, 48, 24, 700, 4719, S::Concatenate, 0, 0, 0},
        {"3.11", 32, 48, 136, 904, 64, 0, 48, 24, 700, 11092, S::AfterWarmup, 0, 0, 0},
        {"3.12", 32, 40, 144, 920, 64, 0, 40, 24, 700, 4974, S::SecondRun, 0, 0, 0},
        {"3.13", 32, 40, 144, 928, 64, 0, 40, 24, 2000, 5065, S::SecondRun, 0, 0, 0},
        // 3.14.7's sys.getsizeof: tuples and functions 8 bytes larger.
        {"3.14", 32, 40, 152, 936, 64, 0, 40, 32, 2000, 5339, S::SecondRun, 16, 100, 6},
        {"3.15", 32, 40, 152, 936, 64, 0, 40, 32, 2000, 5339, S::SecondRun, 16, 100, 6},
    };
    for (const auto& r : rows) {
        const Layout l = layoutOf(r.profile);
        SCOPED_TRACE(r.profile);
        EXPECT_EQ(l.name, r.profile);
        EXPECT_EQ(l.keysHeader, r.keysHeader);
        EXPECT_EQ(l.asciiHeader, r.asciiHeader);
        EXPECT_EQ(l.functionBasic, r.functionBasic);
        EXPECT_EQ(l.heapTypeBasic, r.heapTypeBasic);
        EXPECT_EQ(l.weakrefBasic, r.weakrefBasic);
        EXPECT_EQ(l.frameBasic, r.frameBasic);
        EXPECT_EQ(l.rangeIterBasic, r.rangeIterBasic);
        EXPECT_EQ(l.threshold0, r.threshold0);
        EXPECT_EQ(l.startupLongLived, r.startupLongLived);
        EXPECT_EQ(l.strAppend, r.strAppend);
        EXPECT_EQ(l.tupleBasic, r.tupleBasic);
        EXPECT_EQ(l.cfunctionFreeList, r.cfunctionFreeList);
        EXPECT_EQ(l.intFreeList, r.intFreeList);
        EXPECT_EQ(l.rangeFreeList, r.rangeFreeList);
        EXPECT_EQ(l.rangeIterFreeList, r.rangeFreeList);
    }
}

// Each switch over 3.8 ... 3.15, as the minor-version checks set it
// (T: on, F: off).
TEST(LayoutTable, SwitchesPerVersionAreAsBefore) {
    const struct {
        bool Layout::*field;
        const char* name;
        const char* perVersion;
    } rows[] = {
        {&Layout::listResize39, "listResize39", "FTTTTTTT"},
        {&Layout::preallocRoundsEven, "preallocRoundsEven", "FFTTTTTT"},
        {&Layout::extendPreallocates, "extendPreallocates", "FFTTTTTT"},
        {&Layout::iterPreallocates, "iterPreallocates", "FTTTTTTT"},
        {&Layout::constDisplayExtends, "constDisplayExtends", "FTTTTTTT"},
        {&Layout::listExtendSet, "listExtendSet", "FFFFFTTT"},
        {&Layout::unicodeKeys, "unicodeKeys", "FFFTTTTT"},
        {&Layout::dictNewMakesKeys, "dictNewMakesKeys", "TTFFFFFF"},
        {&Layout::longZeroHasDigit, "longZeroHasDigit", "FFFTTTTT"},
        {&Layout::rangeLengthFromObjects, "rangeLengthFromObjects", "TTTTFFFF"},
        {&Layout::noneHashConstant, "noneHashConstant", "FFFFTTTT"},
        {&Layout::strVectorcall, "strVectorcall", "FFFFFTTT"},
        {&Layout::constructorVectorcall, "constructorVectorcall", "FTTTTTTT"},
        {&Layout::superArgTuple, "superArgTuple", "TTTFFFFF"},
        {&Layout::slotsPackFreedFirst, "slotsPackFreedFirst", "TTFFFFFF"},
        {&Layout::classFirstLineno, "classFirstLineno", "FFFFFTTT"},
        {&Layout::classStaticAttributes, "classStaticAttributes", "FFFFFTTT"},
        {&Layout::mroBeforeSlotMembers, "mroBeforeSlotMembers", "FFTTTTTT"},
        {&Layout::printKwTuple, "printKwTuple", "FFFTFFFF"},
        {&Layout::printKwTupleOnKeywords, "printKwTupleOnKeywords", "TTTFFFFF"},
        {&Layout::printArgTuple, "printArgTuple", "FFFTTTFF"},
        {&Layout::identifiersOnFirstUse, "identifiersOnFirstUse", "TTTFFFFF"},
        {&Layout::collectAtEvalBreaker, "collectAtEvalBreaker", "FFFFTTTT"},
        {&Layout::scheduledRunsWhenDisabled, "scheduledRunsWhenDisabled", "FFFFTFFF"},
        {&Layout::tupleMaybeTracked, "tupleMaybeTracked", "FFFFFFTT"},
        {&Layout::maintainDictTracking, "maintainDictTracking", "TTTTTTFF"},
        {&Layout::constSetRebuilt, "constSetRebuilt", "TTTTTTFF"},
    };
    for (size_t i = 0; i < std::size(kScenarioProfiles); ++i) {
        const Layout l = layoutOf(kScenarioProfiles[i]);
        for (const auto& r : rows)
            EXPECT_EQ(l.*r.field, r.perVersion[i] == 'T')
                << r.name << " in " << kScenarioProfiles[i];
    }
}

TEST(LayoutTable, SharedValuesAreAsBefore) {
    for (const char* profile : kScenarioProfiles) {
        const Layout l = layoutOf(profile);
        SCOPED_TRACE(profile);
        EXPECT_EQ(l.gcHead, 16u);
        EXPECT_EQ(l.listBasic, 40u);
        EXPECT_EQ(l.listFreeList, 80u);
        EXPECT_EQ(l.tupleSaveSize, 20u);
        EXPECT_EQ(l.tupleFreeList, 2000u);
        EXPECT_EQ(l.dictBasic, 48u);
        EXPECT_EQ(l.dictFreeList, 80u);
        EXPECT_EQ(l.setBasic, 200u);
        EXPECT_EQ(l.bytesHeader, 33u);
        EXPECT_EQ(l.longHeader, 24u);
        EXPECT_EQ(l.memberDescrBasic, 48u);
        EXPECT_EQ(l.superBasic, 40u);
        EXPECT_EQ(l.cfunctionBasic, 56u);
        EXPECT_EQ(l.frameFreeList, 200u);
        EXPECT_EQ(l.quickeningWarmup, 8);
        EXPECT_EQ(l.threshold1, 10);
        EXPECT_EQ(l.threshold2, 10);
    }
}

TEST(LayoutTable, CoversThreeEightToThreeFifteenOnly) {
    for (const char* profile : {"3.6", "3.7-classic", "3.7"}) {
        std::string why;
        EXPECT_FALSE(scenario::layoutFor(*profileByName(profile), &why)) << profile;
        EXPECT_EQ(why, std::string("scenarios model CPython 3.8 to 3.15; profile ") + profile +
                           " is not covered (its GC header and dict layout differ)");
    }
    Profile later = *profileByName("3.15");
    later.version = v(3, 16, 0);
    EXPECT_FALSE(scenario::layoutFor(later));
}

// 3.14.0-3.14.4's incremental collector is not modelled: no collector row
// holds them, and the refusal names the rule. 3.14.5 on is generational.
TEST(LayoutTable, RefusesThreeFourteenBeforeTheGenerationalCollector) {
    Profile p = *profileByName("3.14");
    EXPECT_EQ(p.version, v(3, 14, 7));
    for (const PyVersion& incremental : {v(3, 14, 0), v(3, 14, 4)}) {
        p.version = incremental;
        std::string why;
        EXPECT_FALSE(scenario::layoutFor(p, &why)) << incremental;
        EXPECT_NE(why.find("no single value for CPython " + toString(incremental)), std::string::npos)
            << why;
    }
    p.version = v(3, 14, 5);
    const auto l = scenario::layoutFor(p);
    ASSERT_TRUE(l);
    EXPECT_FALSE(l->maintainDictTracking);
    EXPECT_TRUE(l->tupleMaybeTracked);
    EXPECT_EQ(l->threshold2, 10);
}

TEST(LayoutTable, AMicroReleaseGetsItsSeriesRules) {
    Profile p = *profileByName("3.12");
    p.version = v(3, 12, 1);
    const auto l = scenario::layoutFor(p);
    ASSERT_TRUE(l);
    EXPECT_TRUE(l->scheduledRunsWhenDisabled);
    EXPECT_EQ(l->startupLongLived, 4974);
    EXPECT_EQ(l->asciiHeader, 40u);
}

} // namespace
