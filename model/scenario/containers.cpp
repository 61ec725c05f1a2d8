// Tuples, lists, dicts and sets: their allocations as CPython makes them
// (Objects/tupleobject.c, listobject.c, dictobject.c, setobject.c, 3.8-3.15).
#include "model/scenario/heap.h"

namespace arenascope::scenario {

// ---- tuple

ObjId Heap::newTuple(std::vector<ObjId> items) {
    if (items.empty()) {
        if (!emptyTuple_)
            emptyTuple_ = makeStatic(Type::Tuple);  // the () singleton
        incref(emptyTuple_);
        return emptyTuple_;
    }
    const size_t n = items.size();
    // tuple_alloc: the free list of this length, else PyObject_GC_NewVar.
    ObjId id = n < layout_.tupleSaveSize ? popFree(tupleFree_[n - 1], Type::Tuple) : kNull;
    if (!id) {
        id = gcNew(Type::Tuple, layout_.tupleBasic + 8 * n);
    }
    obj(id).items = std::move(items);
    track(id);
    return id;
}

ObjId Heap::newTupleFromArray(std::vector<ObjId> items) {
    // 3.14.1+ Objects/tupleobject.c: PyTuple_Pack, _PyTuple_FromArray and
    // _PyTuple_FromStackRefStealOnSuccess track the tuple only when some
    // item's type is a GC type (maybe_tracked); before, as PyTuple_New.
    bool maybeTracked = !layout_.tupleMaybeTracked;
    for (ObjId i : items)
        maybeTracked = maybeTracked || obj(i).gcType;
    const ObjId id = newTuple(std::move(items));
    if (!maybeTracked)
        untrack(id);
    return id;
}

// ---- list

ObjId Heap::newList(std::vector<ObjId> items) {
    // PyList_New(n): a recycled list object or a new one, then ob_item.
    ObjId id = popFree(listFree_, Type::List);
    if (!id) {
        id = gcNew(Type::List, layout_.listBasic);
    }
    const size_t n = items.size();
    if (n) {
        Object& o = obj(id);
        o.itemsBytes = 8 * n;
        o.itemsAddress = memory_.calloc(Domain::Mem, n, 8);
    }
    obj(id).allocated = n;
    obj(id).items = std::move(items);
    track(id);
    return id;
}

ObjId Heap::newListGeneric() {
    // list() goes through PyType_GenericAlloc, never the free list.
    const ObjId id = gcNew(Type::List, layout_.listBasic);
    track(id);
    return id;
}

void Heap::listResize(Object& o, ObjId id, uint64_t newsize) {
    (void)id;
    // list_resize: nothing to do while the new size fits and is at least
    // half the allocation; otherwise PyMem_Realloc to the overallocation.
    if (o.allocated >= newsize && newsize >= (o.allocated >> 1))
        return;
    const uint64_t a = listOverallocate(layout_, newsize, o.items.size());
    o.itemsAddress = memory_.realloc(Domain::Mem, o.itemsAddress, 8 * a);
    o.itemsBytes = 8 * a;
    o.allocated = a;
}

void Heap::listPreallocateExact(ObjId id, uint64_t n) {
    // list_preallocate_exact: 3.10+ rounds up to an even count, since
    // pymalloc's 16-byte granularity makes the odd slot free.
    if (layout_.preallocRoundsEven)
        n = (n + 1) & ~uint64_t(1);
    Object& o = obj(id);
    o.itemsAddress = memory_.malloc(Domain::Mem, 8 * n);
    o.itemsBytes = 8 * n;
    o.allocated = n;
}

void Heap::listAppend(ObjId list, ObjId item) {
    Object& o = obj(list);
    listResize(o, list, o.items.size() + 1);
    incref(item);
    obj(list).items.push_back(item);
}

void Heap::listAppendPreallocated(ObjId list, ObjId item) {
    Object& o = obj(list);
    if (o.items.size() < o.allocated) {
        incref(item);
        o.items.push_back(item);
    } else {
        listAppend(list, item);
    }
}

void Heap::listExtend(ObjId list, const std::vector<ObjId>& items, bool listInit) {
    if (items.empty())
        return;
    Object& o = obj(list);
    const bool empty = o.itemsAddress == 0;
    if (empty && (listInit || layout_.extendPreallocates))
        listPreallocateExact(list, items.size());
    else
        listResize(o, list, o.items.size() + items.size());
    for (ObjId i : items) {
        incref(i);
        obj(list).items.push_back(i);
    }
}

ObjId Heap::listRepeat(ObjId list, Int n) {
    std::vector<ObjId> items;
    const std::vector<ObjId> src = obj(list).items;
    for (Int k = 0; k < n; ++k)
        for (ObjId i : src) {
            incref(i);
            items.push_back(i);
        }
    return newList(std::move(items));
}

ObjId Heap::listConcat(ObjId a, ObjId b) {
    std::vector<ObjId> items = obj(a).items;
    items.insert(items.end(), obj(b).items.begin(), obj(b).items.end());
    for (ObjId i : items)
        incref(i);
    return newList(std::move(items));
}

void Heap::listSetItem(ObjId list, size_t i, ObjId item) {
    incref(item);
    const ObjId old = obj(list).items[i];
    obj(list).items[i] = item;
    decref(old);
}

void Heap::listDelItem(ObjId list, size_t i) {
    // list_ass_slice(a, i, i+1, NULL): emptying clears; otherwise shift
    // down, list_resize, and release the item last.
    Object& o = obj(list);
    if (o.items.size() == 1)
        return listClear(list);
    const ObjId old = o.items[i];
    o.items.erase(o.items.begin() + long(i));
    const uint64_t n = o.items.size();
    o.items.resize(n + 1);  // list_resize sees the old size
    o.items.pop_back();
    listResize(o, list, n);
    decref(old);
}

void Heap::listClear(ObjId list) {
    // _list_clear: the items from the last, then ob_item.
    Object& o = obj(list);
    std::vector<ObjId> items = std::move(o.items);
    const uint64_t a = o.itemsAddress;
    o.items.clear();
    o.itemsAddress = o.itemsBytes = 0;
    o.allocated = 0;
    for (auto it = items.rbegin(); it != items.rend(); ++it)
        decref(*it);
    memory_.free(Domain::Mem, a);
}

// ---- dict

namespace {
int64_t usableFraction(unsigned log2) { return int64_t((uint64_t(1) << log2) * 2 / 3); }  // USABLE_FRACTION
unsigned log2KeySize(uint64_t minsize) {
    unsigned l = 3;  // PyDict_LOG_MINSIZE
    while ((uint64_t(1) << l) < minsize)
        ++l;
    return l;
}
} // namespace

uint64_t Heap::keysBytes(unsigned log2, bool unicode) const {
    const uint64_t size = uint64_t(1) << log2;
    const uint64_t index = log2 < 8 ? 1 : log2 < 16 ? 2 : log2 < 32 ? 4 : 8;
    const uint64_t entry = layout_.unicodeKeys && unicode ? 16 : 24;  // PyDictUnicodeEntry / PyDictKeyEntry
    return layout_.keysHeader + index * size + entry * uint64_t(usableFraction(log2));
}

uint64_t Heap::newKeys(unsigned log2, bool unicode) {
    // new_keys_object: minimum-size (str-only from 3.11) keys come from
    // the keys free list.
    if (log2 == 3 && (unicode || !layout_.unicodeKeys) && !keysFree_.empty()) {
        const uint64_t a = keysFree_.back();
        keysFree_.pop_back();
        return a;
    }
    return memory_.malloc(Domain::Obj, keysBytes(log2, unicode));
}

void Heap::freeKeys(uint64_t address, unsigned log2, bool unicode) {
    if (log2 == 3 && (unicode || !layout_.unicodeKeys) && keysFree_.size() < layout_.dictFreeList)
        keysFree_.push_back(address);
    else
        memory_.free(Domain::Obj, address);
}

ObjId Heap::newDict(bool typeCall) {
    ObjId id = typeCall ? kNull : popFree(dictFree_, Type::Dict);
    if (!id) {
        id = gcNew(Type::Dict, layout_.dictBasic);
    }
    // Up to 3.13 new dicts are untracked until they hold something that
    // may be (MAINTAIN_TRACKING); dict() untracks what tp_alloc tracked.
    // 3.14's new_dict and dict_new track every dict (gh-127010).
    if (!layout_.maintainDictTracking)
        track(id);
    if (typeCall && layout_.dictNewMakesKeys) {
        Object& o = obj(id);
        o.itemsAddress = newKeys(3, true);
        o.dkLog2 = 3;
        o.dkUnicode = true;
        o.dkUsable = usableFraction(3);
        o.itemsBytes = keysBytes(3, true);
    }
    return id;
}

ObjId Heap::newDictPresized(size_t n, bool unicode) {
    // dict_new_presized: up to USABLE_FRACTION(8) items start from the
    // empty keys; otherwise the keys are made first, then the dict.
    if (n <= 5)
        return newDict(false);
    const unsigned log2 = log2KeySize((n * 3 + 1) / 2);  // estimate_log2_keysize
    const uint64_t keys = newKeys(log2, unicode);
    const ObjId id = newDict(false);
    Object& o = obj(id);
    o.dkLog2 = log2;
    o.dkUnicode = unicode || !layout_.unicodeKeys;
    o.dkUsable = usableFraction(log2);
    o.itemsAddress = keys;
    o.itemsBytes = keysBytes(log2, o.dkUnicode);
    return id;
}

void Heap::dictResize(ObjId id, unsigned log2, bool unicode) {
    Object& o = obj(id);
    const uint64_t keys = newKeys(log2, unicode);
    const uint64_t oldKeys = o.itemsAddress;
    const unsigned oldLog2 = o.dkLog2;
    const bool oldUnicode = o.dkUnicode;
    std::vector<ObjId> k, v;
    for (size_t i = 0; i < o.keys.size(); ++i)
        if (o.keys[i]) {
            k.push_back(o.keys[i]);
            v.push_back(o.items[i]);
        }
    o.keys = std::move(k);
    o.items = std::move(v);
    o.dkLog2 = log2;
    o.dkUnicode = unicode;
    o.dkUsable = usableFraction(log2) - int64_t(o.keys.size());
    o.itemsAddress = keys;
    o.itemsBytes = keysBytes(log2, unicode);
    if (oldLog2)
        freeKeys(oldKeys, oldLog2, oldUnicode);
}

std::optional<size_t> Heap::dictFind(ObjId dict, ObjId key) const {
    obj(key).hashed = true;  // the lookup computed (and cached) the key's hash
    const Object& o = obj(dict);
    for (size_t i = 0; i < o.keys.size(); ++i)
        if (o.keys[i] && equal(o.keys[i], key))
            return i;
    return std::nullopt;
}

void Heap::dictSetItem(ObjId dict, ObjId key, ObjId value) {
    const bool strKey = obj(key).type == Type::Str;
    // MAINTAIN_TRACKING: a dict is tracked once it may hold a cycle.
    auto maintainTracking = [&] {
        if (layout_.maintainDictTracking && !obj(dict).tracked &&
            (mayBeTracked(key) || mayBeTracked(value)))
            track(dict);
    };
    if (obj(dict).dkLog2 == 0) {
        // insert_to_emptydict
        const bool unicode = strKey || !layout_.unicodeKeys;
        const uint64_t keys = newKeys(3, unicode);
        maintainTracking();
        Object& o = obj(dict);
        o.dkLog2 = 3;
        o.dkUnicode = unicode;
        o.dkUsable = usableFraction(3);
        o.itemsAddress = keys;
        o.itemsBytes = keysBytes(3, unicode);
    } else if (layout_.unicodeKeys && obj(dict).dkUnicode && !strKey) {
        // A non-str key turns a str-only table into a general one (3.11+).
        dictResize(dict, log2KeySize(obj(dict).used * 3), false);
    }
    incref(key);
    incref(value);
    if (auto i = dictFind(dict, key)) {
        maintainTracking();
        const ObjId old = obj(dict).items[*i];
        obj(dict).items[*i] = value;
        decref(key);
        decref(old);
        return;
    }
    maintainTracking();
    if (obj(dict).dkUsable <= 0)
        dictResize(dict, log2KeySize(obj(dict).used * 3), obj(dict).dkUnicode);  // GROWTH_RATE
    Object& o = obj(dict);
    o.keys.push_back(key);
    o.items.push_back(value);
    --o.dkUsable;
    ++o.used;
}

ObjId Heap::dictCopy(ObjId dict) {
    // PyDict_Copy: a dense enough table is cloned as it is, deleted entries
    // included (clone_combined_dict_keys); a sparse one is merged into a
    // fresh dict, which leaves it compact. Either way one dict object.
    const Object& src = obj(dict);
    if (src.used == 0)
        return newDict(false);
    const bool clone = src.used >= (src.keys.size() * 2) / 3;
    std::vector<ObjId> keys, values;
    for (size_t i = 0; i < src.keys.size(); ++i) {
        if (!src.keys[i] && !clone)
            continue;
        keys.push_back(src.keys[i]);
        values.push_back(src.items[i]);
    }
    const unsigned log2 = src.dkLog2, used = unsigned(src.used);
    const bool unicode = src.dkUnicode, tracked = src.tracked;
    const ObjId copy = newDict(false);
    for (size_t i = 0; i < keys.size(); ++i)
        if (keys[i]) {
            incref(keys[i]);
            incref(values[i]);
        }
    Object& o = obj(copy);
    if (log2) {
        o.dkLog2 = clone ? log2 : log2KeySize((used * 3 + 1) / 2);
        o.dkUnicode = unicode;
        o.itemsBytes = keysBytes(o.dkLog2, unicode);
        o.itemsAddress = memory_.malloc(Domain::Obj, o.itemsBytes);
        o.dkUsable = usableFraction(o.dkLog2) - int64_t(keys.size());
    }
    o.keys = std::move(keys);
    o.items = std::move(values);
    o.used = used;
    if (tracked && !obj(copy).tracked)
        track(copy);
    return copy;
}

bool Heap::dictDelItem(ObjId dict, ObjId key) {
    auto i = dictFind(dict, key);
    if (!i)
        return false;
    Object& o = obj(dict);
    const ObjId k = o.keys[*i], v = o.items[*i];
    o.keys[*i] = o.items[*i] = kNull;  // the entry stays, as DKIX_DUMMY
    --o.used;
    decref(k);
    decref(v);
    return true;
}

// ---- instance slots

void Heap::setSlot(ObjId inst, size_t slot, ObjId value) {
    incref(value);
    const ObjId old = obj(inst).items[slot];
    obj(inst).items[slot] = value;
    decref(old);
}

} // namespace arenascope::scenario
