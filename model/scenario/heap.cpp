// Object lifetime: creation, reference counting, deallocation (each type's
// tp_dealloc, 3.8-3.15), free lists, and the collector's list plumbing.
#include "model/scenario/heap.h"

#include <algorithm>

namespace arenascope::scenario {

const char* typeName(Type t) {
    switch (t) {
    case Type::Sentinel: return "sentinel";
    case Type::None: return "NoneType";
    case Type::Bool: return "bool";
    case Type::Int: return "int";
    case Type::Str: return "str";
    case Type::Bytes: return "bytes";
    case Type::Tuple: return "tuple";
    case Type::List: return "list";
    case Type::Dict: return "dict";
    case Type::Set: return "set";
    case Type::Function: return "function";
    case Type::Class: return "type";
    case Type::Instance: return "instance";
    case Type::Range: return "range";
    case Type::RangeIter: return "range_iterator";
    case Type::MemberDescr: return "member_descriptor";
    case Type::Weakref: return "weakref";
    case Type::Super: return "super";
    case Type::BuiltinMethod: return "builtin_function_or_method";
    case Type::Frame: return "frame";
    case Type::SetIter: return "set_iterator";
    }
    return "?";
}

Heap::Heap(const Layout& layout, SimulatedMemory& memory) : layout_(layout), memory_(memory) {
    objects_.emplace_back();  // id 0: NULL
    dirtyFlag_.push_back(1);  // never reported
    for (int g = 0; g < kNumGenerations; ++g) {
        gc_.generations[g].head = make(Type::Sentinel);
        gcListInit(gc_.generations[g].head);
    }
    gc_.unreachableHead = make(Type::Sentinel);
    gcListInit(gc_.unreachableHead);
    gc_.generations[0].threshold = layout.threshold0;
    gc_.generations[1].threshold = layout.threshold1;
    gc_.generations[2].threshold = layout.threshold2;
    tupleFree_.resize(layout.tupleSaveSize);
    gc_.longLivedTotal = layout.startupLongLived;  // as after the interpreter's own start-up
}

std::vector<ObjId> Heap::takeDirty() {
    std::vector<ObjId> d;
    d.swap(dirty_);
    for (ObjId id : d)
        dirtyFlag_[id] = 0;
    return d;
}

ObjId Heap::make(Type t) {
    const ObjId id = ObjId(objects_.size());
    objects_.emplace_back();
    dirtyFlag_.push_back(0);
    obj(id);
    Object& o = objects_.back();
    o.type = t;
    o.alive = t != Type::Sentinel;
    o.refcnt = 1;
    o.gcType = t == Type::Tuple || t == Type::List || t == Type::Dict || t == Type::Set ||
               t == Type::Function || t == Type::Class || t == Type::Instance ||
               t == Type::MemberDescr || t == Type::Weakref || t == Type::Super ||
               t == Type::BuiltinMethod || t == Type::Frame || t == Type::SetIter;
    return id;
}

ObjId Heap::makeStatic(Type t) {
    const ObjId id = make(t);
    obj(id).isStatic = true;
    obj(id).refcnt = 1;  // immortal in effect
    obj(id).externalRefs = 1;
    return id;
}

ObjId Heap::none() {
    if (!none_)
        none_ = makeStatic(Type::None);
    return none_;
}

ObjId Heap::boolean(bool v) {
    ObjId& b = v ? true_ : false_;
    if (!b) {
        b = makeStatic(Type::Bool);
        obj(b).ival = v;
    }
    return b;
}

ObjId Heap::gcNew(Type t, uint64_t basicsize) {
    // gc_alloc / _PyObject_GC_Link (3.11; _PyObject_GC_Alloc before): the
    // block first, then generations[0].count++, then maybe a collection,
    // before the new object is initialised or tracked.
    const uint64_t p = memory_.malloc(Domain::Obj, layout_.gcHead + basicsize);
    Generation& g0 = gc_.generations[0];
    ++g0.count;
    if (g0.count > g0.threshold && gc_.enabled && g0.threshold && !gc_.collecting) {
        if (layout_.collectAtEvalBreaker)
            gc_.pending = true;  // _Py_ScheduleGC (3.12+)
        else if (autoCollect_)
            autoCollect_();
    }
    const ObjId id = make(t);
    obj(id).address = p;
    obj(id).requested = layout_.gcHead + basicsize;
    return id;
}

void Heap::gcDel(ObjId id) {
    // PyObject_GC_Del: the count goes down whether or not it was tracked.
    if (gc_.generations[0].count > 0)
        --gc_.generations[0].count;
    memory_.free(Domain::Obj, obj(id).address);
}

ObjId Heap::popFree(std::vector<ObjId>& list, Type t) {
    if (list.empty())
        return kNull;
    const ObjId old = list.back();
    list.pop_back();
    const ObjId id = make(t);
    obj(id).address = obj(old).address;
    obj(id).requested = obj(old).requested;
    obj(old).onFreeList = false;
    return id;
}

uint64_t Heap::blockFromFreeList(std::vector<uint64_t>& list, uint64_t size) {
    if (list.empty())
        return memory_.malloc(Domain::Obj, size);
    const uint64_t a = list.back();
    list.pop_back();
    return a;
}

void Heap::blockToFreeList(std::vector<uint64_t>& list, unsigned capacity, uint64_t address) {
    if (list.size() < capacity)
        list.push_back(address);
    else
        memory_.free(Domain::Obj, address);
}

namespace {
// 3.14 Objects/longobject.c: _PyLong_New(1) and _PyLong_FromMedium take a
// one-digit int from the free list; _PyLong_ExactDealloc keeps a compact one.
bool compactInt(const Layout& l, uint64_t requested) { return requested <= l.longHeader + 4; }
} // namespace

ObjId Heap::newInt(Int v) {
    // Small ints -5..256 are preallocated singletons (_PY_NSMALLNEGINTS/POSINTS).
    if (v >= -5 && v <= 256) {
        auto it = smallInts_.find(v);
        if (it != smallInts_.end())
            return it->second;
        const ObjId id = makeStatic(Type::Int);
        obj(id).ival = v;
        smallInts_[v] = id;
        return id;
    }
    const unsigned bits = [&] { unsigned n = 0; for (unsigned __int128 u = v < 0 ? -v : v; u; u >>= 1) ++n; return n; }();
    const uint64_t ndigits = (bits + 29) / 30;  // 30-bit digits (PYLONG_BITS_IN_DIGIT)
    const ObjId id = make(Type::Int);
    Object& o = obj(id);
    o.ival = v;
    o.requested = layout_.longHeader + 4 * ndigits;
    o.address = compactInt(layout_, o.requested) ? blockFromFreeList(intFree_, o.requested)
                                                 : memory_.malloc(Domain::Obj, o.requested);
    return id;
}

ObjId Heap::newDecimalScratch(Int v) {
    unsigned bits = 0;
    for (unsigned __int128 u = v < 0 ? -static_cast<unsigned __int128>(v) : static_cast<unsigned __int128>(v); u; u >>= 1)
        ++bits;
    const uint64_t sizeA = (bits + 29) / 30;     // |v|'s 30-bit digits (0 for zero)
    const uint64_t size = 1 + sizeA + sizeA / 99;  // d = 33 * 9 / (10 * 30 - 33 * 9)
    const ObjId id = make(Type::Int);
    Object& o = obj(id);
    o.role = "long_to_decimal_string scratch";
    o.requested = layout_.longHeader + 4 * size;
    o.address = compactInt(layout_, o.requested) ? blockFromFreeList(intFree_, o.requested)
                                                 : memory_.malloc(Domain::Obj, o.requested);
    return id;
}

ObjId Heap::newStr(const std::string& s, bool built) {
    // The empty string and the Latin-1 characters are singletons.
    if (s.empty() || (s.size() == 1 && !built)) {
        auto it = staticStrs_.find(s);
        if (it != staticStrs_.end())
            return it->second;
        const ObjId id = makeStatic(Type::Str);
        obj(id).sval = s;
        staticStrs_[s] = id;
        return id;
    }
    const ObjId id = make(Type::Str);
    Object& o = obj(id);
    o.sval = s;
    o.requested = layout_.asciiHeader + s.size() + 1;  // PyUnicode_New: compact ASCII
    o.address = memory_.malloc(Domain::Obj, o.requested);
    return id;
}

bool Heap::strModifiable(ObjId s) const {
    const Object& o = obj(s);
    return o.type == Type::Str && o.refcnt == 1 && !o.isStatic && !o.hashed && o.externalRefs == 0;
}

ObjId Heap::newAsciiBuffer(uint64_t length) {
    const ObjId id = make(Type::Str);
    Object& o = obj(id);
    o.requested = layout_.asciiHeader + length + 1;
    o.address = memory_.malloc(Domain::Obj, o.requested);
    return id;
}

void Heap::resizeAsciiBuffer(ObjId s, uint64_t length) {
    Object& o = obj(s);
    o.requested = layout_.asciiHeader + length + 1;
    o.address = memory_.realloc(Domain::Obj, o.address, o.requested);
}

void Heap::strAppendInPlace(ObjId s, const std::string& suffix) {
    Object& o = obj(s);
    o.sval += suffix;
    o.requested = layout_.asciiHeader + o.sval.size() + 1;
    o.address = memory_.realloc(Domain::Obj, o.address, o.requested);
}

ObjId Heap::newStaticStr(const std::string& s) {
    const ObjId id = makeStatic(Type::Str);
    obj(id).sval = s;
    return id;
}

ObjId Heap::newBytes(const std::string& s, bool built) {
    if (s.empty() || (s.size() == 1 && !built)) {
        auto it = staticBytes_.find(s);
        if (it != staticBytes_.end())
            return it->second;
        const ObjId id = makeStatic(Type::Bytes);
        obj(id).sval = s;
        staticBytes_[s] = id;
        return id;
    }
    const ObjId id = make(Type::Bytes);
    Object& o = obj(id);
    o.sval = s;
    o.requested = layout_.bytesHeader + s.size();  // PyBytesObject_SIZE + size
    // bytes(n) is _PyBytes_FromSize(n, use_calloc=1): PyObject_Calloc.
    o.address = built ? memory_.calloc(Domain::Obj, 1, o.requested) : memory_.malloc(Domain::Obj, o.requested);
    return id;
}

ObjId Heap::newRange(ObjId start, ObjId stop) {
    // make_range_object: start, stop, step and the computed length (a new
    // int when it is not small), then PyObject_New(rangeobject).
    const Int lo = obj(start).ival, hi = obj(stop).ival;
    const Int len = hi > lo ? hi - lo : 0;
    ObjId length = kNull;
    if (layout_.rangeLengthFromObjects && hi > lo) {
        // compute_range_length up to 3.11 works on int objects: hi - lo,
        // minus one, // step, plus one; the temporaries go, the length stays.
        const ObjId tmp1 = newInt(hi - lo), diff = newInt(hi - lo - 1), tmp2 = newInt(hi - lo - 1);
        length = newInt(len);
        decref(tmp2);
        decref(diff);
        decref(tmp1);
    } else {
        length = newInt(len);  // 3.12+: computed in C longs, one int
    }
    const ObjId step = newInt(1);  // before taking a reference into objects_: it may grow
    const ObjId id = make(Type::Range);
    incref(start);
    incref(stop);
    Object& o = obj(id);
    o.items = {start, stop, step, length};
    o.requested = 48;
    o.address = blockFromFreeList(rangeFree_, 48);  // 3.14: _Py_FREELIST_POP(rangeobject, ranges)
    return id;
}

ObjId Heap::newRangeIter(ObjId range) {
    // range_iter -> fast_range_iter: _PyRangeIterObject (start, step, len
    // from 3.12; index, start, step, len before; measured with recordings).
    const ObjId id = make(Type::RangeIter);
    Object& o = obj(id);
    o.ival = objects_[obj(range).items[0]].ival;
    o.requested = layout_.rangeIterBasic;  // 3.12 dropped the index field
    o.address = blockFromFreeList(rangeIterFree_, o.requested);  // 3.14: range_iters
    return id;
}

ObjId Heap::newFunction(std::shared_ptr<const FunctionDef> def) {
    const ObjId id = newFunctionObject(def->name);
    obj(id).function = std::move(def);
    return id;
}

ObjId Heap::newInstance(ObjId cls) {
    // object_new -> PyType_GenericAlloc: basicsize = 16 + 8 per slot; the
    // instance holds a reference to its heap type.
    const size_t nslots = obj(cls).classDef->slotNames.size();
    const uint64_t basic = 16 + 8 * nslots;
    const ObjId id = gcNew(Type::Instance, basic);
    Object& o = obj(id);
    o.cls = cls;
    o.items.assign(nslots, kNull);
    incref(cls);
    track(id);
    return id;
}

void Heap::decref(ObjId id) {
    if (id == kNull)
        return;
    Object& o = obj(id);
    if (--o.refcnt == 0 && !o.isStatic)
        dealloc(id);
}

void Heap::dealloc(ObjId id) {
    Object& o = obj(id);
    o.alive = false;
    if (o.tracked)
        untrack(id);
    const Type t = o.type;
    auto releaseAll = [&](std::vector<ObjId> refs, bool reverse) {
        if (reverse)
            std::reverse(refs.begin(), refs.end());
        for (ObjId r : refs)
            decref(r);
    };
    switch (t) {
    case Type::Int:
        if (compactInt(layout_, o.requested))
            blockToFreeList(intFree_, layout_.intFreeList, o.address);
        else
            memory_.free(Domain::Obj, o.address);
        return;
    case Type::Str:
    case Type::Bytes:
        memory_.free(Domain::Obj, o.address);
        return;
    case Type::RangeIter:
        blockToFreeList(rangeIterFree_, layout_.rangeIterFreeList, o.address);  // rangeiter_dealloc
        return;
    case Type::Range: {
        std::vector<ObjId> refs = std::move(obj(id).items);
        blockToFreeList(rangeFree_, layout_.rangeFreeList, obj(id).address);
        releaseAll(std::move(refs), false);
        return;
    }
    case Type::Tuple: {
        // tupledealloc: items from the last, then the free list of its length.
        std::vector<ObjId> refs = std::move(o.items);
        const size_t n = refs.size();
        releaseAll(std::move(refs), true);
        if (n < layout_.tupleSaveSize && tupleFree_[n - 1].size() < layout_.tupleFreeList) {
            obj(id).onFreeList = true;
            tupleFree_[n - 1].push_back(id);
        } else {
            gcDel(id);
        }
        return;
    }
    case Type::List: {
        // list_dealloc: items from the last, ob_item, then the free list.
        std::vector<ObjId> refs = std::move(o.items);
        releaseAll(std::move(refs), true);
        Object& l = obj(id);
        memory_.free(Domain::Mem, l.itemsAddress);
        l.itemsAddress = l.itemsBytes = 0;
        if (listFree_.size() < layout_.listFreeList) {
            l.onFreeList = true;
            listFree_.push_back(id);
        } else {
            gcDel(id);
        }
        return;
    }
    case Type::Dict: {
        // dict_dealloc -> dictkeys_decref -> free_keys_object: entries in
        // order, key then value; the keys object; then the dict free list.
        std::vector<ObjId> keys = std::move(o.keys), values = std::move(o.items);
        const uint64_t ka = o.itemsAddress;
        const unsigned log2 = o.dkLog2;
        const bool uni = o.dkUnicode;
        for (size_t i = 0; i < keys.size(); ++i) {
            decref(keys[i]);
            decref(values[i]);
        }
        if (log2)
            freeKeys(ka, log2, uni);
        Object& d = obj(id);
        d.itemsAddress = d.itemsBytes = 0;
        if (dictFree_.size() < layout_.dictFreeList) {
            d.onFreeList = true;
            dictFree_.push_back(id);
        } else {
            gcDel(id);
        }
        return;
    }
    case Type::Set: {
        std::vector<ObjId> refs = std::move(o.items);
        const uint64_t table = o.itemsAddress;
        releaseAll(std::move(refs), false);
        if (table)
            memory_.free(Domain::Mem, table);
        gcDel(id);
        return;
    }
    case Type::Instance: {
        // subtype_dealloc: clear_slots in order, tp_free, then the type.
        std::vector<ObjId> refs = std::move(o.items);
        const ObjId cls = o.cls;
        releaseAll(std::move(refs), false);
        gcDel(id);
        decref(cls);
        return;
    }
    case Type::Class:
        classDealloc(id);
        return;
    case Type::MemberDescr:
    case Type::Super:
    case Type::SetIter:
        // descr_dealloc, super_dealloc, setiter_dealloc: the references, then PyObject_GC_Del.
        releaseAll(std::move(obj(id).items), false);
        gcDel(id);
        return;
    case Type::BuiltinMethod: {
        // meth_dealloc: m_self, then the free list (3.8) or PyObject_GC_Del.
        releaseAll(std::move(obj(id).items), false);
        if (cfunctionFree_.size() < layout_.cfunctionFreeList) {
            obj(id).onFreeList = true;
            cfunctionFree_.push_back(id);
        } else {
            gcDel(id);
        }
        return;
    }
    case Type::Function:
    case Type::Weakref:
        gcDel(id);
        return;
    default:
        return;
    }
}

void Heap::clearFreeLists() {
    // clear_freelists (3.8: frames, C functions, tuples, ...;
    // 3.9-3.10: frames, tuples, lists, dicts; 3.11+: tuples, lists, dicts;
    // 3.14's _PyObject_ClearFreeLists also ints, ranges, range iterators
    // and C functions).
    auto drop = [&](std::vector<ObjId>& list) {
        while (!list.empty()) {
            const ObjId id = list.back();
            list.pop_back();
            obj(id).onFreeList = false;
            gcDel(id);
        }
    };
    drop(frameFree_);
    drop(cfunctionFree_);
    for (auto& byLen : tupleFree_)
        drop(byLen);
    drop(listFree_);
    drop(dictFree_);
    for (std::vector<uint64_t>* blocks : {&keysFree_, &rangeFree_, &rangeIterFree_, &intFree_})
        while (!blocks->empty()) {
            memory_.free(Domain::Obj, blocks->back());
            blocks->pop_back();
        }
}

// ---- intrusive generation lists (gc_list_* in gcmodule.c)

void Heap::gcListInit(ObjId head) {
    obj(head).gcPrev = obj(head).gcNext = head;
}

void Heap::gcListAppend(ObjId head, ObjId id) {
    Object& o = obj(id);
    const ObjId last = obj(head).gcPrev;
    o.gcPrev = last;
    o.gcNext = head;
    obj(last).gcNext = id;
    obj(head).gcPrev = id;
    o.generation = generationOf(head);
}

void Heap::gcListRemove(ObjId id) {
    Object& o = obj(id);
    obj(o.gcPrev).gcNext = o.gcNext;
    obj(o.gcNext).gcPrev = o.gcPrev;
    o.gcPrev = o.gcNext = kNull;
    o.generation = -1;
}

void Heap::gcListMerge(ObjId from, ObjId to) {
    // gc_list_merge: `from` goes to the end of `to`.
    const int gen = generationOf(to);
    for (ObjId id = obj(from).gcNext; id != from; id = obj(id).gcNext)
        obj(id).generation = gen;
    if (obj(from).gcNext == from)
        return;
    const ObjId tail = obj(to).gcPrev;
    const ObjId first = obj(from).gcNext, last = obj(from).gcPrev;
    obj(tail).gcNext = first;
    obj(first).gcPrev = tail;
    obj(last).gcNext = to;
    obj(to).gcPrev = last;
    gcListInit(from);
}

size_t Heap::gcListSize(ObjId head) const {
    size_t n = 0;
    for (ObjId id = obj(head).gcNext; id != head; id = obj(id).gcNext)
        ++n;
    return n;
}

std::vector<ObjId> Heap::gcList(ObjId head) const {
    std::vector<ObjId> v;
    for (ObjId id = obj(head).gcNext; id != head; id = obj(id).gcNext)
        v.push_back(id);
    return v;
}

int Heap::generationOf(ObjId head) const {
    for (int g = 0; g < kNumGenerations; ++g)
        if (gc_.generations[g].head == head)
            return g;
    return head == gc_.unreachableHead ? kUnreachableList : -1;
}

void Heap::track(ObjId id) {
    // _PyObject_GC_TRACK: to the end of generation 0.
    obj(id).tracked = true;
    gcListAppend(gc_.generations[0].head, id);
}

void Heap::untrack(ObjId id) {
    Object& o = obj(id);
    if (!o.tracked)
        return;
    gcListRemove(id);
    o.tracked = false;
    o.collecting = o.unreachable = false;
}

bool Heap::mayBeTracked(ObjId id) const {
    const Object& o = obj(id);
    // objimpl.h: a GC object, unless it is a tuple already untracked.
    // Static types such as `object` are not GC objects (type_is_gc).
    return o.gcType && !(o.isStatic && o.type == Type::Class) && (o.type != Type::Tuple || o.tracked);
}

std::vector<ObjId> Heap::traverse(ObjId id) const {
    const Object& o = obj(id);
    std::vector<ObjId> v;
    switch (o.type) {
    case Type::Tuple:
    case Type::List:
    case Type::Set:
        for (ObjId r : o.items)
            if (r)
                v.push_back(r);
        break;
    case Type::Dict:
        // dict_traverse: values; the keys too for a general (non-str) table.
        for (size_t i = 0; i < o.keys.size(); ++i) {
            if (!o.keys[i])
                continue;
            v.push_back(o.items[i]);
            if (!o.dkUnicode || !layout_.unicodeKeys)
                v.push_back(o.keys[i]);
        }
        break;
    case Type::Instance:
        // subtype_traverse: the slots, then the heap type.
        for (ObjId r : o.items)
            if (r)
                v.push_back(r);
        v.push_back(o.cls);
        break;
    case Type::Class:
        // type_traverse: tp_dict, tp_mro, tp_bases (ht_slots is not visited).
        for (size_t i : {0, 2, 1})
            if (i < o.items.size() && o.items[i])
                v.push_back(o.items[i]);
        break;
    case Type::MemberDescr:
    case Type::Super:
    case Type::BuiltinMethod:
    case Type::SetIter:
        for (ObjId r : o.items)
            if (r)
                v.push_back(r);
        break;
    default:
        break;
    }
    return v;
}

void Heap::clear(ObjId id) {
    Object& o = obj(id);
    switch (o.type) {
    case Type::List:
        listClear(id);
        break;
    case Type::Dict: {
        // dict_tp_clear -> PyDict_Clear: the dict takes the empty keys.
        std::vector<ObjId> keys = std::move(o.keys), values = std::move(o.items);
        const uint64_t ka = o.itemsAddress;
        const unsigned log2 = o.dkLog2;
        const bool uni = o.dkUnicode;
        o.keys.clear();
        o.items.clear();
        o.used = 0;
        o.dkLog2 = 0;
        o.dkUsable = 0;
        o.itemsAddress = o.itemsBytes = 0;
        for (size_t i = 0; i < keys.size(); ++i) {
            decref(keys[i]);
            decref(values[i]);
        }
        if (log2)
            freeKeys(ka, log2, uni);
        break;
    }
    case Type::Set: {
        // set_clear_internal: back to the smalltable.
        std::vector<ObjId> keys = std::move(o.items);
        const uint64_t table = o.itemsAddress;
        o.items.clear();
        o.keys.assign(8, kNull);
        o.hashOrderUnknown = false;
        o.used = 0;
        o.allocated = 8;
        o.itemsAddress = o.itemsBytes = 0;
        if (table)
            memory_.free(Domain::Mem, table);
        for (ObjId k : keys)
            decref(k);
        break;
    }
    case Type::Instance: {
        // subtype_clear: the slots (the type stays).
        std::vector<ObjId> slotItems = o.items;
        std::fill(o.items.begin(), o.items.end(), kNull);
        for (ObjId r : slotItems)
            decref(r);
        break;
    }
    case Type::Class: {
        // type_clear: PyDict_Clear(tp_dict), then the MRO (the type stays).
        if (!o.items.empty()) {
            const ObjId dict = o.items[0], mro = o.items[2];
            obj(id).items[2] = kNull;
            clear(dict);
            decref(mro);
        }
        break;
    }
    default:
        break;  // tuples, descriptors, super and builtin methods have no tp_clear
    }
}

bool Heap::equal(ObjId a, ObjId b) const {
    if (a == b)
        return true;
    const Object& x = obj(a);
    const Object& y = obj(b);
    const bool xn = x.type == Type::Int || x.type == Type::Bool;
    const bool yn = y.type == Type::Int || y.type == Type::Bool;
    if (xn && yn)
        return x.ival == y.ival;
    if (x.type != y.type)
        return false;
    if (x.type == Type::Str || x.type == Type::Bytes)
        return x.sval == y.sval;
    if (x.type == Type::Tuple) {
        if (x.items.size() != y.items.size())
            return false;
        for (size_t i = 0; i < x.items.size(); ++i)
            if (!equal(x.items[i], y.items[i]))
                return false;
        return true;
    }
    return x.type == Type::None;
}

bool Heap::hashable(ObjId a) const {
    const Object& o = obj(a);
    if (o.type == Type::List || o.type == Type::Dict || o.type == Type::Set)
        return false;
    if (o.type == Type::Tuple)
        for (ObjId i : o.items)
            if (!hashable(i))
                return false;
    return true;
}

uint64_t Heap::getsizeof(ObjId id) const {
    const Object& o = obj(id);
    const uint64_t gc = o.gcType ? layout_.gcHead : 0;  // sys.getsizeof adds the GC header
    switch (o.type) {
    case Type::None: return 16;
    case Type::Bool:
    case Type::Int: {
        unsigned bits = 0;
        for (unsigned __int128 u = o.ival < 0 ? -o.ival : o.ival; u; u >>= 1)
            ++bits;
        uint64_t nd = (bits + 29) / 30;
        if (nd == 0 && layout_.longZeroHasDigit)
            nd = 1;  // long___sizeof__ counts one digit for 0 from 3.11
        return layout_.longHeader + 4 * nd;
    }
    case Type::Str: return layout_.asciiHeader + o.sval.size() + 1;
    case Type::Bytes: return layout_.bytesHeader + o.sval.size();
    case Type::Tuple: return gc + layout_.tupleBasic + 8 * o.items.size();
    case Type::List: return gc + layout_.listBasic + 8 * o.allocated;
    case Type::Dict: return gc + layout_.dictBasic + (o.dkLog2 ? keysBytes(o.dkLog2, o.dkUnicode) : 0);
    case Type::Set: return gc + layout_.setBasic + (o.allocated > 8 ? 16 * o.allocated : 0);
    case Type::Range:
    case Type::RangeIter: return o.requested;
    case Type::Class: return gc + layout_.heapTypeBasic;  // type___sizeof__: PyHeapTypeObject, no members
    default: return o.requested;
    }
}

} // namespace arenascope::scenario
