// Timeline: seeking, stepping back and searching must agree with a plain
// forward replay. A reference replay records the digest of the state at the
// chosen steps once; every seek and step is then checked against it.
#include "model/trace/loadedtrace.h"
#include "model/trace/replay.h"
#include "model/trace/timeline.h"
#include "testsupport.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <map>
#include <random>
#include <set>
#include <string>
#include <vector>

namespace {

using namespace arenascope;
using arenascope::test::fixture;
using arenascope::test::traceText;

constexpr size_t npos = Timeline::npos;

// Digests of the state at chosen steps, from one forward replay of the store
// with a Replayer of its own (no journal, no checkpoints).
struct Reference {
    std::shared_ptr<const LoadedTrace> lt;
    std::map<size_t, uint64_t> at; // step -> digest
    std::vector<size_t> random;    // random steps N with N + 50 <= size
};

std::map<size_t, uint64_t> referenceDigests(const LoadedTrace& lt, const std::set<size_t>& steps) {
    std::map<size_t, uint64_t> out;
    const TraceStore& store = *lt.store;
    ReplayState state = initialReplayState(lt.profile);
    Replayer replayer(lt.profile, state, store.name);
    replayer.setKeepMismatchMessages(false);
    auto want = steps.begin();
    for (size_t i = 0; i < store.size(); ++i) {
        if (want != steps.end() && *want == i) {
            out[i] = digest(state);
            ++want;
        }
        replayer.apply(store.event(i), store.lineOf(i));
    }
    replayer.finish(store.lineCount);
    if (steps.count(store.size()))
        out[store.size()] = digest(state);
    return out;
}

Reference makeReference(std::shared_ptr<const LoadedTrace> lt, unsigned seed) {
    Reference r;
    r.lt = std::move(lt);
    const size_t n = r.lt->store->size();
    std::mt19937_64 rng(seed);
    std::uniform_int_distribution<size_t> pick(0, n - 51);
    std::set<size_t> steps = {0, 1, 2, n - 1, n};
    while (r.random.size() < 20) {
        const size_t s = pick(rng);
        if (std::find(r.random.begin(), r.random.end(), s) != r.random.end())
            continue;
        r.random.push_back(s);
        steps.insert({s, s + 1, s + 50});
    }
    for (const Checkpoint& c : r.lt->checkpoints)
        for (long d : {-3L, -1L, 0L, 1L, 3L})
            if (long(c.step) + d >= 0 && size_t(long(c.step) + d) <= n)
                steps.insert(size_t(long(c.step) + d));
    r.at = referenceDigests(*r.lt, steps);
    return r;
}

const Reference& reference(const std::string& name) {
    static std::map<std::string, Reference> cache;
    auto it = cache.find(name);
    if (it == cache.end()) {
        auto lt = loadTrace(fixture(name + ".trace.gz"));
        it = cache.emplace(name, makeReference(lt, 20240611u + unsigned(name.size()))).first;
    }
    return it->second;
}

// Counts of used, full and empty pools over every live arena.
std::array<unsigned, 4> poolHistogram(const Allocator& al) {
    std::array<unsigned, 4> h = {0, 0, 0, 0};
    const AllocatorState& st = al.state();
    for (ArenaIndex a = 0; a < st.arenas.size(); ++a) {
        if (st.arenas[a].address == 0)
            continue;
        for (unsigned k = 0; k < al.profile().maxPoolsInArena(); ++k)
            ++h[size_t(al.poolState(al.poolRef(a, k)))];
    }
    return h;
}

std::set<uint64_t> liveArenaAddresses(const Allocator& al) {
    std::set<uint64_t> out;
    for (const ArenaObject& ao : al.state().arenas)
        if (ao.address)
            out.insert(ao.address);
    return out;
}

// The state of the block that starts at p; Untouched when no block of the
// pool's current size class starts there.
BlockState blockAt(const Allocator& al, uint64_t p) {
    const PoolRef r = al.poolContaining(p);
    if (r == kNoPool)
        return BlockState::Untouched;
    const uint64_t first = al.poolAddress(r) + al.profile().poolOverhead;
    const unsigned bs = al.blockSizeAt(p);
    if (p < first || (p - first) % bs != 0)
        return BlockState::Untouched;
    return al.blockState(r, unsigned((p - first) / bs));
}

bool isAllocation(Op op) { return op == Op::Malloc || op == Op::Calloc || op == Op::Realloc; }

class TimelineOnFixture : public ::testing::TestWithParam<const char*> {
protected:
    const Reference& ref() { return reference(GetParam()); }
};

TEST_P(TimelineOnFixture, ReferenceAgreesWithTheLoader) {
    const Reference& r = ref();
    const LoadedTrace& lt = *r.lt;
    EXPECT_EQ(lt.mismatchCount, 0u);
    ASSERT_FALSE(lt.checkpoints.empty());
    EXPECT_EQ(lt.checkpoints.front().step, 0u);
    for (const Checkpoint& c : lt.checkpoints) {
        ASSERT_TRUE(r.at.count(c.step));
        EXPECT_EQ(digest(c), r.at.at(c.step)) << "checkpoint at " << c.step;
    }
    EXPECT_EQ(digest(*lt.finalState), r.at.at(lt.store->size()));
    // A checkpoint every 65,536 events at the default budget.
    EXPECT_EQ(lt.checkpointInterval, size_t(1) << 16);
    EXPECT_EQ(lt.checkpoints.size(), 1 + (lt.store->size() - 1) / 65536);
}

TEST_P(TimelineOnFixture, SeekEqualsSteppingForward) {
    const Reference& r = ref();
    Timeline t(r.lt);
    EXPECT_EQ(t.step(), 0u);
    EXPECT_EQ(digest(t.state()), r.at.at(0));
    // The random order seeks backwards and forwards, near and far.
    for (size_t n : r.random) {
        t.seek(n);
        ASSERT_EQ(t.step(), n);
        EXPECT_EQ(digest(t.state()), r.at.at(n)) << "seek(" << n << ")";
    }
    const size_t end = t.stepCount();
    t.seek(end + 1000); // clamped
    EXPECT_EQ(t.step(), end);
    EXPECT_EQ(digest(t.state()), r.at.at(end));
    EXPECT_EQ(digest(t.state()), digest(*r.lt->finalState));
    for (size_t n : {size_t(1), size_t(0), end - 1}) {
        t.seek(n);
        EXPECT_EQ(digest(t.state()), r.at.at(n)) << "seek(" << n << ")";
    }
}

TEST_P(TimelineOnFixture, BackUndoesOneStepAndForwardRedoesIt) {
    const Reference& r = ref();
    const TraceStore& store = *r.lt->store;
    Timeline t(r.lt);
    std::vector<size_t> steps = r.random;
    std::sort(steps.begin(), steps.end());
    for (size_t n : steps) {
        t.seek(n + 1);
        StepResult b = t.back();
        ASSERT_EQ(t.step(), n);
        EXPECT_EQ(digest(t.state()), r.at.at(n)) << "back() from " << n + 1;
        EXPECT_EQ(b.predicted, bool(store.flags(n) & kPredicted));
        EXPECT_EQ(b.change.poolStateChanged, bool(store.flags(n) & kPoolStateChange));
        StepResult f = t.forward();
        ASSERT_EQ(t.step(), n + 1);
        EXPECT_EQ(digest(t.state()), r.at.at(n + 1)) << "forward() from " << n;
        // What the step did is what the loader flagged for that event.
        EXPECT_EQ(f.flags(), store.flags(n)) << "event " << n;
    }
}

TEST_P(TimelineOnFixture, BackManyStepsAndAcrossCheckpoints) {
    const Reference& r = ref();
    Timeline t(r.lt);
    std::vector<size_t> steps(r.random.begin(), r.random.begin() + 6);
    for (size_t n : steps) {
        t.seek(n + 50);
        for (int k = 0; k < 50; ++k)
            t.back();
        ASSERT_EQ(t.step(), n);
        EXPECT_EQ(digest(t.state()), r.at.at(n)) << "50 x back() from " << n + 50;
    }
    // From just past a checkpoint (restored there, so the journal starts at
    // the checkpoint) back to just before it.
    for (const Checkpoint& c : r.lt->checkpoints) {
        if (c.step < 3)
            continue;
        t.seek(0);
        t.seek(c.step + 3);
        for (int k = 0; k < 6; ++k)
            t.back();
        ASSERT_EQ(t.step(), c.step - 3);
        EXPECT_EQ(digest(t.state()), r.at.at(c.step - 3)) << "back across " << c.step;
        t.forward();
        t.forward();
        EXPECT_EQ(digest(t.state()), r.at.at(c.step - 1));
    }
    t.seek(0);
    StepResult none = t.back();
    EXPECT_EQ(t.step(), 0u);
    EXPECT_FALSE(none.predicted);
    EXPECT_EQ(digest(t.state()), r.at.at(0));
}

TEST_P(TimelineOnFixture, SeekAcrossCheckpointsBothWays) {
    const Reference& r = ref();
    Timeline t(r.lt);
    const auto& cps = r.lt->checkpoints;
    for (size_t k = 1; k < cps.size(); ++k) {
        const size_t c = cps[k].step;
        for (size_t n : {c - 1, c + 1, c - 3, c, c + 3, c - 1}) {
            t.seek(n);
            ASSERT_EQ(t.step(), n);
            EXPECT_EQ(digest(t.state()), r.at.at(n)) << "seek(" << n << ") near " << c;
        }
    }
    // From the last checkpoint region back to the first and out again.
    if (cps.size() >= 2) {
        const size_t last = cps.back().step;
        for (size_t n : {last + 3, cps[1].step - 3, last - 1, size_t(1), last + 1}) {
            t.seek(n);
            EXPECT_EQ(digest(t.state()), r.at.at(n)) << "seek(" << n << ")";
        }
    }
    for (size_t n : {size_t(2), t.stepCount(), size_t(1), t.stepCount() - 1}) {
        t.seek(n);
        EXPECT_EQ(digest(t.state()), r.at.at(n)) << "seek(" << n << ")";
    }
}

TEST_P(TimelineOnFixture, FindNextAndPrevLandOnFlaggedEvents) {
    const Reference& r = ref();
    const TraceStore& store = *r.lt->store;
    Timeline t(r.lt);
    const size_t n = t.stepCount();
    const auto flagged = [&](size_t i, StepKind kind) {
        const uint8_t f = store.flags(i);
        switch (kind) {
        case StepKind::ArenaChange: return (f & (kArenaAllocated | kArenaFreed)) != 0;
        case StepKind::PoolStateChange: return (f & kPoolStateChange) != 0;
        case StepKind::Allocation: return isAllocation(store.op(i));
        case StepKind::Mismatch: return (f & kMismatch) != 0;
        case StepKind::Event: return true;
        }
        return false;
    };
    for (StepKind kind : {StepKind::ArenaChange, StepKind::PoolStateChange, StepKind::Allocation}) {
        std::vector<size_t> expected;
        for (size_t i = 0; i < n; ++i)
            if (flagged(i, kind))
                expected.push_back(i + 1);
        ASSERT_FALSE(expected.empty());
        // Forward chain from 0.
        std::vector<size_t> chain;
        for (size_t s = t.findNext(0, kind); s != npos; s = t.findNext(s, kind)) {
            chain.push_back(s);
            if (chain.size() > expected.size())
                break;
        }
        EXPECT_EQ(chain, expected);
        // Backward chain from the end: steps strictly before `from`.
        std::vector<size_t> back;
        for (size_t s = t.findPrev(n + 1, kind); s != npos; s = t.findPrev(s, kind)) {
            back.push_back(s);
            if (back.size() > expected.size())
                break;
        }
        std::reverse(back.begin(), back.end());
        EXPECT_EQ(back, expected);
        // From random places.
        for (size_t from : r.random) {
            auto it = std::upper_bound(expected.begin(), expected.end(), from);
            EXPECT_EQ(t.findNext(from, kind), it == expected.end() ? npos : *it);
            auto jt = std::lower_bound(expected.begin(), expected.end(), from);
            EXPECT_EQ(t.findPrev(from, kind), jt == expected.begin() ? npos : *std::prev(jt));
        }
    }
    // The fixtures replay without mismatches; every event is an event.
    EXPECT_EQ(t.findNext(0, StepKind::Mismatch), npos);
    EXPECT_EQ(t.findPrev(n, StepKind::Mismatch), npos);
    EXPECT_EQ(t.findNext(17, StepKind::Event), 18u);
    EXPECT_EQ(t.findPrev(17, StepKind::Event), 16u);
    EXPECT_EQ(t.findNext(n, StepKind::Event), npos);
}

TEST_P(TimelineOnFixture, ArenaChangesMapOrUnmapAnArena) {
    const Reference& r = ref();
    const TraceStore& store = *r.lt->store;
    const uint64_t arenaSize = r.lt->profile.arenaSize();
    Timeline t(r.lt);
    size_t allocated = 0, freed = 0;
    for (size_t s = t.findNext(0, StepKind::ArenaChange); s != npos;
         s = t.findNext(s, StepKind::ArenaChange)) {
        t.seek(s - 1);
        const auto before = liveArenaAddresses(t.allocator());
        const uint64_t times = t.state().alloc.g.ntimes_arena_allocated;
        t.forward();
        const auto after = liveArenaAddresses(t.allocator());
        const Event e = store.event(s - 1);
        // Arenas change while pymalloc serves a request, not on the
        // arena_alloc / arena_free lines themselves.
        EXPECT_TRUE(e.isRequest()) << "event " << s - 1;
        const uint8_t f = store.flags(s - 1);
        if ((f & kArenaAllocated) && (f & kArenaFreed)) {
            // One arena mapped and another unmapped by the same request.
            ++allocated;
            ++freed;
            EXPECT_EQ(after.size(), before.size());
            EXPECT_EQ(t.state().alloc.g.ntimes_arena_allocated, times + 1);
        } else if (f & kArenaAllocated) {
            ++allocated;
            ASSERT_EQ(after.size(), before.size() + 1) << "event " << s - 1;
            EXPECT_EQ(t.state().alloc.g.ntimes_arena_allocated, times + 1);
            uint64_t added = 0;
            for (uint64_t a : after)
                if (!before.count(a))
                    added = a;
            // The nearest arena-sized arena_alloc line before the request.
            size_t j = s - 1;
            while (j-- > 0 &&
                   !(store.op(j) == Op::ArenaAlloc && store.event(j).size == arenaSize)) {
            }
            ASSERT_NE(j, npos);
            EXPECT_EQ(store.ptr(j), added) << "event " << s - 1;
        } else {
            ++freed;
            ASSERT_EQ(after.size() + 1, before.size()) << "event " << s - 1;
            uint64_t gone = 0;
            for (uint64_t a : before)
                if (!after.count(a))
                    gone = a;
            // Its arena_free line sits right before or right after.
            const bool lineBefore =
                s >= 2 && store.op(s - 2) == Op::ArenaFree && store.ptr(s - 2) == gone;
            const bool lineAfter =
                s < store.size() && store.op(s) == Op::ArenaFree && store.ptr(s) == gone;
            EXPECT_TRUE(lineBefore || lineAfter) << "event " << s - 1;
        }
    }
    const AllocatorGlobals& g = r.lt->finalState->alloc.g;
    EXPECT_EQ(allocated, g.ntimes_arena_allocated);
    EXPECT_EQ(allocated - freed, g.narenas_currently_allocated);
}

TEST_P(TimelineOnFixture, PoolStateChangeFlagMatchesPoolStates) {
    const Reference& r = ref();
    const TraceStore& store = *r.lt->store;
    Timeline t(r.lt);
    // Some flagged steps and some random events, in ascending order so that
    // each seek replays only from the previous one.
    std::set<size_t> events(r.random.begin(), r.random.end());
    size_t s = 0;
    for (int k = 0; k < 40 && (s = t.findNext(s + 997, StepKind::PoolStateChange)) != npos; ++k)
        events.insert(s - 1);
    size_t checkedFlagged = 0;
    for (size_t i : events) {
        t.seek(i);
        const auto before = poolHistogram(t.allocator());
        t.forward();
        const auto after = poolHistogram(t.allocator());
        const bool flag = store.flags(i) & kPoolStateChange;
        checkedFlagged += flag;
        if (store.op(i) == Op::Realloc) {
            // A realloc may take a block and free another in the same pool.
            if (before != after) {
                EXPECT_TRUE(flag) << "event " << i;
            }
        } else {
            EXPECT_EQ(before != after, flag) << "event " << i;
        }
    }
    EXPECT_GE(checkedFlagged, 10u);
}

TEST_P(TimelineOnFixture, AllocationOfFindsTheMallocOfALiveBlock) {
    const Reference& r = ref();
    const TraceStore& store = *r.lt->store;
    Timeline t(r.lt);
    std::mt19937 rng(7);
    std::vector<size_t> steps(r.random.begin(), r.random.begin() + 5);
    std::sort(steps.begin(), steps.end());
    for (size_t at : steps) {
        t.seek(at);
        // Every allocated block at this step.
        const Allocator& al = t.allocator();
        std::vector<uint64_t> live;
        const AllocatorState& st = al.state();
        for (ArenaIndex a = 0; a < st.arenas.size(); ++a) {
            if (!st.arenas[a].address)
                continue;
            for (unsigned k = 0; k < al.profile().maxPoolsInArena(); ++k) {
                const PoolRef p = al.poolRef(a, k);
                if (al.poolState(p) != PoolState::Used && al.poolState(p) != PoolState::Full)
                    continue;
                const unsigned nb = al.profile().blocksPerPool(st.pools[p].szidx);
                for (unsigned b = 0; b < nb; ++b)
                    if (al.blockState(p, b) == BlockState::Allocated)
                        live.push_back(al.blockAddress(p, b));
            }
        }
        if (live.size() < 4)
            continue;
        for (int k = 0; k < 4; ++k) {
            const uint64_t p = live[std::uniform_int_distribution<size_t>(0, live.size() - 1)(rng)];
            const size_t i = t.allocationOf(p, at);
            ASSERT_NE(i, npos) << hexPtr(p) << " at " << at;
            ASSERT_LT(i, at);
            const Event e = store.event(i);
            EXPECT_TRUE(isAllocation(e.op));
            EXPECT_EQ(e.ptr, p);
            // Nothing released it since.
            for (size_t j = i + 1; j < at; ++j) {
                const Event x = store.event(j);
                EXPECT_FALSE(x.op == Op::Free && x.ptr == p) << "freed at event " << j;
                EXPECT_FALSE(x.op == Op::Realloc && x.oldPtr == p && x.ptr != p)
                    << "moved at event " << j;
            }
        }
        // Before that event the block was not allocated (unless the event
        // was a realloc that kept it in place); after it, it is.
        const uint64_t p = live.front();
        const size_t i = t.allocationOf(p, at);
        ASSERT_NE(i, npos);
        const Event e = store.event(i);
        t.seek(i);
        if (!(e.op == Op::Realloc && e.oldPtr == p)) {
            EXPECT_NE(blockAt(t.allocator(), p), BlockState::Allocated) << hexPtr(p);
        }
        t.forward();
        EXPECT_EQ(blockAt(t.allocator(), p), BlockState::Allocated) << hexPtr(p);
        EXPECT_EQ(blockAt(t.allocator(), p + 1), BlockState::Untouched);
    }
}

INSTANTIATE_TEST_SUITE_P(Fixtures, TimelineOnFixture,
                         ::testing::Values("dict_churn", "startup_listcomp", "v3.8/dict_churn",
                                           "v3.7-classic/dict_churn"),
                         test::fixtureTestName<const char*>);

// ---------------------------------------------------------------- thinning

TEST(TimelineCheckpoints, SmallBudgetThinsCheckpointsAndSeeksStillAgree) {
    const Reference& full = reference("dict_churn");
    LoadOptions o;
    o.checkpointBudgetBytes = 1;
    std::shared_ptr<const LoadedTrace> lt = loadTrace(fixture("dict_churn.trace.gz"), o);
    const size_t n = lt->store->size();
    ASSERT_EQ(n, full.lt->store->size());
    EXPECT_EQ(lt->mismatchCount, 0u);
    // Unthinned: every 65,536 events; thinned: fewer, further apart.
    EXPECT_EQ(full.lt->checkpointInterval, size_t(1) << 16);
    EXPECT_EQ(full.lt->checkpoints.size(), 1 + (n - 1) / 65536);
    EXPECT_LT(lt->checkpoints.size(), full.lt->checkpoints.size());
    EXPECT_GT(lt->checkpointInterval, full.lt->checkpointInterval);
    EXPECT_EQ(lt->checkpoints.front().step, 0u);
    for (size_t k = 0; k < lt->checkpoints.size(); ++k) {
        const size_t step = lt->checkpoints[k].step;
        EXPECT_EQ(step % lt->checkpointInterval, 0u);
        if (k) {
            EXPECT_GT(step, lt->checkpoints[k - 1].step);
        }
        ASSERT_TRUE(full.at.count(step));
        EXPECT_EQ(digest(lt->checkpoints[k]), full.at.at(step));
    }
    EXPECT_EQ(digest(*lt->finalState), digest(*full.lt->finalState));

    Timeline t(lt);
    for (size_t s : full.random) {
        t.seek(s);
        EXPECT_EQ(digest(t.state()), full.at.at(s)) << "seek(" << s << ")";
    }
    std::vector<size_t> steps(full.random.begin(), full.random.begin() + 4);
    for (size_t s : steps) {
        t.seek(s + 1);
        t.back();
        EXPECT_EQ(digest(t.state()), full.at.at(s)) << "back() to " << s;
    }
    t.seek(n);
    EXPECT_EQ(digest(t.state()), full.at.at(n));
}

// ---------------------------------------------------------------- after mismatches

TEST(TimelineWrongProfile, SeekAndBackAgreeWhileRecordedPointersAreTracked) {
    // The 8-byte-aligned trace with the 16-byte 3.7 rules: a mismatch at
    // once, then the recorded pointers are tracked apart from the blocks.
    LoadOptions o;
    o.profileName = "3.7";
    auto lt = loadTrace(fixture("v3.7-classic/dict_churn.trace.gz"), o);
    ASSERT_GT(lt->mismatchCount, 0u);
    EXPECT_EQ(lt->finalState->rg.tracking, 1u);
    const Reference r = makeReference(lt, 7u);
    Timeline t(lt);
    for (size_t s : r.random) {
        t.seek(s + 50);
        EXPECT_EQ(digest(t.state()), r.at.at(s + 50)) << "seek(" << s + 50 << ")";
        for (int k = 0; k < 49; ++k)
            t.back();
        t.back();
        EXPECT_EQ(digest(t.state()), r.at.at(s)) << "50 x back() to " << s;
        t.forward();
        EXPECT_EQ(digest(t.state()), r.at.at(s + 1)) << "forward() to " << s + 1;
    }
    // Back over the first mismatch, where tracking starts.
    const size_t first = t.findNext(0, StepKind::Mismatch);
    ASSERT_NE(first, npos);
    t.seek(first + 1);
    EXPECT_EQ(t.state().rg.tracking, 1u);
    while (t.step() > 0)
        t.back();
    EXPECT_EQ(digest(t.state()), r.at.at(0));
    EXPECT_TRUE(t.state().tracked.empty());
}

// ---------------------------------------------------------------- a small trace, exactly

// 3.8: 256 KiB arenas of 4 KiB pools; a wholly free arena is unmapped.
std::shared_ptr<const LoadedTrace> smallTrace() {
    return loadTraceText(traceText("3.8.18",
                                   {
                                       "arena_alloc 0x7f0000100000 262144", // 0
                                       "malloc obj 16 0x7f0000100030",      // 1
                                       "malloc obj 16 0x7f0000100040",      // 2
                                       "malloc obj 0 0x555500000010",       // 3
                                       "free obj 0x7f0000100040",           // 4
                                       "arena_free 0x7f0000100000 262144",  // 5
                                       "free obj 0x7f0000100030",           // 6
                                       "free obj 0x555500000010",           // 7
                                       "arena_alloc 0x7f0000300000 262144", // 8
                                       "realloc obj 0x0 32 0x7f0000300030", // 9
                                   }),
                         "small.trace");
}

TEST(TimelineSmall, FlagsOfEachEvent) {
    auto lt = smallTrace();
    ASSERT_EQ(lt->mismatchCount, 0u);
    const TraceStore& s = *lt->store;
    ASSERT_EQ(s.size(), 10u);
    const uint8_t newArena = kPredicted | kArenaAllocated | kPoolStateChange | kTouchesPymalloc;
    const std::vector<uint8_t> expected = {0,
                                           newArena,
                                           kPredicted | kTouchesPymalloc,
                                           0,
                                           kTouchesPymalloc,
                                           0,
                                           kTouchesPymalloc | kPoolStateChange | kArenaFreed,
                                           0,
                                           0,
                                           newArena};
    for (size_t i = 0; i < expected.size(); ++i)
        EXPECT_EQ(int(s.flags(i)), int(expected[i])) << "event " << i;
    EXPECT_EQ(s.lineOf(0), 3u);
    EXPECT_EQ(s.lineOf(9), 12u);
}

TEST(TimelineSmall, FindExactSteps) {
    Timeline t(smallTrace());
    EXPECT_EQ(t.stepCount(), 10u);
    EXPECT_EQ(t.findNext(0, StepKind::ArenaChange), 2u);
    EXPECT_EQ(t.findNext(2, StepKind::ArenaChange), 7u);
    EXPECT_EQ(t.findNext(7, StepKind::ArenaChange), 10u);
    EXPECT_EQ(t.findNext(10, StepKind::ArenaChange), npos);
    EXPECT_EQ(t.findPrev(11, StepKind::ArenaChange), 10u);
    EXPECT_EQ(t.findPrev(10, StepKind::ArenaChange), 7u);
    EXPECT_EQ(t.findPrev(7, StepKind::ArenaChange), 2u);
    EXPECT_EQ(t.findPrev(2, StepKind::ArenaChange), npos);
    EXPECT_EQ(t.findNext(0, StepKind::PoolStateChange), 2u);
    EXPECT_EQ(t.findNext(2, StepKind::PoolStateChange), 7u);
    EXPECT_EQ(t.findPrev(7, StepKind::PoolStateChange), 2u);
    EXPECT_EQ(t.findNext(2, StepKind::Allocation), 3u);
    EXPECT_EQ(t.findNext(3, StepKind::Allocation), 4u);
    EXPECT_EQ(t.findNext(4, StepKind::Allocation), 10u);
    EXPECT_EQ(t.findPrev(10, StepKind::Allocation), 4u);
    EXPECT_EQ(t.findNext(5, StepKind::Event), 6u);
    EXPECT_EQ(t.findPrev(5, StepKind::Event), 4u);
    EXPECT_EQ(t.findNext(0, StepKind::Mismatch), npos);

    EXPECT_EQ(t.allocationOf(0x7f0000100030, 10), 1u);
    EXPECT_EQ(t.allocationOf(0x7f0000100040, 3), 2u);
    EXPECT_EQ(t.allocationOf(0x7f0000100040, 2), npos);
    EXPECT_EQ(t.allocationOf(0x7f0000300030, 10), 9u);
    EXPECT_EQ(t.allocationOf(0x555500000010, 10), 3u);

    // The first 4 KiB pool of the first arena.
    const uint64_t lo = 0x7f0000100000, hi = lo + 4096;
    EXPECT_EQ(t.findNextTouching(0, lo, hi), 1u); // its arena_alloc
    EXPECT_EQ(t.findNextTouching(1, lo, hi), 2u);
    EXPECT_EQ(t.findNextTouching(2, lo, hi), 3u);
    EXPECT_EQ(t.findNextTouching(3, lo, hi), 5u);
    EXPECT_EQ(t.findPrevTouching(10, lo, hi), 7u);
    EXPECT_EQ(t.findNextTouching(7, lo, hi), npos);
}

TEST(TimelineSmall, FindPrevFromFarPastTheEnd) {
    // findNext(from) for from > stepCount() finds nothing, as it should;
    // findPrev(from) should find the last matching step before `from`.
    Timeline t(smallTrace());
    EXPECT_EQ(t.findPrev(100, StepKind::ArenaChange), 10u);
    EXPECT_EQ(t.findPrevTouching(100, 0x7f0000100000, 0x7f0000101000), 7u);
}

TEST(TimelineSmall, StepSeekAndBackExactly) {
    auto lt = smallTrace();
    Timeline t(lt);
    std::vector<uint64_t> ref;
    ref.push_back(digest(t.state()));
    std::vector<uint64_t> narenas = {0};
    for (size_t i = 0; i < t.stepCount(); ++i) {
        t.forward();
        ref.push_back(digest(t.state()));
        narenas.push_back(t.state().alloc.g.narenas_currently_allocated);
    }
    EXPECT_EQ(narenas, std::vector<uint64_t>({0, 0, 1, 1, 1, 1, 1, 0, 0, 0, 1}));
    StepResult none = t.forward(); // at the end: nothing
    EXPECT_EQ(t.step(), 10u);
    EXPECT_FALSE(none.predicted);
    EXPECT_EQ(none.change.nblocks, 0u);
    EXPECT_EQ(ref.back(), digest(*lt->finalState));

    for (size_t n : {3u, 10u, 0u, 7u, 6u, 9u, 1u, 8u}) {
        t.seek(n);
        EXPECT_EQ(digest(t.state()), ref[n]) << "seek(" << n << ")";
    }
    t.seek(10);
    for (size_t n = 10; n-- > 0;) {
        StepResult r = t.back();
        EXPECT_EQ(t.step(), n);
        EXPECT_EQ(digest(t.state()), ref[n]) << "back() to " << n;
        if (n == 6) {
            // Undoing the free that unmapped the arena maps it again.
            EXPECT_TRUE(r.change.poolStateChanged);
            EXPECT_TRUE(t.allocator().address_in_range(0x7f0000100030));
            EXPECT_EQ(blockAt(t.allocator(), 0x7f0000100030), BlockState::Allocated);
        }
    }
    t.seek(6);
    StepResult f = t.forward();
    EXPECT_EQ(f.change.arenaFreed, 0u);
    EXPECT_EQ(f.change.arenaFreedAddress, 0x7f0000100000u);
    EXPECT_FALSE(t.allocator().address_in_range(0x7f0000100030));

    // What an event changed, by its pointers.
    t.seek(2);
    Change c = t.changeOf(1);
    EXPECT_EQ(c.nblocks, 1u);
    EXPECT_EQ(c.blocks[0], 0x7f0000100030u);
    EXPECT_EQ(c.npools, 1u);
    EXPECT_EQ(c.pools[0], t.allocator().poolContaining(0x7f0000100030));
    EXPECT_EQ(t.changeOf(3).nblocks, 0u); // the system allocator's
    EXPECT_EQ(t.changeOf(0).nblocks, 0u); // an arena line
}

} // namespace
