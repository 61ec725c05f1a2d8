// The collector proved on its real graph (issue 13, part 3; docs/trace-format.md,
// "The collector's graph"): handwritten collections whose verdicts are known
// by construction, the phases' figures, and every malformed graph line refused
// by name. The recordings of real programs are checked in test_stepped.cpp.
#include "model/program/collections.h"
#include "model/session/input.h"
#include "testsupport.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace arenascope {
namespace {

using test::caught;
using test::TempFile;

// Three lists' blocks of a 3.11 arena (size class 3: 64 bytes, the first pool
// at the arena's start, its blocks after the 48-byte header); each object
// sits 16 bytes (the collector's header) into its block.
const char* const kHead =
    "pymalloc-trace 1\n"
    "# python VERSION (main) [GCC]\n"
    "arena_alloc 0x7f0000000000 1048576\n"
    "malloc obj 56 0x7f0000000030\n"
    "malloc obj 56 0x7f0000000070\n"
    "malloc obj 56 0x7f00000000b0\n"
    "gc_start 2\n";  // line 7

// A and B refer to each other and to nothing else; C is referred to from
// outside young (its one reference is not from young).
const std::string kCycle =
    "young 3 0\n"
    "gco 0x7f0000000040 0x7f0000000030 1 - list\n"
    "gcr 1\n"
    "gco 0x7f0000000080 0x7f0000000070 1 - list\n"
    "gcr 0\n"
    "gco 0x7f00000000c0 0x7f00000000b0 1 - dict\n";

std::string recording(const std::string& graph, const std::string& version = "3.11.7") {
    std::string head = kHead;
    head.replace(head.find("VERSION"), 7, version);
    return head + graph;
}

std::string rejected(const std::string& graph);

VerifyResult verified(const std::string& text) {
    const TempFile file(".trace", text);
    return verifyInput(file.path(), VerifyOptions());
}

// The window's door agrees with verify's streaming pass.
CollectionsSummary opened(const std::string& text) {
    const TempFile file(".trace", text);
    return openInput(file.path())->collectionsSummary;
}

TEST(Collections, ACycleThatDiesIsProven) {
    const std::string text = recording(kCycle +
                                       "free obj 0x7f0000000030\n"
                                       "free obj 0x7f0000000070\n"
                                       "gc_stop 2 2 0\n");
    const VerifyResult v = verified(text);
    EXPECT_EQ(v.mismatches, 0u);
    EXPECT_EQ(v.collections, 1u);
    EXPECT_EQ(v.collectionsProven, 1u);
    EXPECT_EQ(v.firstUnprovenLine, 0u);
    const CollectionsSummary s = opened(text);
    EXPECT_EQ(s.collections, 1u);
    EXPECT_EQ(s.proven, 1u);
}

TEST(Collections, ThePhasesLeaveWhatGcCollectMainLeaves) {
    const TempFile file(".trace", recording(kCycle + "free obj 0x7f0000000030\nfree obj 0x7f0000000070\n"
                                                     "gc_stop 2 2 0\n"));
    const auto in = openInput(file.path());
    ASSERT_EQ(in->collections->size(), 1u);
    const Collection& c = in->collections->front();
    EXPECT_EQ(c.line, 7u);
    EXPECT_EQ(c.generation, 2u);
    EXPECT_EQ(c.startEvent, 4u);
    EXPECT_EQ(c.stopEvent, 6u);
    ASSERT_EQ(c.young.size(), 3u);
    EXPECT_EQ(c.young[2].type, "dict");
    EXPECT_EQ(c.young[1].refs, std::vector<uint32_t>{0});
    EXPECT_TRUE(c.young[2].refs.empty());
    EXPECT_EQ(c.died, (std::vector<uint8_t>{1, 1, 0}));
    const CollectionPhases p = runPhases(c);
    // update_refs then subtract_refs: A and B hold each other's one reference.
    EXPECT_EQ(p.gcRefs, (std::vector<int64_t>{0, 0, 1}));
    EXPECT_EQ(p.unreachable, (std::vector<uint8_t>{1, 1, 0}));
    EXPECT_EQ(p.dies, (std::vector<uint8_t>{1, 1, 0}));
}

TEST(Collections, ReachableFromOutsideIsKept) {
    // C refers to A, and C is held from outside: A and B are reachable, so
    // their dying is not what the collector does.
    Collection c;
    c.hasGraph = c.recorded = true;
    c.young.resize(3);
    c.young[0] = {0x40, 0x30, 1, false, false, "list", {1}};
    c.young[1] = {0x80, 0x70, 2, false, false, "list", {0}};
    c.young[2] = {0xc0, 0xb0, 1, false, false, "dict", {}};
    c.youngCount = 3;
    c.died = {0, 0, 0};
    const CollectionPhases p = runPhases(c);
    EXPECT_EQ(p.gcRefs, (std::vector<int64_t>{0, 1, 1}));
    EXPECT_EQ(p.unreachable, (std::vector<uint8_t>{0, 0, 0}));  // B holds A: from outside
    const CollectionVerdict v = prove(c, p, PyVersion{3, 11, 7});
    EXPECT_TRUE(v.proven) << v.reason;
    EXPECT_EQ(v.garbage, 0u);
}

TEST(Collections, AFreeListTakingAnObjectCountsAsItsDeath) {
    const VerifyResult v = verified(recording(kCycle +
                                              "free obj 0x7f0000000030\n"
                                              "freelisted 1\n"
                                              "gc_stop 2 2 0\n"));
    EXPECT_EQ(v.collectionsProven, 1u);
}

TEST(Collections, GarbageThatDidNotDieIsNamed) {
    const std::string text = recording(kCycle + "free obj 0x7f0000000030\ngc_stop 2 2 0\n");
    const VerifyResult v = verified(text);
    EXPECT_EQ(v.collections, 1u);
    EXPECT_EQ(v.collectionsProven, 0u);
    EXPECT_EQ(v.firstUnprovenLine, 7u);
    EXPECT_EQ(v.firstUnprovenReason,
              "collection of generation 2: 1 object the model finds unreachable did not die "
              "(first: list at 0x7f0000000080 (young #1))");
    EXPECT_EQ(opened(text).firstUnprovenReason, v.firstUnprovenReason);
}

TEST(Collections, ReachableThatDiedIsNamed) {
    const VerifyResult v = verified(recording(kCycle +
                                              "free obj 0x7f0000000030\n"
                                              "free obj 0x7f0000000070\n"
                                              "free obj 0x7f00000000b0\n"
                                              "gc_stop 2 3 0\n"));
    EXPECT_EQ(v.firstUnprovenReason,
              "collection of generation 2: 1 object died that the model finds reachable "
              "(first: dict at 0x7f00000000c0 (young #2))");
}

TEST(Collections, TheCollectorsCountMustAgree) {
    const VerifyResult v = verified(recording(kCycle +
                                              "free obj 0x7f0000000030\n"
                                              "free obj 0x7f0000000070\n"
                                              "gc_stop 2 5 0\n"));
    EXPECT_EQ(v.firstUnprovenReason,
              "collection of generation 2: the collector reported 5 collected; 2 objects died "
              "(the model finds 2 unreachable)");
}

// A with tp_del (flag d) makes A, and B which it reaches, uncollectable.
TEST(Collections, LegacyFinalizersGoToGarbage) {
    std::string graph = kCycle;
    graph.replace(graph.find("1 - list"), 8, "1 d list");
    EXPECT_EQ(verified(recording(graph + "gc_stop 2 0 2\n")).collectionsProven, 1u);
    const VerifyResult wrong = verified(recording(graph + "gc_stop 2 0 0\n"));
    EXPECT_EQ(wrong.firstUnprovenReason,
              "collection of generation 2: the collector reported 0 uncollectable; the model finds 2");
}

// A with a __del__ (flag f) that resurrected the pair: from 3.9 only the
// resurrected survive; up to 3.8, the whole unreachable set survives or none.
TEST(Collections, FinalizersMayResurrectByTheVersionsRule) {
    std::string graph = kCycle;
    graph.replace(graph.find("1 - list"), 8, "1 f list");
    const std::string none = graph + "gc_stop 2 0 0\n";
    EXPECT_EQ(verified(recording(none, "3.11.7")).collectionsProven, 1u);
    EXPECT_EQ(verified(recording(none, "3.8.18")).collectionsProven, 1u);
    const std::string half = graph + "free obj 0x7f0000000070\ngc_stop 2 1 0\n";
    EXPECT_EQ(verified(recording(half, "3.11.7")).collectionsProven, 1u);
    EXPECT_EQ(verified(recording(half, "3.8.18")).collectionsProven, 0u);
    // Without a finalizer, nothing may survive.
    EXPECT_EQ(verified(recording(kCycle + "gc_stop 2 0 0\n")).collectionsProven, 0u);
}

// D is a weak reference (held from outside) to A: it may die with A, and the
// collector counts it when its callback freed it.
TEST(Collections, WeakReferencesToGarbageMayDie) {
    const std::string graph = "young 3 0\n"
                              "gco 0x7f0000000040 0x7f0000000030 1 - list\n"
                              "gcr 1\n"
                              "gco 0x7f0000000080 0x7f0000000070 1 - list\n"
                              "gcr 0\n"
                              "gco 0x7f00000000c0 0x7f00000000b0 1 - KeyedRef\n"
                              "gcw 0\n";
    const std::string frees = "free obj 0x7f0000000030\nfree obj 0x7f0000000070\nfree obj 0x7f00000000b0\n";
    EXPECT_EQ(verified(recording(graph + frees + "gc_stop 2 3 0\n")).collectionsProven, 1u);
    EXPECT_EQ(verified(recording(graph + frees + "gc_stop 2 2 0\n")).collectionsProven, 1u);
    EXPECT_EQ(verified(recording(graph + frees + "gc_stop 2 4 0\n")).collectionsProven, 0u);
}

// A function F and a list A in a cycle; F's code C (no GC type, outside
// young, written as an untracked holder) holds the tuple T, which only a
// `gcd` line links to it: code_dealloc drops co_consts, no tp_traverse
// visits it. T dies with the garbage, one step past C.
std::string garbageThroughCode(bool withDropped) {
    return std::string("pymalloc-trace 1\n"
                       "# python 3.12.1 (main) [GCC]\n"
                       "arena_alloc 0x7f0000000000 1048576\n"
                       "malloc obj 56 0x7f0000000030\n"
                       "malloc obj 56 0x7f0000000070\n"
                       "malloc obj 56 0x7f00000000b0\n"
                       "malloc obj 56 0x7f00000000f0\n"
                       "gc_start 0\n"
                       "young 3 1\n"
                       "gco 0x7f0000000040 0x7f0000000030 1 - list\n"
                       "gcr 1\n"
                       "gco 0x7f0000000080 0x7f0000000070 1 - function\n"
                       "gcr 0 3\n"
                       "gco 0x7f00000000c0 0x7f00000000b0 1 - tuple\n"
                       "gco 0x7f00000000f0 0x7f00000000f0 1 - code\n") +
           (withDropped ? "gcd 2\n" : "") +
           "free obj 0x7f0000000030\n"
           "free obj 0x7f0000000070\n"
           "free obj 0x7f00000000f0\n"
           "free obj 0x7f00000000b0\n"
           "gc_stop 0 2 0\n";
}

TEST(Collections, WhatADyingCodeObjectHoldsDiesWithIt) {
    const VerifyResult v = verified(garbageThroughCode(true));
    EXPECT_EQ(v.collectionsProven, 1u) << v.firstUnprovenReason;
    const TempFile file(".trace", garbageThroughCode(true));
    const auto in = openInput(file.path());
    const Collection& c = in->collections->front();
    EXPECT_EQ(c.young[3].dropped, std::vector<uint32_t>{2});
    EXPECT_EQ(c.young[3].refs, std::vector<uint32_t>{});
    const CollectionPhases p = runPhases(c);
    EXPECT_EQ(p.gcRefs, (std::vector<int64_t>{0, 0, 1}));
    EXPECT_EQ(p.dies, (std::vector<uint8_t>{1, 1, 1, 1}));
    EXPECT_EQ(verified(garbageThroughCode(false)).firstUnprovenReason,
              "collection of generation 0: 1 object died that the model finds reachable "
              "(first: tuple at 0x7f00000000c0 (young #2))");
}

// A class Y, referred to from outside young, and its __slots__ tuple S,
// which type_traverse does not visit: subtract_refs must not count the
// `gcd` link, or S would look unreachable and be expected to die.
TEST(Collections, ReferencesOnlyTheDeallocDropsAreNotSubtracted) {
    const VerifyResult v = verified(recording(
        "young 2 0\n"
        "gco 0x7f0000000040 0x7f0000000030 1 - type\n"
        "gcd 1\n"
        "gco 0x7f0000000080 0x7f0000000070 1 - tuple\n"
        "gc_stop 2 0 0\n"));
    EXPECT_EQ(v.collectionsProven, 1u) << v.firstUnprovenReason;
    EXPECT_EQ(rejected("young 1 0\ngcd 0\n"), "9: 'gcd' before any 'gco': references belong to the object before them");
}

TEST(Collections, AGraphOverTheRecordersLimitIsNotProven) {
    const VerifyResult v = verified(recording("young 3000000 -\ngc_stop 2 0 0\n"));
    EXPECT_EQ(v.collections, 1u);
    EXPECT_EQ(v.collectionsProven, 0u);
    EXPECT_EQ(v.firstUnprovenReason,
              "collection of generation 2: its graph was not recorded (3000000 objects, over the recorder's limit)");
}

TEST(Collections, APlainTraceHasNoVerdict) {
    const VerifyResult v = verified(recording("free obj 0x7f0000000030\ngc_stop 2 1 0\n"));
    EXPECT_EQ(v.collections, 0u);
    EXPECT_EQ(v.mismatches, 0u);
}

// ------------------------------------------------------------ rejections

std::string rejected(const std::string& graph) {
    const TempFile file(".trace", recording(graph));
    const std::string verify = caught([&] { verifyInput(file.path(), VerifyOptions()); }).what();
    const std::string open = caught([&] { openInput(file.path()); }).what();
    EXPECT_EQ(verify, open);
    return verify.substr(verify.find(':', verify.find(".trace")) + 1);
}

TEST(CollectionsRejects, EachMalformedLineByName) {
    EXPECT_EQ(rejected("gc_stop 2 0 0\ngco 0x40 0x30 1 - list\n"),
              "9: 'gco' outside a collection: it follows a gc_start and its young line");
    EXPECT_EQ(rejected("gco 0x40 0x30 1 - list\n"),
              "8: 'gco' outside a collection: it follows a gc_start and its young line");
    EXPECT_EQ(rejected("young 1 0\nyoung 1 0\n"), "9: a second 'young' line in one collection");
    EXPECT_EQ(rejected("young 1 0\ngco 0x40 0x30 1 x list\n"), "9: bad flags 'x': expected -, or f and d");
    EXPECT_EQ(rejected("young 1 0\ngco 0x40 0x30 1 - list\ngco 0x80 0x70 1 - list\n"),
              "10: 'gco' past the 1 objects its 'young' line counts");
    EXPECT_EQ(rejected("young 1 0\ngco 0x40 0x30 1 - list\ngcr 1\n"), "10: index 1 past the graph's 1 objects");
    EXPECT_EQ(rejected("young 1 0\ngcr 0\n"), "9: 'gcr' before any 'gco': references belong to the object before them");
    EXPECT_EQ(rejected("young 2 0\ngco 0x40 0x30 1 - list\nfreelisted 0\n"),
              "10: 'freelisted' before the graph's last object");
    EXPECT_EQ(rejected("young 2 0\ngco 0x40 0x30 1 - list\ngc_stop 2 0 0\n"),
              "10: the collection stopped after 1 of the 2 objects its 'young' line counts");
    EXPECT_EQ(rejected("young 1 0\ngco 0x40 0x30 1 -\n"),
              "9: 'gco' takes ADDR BLOCK REFCNT FLAGS TYPE; found 4 fields");
    EXPECT_EQ(rejected("young 1 0\ngco 0x40 0x30 1 - list\ngcw 0 0\n"), "10: 'gcw' takes one index; found 2");
}

} // namespace
} // namespace arenascope
