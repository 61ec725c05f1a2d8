// What a class statement allocates, in CPython's order: __build_class__
// (Python/bltinmodule.c) and type_new (Objects/typeobject.c), 3.8-3.13.
// Every temporary counts: generation 0's count is what gc.get_count() shows
// and what decides when a collection runs (docs/dev-notes/class-statements.md).
#include "model/scenario/heap.h"

namespace arenascope::scenario {

ObjId Heap::identifier(const std::string& s) {
    auto it = staticStrs_.find(s);
    if (it != staticStrs_.end())
        return it->second;
    const ObjId id = newStaticStr(s);
    staticStrs_[s] = id;
    return id;
}

ObjId Heap::objectType() {
    if (!object_) {
        object_ = makeStatic(Type::Class);
        obj(object_).sval = "object";
    }
    return object_;
}

ObjId Heap::newFunctionObject(const std::string& name) {
    const ObjId id = gcNew(Type::Function, layout_.functionBasic);
    Object& o = obj(id);
    o.sval = name;
    track(id);
    return id;
}

ObjId Heap::newBuiltinMethod(ObjId self, const std::string& name) {
    // PyCFunction_NewEx / PyCMethod_New: a classmethod fetched from a type
    // is bound to it. 3.8 and 3.14+ keep a free list of these.
    ObjId id = layout_.cfunctionFreeList ? popFree(cfunctionFree_, Type::BuiltinMethod) : kNull;
    if (!id) {
        id = gcNew(Type::BuiltinMethod, layout_.cfunctionBasic);
    }
    obj(id).sval = name;
    if (self) {
        obj(id).items = {self};
        incref(self);
    }
    track(id);
    return id;
}

ObjId Heap::newMemberDescr(ObjId cls, ObjId name) {
    // descr_new through PyType_GenericAlloc: tracked, holding its type.
    const ObjId id = gcNew(Type::MemberDescr, layout_.memberDescrBasic);
    Object& o = obj(id);
    o.sval = obj(name).sval;
    o.items = {cls};
    incref(cls);
    track(id);
    return id;
}

ObjId Heap::newWeakref(ObjId referent) {
    // new_weakref: PyObject_GC_New, then tracked; the referent is not owned.
    const ObjId id = gcNew(Type::Weakref, layout_.weakrefBasic);
    Object& o = obj(id);
    o.cls = referent;
    track(id);
    return id;
}

ObjId Heap::newSuper(ObjId cls) {
    // super(C, C): type, obj and obj_type all refer to the class.
    const ObjId id = gcNew(Type::Super, layout_.superBasic);
    Object& o = obj(id);
    o.items = {cls, cls, cls};
    for (int i = 0; i < 3; ++i)
        incref(cls);
    track(id);
    return id;
}

ObjId Heap::buildClass(std::shared_ptr<const ClassDef> def, ObjId slotsValue, ObjId doc) {
    // MAKE_FUNCTION: the class body becomes a function, freed after the call.
    const ObjId body = newFunctionObject(def->name);
    obj(body).role = "class body of " + def->name;
    // __build_class__: type.__prepare__ is fetched as a bound builtin method,
    // called for the namespace, and dropped.
    const ObjId prepare = newBuiltinMethod(kNull, "type.__prepare__");
    const ObjId ns = newDict(false);
    decref(prepare);
    // The body runs (in a frame object up to 3.10) and fills the namespace.
    const ObjId frame = layout_.frameBasic ? enterFrame(def.get(), 1, def->name) : kNull;
    auto store = [&](const char* name, ObjId value) { dictSetItem(ns, identifier(name), value); };
    store("__module__", identifier("__main__"));
    store("__qualname__", identifier(def->name));
    if (layout_.classFirstLineno) {
        const ObjId line = newInt(def->line);
        store("__firstlineno__", line);
        decref(line);
    }
    if (doc)
        store("__doc__", doc);
    store("__slots__", slotsValue);
    if (layout_.classStaticAttributes) {
        const ObjId noAttributes = newTuple({});
        store("__static_attributes__", noAttributes);
        decref(noAttributes);
    }
    if (frame)
        leaveFrame(def.get(), frame);
    // type(name, (), ns) through tp_call: its arguments as a 3-tuple.
    const ObjId name = identifier(def->name);
    incref(name);
    incref(ns);
    const ObjId args = newTupleFromArray({name, newTuple({}), ns});  // _PyObject_MakeTpCall
    const ObjId cls = typeNew(def, ns, slotsValue, doc);
    decref(args);
    decref(ns);
    decref(body);
    return cls;
}

ObjId Heap::typeNew(std::shared_ptr<const ClassDef> def, ObjId ns, ObjId slotsValue, ObjId doc) {
    // type_new_get_bases: no bases means (object,).
    incref(objectType());
    const ObjId bases = newTupleFromArray({objectType()});  // PyTuple_Pack(1, ctx->base)
    // type_new_init: the namespace copied into tp_dict.
    const ObjId dict = dictCopy(ns);
    // type_new_get_slots: a str __slots__ is packed into a 1-tuple; a tuple
    // is used as it is.
    incref(slotsValue);
    ObjId slotTuple =
        obj(slotsValue).type == Type::Str ? newTupleFromArray({slotsValue}) : slotsValue;  // PyTuple_Pack
    // type_new_copy_slots: the (mangled) names into a list, sorted, and
    // back into a tuple, which the type keeps as ht_slots.
    std::vector<ObjId> names;
    for (const std::string& n : def->slotNames) {
        ObjId found = kNull;
        for (ObjId item : obj(slotTuple).items)
            if (obj(item).sval == n)
                found = item;
        if (found)
            incref(found);
        names.push_back(found ? found : newStr(n));  // _Py_Mangle made a new str
    }
    const ObjId list = newList(names);
    if (layout_.slotsPackFreedFirst) {  // 3.8, 3.9: Py_DECREF(slots) before PyList_AsTuple
        decref(slotTuple);
        slotTuple = kNull;
    }
    for (ObjId n : names)
        incref(n);
    const ObjId htSlots = newTupleFromArray(names);  // PyList_AsTuple: () for no slots
    decref(list);
    if (slotTuple)
        decref(slotTuple);  // 3.10+: Py_SETREF(ctx->slots, tuple)
    // type_new_alloc: the heap type with one PyMemberDef per slot and a
    // sentinel, too big for pymalloc; tracked at once.
    const uint64_t basic = layout_.heapTypeBasic + 40 * (def->slotNames.size() + 1);
    const ObjId cls = gcNew(Type::Class, basic);
    {
        Object& c = obj(cls);
        c.sval = def->name;
        c.classDef = def;
        c.items = {dict, bases, kNull, htSlots};
    }
    track(cls);
    // type_new_set_attrs: __qualname__ leaves the dict; tp_doc is a
    // PyObject_Malloc'd copy of the docstring.
    dictDelItem(dict, identifier("__qualname__"));
    if (doc) {
        const uint64_t bytes = obj(doc).sval.size() + 1;
        const uint64_t a = memory_.malloc(Domain::Obj, bytes);
        obj(cls).itemsAddress = a;
        obj(cls).itemsBytes = bytes;
    }
    // PyType_Ready: the MRO (mro_implementation's one-base path) and a
    // member descriptor per slot; 3.8 and 3.9 add the members first.
    auto makeMro = [&] {
        incref(cls);
        incref(objectType());
        obj(cls).items[2] = newTuple({cls, objectType()});
    };
    if (layout_.mroBeforeSlotMembers)
        makeMro();
    for (ObjId n : names) {
        const ObjId d = newMemberDescr(cls, n);
        dictSetItem(dict, n, d);
        decref(d);
    }
    if (!layout_.mroBeforeSlotMembers)
        makeMro();
    // type_dict_set_doc: __doc__ is None without a docstring.
    if (!doc)
        dictSetItem(dict, identifier("__doc__"), none());
    // add_subclass: object's tp_subclasses maps id(C) to a weakref to C.
    const ObjId key = newInt(Int(obj(cls).address));
    const ObjId ref = newWeakref(cls);
    obj(key).externalRefs = obj(ref).externalRefs = 1;
    obj(key).role = "key of object.__subclasses__";
    obj(ref).role = "object.__subclasses__ entry";
    obj(cls).subclassKey = key;
    obj(cls).subclassRef = ref;
    // type_new_set_names: a throwaway copy of tp_dict to look for __set_name__.
    decref(dictCopy(dict));
    // type_new_init_subclass: super(C, C).__init_subclass__(), through
    // tp_call (an argument tuple) up to 3.10.
    ObjId superArgs = kNull;
    if (layout_.superArgTuple) {
        incref(cls);
        incref(cls);
        superArgs = newTuple({cls, cls});
    }
    const ObjId sup = newSuper(cls);
    if (superArgs)
        decref(superArgs);
    const ObjId initSubclass = newBuiltinMethod(cls, "__init_subclass__");
    decref(sup);
    decref(initSubclass);
    return cls;
}

void Heap::classDealloc(ObjId cls) {
    // type_dealloc: remove_subclass takes C out of object.__subclasses__
    // (a temporary int key; the stored key and weakref go), then tp_dict,
    // tp_bases, tp_mro, tp_doc, ht_slots, and the type itself.
    const ObjId key = obj(cls).subclassKey, ref = obj(cls).subclassRef;
    obj(cls).subclassKey = obj(cls).subclassRef = kNull;
    if (ref) {
        const ObjId lookup = newInt(Int(obj(cls).address));
        obj(ref).externalRefs = obj(key).externalRefs = 0;
        obj(ref).cls = kNull;
        decref(ref);
        decref(key);
        decref(lookup);
    }
    const std::vector<ObjId> refs = std::move(obj(cls).items);
    obj(cls).items.clear();
    for (size_t i = 0; i < 3 && i < refs.size(); ++i)
        decref(refs[i]);
    if (obj(cls).itemsAddress) {
        memory_.free(Domain::Obj, obj(cls).itemsAddress);
        obj(cls).itemsAddress = obj(cls).itemsBytes = 0;
    }
    if (refs.size() > 3)
        decref(refs[3]);
    gcDel(cls);
}

} // namespace arenascope::scenario
