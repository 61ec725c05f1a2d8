// pymalloc's allocation and release paths, after Objects/obmalloc.c
// (pymalloc_alloc, allocate_from_new_pool, pymalloc_pool_extend,
// pymalloc_free, insert_to_usedpool, insert_to_freepool, new_arena) in
// CPython 3.7-3.13; the per-version differences come from the Profile.
#include "model/pymalloc/allocator.h"

#include <algorithm>
#include <cstring>
#include <new>

#include <sys/mman.h>

namespace arenascope {

BlockTable& BlockTable::operator=(const BlockTable& o) {
    if (this != &o) {
        resize(o.size_);
        if (o.size_)
            std::memcpy(data_, o.data_, o.size_ * sizeof(uint16_t));
    }
    return *this;
}

void BlockTable::grow(size_t n) {
    const size_t cap = std::max(n, capacity_ * 2);
    void* p = std::realloc(data_, cap * sizeof(uint16_t));
    if (!p)
        throw std::bad_alloc();
    data_ = static_cast<uint16_t*>(p);
    capacity_ = cap;
#ifdef MADV_HUGEPAGE
    // A hint, for the 2 MiB-aligned stretches inside; failure changes nothing.
    constexpr uintptr_t kHuge = uintptr_t(2) << 20;
    const uintptr_t lo = (reinterpret_cast<uintptr_t>(data_) + kHuge - 1) & ~(kHuge - 1);
    const uintptr_t hi = (reinterpret_cast<uintptr_t>(data_ + cap)) & ~(kHuge - 1);
    if (hi > lo)
        madvise(reinterpret_cast<void*>(lo), hi - lo, MADV_HUGEPAGE);
#endif
}

void BlockTable::release() {
    std::free(data_);
    data_ = nullptr;
    size_ = capacity_ = 0;
}

const char* poolStateName(PoolState s) {
    switch (s) {
    case PoolState::Uncarved: return "not carved";
    case PoolState::Empty: return "empty";
    case PoolState::Used: return "used";
    case PoolState::Full: return "full";
    }
    return "?";
}

const char* blockStateName(BlockState s) {
    switch (s) {
    case BlockState::Untouched: return "untouched";
    case BlockState::Free: return "free";
    case BlockState::Allocated: return "allocated";
    }
    return "?";
}

void Change::addPool(PoolRef p) {
    for (unsigned i = 0; i < npools; ++i)
        if (pools[i] == p)
            return;
    if (npools < 3)
        pools[npools++] = p;
}

AllocatorState initialAllocatorState(const Profile& profile) {
    AllocatorState s;
    const unsigned n = profile.numSizeClasses();
    s.layout = {n, profile.maxPoolsInArena(), profile.poolOverhead, profile.alignmentShift,
                profile.poolBits};
    s.pools.resize(n);
    for (unsigned c = 0; c < n; ++c) {
        // An empty usedpools[c] list points at its own head.
        s.pools[c].nextpool = c;
        s.pools[c].prevpool = c;
    }
    s.nfp2lasta.assign(profile.maxPoolsInArena() + 1, kNoArena);
    return s;
}

Allocator::Allocator(const Profile& profile, AllocatorState& state, Journal* journal)
    : profile_(profile), s_(state), journal_(journal),
      sizeClasses_(profile.numSizeClasses()), maxPools_(profile.maxPoolsInArena()),
      poolBits_(profile.poolBits),
      arenaBits_(profile.arenaBits), poolSize_(profile.poolSize()),
      arenaSize_(profile.arenaSize()) {
    for (unsigned c = 0; c < sizeClasses_; ++c)
        reciprocal_.push_back((uint64_t(1) << kReciprocalShift) / profile.blockSize(c) + 1);
    rebuildIndex();
}

void Allocator::undo(const UndoRecord& r) {
    switch (r.region) {
    case Region::ArenaTableGrown: {
        const uint32_t old = uint32_t(r.value);
        s_.arenas.resize(old);
        s_.pools.resize(sizeClasses_ + size_t(old) * maxPools_);
        break;
    }
    case Region::RadixMidAdded: s_.radixMid.erase(r.value); break;
    case Region::RadixBotAdded: s_.radixBot.erase(r.value); break;
    default: Journal::restoreField(regionBase(r.region), r); break;
    }
}

// ---------------------------------------------------------------- lookups

uint64_t Allocator::firstPoolAddress(ArenaIndex a) const {
    const uint64_t base = s_.arenas[a].address;
    return (base + poolSize_ - 1) & ~(poolSize_ - 1);
}

Allocator::IndexSlot* Allocator::findSlot(uint64_t key, bool create) {
    if (index_.empty())
        return nullptr;
    const size_t mask = index_.size() - 1;
    size_t i = size_t((key * 0x9E3779B97F4A7C15ull) >> 20) & mask;
    for (;;) {
        IndexSlot& s = index_[i];
        if (s.key == key)
            return &s;
        if (s.key == ~uint64_t(0)) {
            if (!create)
                return nullptr;
            s.key = key;
            ++indexUsed_;
            return &s;
        }
        i = (i + 1) & mask;
    }
}

const Allocator::IndexSlot* Allocator::findSlot(uint64_t key) const {
    return const_cast<Allocator*>(this)->findSlot(key, false);
}

void Allocator::indexArena(ArenaIndex a, bool add) {
    if (!add) {
        rebuildIndex();
        return;
    }
    if ((indexUsed_ + 2) * 2 > index_.size()) {
        rebuildIndex();  // grows the table; includes arena a when its address is set
        return;
    }
    insertIntoIndex(a);
}

void Allocator::insertIntoIndex(ArenaIndex a) {
    // An arena spans at most two ARENA_SIZE-aligned stretches; list it under both.
    const uint64_t base = s_.arenas[a].address;
    const uint64_t keys[2] = {base >> arenaBits_, (base + arenaSize_ - 1) >> arenaBits_};
    for (int k = 0; k < (keys[0] == keys[1] ? 1 : 2); ++k) {
        IndexSlot* slot = findSlot(keys[k], true);
        if (slot->a[0] == kNoArena)
            slot->a[0] = a;
        else
            slot->a[1] = a;
    }
}

void Allocator::rebuildIndex() {
    size_t live = 0;
    for (const ArenaObject& ao : s_.arenas)
        live += ao.address != 0;
    size_t cap = 16;
    while (cap < live * 8 + 8)
        cap <<= 1;
    index_.assign(cap, IndexSlot{~uint64_t(0), {kNoArena, kNoArena}});
    indexUsed_ = 0;
    for (ArenaIndex a = 0; a < s_.arenas.size(); ++a) {
        if (s_.arenas[a].address != 0)
            insertIntoIndex(a);
    }
}

ArenaIndex Allocator::arenaContaining(uint64_t p) const {
    // A freed arena's address is 0, so the cached index can be stale but never wrong.
    if (lastArena_ < s_.arenas.size() && s_.arenas[lastArena_].address != 0 &&
        p - s_.arenas[lastArena_].address < arenaSize_)
        return lastArena_;
    const IndexSlot* slot = findSlot(p >> arenaBits_);
    if (!slot)
        return kNoArena;
    for (ArenaIndex a : slot->a)
        if (a != kNoArena && p - s_.arenas[a].address < arenaSize_)
            return lastArena_ = a;
    return kNoArena;
}

ArenaIndex Allocator::arenaOverlapping(uint64_t lo, uint64_t size) const {
    for (uint64_t p : {lo, lo + size - 1}) {
        const ArenaIndex a = arenaContaining(p);
        if (a != kNoArena)
            return a;
    }
    // With neither end inside one, an arena overlaps only by lying wholly inside.
    if (size > arenaSize_)
        for (ArenaIndex a = 0; a < s_.arenas.size(); ++a)
            if (s_.arenas[a].address > lo && s_.arenas[a].address - lo < size)
                return a;
    return kNoArena;
}

PoolRef Allocator::poolContaining(uint64_t p) const {
    const ArenaIndex a = arenaContaining(p);
    if (a == kNoArena)
        return kNoPool;
    const uint64_t poolAddr = p & ~(poolSize_ - 1);
    const uint64_t first = firstPoolAddress(a);
    if (poolAddr < first || poolAddr >= s_.arenas[a].pool_address)
        return kNoPool;
    return poolRef(a, unsigned((poolAddr - first) >> poolBits_));
}

unsigned Allocator::blockSizeAt(uint64_t p) const {
    const PoolRef r = poolContaining(p);
    return r == kNoPool ? 0 : profile_.blockSize(pool(r).szidx);
}

bool Allocator::isAllocatedBlock(uint64_t p) const {
    const ArenaIndex a = arenaContaining(p);
    unsigned b = 0;
    const PoolRef r = a == kNoArena ? kNoPool : blockStart(p, a, b);
    return r != kNoPool && blockWord(r, b) == kAllocatedMark;
}

PoolState Allocator::poolState(PoolRef r) const {
    const ArenaIndex a = arenaOfPool(r);
    if (s_.arenas[a].address == 0 || poolAddress(r) >= s_.arenas[a].pool_address)
        return PoolState::Uncarved;
    const PoolHeader& p = pool(r);
    if (p.count == 0)
        return PoolState::Empty;
    return p.freeblock == 0 ? PoolState::Full : PoolState::Used;
}

BlockState Allocator::blockState(PoolRef r, unsigned b) const {
    const PoolHeader& p = pool(r);
    const unsigned size = profile_.blockSize(p.szidx);
    // A pool not carved in a live arena has no words (an unmapped arena's
    // pools keep their last headers).
    if (p.words == kNoWords || profile_.poolOverhead + uint64_t(b) * size >= p.nextoffset)
        return BlockState::Untouched;
    return blockWord(r, b) == kAllocatedMark ? BlockState::Allocated : BlockState::Free;
}

uint64_t Allocator::blockAddress(PoolRef r, unsigned b) const {
    return poolAddress(r) + profile_.poolOverhead + uint64_t(b) * profile_.blockSize(pool(r).szidx);
}

int Allocator::blockIndexAt(PoolRef r, uint64_t p) const {
    const uint64_t off = p - poolAddress(r);
    if (off < profile_.poolOverhead)
        return -1;
    return int((off - profile_.poolOverhead) / profile_.blockSize(pool(r).szidx));
}

std::vector<unsigned> Allocator::freeList(PoolRef r) const {
    std::vector<unsigned> out;
    if (pool(r).words == kNoWords)
        return out;
    uint32_t next = pool(r).freeblock;
    while (next != 0 && out.size() <= profile_.maxBlocksPerPool()) {
        out.push_back(next - 1);
        next = blockWord(r, next - 1);
        if (next == kAllocatedMark || next == kCarvedTail)
            break;
    }
    return out;
}

std::vector<ArenaIndex> Allocator::usableArenas() const {
    std::vector<ArenaIndex> out;
    for (ArenaIndex a = s_.g.usable_arenas; a != kNoArena && out.size() <= s_.arenas.size();
         a = s_.arenas[a].nextarena)
        out.push_back(a);
    return out;
}

std::vector<PoolRef> Allocator::usedPools(unsigned szidx) const {
    std::vector<PoolRef> out;
    for (PoolRef r = pool(szidx).nextpool; r != szidx && out.size() <= s_.pools.size();
         r = pool(r).nextpool)
        out.push_back(r);
    return out;
}

// ---------------------------------------------------------------- arenas

void Allocator::growArenaTable() {
    // new_arena(): the arena vector doubles (from INITIAL_ARENA_OBJECTS) only
    // when unused_arena_objects is empty; new slots are threaded in index order.
    const uint32_t old = s_.g.maxarenas;
    const uint32_t n = old ? old * 2 : kInitialArenaObjects;
    if (journal_)
        journal_->saveOperation(Region::ArenaTableGrown, old);
    s_.arenas.resize(n);
    s_.pools.resize(sizeClasses_ + size_t(n) * maxPools_);
    for (uint32_t i = old; i < n; ++i) {
        s_.arenas[i] = ArenaObject();
        s_.arenas[i].nextarena = i + 1 < n ? i + 1 : kNoArena;
    }
    set(Region::Globals, s_.g.unused_arena_objects, old);
    set(Region::Globals, s_.g.maxarenas, n);
}

void Allocator::markArenaMap(uint64_t base) {
    // arena_map_mark_used(): nodes are created for the ideal arena address of
    // base and, when base is not ARENA_SIZE-aligned, of base + ARENA_SIZE.
    // Nodes are never freed, so the counts only grow.
    const unsigned mapBits = profile_.radixAddressBits - arenaBits_;
    const unsigned interior = (mapBits + 2) / 3;
    const unsigned botBits = mapBits - 2 * interior;
    const uint64_t addrMask =
        profile_.radixAddressBits >= 64 ? ~uint64_t(0) : (uint64_t(1) << profile_.radixAddressBits) - 1;
    auto mark = [&](uint64_t p) {
        p &= addrMask;
        const uint64_t top = p >> (arenaBits_ + botBits + interior);
        const uint64_t mid = p >> (arenaBits_ + botBits);
        if (s_.radixMid.insert(top).second && journal_)
            journal_->saveOperation(Region::RadixMidAdded, top);
        if (s_.radixBot.insert(mid).second && journal_)
            journal_->saveOperation(Region::RadixBotAdded, mid);
    };
    mark(base);
    if (base & (arenaSize_ - 1))
        mark(base + arenaSize_);
}

ArenaIndex Allocator::new_arena() {
    if (s_.g.unused_arena_objects == kNoArena)
        growArenaTable();
    const ArenaIndex a = s_.g.unused_arena_objects;
    const uint64_t address = provider_ ? provider_->mapArena() : 0;
    if (address == 0)
        return kNoArena;  // the arena object stays on unused_arena_objects
    set(Region::Globals, s_.g.unused_arena_objects, s_.arenas[a].nextarena);
    if (profile_.radixTree)
        markArenaMap(address);
    ArenaObject& ao = arena(a);
    set(Region::Arenas, ao.address, address);
    set(Region::Globals, s_.g.narenas_currently_allocated, s_.g.narenas_currently_allocated + 1);
    set(Region::Globals, s_.g.ntimes_arena_allocated, s_.g.ntimes_arena_allocated + 1);
    if (s_.g.narenas_currently_allocated > s_.g.narenas_highwater)
        set(Region::Globals, s_.g.narenas_highwater, s_.g.narenas_currently_allocated);
    set(Region::Arenas, ao.freepools, kNoPool);
    // pool_address <- first pool-aligned address; a base that is not
    // pool-aligned loses one pool (3.10+: mmap gives 4 KiB, pools are 16 KiB).
    uint64_t poolAddress = address;
    uint32_t nfree = maxPools_;
    const uint64_t excess = address & (poolSize_ - 1);
    if (excess != 0) {
        --nfree;
        poolAddress += poolSize_ - excess;
    }
    set(Region::Arenas, ao.pool_address, poolAddress);
    set(Region::Arenas, ao.nfreepools, nfree);
    set(Region::Arenas, ao.ntotalpools, nfree);
    indexArena(a, true);
    if (change_)
        change_->arenaAllocated = a;
    return a;
}

void Allocator::freeArena(ArenaIndex a) {
    ArenaObject& ao = arena(a);
    // Its pools are all empty; their block words are never read again (a
    // pool carved from this arena object later starts a fresh size class).
    const unsigned carved = unsigned((ao.pool_address - firstPoolAddress(a)) >> poolBits_);
    for (unsigned k = 0; k < carved; ++k)
        releaseWords(poolRef(a, k));
    if (ao.prevarena == kNoArena)
        set(Region::Globals, s_.g.usable_arenas, ao.nextarena);
    else
        set(Region::Arenas, arena(ao.prevarena).nextarena, ao.nextarena);
    if (ao.nextarena != kNoArena)
        set(Region::Arenas, arena(ao.nextarena).prevarena, ao.prevarena);
    set(Region::Arenas, ao.nextarena, s_.g.unused_arena_objects);
    set(Region::Globals, s_.g.unused_arena_objects, a);
    const uint64_t address = ao.address;
    set(Region::Arenas, ao.address, 0);
    set(Region::Globals, s_.g.narenas_currently_allocated, s_.g.narenas_currently_allocated - 1);
    indexArena(a, false);
    if (change_) {
        change_->arenaFreed = a;
        change_->arenaFreedAddress = address;
    }
    if (provider_)
        provider_->unmapArena(address);
}

// ---------------------------------------------------------------- blocks

void Allocator::takeWords(PoolRef r, unsigned size) {
    PoolHeader& head = pool(size);  // usedpools[size]: its words head the free slots
    uint32_t at = head.words;
    if (at != kNoWords) {
        set(Region::Pools, head.words, freeSlotLink(&s_.blocks[at]));
    } else {
        at = s_.g.blockwords;
        const uint32_t end = at + profile_.blocksPerPool(size);
        set(Region::Globals, s_.g.blockwords, end);
        // Undoing this leaves the table longer than blockwords: harmless,
        // the words past it are never read.
        if (s_.blocks.size() < end)
            s_.blocks.resize(end);
    }
    set(Region::Pools, pool(r).words, at);
}

void Allocator::releaseWords(PoolRef r) {
    PoolHeader& p = pool(r);
    PoolHeader& head = pool(p.szidx);
    uint16_t* link = &s_.blocks[p.words];
    static_assert(kSlotLinkWords == 2, "a link is two 16-bit words");
    set(Region::Blocks, link[0], uint16_t(head.words));
    set(Region::Blocks, link[1], uint16_t(head.words >> 16));
    set(Region::Pools, head.words, p.words);
    set(Region::Pools, p.words, kNoWords);
}

uint64_t Allocator::popFreeBlock(PoolRef r) {
    PoolHeader& p = pool(r);
    const unsigned b = p.freeblock - 1;
    uint16_t& word = blockWord(r, b);
    // pool->freeblock = *(block **)bp; kCarvedTail is NULL too.
    set(Region::Pools, p.freeblock, word == kCarvedTail ? 0 : word);
    set(Region::Blocks, word, kAllocatedMark);
    return blockAddress(r, b);
}

void Allocator::pymalloc_pool_extend(PoolRef r, unsigned size) {
    PoolHeader& p = pool(r);
    if (p.nextoffset <= p.maxnextoffset) {
        // There is room for another block: carve it onto the free list.
        const unsigned b = (p.nextoffset - profile_.poolOverhead) / profile_.blockSize(size);
        set(Region::Pools, p.freeblock, b + 1);
        set(Region::Pools, p.nextoffset, p.nextoffset + profile_.blockSize(size));
        set(Region::Blocks, blockWord(r, b), kCarvedTail);
        return;
    }
    // The pool is full: unlink it from usedpools.
    const PoolRef next = p.nextpool, prev = p.prevpool;
    set(Region::Pools, pool(next).prevpool, prev);
    set(Region::Pools, pool(prev).nextpool, next);
    if (change_)
        change_->poolStateChanged = true;
}

uint64_t Allocator::pymalloc_alloc(uint64_t nbytes) {
    if (!profile_.servedByPymalloc(nbytes))
        return 0;
    const unsigned size = profile_.sizeClassOf(nbytes);
    const PoolRef r = pool(size).nextpool;
    if (r != size) {
        // A used pool of this class: take the head of its free list.
        PoolHeader& p = pool(r);
        set(Region::Pools, p.count, p.count + 1);
        const uint64_t bp = popFreeBlock(r);
        if (p.freeblock == 0)
            pymalloc_pool_extend(r, size);
        if (change_) {
            change_->addBlock(bp);
            change_->addPool(r);
        }
        return bp;
    }
    return allocate_from_new_pool(size);
}

uint64_t Allocator::allocate_from_new_pool(unsigned size) {
    if (s_.g.usable_arenas == kNoArena) {
        const ArenaIndex a = new_arena();
        if (a == kNoArena)
            return 0;
        set(Region::Globals, s_.g.usable_arenas, a);
        set(Region::Arenas, arena(a).nextarena, kNoArena);
        set(Region::Arenas, arena(a).prevarena, kNoArena);
        set(Region::Nfp2lasta, s_.nfp2lasta[arena(a).nfreepools], a);
    }
    const ArenaIndex ua = s_.g.usable_arenas;
    ArenaObject& ao = arena(ua);
    // The head already has the fewest free pools, so taking one keeps the
    // list sorted. nfp2lasta (3.8+, bpo-37029) gives the same order as 3.7's
    // linear scan; keeping it for every profile costs nothing in fidelity.
    if (s_.nfp2lasta[ao.nfreepools] == ua)
        set(Region::Nfp2lasta, s_.nfp2lasta[ao.nfreepools], kNoArena);
    if (ao.nfreepools > 1)
        set(Region::Nfp2lasta, s_.nfp2lasta[ao.nfreepools - 1], ua);

    PoolRef r = ao.freepools;
    if (r != kNoPool) {
        set(Region::Arenas, ao.freepools, pool(r).nextpool);
    } else {
        // Carve off a new pool.
        r = poolRef(ua, unsigned((ao.pool_address - firstPoolAddress(ua)) >> poolBits_));
        set(Region::Pools, pool(r).arenaindex, ua);
        set(Region::Pools, pool(r).szidx, kDummySizeIdx);
        set(Region::Arenas, ao.pool_address, ao.pool_address + poolSize_);
    }
    set(Region::Arenas, ao.nfreepools, ao.nfreepools - 1);
    if (ao.nfreepools == 0) {
        // Wholly allocated: unlink it from usable_arenas.
        set(Region::Globals, s_.g.usable_arenas, ao.nextarena);
        if (ao.nextarena != kNoArena)
            set(Region::Arenas, arena(ao.nextarena).prevarena, kNoArena);
    }

    // Frontlink to used pools (the list was empty).
    PoolHeader& p = pool(r);
    set(Region::Pools, p.nextpool, size);
    set(Region::Pools, p.prevpool, size);
    set(Region::Pools, pool(size).nextpool, r);
    set(Region::Pools, pool(size).prevpool, r);
    set(Region::Pools, p.count, 1);
    if (change_) {
        change_->addPool(r);
        change_->poolStateChanged = true;
    }
    uint64_t bp;
    if (p.szidx == size) {
        // Last used for the same size class: header and free list still hold.
        bp = popFreeBlock(r);
    } else {
        // Its words (if any) were sized for the class it had.
        if (p.words != kNoWords)
            releaseWords(r);
        takeWords(r, size);
        const unsigned bsize = profile_.blockSize(size);
        set(Region::Pools, p.szidx, size);
        set(Region::Pools, p.nextoffset, profile_.poolOverhead + 2 * bsize);
        set(Region::Pools, p.maxnextoffset, poolSize_ - bsize);
        set(Region::Pools, p.freeblock, 2);  // the second block
        set(Region::Blocks, blockWord(r, 1), kCarvedTail);
        set(Region::Blocks, blockWord(r, 0), kAllocatedMark);
        bp = blockAddress(r, 0);
    }
    if (change_)
        change_->addBlock(bp);
    return bp;
}

PoolRef Allocator::blockStart(uint64_t p, ArenaIndex a, unsigned& b) const {
    const uint64_t poolAddr = p & ~(poolSize_ - 1);
    const uint64_t first = firstPoolAddress(a);
    if (poolAddr < first || poolAddr >= s_.arenas[a].pool_address)
        return kNoPool;
    const PoolRef r = poolRef(a, unsigned((poolAddr - first) >> poolBits_));
    const PoolHeader& ph = pool(r);
    const uint32_t inPool = uint32_t(p - poolAddr);
    if (ph.szidx == kDummySizeIdx || inPool < profile_.poolOverhead || inPool >= ph.nextoffset)
        return kNoPool;
    const uint32_t offset = inPool - profile_.poolOverhead;
    b = blockNumber(offset, ph.szidx);
    return b * profile_.blockSize(ph.szidx) == offset ? r : kNoPool;
}

FreeResult Allocator::pymalloc_free(uint64_t ptr) {
    // address_in_range(), then the pool and the block, from one lookup.
    const ArenaIndex a = arenaContaining(ptr);
    if (a == kNoArena)
        return FreeResult::NotOurs;
    unsigned b = 0;
    const PoolRef r = blockStart(ptr, a, b);
    if (r == kNoPool)
        return FreeResult::NotABlock;
    PoolHeader& p = pool(r);
    uint16_t& word = blockWord(r, b);
    if (word == kCarvedTail)
        return FreeResult::NeverHandedOut;
    if (word != kAllocatedMark || p.count == 0)
        return FreeResult::AlreadyFree;

    // Link the block to the front of the pool's free list.
    const uint32_t lastfree = p.freeblock;
    set(Region::Blocks, word, lastfree);
    set(Region::Pools, p.freeblock, b + 1);
    set(Region::Pools, p.count, p.count - 1);
    if (change_) {
        change_->addBlock(ptr);
        change_->addPool(r);
    }
    if (lastfree == 0) {
        // The pool was full: it goes to the front of usedpools[szidx].
        insert_to_usedpool(r);
        if (change_)
            change_->poolStateChanged = true;
        return FreeResult::Freed;
    }
    if (p.count != 0)
        return FreeResult::Freed;
    insert_to_freepool(r);
    if (change_)
        change_->poolStateChanged = true;
    return FreeResult::Freed;
}

void Allocator::insert_to_usedpool(PoolRef r) {
    const PoolRef next = pool(pool(r).szidx).nextpool;  // first pool, or the head
    const PoolRef prev = pool(next).prevpool;           // the head
    set(Region::Pools, pool(r).nextpool, next);
    set(Region::Pools, pool(r).prevpool, prev);
    set(Region::Pools, pool(next).prevpool, r);
    set(Region::Pools, pool(prev).nextpool, r);
}

void Allocator::insert_to_freepool(PoolRef r) {
    PoolHeader& p = pool(r);
    const PoolRef next = p.nextpool, prev = p.prevpool;
    set(Region::Pools, pool(next).prevpool, prev);
    set(Region::Pools, pool(prev).nextpool, next);

    // Link the pool to the front of its arena's freepools (singly linked).
    const ArenaIndex a = p.arenaindex;
    ArenaObject& ao = arena(a);
    set(Region::Pools, p.nextpool, ao.freepools);
    set(Region::Arenas, ao.freepools, r);
    uint32_t nf = ao.nfreepools;
    const ArenaIndex lastnf = s_.nfp2lasta[nf];
    if (lastnf == a) {
        const ArenaIndex prevArena = ao.prevarena;
        set(Region::Nfp2lasta, s_.nfp2lasta[nf],
            prevArena != kNoArena && arena(prevArena).nfreepools == nf ? prevArena : kNoArena);
    }
    set(Region::Arenas, ao.nfreepools, ++nf);

    // Case 1: every pool is free. 3.6-3.8 unmap the arena at once; 3.9+
    // (bpo-37257) keep it while it is the last arena in usable_arenas.
    if (nf == ao.ntotalpools && (!profile_.keepLastEmptyArena || ao.nextarena != kNoArena)) {
        freeArena(a);
        return;
    }
    // Case 2: the arena was full, so it was on no list: put it at the head.
    if (nf == 1) {
        set(Region::Arenas, ao.nextarena, s_.g.usable_arenas);
        set(Region::Arenas, ao.prevarena, kNoArena);
        if (s_.g.usable_arenas != kNoArena)
            set(Region::Arenas, arena(s_.g.usable_arenas).prevarena, a);
        set(Region::Globals, s_.g.usable_arenas, a);
        if (s_.nfp2lasta[1] == kNoArena)
            set(Region::Nfp2lasta, s_.nfp2lasta[1], a);
        return;
    }
    if (s_.nfp2lasta[nf] == kNoArena)
        set(Region::Nfp2lasta, s_.nfp2lasta[nf], a);
    // Case 4: it was the rightmost with the old count, so the order holds.
    if (a == lastnf)
        return;
    // Case 3: slide it right, to just after the last arena with the old count.
    if (ao.prevarena != kNoArena)
        set(Region::Arenas, arena(ao.prevarena).nextarena, ao.nextarena);
    else
        set(Region::Globals, s_.g.usable_arenas, ao.nextarena);
    set(Region::Arenas, arena(ao.nextarena).prevarena, ao.prevarena);
    set(Region::Arenas, ao.prevarena, lastnf);
    set(Region::Arenas, ao.nextarena, arena(lastnf).nextarena);
    if (ao.nextarena != kNoArena)
        set(Region::Arenas, arena(ao.nextarena).prevarena, a);
    set(Region::Arenas, arena(lastnf).nextarena, a);
}

} // namespace arenascope
