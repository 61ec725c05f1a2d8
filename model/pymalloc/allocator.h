// The simulation of pymalloc (Objects/obmalloc.c): arenas, pools and blocks,
// following CPython's own algorithm step by step, with CPython's names.
//
//   request -> size class -> usedpools[class] -> pool -> block
//                 (empty list: usable_arenas head -> freepools or a new pool;
//                  no usable arena: new_arena() from the ArenaProvider)
//
// Pool states: a carved pool is *used* (in usedpools, has a free block),
// *full* (freeblock == NULL, in no list) or *empty* (ref.count == 0, on its
// arena's freepools list). Block states: untouched (at or past nextoffset),
// free (on the pool's LIFO free list) or allocated.
#pragma once

#include "model/pymalloc/journal.h"
#include "model/pymalloc/profile.h"

#include <cstdint>
#include <cstdlib>
#include <memory>
#include <unordered_set>
#include <utility>
#include <vector>

namespace arenascope {

using ArenaIndex = uint32_t;  // index into arenas[] (allarenas in 3.12+)
using PoolRef = uint32_t;     // see AllocatorState::pools
constexpr ArenaIndex kNoArena = 0xffffffffu;
constexpr PoolRef kNoPool = 0xffffffffu;
constexpr uint32_t kDummySizeIdx = 0xffff;  // DUMMY_SIZE_IDX
constexpr unsigned kInitialArenaObjects = 16;  // INITIAL_ARENA_OBJECTS

// struct arena_object.
struct ArenaObject {
    uint64_t address = 0;       // base of the mapping; 0: no arena associated
    uint64_t pool_address = 0;  // next pool to carve ("virgin" pools start here)
    uint32_t nfreepools = 0;    // pools on freepools plus pools not yet carved
    uint32_t ntotalpools = 0;   // 64, or one less when the base is not pool-aligned
    PoolRef freepools = kNoPool;  // empty pools, singly linked through nextpool
    ArenaIndex nextarena = kNoArena;  // usable_arenas (doubly) or unused_arena_objects (singly)
    ArenaIndex prevarena = kNoArena;
    uint32_t pad_ = 0;
};

constexpr uint32_t kNoWords = 0xffffffffu;  // no place in the block table

// struct pool_header, with block pointers as block numbers.
struct PoolHeader {
    uint32_t count = 0;         // ref.count: allocated blocks
    uint32_t freeblock = 0;     // head of the free list: block number + 1; 0 is NULL
    PoolRef nextpool = kNoPool; // usedpools ring, or the arena's freepools list
    PoolRef prevpool = kNoPool;
    uint32_t arenaindex = 0;
    uint32_t szidx = kDummySizeIdx;
    uint32_t nextoffset = 0;    // byte offset of the next block never handed out
    uint32_t maxnextoffset = 0; // POOL_SIZE - block size
    // The model's, not CPython's: where the pool's block words start in
    // AllocatorState::blocks (NUMBLOCKS(szidx) of them, see there); kNoWords
    // for a pool not carved in a live arena. In a usedpools head
    // (pools[c], c < size classes) it heads the free word slots of class c.
    uint32_t words = kNoWords;
};

// Global counters and list heads of obmalloc.c.
struct AllocatorGlobals {
    ArenaIndex usable_arenas = kNoArena;
    ArenaIndex unused_arena_objects = kNoArena;
    uint32_t maxarenas = 0;
    // The model's: words of the block table handed out so far (its end).
    uint32_t blockwords = 0;
    uint64_t narenas_currently_allocated = 0;
    uint64_t ntimes_arena_allocated = 0;
    uint64_t narenas_highwater = 0;
};

enum class PoolState : uint8_t { Uncarved, Empty, Used, Full };
enum class BlockState : uint8_t { Untouched, Free, Allocated };
const char* poolStateName(PoolState s);
const char* blockStateName(BlockState s);

// What one operation changed, so that a view redraws only that.
struct Change {
    uint64_t blocks[3] = {0, 0, 0};  // block addresses allocated or freed
    PoolRef pools[3] = {kNoPool, kNoPool, kNoPool};
    uint8_t nblocks = 0, npools = 0;
    bool poolStateChanged = false;    // carved, became used, full or empty
    ArenaIndex arenaAllocated = kNoArena;
    ArenaIndex arenaFreed = kNoArena;
    uint64_t arenaFreedAddress = 0;
    void addBlock(uint64_t b) { if (nblocks < 3) blocks[nblocks++] = b; }
    void addPool(PoolRef p);
    void clear() { *this = Change(); }
};

// The shape of the arrays below, from the profile.
struct AllocatorLayout {
    uint32_t sizeClasses = 0, maxPools = 0;
    uint32_t poolOverhead = 0, alignmentShift = 0, poolBits = 0;
};

// The block table: a vector of words whose growth leaves the new words
// uninitialised (they are written before they are read; zeroing on every
// growth or restore costs more than replaying thousands of events) and goes
// through realloc, which moves a large table by remapping its pages, not by
// copying them. A table of more than 2 MiB also asks for transparent huge
// pages: each step touches the words of a random pool.
class BlockTable {
public:
    BlockTable() = default;
    BlockTable(const BlockTable& o) { *this = o; }
    BlockTable(BlockTable&& o) noexcept { swap(o); }
    BlockTable& operator=(const BlockTable& o);
    BlockTable& operator=(BlockTable&& o) noexcept {
        swap(o);
        return *this;
    }
    ~BlockTable() { std::free(data_); }
    void swap(BlockTable& o) noexcept {
        std::swap(data_, o.data_);
        std::swap(size_, o.size_);
        std::swap(capacity_, o.capacity_);
    }

    size_t size() const { return size_; }
    size_t capacity() const { return capacity_; }
    uint16_t* data() { return data_; }
    const uint16_t* data() const { return data_; }
    uint16_t& operator[](size_t i) { return data_[i]; }
    const uint16_t& operator[](size_t i) const { return data_[i]; }
    void resize(size_t n) {
        if (n > capacity_)
            grow(n);
        size_ = n;
    }
    void release();  // size and capacity 0

private:
    void grow(size_t n);
    uint16_t* data_ = nullptr;
    size_t size_ = 0, capacity_ = 0;
};

// All of pymalloc's state: plain data. Only the block words of carved pools
// (and the links of free word slots) mean anything; the rest of `blocks` is
// never read (and not in digests or checkpoints).
struct AllocatorState {
    AllocatorLayout layout;
    AllocatorGlobals g;
    std::vector<ArenaObject> arenas;  // arenas[maxarenas]
    // pools[c] for c < numSizeClasses is the usedpools[c] list head (a
    // sentinel, as obmalloc.c's usedpools trick); pool k of arena i is
    // pools[numSizeClasses + i * maxPoolsInArena + k].
    std::vector<PoolHeader> pools;
    // The first word of each block, as a block number: 0 is NULL (end of the
    // free list), kCarvedTail also NULL but for a block carved onto the list
    // and never handed out, kAllocatedMark an allocated block, n the block
    // numbered n-1. Block b of pool r is blocks[pools[r].words + b].
    //
    // Each carved pool has a slot of NUMBLOCKS(szidx) words, not room for the
    // smallest class's 1,021: with a thousand arenas of 512-byte blocks that
    // is 6 MB of table instead of 134 MB, so the words a step touches stay in
    // the cache and the table is not page-faulted in a 4 KiB page at a time.
    // A pool given another size class, or whose arena is unmapped, puts its
    // slot on the free list of its class (headed by usedpools[class].words,
    // linked through the slot's first kSlotLinkWords words); a pool takes a
    // slot from that list, or from the table's end (g.blockwords). Every
    // change is a journaled field, so back-stepping restores the same slots.
    BlockTable blocks;
    std::vector<ArenaIndex> nfp2lasta;  // rightmost usable arena with nfreepools == i
    std::unordered_set<uint64_t> radixMid, radixBot;  // arena map nodes made (never freed)
};
constexpr uint16_t kAllocatedMark = 0xffff;
// pymalloc links a freshly carved block with NULL, as it links the first
// block freed into a full pool; the model tells the two apart so that a free
// of a block never handed out is reported as such, not as a double free.
constexpr uint16_t kCarvedTail = 0xfffe;
// A free word slot links to the next (a word index, or kNoWords) through its
// first two words, low half first; every class has at least 7 blocks a pool.
constexpr unsigned kSlotLinkWords = 2;
inline uint32_t freeSlotLink(const uint16_t* slot) { return slot[0] | uint32_t(slot[1]) << 16; }

// Calls f(slot, nwords) for every carved pool of a live arena: slot is the
// pool's place among the arenas' pools (its PoolRef less the size classes),
// nwords the number of blocks carved (the words that mean anything).
template <class F>
void forEachCarvedPool(const AllocatorState& st, F&& f) {
    const AllocatorLayout& l = st.layout;
    const uint64_t poolSize = uint64_t(1) << l.poolBits;
    for (ArenaIndex a = 0; a < st.arenas.size(); ++a) {
        const ArenaObject& ao = st.arenas[a];
        if (ao.address == 0)
            continue;
        const uint64_t first = (ao.address + poolSize - 1) & ~(poolSize - 1);
        const unsigned carved = unsigned((ao.pool_address - first) >> l.poolBits);
        for (unsigned k = 0; k < carved; ++k) {
            const size_t slot = size_t(a) * l.maxPools + k;
            const PoolHeader& p = st.pools[l.sizeClasses + slot];
            const unsigned n = p.szidx == kDummySizeIdx
                                   ? 0
                                   : (p.nextoffset - l.poolOverhead) /
                                         ((p.szidx + 1) << l.alignmentShift);
            f(slot, n);
        }
    }
}

// The block words of the carved pool at `slot` (as forEachCarvedPool numbers it).
inline const uint16_t* carvedPoolWords(const AllocatorState& st, size_t slot) {
    return st.blocks.data() + st.pools[st.layout.sizeClasses + slot].words;
}

// Calls f(at) for the first word of every free word slot, class by class in
// list order (the words that mean anything: its kSlotLinkWords link words).
template <class F>
void forEachFreeWordSlot(const AllocatorState& st, F&& f) {
    const uint16_t* words = st.blocks.data();
    for (unsigned c = 0; c < st.layout.sizeClasses; ++c)
        for (uint32_t at = st.pools[c].words; at != kNoWords; at = freeSlotLink(words + at))
            f(at);
}

// Returned when a pointer is given back.
enum class FreeResult { NotOurs, Freed, NotABlock, AlreadyFree, NeverHandedOut };

// Where new arenas come from: the trace's arena_alloc lines, or a model of mmap.
class ArenaProvider {
public:
    virtual ~ArenaProvider() = default;
    // The base address of a newly mapped arena of the profile's size, or 0.
    virtual uint64_t mapArena() = 0;
    virtual void unmapArena(uint64_t address) = 0;
};

class Allocator {
public:
    Allocator(const Profile& profile, AllocatorState& state, Journal* journal = nullptr);

    const Profile& profile() const { return profile_; }
    AllocatorState& state() { return s_; }
    const AllocatorState& state() const { return s_; }
    void setChange(Change* c) { change_ = c; }
    void setArenaProvider(ArenaProvider* p) { provider_ = p; }

    // pymalloc_alloc: a block for 1..512 bytes, or 0 when pymalloc does not
    // serve the request (0 bytes, too large, or no arena could be mapped).
    uint64_t pymalloc_alloc(uint64_t nbytes);
    // pymalloc_free: NotOurs when p lies in no arena (the system allocator's).
    FreeResult pymalloc_free(uint64_t p);
    // address_in_range: inside a live arena.
    bool address_in_range(uint64_t p) const { return arenaContaining(p) != kNoArena; }
    // The size of the block at p (INDEX2SIZE(szidx)); p must be ours.
    unsigned blockSizeAt(uint64_t p) const;
    // pymalloc_realloc's rule: the block at p (ours) is kept for nbytes when
    // they still fit and shrink it by less than 25%; otherwise the data moves
    // to a new block (malloc first, then free the old).
    bool reallocKeepsBlock(uint64_t p, uint64_t nbytes) const {
        const uint64_t size = blockSizeAt(p);
        return nbytes <= size && 4 * nbytes > 3 * size;
    }
    // Whether p is the start of a block that is allocated now.
    bool isAllocatedBlock(uint64_t p) const;

    // Lookups for views and statistics.
    ArenaIndex arenaContaining(uint64_t p) const;
    // A live arena overlapping [lo, lo + size), or kNoArena.
    ArenaIndex arenaOverlapping(uint64_t lo, uint64_t size) const;
    PoolRef poolContaining(uint64_t p) const;  // kNoPool if not in a carved pool
    PoolRef poolRef(ArenaIndex a, unsigned k) const {
        return PoolRef(sizeClasses_ + a * maxPools_ + k);
    }
    ArenaIndex arenaOfPool(PoolRef r) const { return (r - sizeClasses_) / maxPools_; }
    unsigned poolSlot(PoolRef r) const { return (r - sizeClasses_) % maxPools_; }
    uint64_t firstPoolAddress(ArenaIndex a) const;
    uint64_t poolAddress(PoolRef r) const {
        return firstPoolAddress(arenaOfPool(r)) + uint64_t(poolSlot(r)) * poolSize_;
    }
    PoolState poolState(PoolRef r) const;
    BlockState blockState(PoolRef r, unsigned block) const;
    uint64_t blockAddress(PoolRef r, unsigned block) const;
    // The number of the block of carved pool r that holds p, or -1 when p
    // lies in the pool's header.
    int blockIndexAt(PoolRef r, uint64_t p) const;
    // The free list of a pool, head first, as block numbers.
    std::vector<unsigned> freeList(PoolRef r) const;
    // Arena indices in usable_arenas order.
    std::vector<ArenaIndex> usableArenas() const;
    // Pools of a size class in usedpools order.
    std::vector<PoolRef> usedPools(unsigned szidx) const;

    // Undoes one journal record of an allocator region.
    void undo(const UndoRecord& r);
    // Where a field region starts (nullptr for operation regions).
    void* regionBase(Region r) {
        switch (r) {
        case Region::Arenas: return s_.arenas.data();
        case Region::Pools: return s_.pools.data();
        case Region::Blocks: return s_.blocks.data();
        case Region::Globals: return &s_.g;
        case Region::Nfp2lasta: return s_.nfp2lasta.data();
        default: return nullptr;
        }
    }
    // Rebuilds the address-to-arena index (after a restore or an undo).
    void rebuildIndex();

private:
    ArenaIndex new_arena();
    uint64_t allocate_from_new_pool(unsigned size);
    void pymalloc_pool_extend(PoolRef pool, unsigned size);
    void insert_to_usedpool(PoolRef pool);
    void insert_to_freepool(PoolRef pool);
    void freeArena(ArenaIndex a);
    uint64_t popFreeBlock(PoolRef pool);
    void growArenaTable();
    void markArenaMap(uint64_t base);
    void indexArena(ArenaIndex a, bool add);
    void insertIntoIndex(ArenaIndex a);

    template <class T, class V>
    void set(Region r, T& field, V value) {
        if (journal_ && journal_->enabled())
            journal_->saveField(r, regionBase(r), &field);
        field = T(value);
    }

    PoolHeader& pool(PoolRef r) { return s_.pools[r]; }
    const PoolHeader& pool(PoolRef r) const { return s_.pools[r]; }
    ArenaObject& arena(ArenaIndex a) { return s_.arenas[a]; }
    uint16_t& blockWord(PoolRef r, unsigned b) { return s_.blocks[size_t(pool(r).words) + b]; }
    uint16_t blockWord(PoolRef r, unsigned b) const { return s_.blocks[size_t(pool(r).words) + b]; }
    // takeWords gives pool r a slot of NUMBLOCKS(size) block words;
    // releaseWords puts its slot on the free list of its size class (see
    // AllocatorState::blocks).
    void takeWords(PoolRef r, unsigned size);
    void releaseWords(PoolRef r);

    // offset / INDEX2SIZE(szidx) by a multiplication (a division per free is
    // a tenth of the step): exact, since offset < 2^14 (POOL_SIZE) and the
    // reciprocal's error e <= size <= 2^9 give offset * e * size < 2^40.
    static constexpr unsigned kReciprocalShift = 40;
    unsigned blockNumber(uint32_t offset, unsigned szidx) const {
        return unsigned((uint64_t(offset) * reciprocal_[szidx]) >> kReciprocalShift);
    }
    std::vector<uint64_t> reciprocal_;
    // The pool of the block that starts at p in arena a, and its number b;
    // kNoPool if no block of a carved pool starts there.
    PoolRef blockStart(uint64_t p, ArenaIndex a, unsigned& b) const;

    Profile profile_;
    AllocatorState& s_;
    Journal* journal_;
    Change* change_ = nullptr;
    ArenaProvider* provider_ = nullptr;

    unsigned sizeClasses_, maxPools_, poolBits_, arenaBits_;
    uint64_t poolSize_, arenaSize_;

    // (address >> ARENA_BITS) -> up to two arenas overlapping that aligned
    // stretch; a cache derived from arenas[], never journaled.
    struct IndexSlot { uint64_t key; ArenaIndex a[2]; };
    mutable ArenaIndex lastArena_ = kNoArena;  // the arena found last: frees cluster
    std::vector<IndexSlot> index_;
    size_t indexUsed_ = 0;
    IndexSlot* findSlot(uint64_t key, bool create);
    const IndexSlot* findSlot(uint64_t key) const;
};

// The state every replay starts from.
AllocatorState initialAllocatorState(const Profile& profile);

} // namespace arenascope
