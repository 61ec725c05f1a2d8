// print() and str(): the text python3 writes, and the objects CPython makes
// while writing it: each argument's str/repr as CPython builds it (an int's
// scratch PyLong, containers through a _PyUnicodeWriter, Py_ReprEnter's
// list in the thread state dict), the stream's bound `write` method per
// write, and per version the argument parser's keyword tuple and the tuple
// of its arguments. Checked with gc.get_count() and with recordings.
#include "model/scenario/interpreter.h"
#include "model/scenario/pyint.h"
#include "model/scenario/pyrepr.h"

#include <algorithm>

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

namespace {

// _PyUnicodeWriter as the container reprs use it: the first write allocates
// max(needed + needed/4, min_length) characters, later writes that do not
// fit grow the buffer the same way (resize_compact), and Finish trims it to
// the text (Objects/unicodeobject.c, OVERALLOCATE_FACTOR 4).
class TextWriter {
public:
    TextWriter(Heap& heap, uint64_t minLength) : heap_(heap), minLength_(minLength) {}
    void write(const std::string& s) {
        uint64_t n = pos_ + s.size();
        if (!buffer_ || n > size_) {
            if (overallocate)
                n += n / 4;
            n = std::max(n, minLength_);
            if (!buffer_)
                buffer_ = Ref(&heap_, heap_.newAsciiBuffer(n));
            else
                heap_.resizeAsciiBuffer(buffer_.get(), n);
            size_ = n;
        }
        pos_ += s.size();
        text_ += s;
    }
    Ref finish() {
        if (size_ != pos_)
            heap_.resizeAsciiBuffer(buffer_.get(), pos_);
        heap_.obj(buffer_.get()).sval = text_;
        return std::move(buffer_);
    }
    bool overallocate = true;

private:
    Heap& heap_;
    uint64_t minLength_;
    Ref buffer_;
    uint64_t size_ = 0, pos_ = 0;
    std::string text_;
};

} // namespace

Ref Interpreter::reprWalk(ObjId id, std::vector<ObjId>& active) {
    // PyObject_Repr: PyErr_CheckSignals, then the type's repr. Containers
    // (list_repr, tuplerepr, dict_repr, set_repr) enter Py_ReprEnter and
    // write their items' reprs into a _PyUnicodeWriter.
    checkSignals();
    const Object& o = heap_.obj(id);
    const bool container = o.type == Type::List || o.type == Type::Tuple || o.type == Type::Dict || o.type == Type::Set;
    if (!container)
        return scalarText(id, true);
    const Type type = o.type;
    const std::vector<ObjId> keys = o.keys, items = o.items;  // `o` may dangle once objects are made
    auto literal = [&](const std::string& s) { return Ref(&heap_, heap_.newStr(s, true)); };  // PyUnicode_FromString
    const bool entersFirst = type == Type::Dict || type == Type::Set;
    if (items.empty() && !entersFirst)
        return literal(type == Type::List ? "[]" : "()");
    for (ObjId a : active)
        if (a == id)  // Py_ReprEnter found it: a reference cycle
            return literal(type == Type::List ? "[...]" : type == Type::Dict ? "{...}" : type == Type::Set ? "set(...)" : "(...)");
    reprEnter(id);
    active.push_back(id);
    // Py_ReprLeave comes before the text is finished (list_repr, tuplerepr,
    // dict_repr) or before an empty dict's or set's literal is made.
    auto leave = [&] {
        active.pop_back();
        reprLeave();
    };
    size_t used = 0;
    for (ObjId k : (type == Type::Dict ? keys : items))
        used += k ? 1 : 0;
    if (type == Type::Set) {
        if (used == 0) {
            // PyUnicode_FromFormat("%s()", "set"): %s becomes a str first.
            leave();
            Ref name(&heap_, heap_.newStr("set", true));
            TextWriter w(heap_, 4 + 100);
            w.write("set");
            name = Ref();
            w.write("()");
            return w.finish();
        } else {
            // The keys as a list (PySequence_List, through the set's
            // iterator until 3.13), its repr, the text between the brackets,
            // then PyUnicode_FromFormat("{%U}").
            Ref listRepr;
            {
                const Ref list(&heap_, heap_.newList({}));
                {
                    const Ref it(&heap_, heap_.layout().listExtendSet ? kNull : heap_.newSetIter(id));
                    heap_.listExtend(list.get(), items, false);
                }
                listRepr = reprWalk(list.get(), active);
            }
            const std::string inner = heap_.obj(listRepr.get()).sval.substr(1, heap_.obj(listRepr.get()).sval.size() - 2);
            Ref middle(&heap_, heap_.newStr(inner, true));  // PyUnicode_Substring
            listRepr = Ref();
            TextWriter w(heap_, 4 + 100);
            w.write("{");
            w.write(inner);
            w.write("}");
            Ref result = w.finish();
            middle = Ref();
            leave();
            return result;
        }
    }
    if (used == 0) {
        leave();
        return literal("{}");  // an empty dict
    }
    {
        const uint64_t n = used;
        const uint64_t minLength = type == Type::Dict    ? 1 + 4 + 6 * (n - 1) + 1
                                   : type == Type::Tuple && n == 1 ? 4
                                                                   : 1 + 1 + 3 * (n - 1) + 1;
        TextWriter w(heap_, minLength);
        w.write(type == Type::List ? "[" : type == Type::Dict ? "{" : "(");
        bool first = true;
        for (size_t i = 0; i < items.size(); ++i) {
            if (type == Type::Dict && !keys[i])
                continue;
            if (!first)
                w.write(", ");
            first = false;
            if (type == Type::Dict) {
                w.write(heap_.obj(reprWalk(keys[i], active).get()).sval);
                w.write(": ");
            }
            w.write(heap_.obj(reprWalk(items[i], active).get()).sval);
        }
        w.overallocate = false;
        w.write(type == Type::List ? "]" : type == Type::Dict ? "}" : n == 1 ? ",)" : ")");
        leave();
        return w.finish();
    }
}

std::string Interpreter::writeObject(ObjId v) {
    // PyFile_WriteObject(v, sys.stdout, Py_PRINT_RAW): the stream's bound
    // `write` method (3.8: from the C function free list), PyObject_Str(v)
    // (a str is used as it is), the write, then the method is dropped.
    const Ref writer(&heap_, heap_.newBuiltinMethod(kNull, "write"));
    return heap_.obj(strOf(v).get()).sval;  // written, then released
}

void Interpreter::lazyIdentifier(const char* name) {
    // Up to 3.10, a _Py_IDENTIFIER's string is made on its first use:
    // PyUnicode_FromString, then PyUnicode_InternInPlace swaps it for the
    // interned one the interpreter already has, and the new one goes.
    if (!heap_.layout().identifiersOnFirstUse || !identifiersMade_.insert(name).second)
        return;
    Ref(&heap_, heap_.newStr(name, true));
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
    return reprWalk(v, active);  // object_str: a container's str is its repr
}

Ref Interpreter::scalarText(ObjId v, bool repr) {
    // PyObject_Str / PyObject_Repr of an int, str, bytes, None or bool: ints
    // go through long_to_decimal_string, whose scratch PyLong is freed once
    // the digits are in the new string; a str's repr is a new string with
    // its quotes; True and False have static names.
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
    case Type::None:  // none_repr: PyUnicode_FromString("None"), a new string each time
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
        // PyTuple_New, then each name made with PyUnicode_FromString and
        // swapped for the interned one by PyUnicode_InternInPlace.
        const char* const keywords[] = {"sep", "end", "file", "flush"};
        std::vector<ObjId> names;
        for (const char* n : keywords)
            names.push_back(heap_.identifier(n));
        const ObjId t = heap_.newTuple(std::move(names));
        heap_.obj(t).externalRefs += 1;
        heap_.obj(t).role = "print's keyword tuple";
        for (const char* n : keywords)
            Ref(&heap_, heap_.newStr(n, true));
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
    lazyIdentifier("stdout");  // _PySys_GetObjectId(&PyId_stdout)
    lazyIdentifier("write");   // PyFile_WriteObject's _PyObject_GetAttrId(f, &PyId_write)
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
