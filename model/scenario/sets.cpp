// Sets with their hash table as Objects/setobject.c lays it out (3.8-3.13):
// hashes, linear probing then perturbation, resizes that reinsert in table
// order, and set_merge's copy. The table decides the iteration order, which
// repr, tp_traverse and set_dealloc follow.
#include "model/scenario/heap.h"

#include <algorithm>

namespace arenascope::scenario {
namespace {

constexpr size_t kLinearProbes = 9;   // LINEAR_PROBES
constexpr unsigned kPerturbShift = 5;  // PERTURB_SHIFT
constexpr uint64_t kHashModulus = (uint64_t(1) << 61) - 1;  // _PyHASH_MODULUS (64-bit)

// set_add_entry's and set_insert_clean's probe sequence for `hash` in
// `table` (a power-of-two size): the first slot that is free or holds a
// key `same` accepts.
template <typename Same>
size_t probe(const std::vector<ObjId>& table, uint64_t hash, Same same) {
    const size_t mask = table.size() - 1;
    size_t i = size_t(hash) & mask;
    uint64_t perturb = hash;
    while (true) {
        const size_t probes = i + kLinearProbes <= mask ? kLinearProbes : 0;
        for (size_t j = 0; j <= probes; ++j)
            if (!table[i + j] || same(table[i + j]))
                return i + j;
        perturb >>= kPerturbShift;
        i = size_t(i * 5 + 1 + perturb) & mask;
    }
}

size_t freeSlot(const std::vector<ObjId>& table, uint64_t hash) {
    return probe(table, hash, [](ObjId) { return false; });
}

} // namespace

std::optional<uint64_t> Heap::hashOf(ObjId id) const {
    const Object& o = obj(id);
    switch (o.type) {
    case Type::Bool:
    case Type::Int: {
        // long_hash: |v| modulo 2**61 - 1 with v's sign; -1 becomes -2.
        const unsigned __int128 a = o.ival < 0 ? -static_cast<unsigned __int128>(o.ival) : static_cast<unsigned __int128>(o.ival);
        int64_t h = int64_t(uint64_t(a % kHashModulus));
        if (o.ival < 0)
            h = -h;
        return uint64_t(h == -1 ? -2 : h);
    }
    case Type::None:
        if (layout_.noneHashConstant)
            return 0xFCA86420;  // none_hash: a constant from 3.12; before, the address of None
        return std::nullopt;
    case Type::Tuple: {
        // tuplehash (3.8+): xxHash's mixing over the items' hashes.
        constexpr uint64_t prime1 = 11400714785074694791ULL, prime2 = 14029467366897019727ULL,
                           prime5 = 2870177450012600261ULL;
        uint64_t acc = prime5;
        for (ObjId item : o.items) {
            const auto lane = hashOf(item);
            if (!lane)
                return std::nullopt;
            acc += *lane * prime2;
            acc = (acc << 31) | (acc >> 33);
            acc *= prime1;
        }
        acc += o.items.size() ^ (prime5 ^ 3527539ULL);
        return acc == ~uint64_t(0) ? 1546275796 : acc;
    }
    default:
        return std::nullopt;  // str and bytes hashes are randomized per process; the rest are addresses
    }
}

ObjId Heap::newSet() {
    // make_new_set via tp_alloc; the table starts as the 8-entry smalltable.
    const ObjId id = gcNew(Type::Set, layout_.setBasic);
    obj(id).allocated = 8;
    obj(id).keys.assign(8, kNull);
    track(id);
    return id;
}

ObjId Heap::newSetIter(ObjId set) {
    // set_iter: PyObject_GC_New(setiterobject), tracked, holding the set.
    const ObjId id = gcNew(Type::SetIter, 48);
    obj(id).items = {set};
    incref(set);
    track(id);
    return id;
}

uint64_t Heap::tableHash(ObjId key) const {
    // Keys whose hash the process decides (str, bytes, ...) get a stand-in.
    const auto h = hashOf(key);
    return h ? *h : uint64_t(key) * 0x9E3779B97F4A7C15ULL;
}

size_t Heap::setPlace(ObjId set, ObjId key) {
    Object& o = obj(set);
    if (!hashOf(key))
        o.hashOrderUnknown = true;  // so is the set's order
    const size_t slot = freeSlot(o.keys, tableHash(key));
    o.keys[slot] = key;
    return slot;
}

void Heap::setSyncItems(ObjId set) {
    Object& o = obj(set);
    o.items.clear();
    for (ObjId k : o.keys)
        if (k)
            o.items.push_back(k);
}

void Heap::setTableResize(ObjId id, uint64_t minused) {
    uint64_t newsize = 8;  // PySet_MINSIZE
    while (newsize <= minused)
        newsize <<= 1;
    Object& o = obj(id);
    const uint64_t old = o.itemsAddress;
    if (newsize == 8) {
        o.itemsAddress = o.itemsBytes = 0;
    } else {
        o.itemsAddress = memory_.malloc(Domain::Mem, 16 * newsize);  // PyMem_NEW(setentry, newsize)
        o.itemsBytes = 16 * newsize;
    }
    o.allocated = newsize;
    if (old)
        memory_.free(Domain::Mem, old);
    // set_table_resize: the old entries go into the new table in table order.
    const std::vector<ObjId> oldTable = std::move(obj(id).keys);
    obj(id).keys.assign(newsize, kNull);
    for (ObjId k : oldTable)
        if (k)
            setPlace(id, k);
    setSyncItems(id);
}

void Heap::setAdd(ObjId set, ObjId key) {
    obj(key).hashed = true;
    // set_add_entry's lookup walks the key's probe sequence; a stand-in
    // hash finds nothing there, so those keys are compared with all.
    if (const auto h = hashOf(key)) {
        const std::vector<ObjId>& table = obj(set).keys;
        const size_t slot = probe(table, *h, [&](ObjId k) { return equal(k, key); });
        if (table[slot])
            return;
    } else {
        for (ObjId k : obj(set).items)
            if (equal(k, key))
                return;
    }
    incref(key);
    const size_t slot = setPlace(set, key);
    Object& o = obj(set);
    ++o.used;
    // items keep table order: the key goes after the keys in earlier slots.
    const auto before = std::count_if(o.keys.begin(), o.keys.begin() + long(slot), [](ObjId k) { return k != kNull; });
    o.items.insert(o.items.begin() + before, key);
    // set_add_entry: grow when fill*5 >= mask*3.
    if (o.used * 5 < (o.allocated - 1) * 3)
        return;
    setTableResize(set, o.used > 50000 ? o.used * 2 : o.used * 4);
}

std::vector<ObjId> Heap::frozenTable(const std::vector<ObjId>& keys) const {
    // make_new_set -> set_update_internal: set_add_key in order, growing
    // to used*4 when fill*5 >= mask*3.
    std::vector<ObjId> table(8, kNull);
    size_t fill = 0;
    for (ObjId k : keys) {
        table[freeSlot(table, tableHash(k))] = k;
        if (++fill * 5 < (table.size() - 1) * 3)
            continue;
        uint64_t size = 8;
        while (size <= fill * 4)
            size <<= 1;
        std::vector<ObjId> grown(size, kNull);
        for (ObjId g : table)
            if (g)
                grown[freeSlot(grown, tableHash(g))] = g;
        table = std::move(grown);
    }
    return table;
}

void Heap::setMerge(ObjId set, const std::vector<ObjId>& keys) {
    // SET_UPDATE of a constant frozenset into a new set (3.9+). The compiler
    // builds the frozenset from the display's constants, then (3.9-3.13)
    // merge_consts_recursive rebuilds it from the first one's table order
    // (Python/compile.c). set_merge resizes once, then copies the table slot
    // for slot when the sizes agree, or inserts in the frozenset's order.
    std::vector<ObjId> frozen = frozenTable(keys);
    if (layout_.constSetRebuilt) {
        std::vector<ObjId> first;
        for (ObjId k : frozen)
            if (k)
                first.push_back(k);
        frozen = frozenTable(first);
    }
    for (ObjId k : keys)
        obj(k).hashed = true;
    Object& o = obj(set);
    if ((o.used + keys.size()) * 5 >= (o.allocated - 1) * 3)
        setTableResize(set, (o.used + keys.size()) * 2);
    const bool copy = obj(set).keys.size() == frozen.size();
    for (size_t i = 0; i < frozen.size(); ++i) {
        const ObjId k = frozen[i];
        if (!k)
            continue;
        incref(k);
        if (copy)
            obj(set).keys[i] = k;
        else
            setPlace(set, k);
        ++obj(set).used;
    }
    for (ObjId k : keys)
        if (!hashOf(k))
            obj(set).hashOrderUnknown = true;
    setSyncItems(set);
}

} // namespace arenascope::scenario
