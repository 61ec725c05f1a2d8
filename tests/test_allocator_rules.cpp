// The pymalloc rules, one test each, on tiny hand-written traces whose every
// pointer was worked out by hand from Objects/obmalloc.c (see
// ../shared/docs/cpython-versions.md sections 1-7). A wrong prediction shows
// as a mismatch; states and counters are asserted exactly.
#include "model/pymalloc/allocator.h"
#include "model/trace/loadedtrace.h"
#include "model/pymalloc/mallocstats.h"
#include "model/trace/replay.h"
#include "model/trace/tracereader.h"
#include "testsupport.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace {

using namespace arenascope;
using arenascope::test::traceText;

constexpr uint64_t kKiB = 1024;
constexpr uint64_t kMiB = 1024 * kKiB;

// 3.11: an arena whose base is 4 KiB- but not 16 KiB-aligned loses one pool
// to alignment: 63 pools, the first at the next 16 KiB boundary.
constexpr uint64_t kArena = 0x7f0000005000;
constexpr uint64_t kPool0 = 0x7f0000008000; // (kArena + 0x3fff) & ~0x3fff
constexpr uint64_t kPool1 = 0x7f000000c000;
constexpr uint64_t kPool2 = 0x7f0000010000;
constexpr uint64_t kPool3 = 0x7f0000014000;
constexpr uint64_t kPool4 = 0x7f0000018000;

std::string hx(uint64_t p) { return hexPtr(p); }
std::string mallocLine(uint64_t n, uint64_t p, const char* dom = "obj") {
    return std::string("malloc ") + dom + " " + std::to_string(n) + " " + hx(p);
}
std::string callocLine(uint64_t n, uint64_t e, uint64_t p) {
    return "calloc obj " + std::to_string(n) + " " + std::to_string(e) + " " + hx(p);
}
std::string reallocLine(uint64_t old, uint64_t n, uint64_t p) {
    return "realloc obj " + hx(old) + " " + std::to_string(n) + " " + hx(p);
}
std::string freeLine(uint64_t p, const char* dom = "obj") {
    return std::string("free ") + dom + " " + hx(p);
}
std::string arenaAllocLine(uint64_t a, uint64_t size) {
    return "arena_alloc " + hx(a) + " " + std::to_string(size);
}
std::string arenaFreeLine(uint64_t a, uint64_t size) {
    return "arena_free " + hx(a) + " " + std::to_string(size);
}

std::string pythonFor(const std::string& profile) {
    if (profile == "3.7-classic")
        return "3.7.3";
    if (profile == "3.6")
        return "3.6.15";
    if (profile == "3.7")
        return "3.7.16";
    if (profile == "3.8")
        return "3.8.18";
    if (profile == "3.9")
        return "3.9.18";
    if (profile == "3.10")
        return "3.10.13";
    if (profile == "3.12")
        return "3.12.1";
    if (profile == "3.13")
        return "3.13.0";
    return "3.11.7";
}

Profile mustProfile(const std::string& name) {
    auto p = profileByName(name);
    EXPECT_TRUE(p.has_value()) << name;
    return p ? *p : Profile();
}

class OneEvent : public TraceSink {
public:
    void onEvent(const Event& e, uint64_t) override {
        event = e;
        ++count;
    }
    Event event;
    int count = 0;
};

Event parseLine(const std::string& line) {
    OneEvent sink;
    readTraceText("pymalloc-trace 1\n" + line + "\n", "rules.trace", sink);
    EXPECT_EQ(sink.count, 1) << line;
    return sink.event;
}

// A replay driven one trace line at a time, so that states can be checked
// between events. The lines are kept to replay them again through the loader.
class Session {
public:
    explicit Session(const std::string& profileName)
        : name_(profileName), profile_(mustProfile(profileName)),
          state_(initialReplayState(profile_)), replayer_(profile_, state_, "rules.trace") {}

    StepResult step(const std::string& line) {
        lines_.push_back(line);
        return replayer_.apply(parseLine(line), ++lineNo_);
    }
    // A line that must not disagree with the simulation.
    StepResult ok(const std::string& line) {
        StepResult r = step(line);
        EXPECT_FALSE(r.mismatch) << line << ": " << lastMismatch();
        return r;
    }
    // A pymalloc request whose pointer the simulation must predict.
    StepResult pym(const std::string& line) {
        StepResult r = ok(line);
        EXPECT_TRUE(r.predicted) << line << " was not served by pymalloc";
        return r;
    }

    const Profile& profile() const { return profile_; }
    const Allocator& alloc() const { return replayer_.allocator(); }
    const AllocatorState& st() const { return state_.alloc; }
    const ReplayState& replay() const { return state_; }
    const ArenaObject& arena(ArenaIndex a) const { return state_.alloc.arenas.at(a); }
    const PoolHeader& poolAt(uint64_t p) const {
        const PoolRef r = alloc().poolContaining(p);
        EXPECT_NE(r, kNoPool) << hx(p);
        return state_.alloc.pools.at(r == kNoPool ? 0 : r);
    }
    PoolRef ref(uint64_t p) const { return alloc().poolContaining(p); }
    // Pool k of arena object a: an index that stays valid whatever the state
    // (a pool of an unmapped arena reads as not carved).
    PoolRef slot(ArenaIndex a, unsigned k) const { return alloc().poolRef(a, k); }
    std::string lastMismatch() const {
        return replayer_.mismatches().empty() ? std::string()
                                              : replayer_.mismatches().back().message;
    }

    // Geometry from the rules: pools start at the first pool-aligned address.
    uint64_t firstPool(uint64_t base) const {
        return (base + profile_.poolSize() - 1) & ~(profile_.poolSize() - 1);
    }
    unsigned poolsIn(uint64_t base) const {
        return profile_.maxPoolsInArena() - ((base & (profile_.poolSize() - 1)) ? 1 : 0);
    }
    uint64_t pool(uint64_t base, unsigned k) const {
        return firstPool(base) + k * profile_.poolSize();
    }
    uint64_t block(uint64_t base, unsigned k, unsigned nbytes, unsigned j) const {
        return pool(base, k) + profile_.poolOverhead +
               uint64_t(j) * profile_.blockSize(profile_.sizeClassOf(nbytes));
    }
    unsigned perPool(unsigned nbytes) const {
        return profile_.blocksPerPool(profile_.sizeClassOf(nbytes));
    }
    // Allocates blocks from..end of pool k of the arena at base.
    void fillPool(uint64_t base, unsigned k, unsigned nbytes, unsigned from = 0) {
        for (unsigned j = from; j < perPool(nbytes); ++j)
            pym(mallocLine(nbytes, block(base, k, nbytes, j)));
    }
    void emptyPool(uint64_t base, unsigned k, unsigned nbytes) {
        for (unsigned j = 0; j < perPool(nbytes); ++j)
            ok(freeLine(block(base, k, nbytes, j)));
    }

    // The same lines through loadTraceText: the same predictions, no
    // mismatch, and the same final state.
    void crossCheckWithLoader() {
        LoadOptions o;
        o.profileName = name_;
        auto lt = loadTraceText(traceText(pythonFor(name_), lines_), "rules.trace", o);
        EXPECT_EQ(lt->mismatchCount, 0u)
            << (lt->mismatches.empty() ? "" : lt->mismatches.front().message);
        EXPECT_EQ(lt->predicted, state_.rg.predicted);
        EXPECT_EQ(lt->store->size(), lines_.size());
        EXPECT_EQ(digest(*lt->finalState), digest(state_));
    }
    const std::vector<std::string>& lines() const { return lines_; }

private:
    std::string name_;
    Profile profile_;
    ReplayState state_;
    Replayer replayer_;
    uint64_t lineNo_ = 2; // header and '# python' line
    std::vector<std::string> lines_;
};

// ---------------------------------------------------------------- size classes

TEST(SizeClass, ProfileArithmetic311) {
    const Profile p = mustProfile("3.11");
    EXPECT_EQ(p.alignment(), 16u);
    EXPECT_EQ(p.poolSize(), 16 * kKiB);
    EXPECT_EQ(p.arenaSize(), 1 * kMiB);
    EXPECT_EQ(p.poolOverhead, 48u);
    EXPECT_EQ(p.numSizeClasses(), 32u);
    EXPECT_EQ(p.maxPoolsInArena(), 64u);
    EXPECT_EQ(p.sizeClassOf(1), 0u);
    EXPECT_EQ(p.sizeClassOf(16), 0u);
    EXPECT_EQ(p.sizeClassOf(17), 1u);
    EXPECT_EQ(p.sizeClassOf(32), 1u);
    EXPECT_EQ(p.sizeClassOf(33), 2u);
    EXPECT_EQ(p.sizeClassOf(496), 30u);
    EXPECT_EQ(p.sizeClassOf(497), 31u);
    EXPECT_EQ(p.sizeClassOf(512), 31u);
    EXPECT_EQ(p.blockSize(0), 16u);
    EXPECT_EQ(p.blockSize(31), 512u);
    // NUMBLOCKS = (16384 - 48) / size, Appendix A.
    EXPECT_EQ(p.blocksPerPool(0), 1021u);
    EXPECT_EQ(p.blocksPerPool(6), 145u);
    EXPECT_EQ(p.blocksPerPool(31), 31u);
    EXPECT_FALSE(p.servedByPymalloc(0));
    EXPECT_TRUE(p.servedByPymalloc(1));
    EXPECT_TRUE(p.servedByPymalloc(512));
    EXPECT_FALSE(p.servedByPymalloc(513));

    const Profile p38 = mustProfile("3.8");
    EXPECT_EQ(p38.poolSize(), 4 * kKiB);
    EXPECT_EQ(p38.arenaSize(), 256 * kKiB);
    EXPECT_EQ(p38.blocksPerPool(0), 253u);
    EXPECT_EQ(p38.blocksPerPool(31), 7u);
    EXPECT_FALSE(p38.keepLastEmptyArena);
    EXPECT_TRUE(mustProfile("3.9").keepLastEmptyArena);
}

TEST(SizeClass, RequestPicksClassNMinus1Shift4) {
    Session s("3.11");
    s.ok(arenaAllocLine(kArena, kMiB));
    s.pym(mallocLine(1, kPool0 + 48));    // class 0
    s.pym(mallocLine(16, kPool0 + 64));   // class 0, the next block
    s.pym(mallocLine(17, kPool1 + 48));   // class 1: a new pool
    s.pym(mallocLine(32, kPool1 + 80));   // class 1, next block (+32)
    s.pym(mallocLine(33, kPool2 + 48));   // class 2
    s.pym(mallocLine(512, kPool3 + 48));  // class 31
    s.pym(mallocLine(496, kPool4 + 48));  // class 30
    s.pym(mallocLine(497, kPool3 + 560)); // class 31 again: +512
    EXPECT_EQ(s.poolAt(kPool0).szidx, 0u);
    EXPECT_EQ(s.poolAt(kPool1).szidx, 1u);
    EXPECT_EQ(s.poolAt(kPool2).szidx, 2u);
    EXPECT_EQ(s.poolAt(kPool3).szidx, 31u);
    EXPECT_EQ(s.poolAt(kPool4).szidx, 30u);
    EXPECT_EQ(s.poolAt(kPool3).count, 2u);
    EXPECT_EQ(s.alloc().blockSizeAt(kPool1 + 80), 32u);
    EXPECT_EQ(s.alloc().blockSizeAt(kPool3 + 560), 512u);
    EXPECT_EQ(s.replay().rg.predicted, 8u);
    EXPECT_EQ(s.replay().rg.mismatches, 0u);
    s.crossCheckWithLoader();
}

TEST(SizeClass, Classic37EightByteAlignmentAnd64Classes) {
    Session s("3.7-classic");
    const Profile& p = s.profile();
    EXPECT_EQ(p.alignment(), 8u);
    EXPECT_EQ(p.numSizeClasses(), 64u);
    EXPECT_EQ(p.poolSize(), 4 * kKiB);
    EXPECT_EQ(p.arenaSize(), 256 * kKiB);
    EXPECT_EQ(p.sizeClassOf(8), 0u);
    EXPECT_EQ(p.sizeClassOf(9), 1u);
    EXPECT_EQ(p.sizeClassOf(512), 63u);
    EXPECT_EQ(p.blocksPerPool(0), 506u); // 4048 / 8
    EXPECT_EQ(p.blocksPerPool(63), 7u);
    EXPECT_FALSE(p.keepLastEmptyArena);
    // One usedpools head per class.
    EXPECT_EQ(s.st().pools.size(), 64u);

    const uint64_t a = 0x7f0000040000; // page-aligned: 64 pools of 4 KiB
    s.ok(arenaAllocLine(a, 256 * kKiB));
    s.pym(mallocLine(1, a + 0x30));     // class 0 (8 bytes)
    s.pym(mallocLine(8, a + 0x38));     // +8
    s.pym(mallocLine(9, a + 0x1030));   // class 1, pool 1
    s.pym(mallocLine(16, a + 0x1040));  // +16
    s.pym(mallocLine(512, a + 0x2030)); // class 63, pool 2
    s.pym(mallocLine(505, a + 0x2230)); // class 63: +512
    s.pym(mallocLine(504, a + 0x3030)); // class 62, pool 3
    EXPECT_EQ(s.arena(0).ntotalpools, 64u);
    EXPECT_EQ(s.arena(0).nfreepools, 60u);
    EXPECT_EQ(s.poolAt(a + 0x3030).szidx, 62u);
    EXPECT_EQ(s.poolAt(a + 0x2030).nextoffset, 48u + 3 * 512);
    s.crossCheckWithLoader();

    // The '# python 3.7.3' line and a pointer that is 8 mod 16 choose the
    // classic profile by themselves.
    auto lt = loadTraceText(traceText("3.7.3", s.lines()), "classic.trace");
    EXPECT_EQ(lt->profile.name, "3.7-classic");
    EXPECT_EQ(lt->profile.alignment(), 8u);
    EXPECT_EQ(lt->mismatchCount, 0u);
    EXPECT_EQ(lt->predicted, 7u);
}

// ---------------------------------------------------------------- carving

TEST(PoolCarving, FirstBlockAtPoolPlus48SecondCarvedNext) {
    Session s("3.11");
    StepResult r0 = s.ok(arenaAllocLine(kArena, kMiB));
    EXPECT_FALSE(r0.predicted);
    EXPECT_EQ(s.st().g.narenas_currently_allocated, 0u); // mapped, not yet used

    StepResult r = s.pym(mallocLine(48, kPool0 + 48));
    EXPECT_EQ(r.change.arenaAllocated, 0u);
    EXPECT_TRUE(r.change.poolStateChanged);
    EXPECT_EQ(r.flags() & (kPredicted | kArenaAllocated | kPoolStateChange | kTouchesPymalloc),
              kPredicted | kArenaAllocated | kPoolStateChange | kTouchesPymalloc);

    const ArenaObject& ao = s.arena(0);
    EXPECT_EQ(ao.address, kArena);
    EXPECT_EQ(ao.ntotalpools, 63u); // base not 16 KiB-aligned
    EXPECT_EQ(ao.nfreepools, 62u);
    EXPECT_EQ(ao.pool_address, kPool1);
    EXPECT_EQ(ao.freepools, kNoPool);
    EXPECT_EQ(s.alloc().firstPoolAddress(0), kPool0);

    const AllocatorGlobals& g = s.st().g;
    EXPECT_EQ(g.narenas_currently_allocated, 1u);
    EXPECT_EQ(g.ntimes_arena_allocated, 1u);
    EXPECT_EQ(g.narenas_highwater, 1u);
    EXPECT_EQ(g.maxarenas, 16u); // INITIAL_ARENA_OBJECTS
    EXPECT_EQ(g.usable_arenas, 0u);
    EXPECT_EQ(g.unused_arena_objects, 1u);

    const PoolRef p0 = s.ref(kPool0);
    ASSERT_EQ(p0, s.alloc().poolRef(0, 0));
    EXPECT_EQ(s.alloc().poolAddress(p0), kPool0);
    {
        const PoolHeader& h = s.poolAt(kPool0);
        EXPECT_EQ(h.count, 1u);
        EXPECT_EQ(h.szidx, 2u);
        EXPECT_EQ(h.arenaindex, 0u);
        EXPECT_EQ(h.nextoffset, 48u + 2 * 48);
        EXPECT_EQ(h.maxnextoffset, 16384u - 48);
    }
    EXPECT_EQ(s.alloc().freeList(p0), std::vector<unsigned>({1}));
    EXPECT_EQ(s.alloc().blockState(p0, 0), BlockState::Allocated);
    EXPECT_EQ(s.alloc().blockState(p0, 1), BlockState::Free);
    EXPECT_EQ(s.alloc().blockState(p0, 2), BlockState::Untouched);
    EXPECT_EQ(s.alloc().blockAddress(p0, 1), kPool0 + 96);

    // The second block is the one carved at pool+48+size; taking it carves
    // the third onto the free list.
    s.pym(mallocLine(40, kPool0 + 96));
    EXPECT_EQ(s.poolAt(kPool0).count, 2u);
    EXPECT_EQ(s.poolAt(kPool0).nextoffset, 48u + 3 * 48);
    EXPECT_EQ(s.alloc().freeList(p0), std::vector<unsigned>({2}));
    s.pym(mallocLine(33, kPool0 + 144));
    EXPECT_EQ(s.alloc().usedPools(2), std::vector<PoolRef>({p0}));
    s.crossCheckWithLoader();
}

TEST(PoolCarving, PoolAlignedArenaHas64Pools) {
    Session s("3.11");
    const uint64_t a = 0x7f0000100000; // 16 KiB (and 1 MiB) aligned
    s.ok(arenaAllocLine(a, kMiB));
    s.pym(mallocLine(100, a + 48));
    s.pym(mallocLine(200, a + 0x4000 + 48));
    EXPECT_EQ(s.arena(0).ntotalpools, 64u);
    EXPECT_EQ(s.arena(0).nfreepools, 62u);
    EXPECT_EQ(s.arena(0).pool_address, a + 0x8000);
    s.crossCheckWithLoader();
}

TEST(PoolCarving, FirstPoolIsAtTheNext16KiBBoundary) {
    // mmap gives 4 KiB-aligned bases; a base that is not 16 KiB-aligned
    // loses the pool the boundary cuts.
    struct Case {
        uint64_t base, firstPool;
        uint32_t pools;
    };
    for (const Case& c :
         {Case{0x7f0000004000, 0x7f0000004000, 64}, Case{0x7f0000001000, 0x7f0000004000, 63},
          Case{0x7f0000005000, 0x7f0000008000, 63}, Case{0x7f0000007000, 0x7f0000008000, 63}}) {
        SCOPED_TRACE(hx(c.base));
        Session s("3.11");
        s.ok(arenaAllocLine(c.base, kMiB));
        s.pym(mallocLine(1, c.firstPool + 48));
        EXPECT_EQ(s.arena(0).ntotalpools, c.pools);
        EXPECT_EQ(s.arena(0).nfreepools, c.pools - 1);
        EXPECT_EQ(s.alloc().firstPoolAddress(0), c.firstPool);
        EXPECT_EQ(computeStats(s.alloc()).arenaAlignment, c.pools == 64 ? 0u : 16384u);
    }
}

// ---------------------------------------------------------------- free list

TEST(FreeList, FreedBlockIsHandedOutFirstLifo) {
    Session s("3.11");
    s.ok(arenaAllocLine(kArena, kMiB));
    s.pym(mallocLine(16, kPool0 + 0x30)); // block 0
    s.pym(mallocLine(16, kPool0 + 0x40)); // block 1
    s.pym(mallocLine(16, kPool0 + 0x50)); // block 2
    const PoolRef p = s.slot(0, 0);
    EXPECT_EQ(s.alloc().freeList(p), std::vector<unsigned>({3}));
    s.ok(freeLine(kPool0 + 0x40));
    EXPECT_EQ(s.alloc().freeList(p), std::vector<unsigned>({1, 3}));
    s.ok(freeLine(kPool0 + 0x30));
    EXPECT_EQ(s.alloc().freeList(p), std::vector<unsigned>({0, 1, 3}));
    EXPECT_EQ(s.poolAt(kPool0).count, 1u);
    // Last freed, first handed out; then the virgin block; then a new carve.
    s.pym(mallocLine(16, kPool0 + 0x30));
    s.pym(mallocLine(16, kPool0 + 0x40));
    s.pym(mallocLine(16, kPool0 + 0x60));
    EXPECT_EQ(s.alloc().freeList(p), std::vector<unsigned>({4}));
    s.pym(mallocLine(16, kPool0 + 0x70));
    EXPECT_EQ(s.poolAt(kPool0).nextoffset, 48u + 6 * 16);
    s.crossCheckWithLoader();
}

// ---------------------------------------------------------------- usedpools

TEST(UsedPools, FullPoolLeavesUsedPools) {
    Session s("3.11");
    s.ok(arenaAllocLine(kArena, kMiB));
    // 31 blocks of 512 fill a 16 KiB pool; the last one makes it full.
    for (unsigned j = 0; j < 30; ++j)
        s.pym(mallocLine(512, kPool0 + 48 + j * 512));
    const PoolRef p0 = s.slot(0, 0);
    EXPECT_EQ(s.alloc().poolState(p0), PoolState::Used);
    EXPECT_EQ(s.alloc().usedPools(31), std::vector<PoolRef>({p0}));
    StepResult r = s.pym(mallocLine(512, kPool0 + 48 + 30 * 512));
    EXPECT_TRUE(r.change.poolStateChanged);
    EXPECT_EQ(s.alloc().poolState(p0), PoolState::Full);
    EXPECT_TRUE(s.alloc().usedPools(31).empty());
    EXPECT_EQ(s.poolAt(kPool0).count, 31u);
    EXPECT_EQ(s.poolAt(kPool0).freeblock, 0u);
    EXPECT_TRUE(s.alloc().freeList(p0).empty());
    // The next request of the class opens a new pool.
    s.pym(mallocLine(500, kPool1 + 48));
    EXPECT_EQ(s.alloc().usedPools(31), std::vector<PoolRef>({s.slot(0, 1)}));
    s.crossCheckWithLoader();
}

TEST(UsedPools, BlockFreedInFullPoolPutsPoolAtFront) {
    Session s("3.11");
    s.ok(arenaAllocLine(kArena, kMiB));
    s.fillPool(kArena, 0, 512);
    s.pym(mallocLine(512, kPool1 + 48));
    s.pym(mallocLine(512, kPool1 + 48 + 512));
    const PoolRef p0 = s.slot(0, 0), p1 = s.slot(0, 1);
    EXPECT_EQ(s.alloc().usedPools(31), std::vector<PoolRef>({p1}));

    StepResult r = s.ok(freeLine(kPool0 + 48 + 5 * 512));
    EXPECT_TRUE(r.change.poolStateChanged); // full -> used
    EXPECT_EQ(s.alloc().poolState(p0), PoolState::Used);
    EXPECT_EQ(s.alloc().usedPools(31), std::vector<PoolRef>({p0, p1}));
    // Its block is the next one handed out, ahead of pool 1's free block.
    s.pym(mallocLine(512, kPool0 + 48 + 5 * 512));
    EXPECT_EQ(s.alloc().poolState(p0), PoolState::Full);
    EXPECT_EQ(s.alloc().usedPools(31), std::vector<PoolRef>({p1}));
    s.pym(mallocLine(512, kPool1 + 48 + 2 * 512));

    // Two full pools freeing in turn: the latest goes in front.
    s.fillPool(kArena, 1, 512, 3);
    EXPECT_TRUE(s.alloc().usedPools(31).empty());
    s.ok(freeLine(kPool0 + 48));
    s.ok(freeLine(kPool1 + 48 + 512));
    EXPECT_EQ(s.alloc().usedPools(31), std::vector<PoolRef>({p1, p0}));
    s.pym(mallocLine(512, kPool1 + 48 + 512));
    s.pym(mallocLine(512, kPool0 + 48));
    s.crossCheckWithLoader();
}

// ---------------------------------------------------------------- freepools

TEST(FreePools, EmptyPoolGoesToFrontOfFreepoolsAndIsReusedFirst) {
    Session s("3.11");
    s.ok(arenaAllocLine(kArena, kMiB));
    s.pym(mallocLine(16, kPool0 + 48)); // class 0 in pool 0
    s.pym(mallocLine(32, kPool1 + 48)); // class 1 in pool 1
    s.pym(mallocLine(48, kPool2 + 48)); // class 2 in pool 2
    const PoolRef p0 = s.slot(0, 0), p1 = s.slot(0, 1);
    EXPECT_EQ(s.arena(0).nfreepools, 60u);

    StepResult r = s.ok(freeLine(kPool0 + 48));
    EXPECT_TRUE(r.change.poolStateChanged);
    EXPECT_EQ(s.alloc().poolState(p0), PoolState::Empty);
    EXPECT_TRUE(s.alloc().usedPools(0).empty());
    EXPECT_EQ(s.arena(0).freepools, p0);
    EXPECT_EQ(s.arena(0).nfreepools, 61u);
    s.ok(freeLine(kPool1 + 48));
    EXPECT_EQ(s.arena(0).freepools, p1); // front of the list
    EXPECT_EQ(s.st().pools[p1].nextpool, p0);
    EXPECT_EQ(s.arena(0).nfreepools, 62u);
    EXPECT_EQ(s.arena(0).pool_address, kPool3);

    // A new pool comes from freepools (pool 1, freed last), not from the
    // uncarved pool 3; another class re-initialises it.
    s.pym(mallocLine(64, kPool1 + 48));
    EXPECT_EQ(s.poolAt(kPool1).szidx, 3u);
    EXPECT_EQ(s.poolAt(kPool1).nextoffset, 48u + 2 * 64);
    EXPECT_EQ(s.poolAt(kPool1).maxnextoffset, 16384u - 64);
    EXPECT_EQ(s.alloc().freeList(p1), std::vector<unsigned>({1}));
    EXPECT_EQ(s.arena(0).freepools, p0);
    EXPECT_EQ(s.arena(0).nfreepools, 61u);
    s.pym(mallocLine(64, kPool1 + 48 + 64));
    EXPECT_EQ(s.arena(0).pool_address, kPool3); // nothing carved
    s.crossCheckWithLoader();
}

TEST(FreePools, ReusedWithSameClassKeepsItsFreeList) {
    Session s("3.11");
    s.ok(arenaAllocLine(kArena, kMiB));
    s.pym(mallocLine(16, kPool0 + 0x30)); // block 0
    s.pym(mallocLine(16, kPool0 + 0x40)); // block 1
    s.pym(mallocLine(16, kPool0 + 0x50)); // block 2
    s.pym(mallocLine(32, kPool1 + 48));   // keeps the arena from being emptied
    s.ok(freeLine(kPool0 + 0x30));
    s.ok(freeLine(kPool0 + 0x50));
    s.ok(freeLine(kPool0 + 0x40)); // the pool is empty now
    const PoolRef p0 = s.slot(0, 0);
    EXPECT_EQ(s.alloc().poolState(p0), PoolState::Empty);
    EXPECT_EQ(s.alloc().freeList(p0), std::vector<unsigned>({1, 2, 0, 3}));
    for (unsigned b = 0; b < 4; ++b)
        EXPECT_EQ(s.alloc().blockState(p0, b), BlockState::Free) << b;
    EXPECT_EQ(s.alloc().blockState(p0, 4), BlockState::Untouched);

    // Reused for class 0 again: its header and free list still hold, so the
    // first block handed out is block 1, not pool+48.
    s.pym(mallocLine(10, kPool0 + 0x40));
    EXPECT_EQ(s.alloc().poolState(p0), PoolState::Used);
    EXPECT_EQ(s.poolAt(kPool0).count, 1u);
    EXPECT_EQ(s.poolAt(kPool0).nextoffset, 48u + 4 * 16);
    s.pym(mallocLine(10, kPool0 + 0x50));
    s.pym(mallocLine(10, kPool0 + 0x30));
    s.pym(mallocLine(10, kPool0 + 0x60));
    s.pym(mallocLine(10, kPool0 + 0x70)); // carved: block 4
    s.crossCheckWithLoader();
}

TEST(FreePools, ReusedWithAnotherClassIsReinitialised) {
    Session s("3.11");
    s.ok(arenaAllocLine(kArena, kMiB));
    s.pym(mallocLine(16, kPool0 + 0x30));
    s.pym(mallocLine(16, kPool0 + 0x40));
    s.pym(mallocLine(16, kPool0 + 0x50));
    s.pym(mallocLine(32, kPool1 + 48));
    s.ok(freeLine(kPool0 + 0x30));
    s.ok(freeLine(kPool0 + 0x50));
    s.ok(freeLine(kPool0 + 0x40));
    // Class 5 (96 bytes): pool+48 and pool+144 on the fresh free list.
    s.pym(mallocLine(96, kPool0 + 48));
    const PoolRef p0 = s.slot(0, 0);
    EXPECT_EQ(s.poolAt(kPool0).szidx, 5u);
    EXPECT_EQ(s.poolAt(kPool0).nextoffset, 48u + 2 * 96);
    EXPECT_EQ(s.alloc().freeList(p0), std::vector<unsigned>({1}));
    EXPECT_EQ(s.alloc().blockState(p0, 2), BlockState::Untouched);
    s.pym(mallocLine(81, kPool0 + 144));
    s.pym(mallocLine(96, kPool0 + 240));
    s.crossCheckWithLoader();
}

// ---------------------------------------------------------------- usable_arenas

class UsableArenas : public ::testing::TestWithParam<const char*> {};

TEST_P(UsableArenas, FewestFreePoolsFirstAndFreeingSlidesRight) {
    Session s(GetParam());
    const uint64_t A = 0x7f0000005000, B = 0x7f0000200000, C = 0x7f0000400000;
    const uint64_t asz = s.profile().arenaSize();
    const unsigned nA = s.poolsIn(A), nB = s.poolsIn(B);
    EXPECT_EQ(nA, std::string(GetParam()) == "3.11" ? 63u : 64u);
    EXPECT_EQ(nB, 64u);
    const auto nfp = [&](ArenaIndex a) { return s.arena(a).nfreepools; };
    const auto usable = [&] { return s.alloc().usableArenas(); };
    using V = std::vector<ArenaIndex>;

    // Arena A (object 0), wholly allocated: on no list.
    s.ok(arenaAllocLine(A, asz));
    for (unsigned k = 0; k < nA; ++k)
        s.fillPool(A, k, 512);
    EXPECT_EQ(nfp(0), 0u);
    EXPECT_TRUE(usable().empty());
    EXPECT_TRUE(s.alloc().usedPools(31).empty());

    // Arena B (object 1) opens for the next request.
    s.ok(arenaAllocLine(B, asz));
    s.pym(mallocLine(512, s.block(B, 0, 512, 0)));
    EXPECT_EQ(usable(), V({1}));
    EXPECT_EQ(nfp(1), nB - 1);

    // Emptying a pool of the full arena A puts A at the head (1 free pool).
    s.emptyPool(A, 5, 512);
    EXPECT_EQ(usable(), V({0, 1}));
    EXPECT_EQ(nfp(0), 1u);
    EXPECT_EQ(s.st().nfp2lasta[1], 0u);
    EXPECT_EQ(s.st().nfp2lasta[nB - 1], 1u);

    // A request of a class with no used pool takes a pool from the arena
    // with the fewest free pools: A's freed pool, not a new one in B.
    s.pym(mallocLine(16, s.pool(A, 5) + 48));
    EXPECT_EQ(s.poolAt(s.pool(A, 5)).szidx, 0u);
    EXPECT_EQ(nfp(0), 0u);
    EXPECT_EQ(usable(), V({1}));

    // Fill B too, then arena C (object 2).
    s.fillPool(B, 0, 512, 1);
    for (unsigned k = 1; k < nB; ++k)
        s.fillPool(B, k, 512);
    EXPECT_TRUE(usable().empty());
    s.ok(arenaAllocLine(C, asz));
    s.pym(mallocLine(512, s.block(C, 0, 512, 0)));
    EXPECT_EQ(usable(), V({2}));

    s.emptyPool(A, 7, 512); // A: 1 free pool, to the head
    EXPECT_EQ(usable(), V({0, 2}));
    s.emptyPool(B, 3, 512); // B: 1 free pool, to the head
    EXPECT_EQ(usable(), V({1, 0, 2}));
    EXPECT_EQ(s.st().nfp2lasta[1], 0u); // A stays the rightmost with 1
    s.emptyPool(B, 4, 512);             // B: 2 free pools, slides right past A
    EXPECT_EQ(usable(), V({0, 1, 2}));
    EXPECT_EQ(nfp(1), 2u);
    EXPECT_EQ(s.st().nfp2lasta[1], 0u);
    EXPECT_EQ(s.st().nfp2lasta[2], 1u);
    EXPECT_EQ(s.arena(0).nextarena, 1u);
    EXPECT_EQ(s.arena(1).prevarena, 0u);
    EXPECT_EQ(s.arena(1).nextarena, 2u);
    EXPECT_EQ(s.arena(2).prevarena, 1u);

    s.pym(mallocLine(32, s.pool(A, 7) + 48)); // A first (1 free pool)
    EXPECT_EQ(usable(), V({1, 2}));
    s.pym(mallocLine(48, s.pool(B, 4) + 48)); // then B, its freepools head
    EXPECT_EQ(nfp(1), 1u);
    s.pym(mallocLine(64, s.pool(B, 3) + 48));
    EXPECT_EQ(usable(), V({2}));
    s.pym(mallocLine(80, s.pool(C, 1) + 48)); // only now a new pool in C
    EXPECT_EQ(s.st().g.narenas_currently_allocated, 3u);
    EXPECT_EQ(s.st().g.ntimes_arena_allocated, 3u);
    s.crossCheckWithLoader();
}

INSTANTIATE_TEST_SUITE_P(Profiles, UsableArenas, ::testing::Values("3.7", "3.8", "3.11"),
                         [](const ::testing::TestParamInfo<const char*>& i) {
                             std::string n = i.param;
                             for (char& c : n)
                                 if (c == '.')
                                     c = '_';
                             return "py" + n;
                         });

// ---------------------------------------------------------------- arena release

struct ReleaseCase {
    const char* profile;
    bool keepsLastEmptyArena;
};

class ArenaRelease : public ::testing::TestWithParam<ReleaseCase> {};

// One arena, one pool, two blocks freed: the arena becomes wholly free.
TEST_P(ArenaRelease, WhollyFreeLastArena) {
    const ReleaseCase c = GetParam();
    Session s(c.profile);
    EXPECT_EQ(s.profile().keepLastEmptyArena, c.keepsLastEmptyArena);
    const uint64_t a = 0x7f0000100000; // aligned for every pool size
    const uint64_t asz = s.profile().arenaSize();
    const uint64_t step = s.profile().blockSize(0); // 16, or 8 (classic)
    s.ok(arenaAllocLine(a, asz));
    s.pym(mallocLine(8, a + 48));
    s.pym(mallocLine(8, a + 48 + step));
    s.ok(freeLine(a + 48));
    if (!c.keepsLastEmptyArena)
        s.ok(arenaFreeLine(a, asz)); // written before the free that unmaps
    StepResult r = s.ok(freeLine(a + 48 + step));
    const AllocatorGlobals& g = s.st().g;
    EXPECT_EQ(g.ntimes_arena_allocated, 1u);
    EXPECT_EQ(g.narenas_highwater, 1u);
    if (!c.keepsLastEmptyArena) {
        // 3.6-3.8: unmapped at once.
        EXPECT_EQ(r.change.arenaFreed, 0u);
        EXPECT_EQ(r.change.arenaFreedAddress, a);
        EXPECT_TRUE(r.flags() & kArenaFreed);
        EXPECT_EQ(g.narenas_currently_allocated, 0u);
        EXPECT_EQ(g.usable_arenas, kNoArena);
        EXPECT_EQ(g.unused_arena_objects, 0u);
        EXPECT_EQ(s.arena(0).nextarena, 1u);
        EXPECT_EQ(s.arena(0).address, 0u);
        EXPECT_FALSE(s.alloc().address_in_range(a + 48));
        EXPECT_EQ(s.alloc().poolState(s.alloc().poolRef(0, 0)), PoolState::Uncarved);
        // The next request maps a new arena into the same arena object.
        const uint64_t b = 0x7f0000300000;
        s.ok(arenaAllocLine(b, asz));
        s.pym(mallocLine(8, b + 48));
        EXPECT_EQ(s.alloc().arenaContaining(b + 48), 0u);
        EXPECT_EQ(g.ntimes_arena_allocated, 2u);
        EXPECT_EQ(g.narenas_highwater, 1u);
    } else {
        // 3.9+: kept while it is the last usable arena (bpo-37257).
        EXPECT_EQ(r.change.arenaFreed, kNoArena);
        EXPECT_FALSE(r.flags() & kArenaFreed);
        EXPECT_EQ(g.narenas_currently_allocated, 1u);
        EXPECT_EQ(g.usable_arenas, 0u);
        EXPECT_EQ(s.arena(0).nfreepools, s.arena(0).ntotalpools);
        EXPECT_EQ(s.arena(0).freepools, s.alloc().poolRef(0, 0));
        EXPECT_EQ(s.alloc().poolState(s.alloc().poolRef(0, 0)), PoolState::Empty);
        // Its empty pool is reused with its free list: block 1 (freed last).
        s.pym(mallocLine(8, a + 48 + step));
        s.pym(mallocLine(8, a + 48));
        s.pym(mallocLine(8, a + 48 + 2 * step));
        EXPECT_EQ(g.ntimes_arena_allocated, 1u);
    }
    s.crossCheckWithLoader();
}

// The other version's rule disagrees with the same trace.
TEST_P(ArenaRelease, TheOtherRuleIsAMismatch) {
    const ReleaseCase c = GetParam();
    const uint64_t a = 0x7f0000100000;
    const uint64_t asz = mustProfile(c.profile).arenaSize();
    std::vector<std::string> lines = {arenaAllocLine(a, asz), mallocLine(8, a + 48)};
    if (c.keepsLastEmptyArena)
        lines.push_back(arenaFreeLine(a, asz)); // as 3.8 would write it
    lines.push_back(freeLine(a + 48));
    LoadOptions o;
    o.profileName = c.profile;
    auto lt = loadTraceText(traceText(pythonFor(c.profile), lines), "other.trace", o);
    EXPECT_EQ(lt->mismatchCount, 1u);
    ASSERT_EQ(lt->mismatches.size(), 1u);
    if (c.keepsLastEmptyArena) {
        EXPECT_EQ(lt->mismatches[0].message,
                  "the trace unmaps the arena at 0x7f0000100000 before this request, but the "
                  "simulation keeps it");
    } else {
        EXPECT_EQ(lt->mismatches[0].message,
                  "the simulation unmaps the arena at 0x7f0000100000 here, but no arena_free "
                  "line follows");
    }
    // 3.8's unmapping is reported at the free that does it (line 5); 3.9
    // reports the trace's arena_free at the request that follows it (line 6).
    EXPECT_EQ(lt->mismatches[0].line, c.keepsLastEmptyArena ? 6u : 5u);
}

INSTANTIATE_TEST_SUITE_P(Profiles, ArenaRelease,
                         ::testing::Values(ReleaseCase{"3.7-classic", false},
                                           ReleaseCase{"3.6", false}, ReleaseCase{"3.7", false},
                                           ReleaseCase{"3.8", false}, ReleaseCase{"3.9", true},
                                           ReleaseCase{"3.10", true}, ReleaseCase{"3.11", true},
                                           ReleaseCase{"3.12", true}, ReleaseCase{"3.13", true}),
                         [](const ::testing::TestParamInfo<ReleaseCase>& i) {
                             std::string n = i.param.profile;
                             for (char& ch : n)
                                 if (ch == '.' || ch == '-')
                                     ch = '_';
                             return "py" + n;
                         });

TEST(ArenaReleaseOrder, ArenaFreeLineMayFollowTheFree) {
    // The arena allocator's line may also come after the request's line.
    Session s("3.8");
    const uint64_t a = 0x7f0000100000;
    s.ok(arenaAllocLine(a, 256 * kKiB));
    s.pym(mallocLine(64, a + 48));
    s.ok(freeLine(a + 48));
    s.ok(arenaFreeLine(a, 256 * kKiB));
    EXPECT_EQ(s.replay().rg.nSimFreed, 0u);
    EXPECT_EQ(s.st().g.narenas_currently_allocated, 0u);
    s.crossCheckWithLoader();
}

// 3.9: a wholly free arena that is not the last usable one is unmapped;
// 3.8 unmaps the last one too. Arena objects are reused last in, first out.
class ArenaNotLast : public ::testing::TestWithParam<ReleaseCase> {};

TEST_P(ArenaNotLast, EmptyArenaBeforeAnotherIsUnmapped) {
    const ReleaseCase c = GetParam();
    Session s(c.profile);
    const uint64_t A = 0x7f0000000000, B = 0x7f0000100000, C = 0x7f0000200000;
    const uint64_t asz = 256 * kKiB;
    s.ok(arenaAllocLine(A, asz));
    for (unsigned k = 0; k < 64; ++k)
        s.fillPool(A, k, 512); // 7 blocks a pool
    s.ok(arenaAllocLine(B, asz));
    s.pym(mallocLine(16, B + 48));
    EXPECT_EQ(s.alloc().usableArenas(), std::vector<ArenaIndex>({1}));
    for (unsigned k = 0; k < 64; ++k) {
        for (unsigned j = 0; j < 7; ++j) {
            if (k == 63 && j == 6)
                s.ok(arenaFreeLine(A, asz));
            s.ok(freeLine(s.block(A, k, 512, j)));
        }
        if (k == 0) {
            EXPECT_EQ(s.alloc().usableArenas(), std::vector<ArenaIndex>({0, 1}));
        }
        if (k == 62) {
            // Equal counts: A stays first among equals.
            EXPECT_EQ(s.arena(0).nfreepools, 63u);
            EXPECT_EQ(s.alloc().usableArenas(), std::vector<ArenaIndex>({0, 1}));
        }
    }
    const AllocatorGlobals& g = s.st().g;
    EXPECT_EQ(s.arena(0).address, 0u);
    EXPECT_EQ(g.narenas_currently_allocated, 1u);
    EXPECT_EQ(g.narenas_highwater, 2u);
    EXPECT_EQ(g.usable_arenas, 1u);
    EXPECT_EQ(g.unused_arena_objects, 0u);
    EXPECT_EQ(s.arena(0).nextarena, 2u);

    if (!c.keepsLastEmptyArena)
        s.ok(arenaFreeLine(B, asz));
    s.ok(freeLine(B + 48));
    if (c.keepsLastEmptyArena) {
        EXPECT_EQ(g.narenas_currently_allocated, 1u);
        EXPECT_EQ(g.unused_arena_objects, 0u);
        EXPECT_EQ(g.usable_arenas, 1u);
    } else {
        EXPECT_EQ(g.narenas_currently_allocated, 0u);
        // Object 1 was pushed last, so it is popped first.
        EXPECT_EQ(g.unused_arena_objects, 1u);
        EXPECT_EQ(s.arena(1).nextarena, 0u);
        s.ok(arenaAllocLine(C, asz));
        s.pym(mallocLine(16, C + 48));
        EXPECT_EQ(s.alloc().arenaContaining(C + 48), 1u);
        EXPECT_EQ(g.unused_arena_objects, 0u);
        EXPECT_EQ(g.ntimes_arena_allocated, 3u);
    }
    EXPECT_EQ(g.maxarenas, 16u);
    s.crossCheckWithLoader();
}

INSTANTIATE_TEST_SUITE_P(Profiles, ArenaNotLast,
                         ::testing::Values(ReleaseCase{"3.8", false}, ReleaseCase{"3.9", true}),
                         [](const ::testing::TestParamInfo<ReleaseCase>& i) {
                             return i.param.keepsLastEmptyArena ? std::string("py3_9")
                                                                : std::string("py3_8");
                         });

// ---------------------------------------------------------------- realloc

TEST(Realloc, StaysInPlaceUnlessGrowingOrShrinkingBy25Percent) {
    Session s("3.11");
    s.ok(arenaAllocLine(kArena, kMiB));
    const uint64_t b = kPool0 + 48;
    s.pym(mallocLine(100, b));                    // class 6: 112-byte block
    StepResult r = s.pym(reallocLine(b, 112, b)); // the same size
    EXPECT_FALSE(r.change.poolStateChanged);
    EXPECT_EQ(s.poolAt(kPool0).count, 1u);
    s.pym(reallocLine(b, 105, b)); // shrinking a little
    s.pym(reallocLine(b, 85, b));  // 4*85 = 340 > 3*112 = 336
    EXPECT_EQ(s.alloc().usedPools(6), std::vector<PoolRef>({s.slot(0, 0)}));
    EXPECT_EQ(s.arena(0).nfreepools, 62u);

    // 4*84 = 336: a shrink of 25% moves to class 5. The new block comes
    // first (a new pool 1), then the old block's pool empties.
    s.pym(reallocLine(b, 84, kPool1 + 48));
    EXPECT_EQ(s.poolAt(kPool1).szidx, 5u);
    EXPECT_EQ(s.alloc().poolState(s.slot(0, 0)), PoolState::Empty);
    EXPECT_EQ(s.arena(0).freepools, s.slot(0, 0));
    EXPECT_EQ(s.arena(0).nfreepools, 62u);

    // Growth always moves; again the new block (pool 0 from freepools,
    // re-initialised for class 12) is taken before pool 1 is emptied.
    s.pym(reallocLine(kPool1 + 48, 200, kPool0 + 48));
    EXPECT_EQ(s.poolAt(kPool0).szidx, 12u);
    EXPECT_EQ(s.alloc().poolState(s.slot(0, 1)), PoolState::Empty);
    EXPECT_EQ(s.arena(0).freepools, s.slot(0, 1));

    // realloc(NULL, n) is malloc(n): pool 1 comes back for class 2.
    s.pym(reallocLine(0, 40, kPool1 + 48));
    EXPECT_EQ(s.poolAt(kPool1).szidx, 2u);
    EXPECT_EQ(s.arena(0).freepools, kNoPool);
    EXPECT_EQ(s.replay().rg.predicted, 7u);
    s.crossCheckWithLoader();
}

TEST(Realloc, ShrinkOf25PercentMovesEvenWithinTheSameClass) {
    Session s("3.11");
    s.ok(arenaAllocLine(kArena, kMiB));
    s.pym(mallocLine(16, kPool0 + 0x30));
    s.pym(reallocLine(kPool0 + 0x30, 13, kPool0 + 0x30)); // 52 > 48: stays
    // 4*12 = 48 is not > 48: a new class-0 block (block 1), then block 0 freed.
    s.pym(reallocLine(kPool0 + 0x30, 12, kPool0 + 0x40));
    const PoolRef p = s.slot(0, 0);
    EXPECT_EQ(s.alloc().freeList(p), std::vector<unsigned>({0, 2}));
    EXPECT_EQ(s.poolAt(kPool0).count, 1u);
    s.pym(mallocLine(16, kPool0 + 0x30));
    s.crossCheckWithLoader();
}

TEST(Realloc, SystemAllocatorSide) {
    Session s("3.11");
    s.ok(arenaAllocLine(kArena, kMiB));
    s.pym(mallocLine(64, kPool0 + 48));
    // Growing past 512 bytes: the system allocator, and the block is freed.
    StepResult r = s.ok(reallocLine(kPool0 + 48, 600, 0x5555aaaa0010));
    EXPECT_FALSE(r.predicted);
    EXPECT_EQ(s.replay().raw.count(0x5555aaaa0010), 1u);
    EXPECT_EQ(s.alloc().poolState(s.slot(0, 0)), PoolState::Empty);
    // A system pointer stays with the system allocator, even when small.
    r = s.ok(reallocLine(0x5555aaaa0010, 16, 0x5555aaab0020));
    EXPECT_FALSE(r.predicted);
    EXPECT_EQ(s.replay().raw.count(0x5555aaaa0010), 0u);
    EXPECT_EQ(s.replay().raw.count(0x5555aaab0020), 1u);
    EXPECT_TRUE(s.alloc().usedPools(0).empty());
    EXPECT_EQ(s.arena(0).nfreepools, 63u);
    // realloc(p, 0) of a pymalloc block: malloc(0) is the system's malloc(1).
    s.pym(mallocLine(16, kPool0 + 48));
    r = s.ok(reallocLine(kPool0 + 48, 0, 0x5555aaac0030));
    EXPECT_FALSE(r.predicted);
    EXPECT_EQ(s.replay().raw.size(), 2u);
    EXPECT_EQ(s.poolAt(kPool0).count, 0u);
    s.ok(freeLine(0x5555aaab0020));
    s.ok(freeLine(0x5555aaac0030));
    EXPECT_TRUE(s.replay().raw.empty());
    EXPECT_EQ(s.replay().rg.predicted, 2u);
    s.crossCheckWithLoader();
}

// ---------------------------------------------------------------- system allocator

TEST(SystemAllocator, ZeroAndLargeRequestsNeedNoArena) {
    Session s("3.11");
    const uint64_t ptrs[] = {0x55550000a010, 0x55550000b000, 0x7f1234500010,
                             0x55550000c000, 0x55550000d000, 0x55550000e000};
    s.ok(mallocLine(0, ptrs[0]));
    s.ok(mallocLine(513, ptrs[1], "mem"));
    s.ok(mallocLine(1000000, ptrs[2]));
    s.ok(callocLine(0, 8, ptrs[3]));
    s.ok(callocLine(513, 1, ptrs[4]));
    s.ok(mallocLine(16, ptrs[5], "raw")); // the raw domain never reaches pymalloc
    EXPECT_EQ(s.replay().raw.size(), 6u);
    EXPECT_EQ(s.replay().rg.predicted, 0u);
    EXPECT_EQ(s.st().g.narenas_currently_allocated, 0u);
    EXPECT_EQ(s.st().g.maxarenas, 0u);
    s.ok(freeLine(ptrs[0]));
    s.ok(freeLine(ptrs[1], "mem"));
    s.ok(freeLine(ptrs[2]));
    s.ok(freeLine(ptrs[3]));
    s.ok(freeLine(ptrs[4]));
    s.ok(freeLine(ptrs[5], "raw"));
    s.ok(freeLine(0)); // free(NULL)
    EXPECT_TRUE(s.replay().raw.empty());
    EXPECT_EQ(s.replay().rg.applied, 13u);
    s.crossCheckWithLoader();

    // A second free of a system pointer is bad input.
    std::vector<std::string> twice = {mallocLine(0, ptrs[0]), freeLine(ptrs[0]), freeLine(ptrs[0])};
    EXPECT_THROW(loadTraceText(traceText("3.11.7", twice), "twice.trace"), InputError);
}

TEST(SystemAllocator, ThresholdAndCalloc) {
    Session s("3.11");
    s.ok(arenaAllocLine(kArena, kMiB));
    s.pym(mallocLine(512, kPool0 + 48));
    StepResult r = s.ok(mallocLine(513, 0x555500001000));
    EXPECT_FALSE(r.predicted);
    s.pym(callocLine(4, 8, kPool1 + 48));         // 32 bytes: class 1
    s.pym(callocLine(1, 17, kPool1 + 80));        // 17 bytes: class 1
    s.pym(callocLine(2, 256, kPool0 + 560));      // 512 bytes: class 31
    r = s.ok(callocLine(3, 200, 0x555500002000)); // 600 bytes
    EXPECT_FALSE(r.predicted);
    EXPECT_EQ(s.replay().raw.size(), 2u);
    // A system-allocator pointer inside a live arena cannot be right.
    r = s.step(mallocLine(1000, kPool2 + 48));
    EXPECT_TRUE(r.mismatch);
    EXPECT_EQ(s.replay().rg.mismatches, 1u);
    EXPECT_NE(s.lastMismatch().find("leaves this request to the system allocator"),
              std::string::npos);
}

// ---------------------------------------------------------------- other mappings

TEST(ForeignMappings, NonArenaSizeArenaAllocIsNotAnArena) {
    Session s("3.11");
    const uint64_t chunk = 0x7f0000500000;
    s.ok(arenaAllocLine(chunk, 16384)); // a 3.11 frame data-stack chunk
    EXPECT_EQ(s.replay().foreign.count(chunk), 1u);
    s.ok(arenaAllocLine(kArena, kMiB));
    s.pym(mallocLine(16, kPool0 + 48));
    EXPECT_EQ(s.st().g.narenas_currently_allocated, 1u);
    EXPECT_FALSE(s.alloc().address_in_range(chunk + 48));
    EXPECT_EQ(s.alloc().arenaContaining(kPool0 + 48), 0u);
    s.ok(arenaFreeLine(chunk, 16384));
    EXPECT_TRUE(s.replay().foreign.empty());
    s.pym(mallocLine(16, kPool0 + 64));
    s.crossCheckWithLoader();

    // Such a mapping never serves a request that needs an arena.
    std::vector<std::string> lines = {arenaAllocLine(chunk, 16384), mallocLine(16, chunk + 48)};
    auto lt = loadTraceText(traceText("3.11.7", lines), "chunk.trace");
    EXPECT_EQ(lt->mismatchCount, 1u);
    ASSERT_FALSE(lt->mismatches.empty());
    EXPECT_EQ(lt->mismatches[0].line, 4u);
    EXPECT_NE(lt->mismatches[0].message.find("needs a new arena"), std::string::npos);
}

TEST(ForeignMappings, ArenaSizedMappingNotTakenByTheNextRequestIsNotAnArena) {
    Session s("3.11");
    const uint64_t other = 0x7f0000600000;
    s.ok(arenaAllocLine(other, kMiB));
    s.ok(mallocLine(0, 0x555500000010)); // needs no arena
    EXPECT_EQ(s.replay().foreign.count(other), 1u);
    EXPECT_EQ(s.replay().rg.nPendingArena, 0u);
    s.ok(arenaAllocLine(kArena, kMiB));
    s.pym(mallocLine(16, kPool0 + 48));
    EXPECT_FALSE(s.alloc().address_in_range(other + 0x4030));
    EXPECT_EQ(s.st().g.narenas_currently_allocated, 1u);
    s.crossCheckWithLoader();
}

TEST(ForeignMappings, TheArenaAllocJustBeforeTheRequestIsTheArena) {
    // pymalloc's own arena_alloc is written right before the request that
    // made it; an earlier arena-sized mapping is something else.
    Session s("3.11");
    const uint64_t other = 0x7f0000600000;
    s.ok(arenaAllocLine(other, kMiB));
    s.ok(arenaAllocLine(kArena, kMiB));
    EXPECT_EQ(s.replay().rg.nPendingArena, 2u);
    s.pym(mallocLine(16, kPool0 + 48));
    EXPECT_EQ(s.arena(0).address, kArena);
    EXPECT_EQ(s.replay().foreign.count(other), 1u);
    EXPECT_EQ(s.replay().rg.nPendingArena, 0u);
    s.crossCheckWithLoader();
}

// ---------------------------------------------------------------- states

TEST(States, PoolAndBlockStatesAfterEvents) {
    Session s("3.11");
    const Allocator& al = s.alloc();
    s.ok(arenaAllocLine(kArena, kMiB));
    s.pym(mallocLine(16, kPool0 + 0x30));
    s.pym(mallocLine(16, kPool0 + 0x40));
    s.pym(mallocLine(16, kPool0 + 0x50));
    s.ok(freeLine(kPool0 + 0x40));
    const PoolRef p0 = al.poolRef(0, 0), p1 = al.poolRef(0, 1), p62 = al.poolRef(0, 62);
    EXPECT_EQ(al.poolState(p0), PoolState::Used);
    EXPECT_EQ(al.poolState(p1), PoolState::Uncarved);
    EXPECT_EQ(al.poolState(p62), PoolState::Uncarved);
    EXPECT_EQ(al.poolAddress(p62), kPool0 + 62 * 0x4000);
    EXPECT_EQ(al.poolContaining(kPool1 + 48), kNoPool); // not carved yet
    EXPECT_EQ(al.poolContaining(kArena + 16), kNoPool); // the alignment gap
    EXPECT_EQ(al.blockState(p0, 0), BlockState::Allocated);
    EXPECT_EQ(al.blockState(p0, 1), BlockState::Free);
    EXPECT_EQ(al.blockState(p0, 2), BlockState::Allocated);
    EXPECT_EQ(al.blockState(p0, 3), BlockState::Free);
    EXPECT_EQ(al.blockState(p0, 4), BlockState::Untouched);
    EXPECT_EQ(al.blockState(p0, 1020), BlockState::Untouched);
    EXPECT_EQ(al.freeList(p0), std::vector<unsigned>({1, 3}));

    s.fillPool(kArena, 1, 512);
    EXPECT_EQ(al.poolState(p1), PoolState::Full);
    EXPECT_EQ(al.blockState(p1, 30), BlockState::Allocated);
    s.ok(freeLine(kPool1 + 48 + 30 * 512));
    EXPECT_EQ(al.poolState(p1), PoolState::Used);
    EXPECT_EQ(al.freeList(p1), std::vector<unsigned>({30}));

    s.ok(freeLine(kPool0 + 0x50));
    EXPECT_EQ(al.freeList(p0), std::vector<unsigned>({2, 1, 3}));
    s.ok(freeLine(kPool0 + 0x30));
    EXPECT_EQ(al.poolState(p0), PoolState::Empty);
    EXPECT_EQ(al.freeList(p0), std::vector<unsigned>({0, 2, 1, 3}));
    for (unsigned b = 0; b < 4; ++b)
        EXPECT_EQ(al.blockState(p0, b), BlockState::Free) << b;
    EXPECT_STREQ(poolStateName(PoolState::Empty), "empty");
    EXPECT_STREQ(poolStateName(PoolState::Full), "full");
    EXPECT_STREQ(blockStateName(BlockState::Untouched), "untouched");
    s.crossCheckWithLoader();
}

// ---------------------------------------------------------------- the Allocator itself

class FakeArenas : public ArenaProvider {
public:
    std::vector<uint64_t> bases, unmapped;
    size_t next = 0;
    uint64_t mapArena() override { return next < bases.size() ? bases[next++] : 0; }
    void unmapArena(uint64_t a) override { unmapped.push_back(a); }
};

TEST(AllocatorDirect, AllocAndFreeResults) {
    for (const char* name : {"3.8", "3.9"}) {
        SCOPED_TRACE(name);
        const Profile p = mustProfile(name);
        AllocatorState st = initialAllocatorState(p);
        Allocator al(p, st);
        FakeArenas arenas;
        al.setArenaProvider(&arenas);

        // No arena to be had: pymalloc fails, the arena object stays unused.
        EXPECT_EQ(al.pymalloc_alloc(16), 0u);
        EXPECT_EQ(st.g.maxarenas, 16u);
        EXPECT_EQ(st.g.unused_arena_objects, 0u);
        EXPECT_EQ(st.g.narenas_currently_allocated, 0u);

        const uint64_t base = 0x7f0000100000;
        arenas.bases = {base};
        EXPECT_EQ(al.pymalloc_alloc(0), 0u);
        EXPECT_EQ(al.pymalloc_alloc(513), 0u);
        Change c;
        al.setChange(&c);
        EXPECT_EQ(al.pymalloc_alloc(24), base + 48); // class 1
        EXPECT_EQ(c.nblocks, 1u);
        EXPECT_EQ(c.blocks[0], base + 48);
        EXPECT_EQ(c.arenaAllocated, 0u);
        EXPECT_TRUE(c.poolStateChanged);
        al.setChange(nullptr);
        EXPECT_EQ(al.blockSizeAt(base + 48), 32u);

        EXPECT_EQ(al.pymalloc_free(0x5555000010), FreeResult::NotOurs);
        EXPECT_EQ(al.pymalloc_free(base + 49), FreeResult::NotABlock);
        EXPECT_EQ(al.pymalloc_free(base + 48 + 32), FreeResult::NeverHandedOut); // carved
        EXPECT_EQ(al.pymalloc_free(base + 48 + 64), FreeResult::NotABlock);   // untouched
        EXPECT_EQ(al.pymalloc_free(base + 48), FreeResult::Freed);
        if (!p.keepLastEmptyArena) {
            EXPECT_EQ(arenas.unmapped, std::vector<uint64_t>({base}));
            EXPECT_EQ(al.pymalloc_free(base + 48), FreeResult::NotOurs);
        } else {
            EXPECT_TRUE(arenas.unmapped.empty());
            EXPECT_EQ(al.pymalloc_free(base + 48), FreeResult::AlreadyFree);
        }
    }
}

TEST(AllocatorDirect, FreeTellsEveryBlockStartFromEveryOtherOffset) {
    // pymalloc_free numbers blocks by a multiplication, not a division: check
    // it against the plain arithmetic at every offset of a full pool of
    // every size class, for both alignments.
    for (const char* name : {"3.7-classic", "3.11"}) {
        const Profile p = mustProfile(name);
        for (unsigned c = 0; c < p.numSizeClasses(); ++c) {
            SCOPED_TRACE(std::string(name) + " class " + std::to_string(c));
            AllocatorState st = initialAllocatorState(p);
            Allocator al(p, st);
            FakeArenas arenas;
            arenas.bases = {0x7f0000000000};
            al.setArenaProvider(&arenas);
            const unsigned size = p.blockSize(c), n = p.blocksPerPool(c);
            std::vector<uint64_t> blocks;
            for (unsigned k = 0; k < n; ++k)
                blocks.push_back(al.pymalloc_alloc(size));
            const uint64_t pool = 0x7f0000000000;
            ASSERT_EQ(blocks.front(), pool + p.poolOverhead);
            ASSERT_EQ(blocks.back(), pool + p.poolOverhead + uint64_t(n - 1) * size);
            unsigned wrong = 0;
            for (uint64_t off = 0; off < p.poolSize(); ++off) {
                const bool start = off >= p.poolOverhead && (off - p.poolOverhead) % size == 0 &&
                                   (off - p.poolOverhead) / size < n;
                if (!start)
                    wrong += al.pymalloc_free(pool + off) != FreeResult::NotABlock;
            }
            EXPECT_EQ(wrong, 0u);
            for (uint64_t b : blocks)
                EXPECT_EQ(al.pymalloc_free(b), FreeResult::Freed) << hexPtr(b);
        }
    }
}

} // namespace
