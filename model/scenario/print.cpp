// print(): the text python3 writes, and the objects CPython makes while
// writing it: str() of each argument, Py_ReprEnter's list in the thread
// state dict (made on the first container repr), the stream's bound `write`
// method per write, and per version the argument parser's keyword tuple
// (3.11) and the tuple of its arguments (3.11+) — measured with
// gc.get_count() under each interpreter.
#include "model/scenario/interpreter.h"
#include "model/scenario/pyint.h"
#include "model/scenario/pyrepr.h"

namespace arenascope::scenario {

void Interpreter::reprEnter(ObjId id) {
    if (!reprList_) {
        // PyThreadState_GetDict(), then its "Py_Repr" list.
        const ObjId dict = heap_.newDict(false);
        heap_.obj(dict).externalRefs += 1;
        heap_.obj(dict).role = "thread state dict";
        const ObjId list = heap_.newList({});
        heap_.obj(list).role = "Py_Repr list";
        const ObjId key = heap_.newStaticStr("Py_Repr");
        heap_.dictSetItem(dict, key, list);
        heap_.decref(list);
        reprList_ = list;
    }
    heap_.listAppend(reprList_, id);
}

void Interpreter::reprLeave() {
    // Py_ReprLeave: PyList_SetSlice(list, i, i + 1, NULL) on the last entry.
    const size_t n = heap_.obj(reprList_).items.size();
    heap_.listDelItem(reprList_, n - 1);
}

void Interpreter::checkSignals() {
    // PyErr_CheckSignals, which PyObject_Repr and PyObject_Str call first:
    // from 3.12 it also runs a collection that is waiting for the eval breaker.
    evalBreaker();
}

void Interpreter::reprWalk(ObjId id, std::vector<ObjId>& active) {
    // The calls repr() of a value makes, in order: PyObject_Repr for each
    // object, Py_ReprEnter/Leave around a container's items.
    checkSignals();
    const Object& o = heap_.obj(id);
    const bool container = o.type == Type::List || o.type == Type::Tuple || o.type == Type::Dict || o.type == Type::Set;
    if (!container) {
        scalarText(id, true);  // written into the container's text, then released
        return;
    }
    // list and tuple return early when empty; dict and set enter first.
    if (o.items.empty() && (o.type == Type::List || o.type == Type::Tuple))
        return;
    for (ObjId a : active)
        if (a == id)
            return;
    // Copies: entering may make objects, and `o` would dangle.
    const Type type = o.type;
    const std::vector<ObjId> keys = o.keys, items = o.items;
    if (type == Type::Set) {
        // set_repr: Py_ReprEnter, then (unless empty) the keys as a list
        // (PySequence_List through the set's iterator), whose repr it trims.
        reprEnter(id);
        active.push_back(id);
        if (!items.empty()) {
            const Ref list(&heap_, heap_.newList({}));
            {
                const Ref it(&heap_, heap_.layout().listExtendSet ? kNull : heap_.newSetIter(id));
                heap_.listExtend(list.get(), items, false);
            }
            reprWalk(list.get(), active);
        }
        active.pop_back();
        reprLeave();
        return;
    }
    reprEnter(id);
    active.push_back(id);
    for (size_t i = 0; i < items.size(); ++i) {
        if (type == Type::Dict && keys[i])
            reprWalk(keys[i], active);
        if (items[i])
            reprWalk(items[i], active);
    }
    active.pop_back();
    reprLeave();
}

std::string Interpreter::writeObject(ObjId v) {
    // PyFile_WriteObject(v, sys.stdout, Py_PRINT_RAW): the stream's bound
    // `write` method (3.8: from the C function free list), PyObject_Str(v)
    // (a str is used as it is), the write, then the method is dropped.
    const Ref writer(&heap_, heap_.newBuiltinMethod(kNull, "write"));
    return heap_.obj(strOf(v).get()).sval;  // written, then released
}

Ref Interpreter::strOf(ObjId v) {
    // PyObject_Str: a str is its own; otherwise PyErr_CheckSignals first.
    if (heap_.obj(v).type == Type::Str)
        return Ref::borrow(&heap_, v);
    checkSignals();
    const Type t = heap_.obj(v).type;
    if (t != Type::List && t != Type::Tuple && t != Type::Dict && t != Type::Set)
        return scalarText(v, false);
    std::vector<ObjId> active;
    reprWalk(v, active);
    return Ref(&heap_, heap_.newStr(pyStr(heap_, v), true));
}

Ref Interpreter::scalarText(ObjId v, bool repr) {
    // PyObject_Str / PyObject_Repr of an int, str, bytes, None or bool: ints
    // go through long_to_decimal_string, whose scratch PyLong is freed once
    // the digits are in the new string; a str's repr is a new string with
    // its quotes; None, True and False have static names.
    const Object& o = heap_.obj(v);
    switch (o.type) {
    case Type::Int: {
        const Ref scratch(&heap_, heap_.newDecimalScratch(o.ival));
        Ref text(&heap_, heap_.newStr(intToString(heap_.obj(v).ival), true));
        return text;
    }
    case Type::Str:
        return repr ? Ref(&heap_, heap_.newStr(pyRepr(heap_, v), true)) : Ref::borrow(&heap_, v);
    case Type::Bytes:
        return Ref(&heap_, heap_.newStr(pyRepr(heap_, v), true));
    default:
        return Ref::borrow(&heap_, heap_.identifier(pyRepr(heap_, v)));
    }
}

void Interpreter::print(std::vector<Ref>& args, const Expr& e) {
    std::string sep = " ", end = "\n";
    const size_t npos = args.size() - e.kwnames.size();
    for (size_t k = 0; k < e.kwnames.size(); ++k) {
        const Object& v = heap_.obj(args[npos + k].get());
        if (e.kwnames[k] != "sep" && e.kwnames[k] != "end")
            fail(e.line, "print(" + e.kwnames[k] + "=...) is not supported in scenarios");
        if (v.type != Type::Str && v.type != Type::None)
            fail(e.line, "TypeError: " + e.kwnames[k] + " must be None or a string, not " + typeOf(args[npos + k].get()));
        if (v.type == Type::Str)
            (e.kwnames[k] == "sep" ? sep : end) = v.sval;
    }
    for (size_t i = 0; i < npos; ++i) {
        std::string culprit;
        if (!printable(heap_, args[i].get(), &culprit))
            fail(e.line, "printing " + culprit + " is not supported in scenarios");
    }
    const Layout& l = heap_.layout();
    const bool parserInit = l.printKwTuple || (l.printKwTupleOnKeywords && !e.kwnames.empty());
    if (parserInit && !printKwTupleMade_) {
        printKwTupleMade_ = true;
        // The _PyArg_Parser's kwtuple, made on the first call and kept.
        std::vector<ObjId> names;
        for (const char* n : {"sep", "end", "file", "flush"})
            names.push_back(heap_.newStaticStr(n));
        const ObjId t = heap_.newTuple(std::move(names));
        heap_.obj(t).externalRefs += 1;
        heap_.obj(t).role = "print's keyword tuple";
    }
    // Argument Clinic packs the positional arguments into a tuple for
    // print(*args, ...) (3.11+); it is recycled when print returns.
    Ref argsTuple;
    if (l.printArgTuple) {
        std::vector<ObjId> items;
        for (size_t i = 0; i < npos; ++i) {
            heap_.incref(args[i].get());
            items.push_back(args[i].get());
        }
        argsTuple = Ref(&heap_, heap_.newTuple(std::move(items)));
    }
    // builtin_print: each argument, the separator between them (a
    // PyFile_WriteString for the default " "), then the end.
    std::string text;
    for (size_t i = 0; i < npos; ++i) {
        if (i)
            text += writeObject(heap_.identifier(sep));
        text += writeObject(args[i].get());
    }
    text += writeObject(heap_.identifier(end));
    out_ += text;
}

} // namespace arenascope::scenario
