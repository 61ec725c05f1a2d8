// Calls: builtins (Python/bltinmodule.c and the types' constructors),
// methods, the gc and sys modules, and print() with the objects the real
// print() makes inside the interpreter (measured per version, see Layout).
#include "model/scenario/builtins.h"
#include "model/scenario/interpreter.h"
#include "model/scenario/pyint.h"
#include "model/scenario/pyrepr.h"

namespace arenascope::scenario {
namespace {

const char* const kBuiltins[] = {"print", "len", "list", "dict", "tuple", "set", "range", "str", "bytes"};

} // namespace

// A METH_VARARGS function, or a type called through tp_call, receives its
// arguments packed in a tuple (_PyObject_MakeTpCall's _PyTuple_FromArray),
// recycled when the call returns.
Ref Interpreter::varargsTuple(const std::vector<Ref>& args) {
    std::vector<ObjId> items;
    for (const Ref& a : args) {
        heap_.incref(a.get());
        items.push_back(a.get());
    }
    return Ref(&heap_, heap_.newTupleFromArray(std::move(items)));
}

bool isBuiltinName(const std::string& name) {
    for (const char* b : kBuiltins)
        if (name == b)
            return true;
    return false;
}

Ref Interpreter::evalCall(const Expr& e) {
    const Expr& callee = *e.items[0];
    auto evalArgs = [&]() {
        std::vector<Ref> args;
        for (size_t i = 1; i < e.items.size(); ++i)
            args.push_back(eval(*e.items[i]));
        return args;
    };
    Ref result;
    // 3.12+ specialize a call site on its second run; CALL_NO_KW_LEN and
    // CALL_NO_KW_LIST_APPEND then skip the eval-breaker check that CALL makes
    // after a C function (Python/bytecodes.c).
    ++siteRuns_[&e];
    const bool checksAfter =
        !(heap_.layout().collectAtEvalBreaker && e.kwnames.empty() && e.items.size() == 2 &&
          ((callee.kind == Expr::Name && callee.name == "len") || (callee.kind == Expr::Attr && callee.name == "append")) &&
          siteSpecialized(e));
    if (callee.kind == Expr::Attr && callee.items[0]->kind == Expr::Name && isModule(callee.items[0]->name)) {
        std::vector<Ref> args = evalArgs();
        result = callModule(callee.items[0]->name, callee.name, args, e);
    } else if (callee.kind == Expr::Attr) {
        const Ref self = eval(*callee.items[0]);
        std::vector<Ref> args = evalArgs();
        result = callMethod(self, callee.name, args, e);
    } else if (callee.kind == Expr::Name) {
        const Frame& f = frame();
        const bool local = f.def && f.def->locals.count(callee.name);
        const Frame& scope = local ? f : frames_.front();
        bool bound = false;
        for (const auto& [n, v] : scope.locals)
            bound = bound || (n == callee.name && v);
        if (!bound && !local && isBuiltinName(callee.name)) {
            std::vector<Ref> args = evalArgs();
            result = callBuiltin(callee.name, args, e);
        } else {
            const Ref fn = load(callee.name, e.line);
            std::vector<Ref> args = evalArgs();
            if (!e.kwnames.empty())
                fail(e.line, "keyword arguments to your own functions are not supported in scenarios");
            const Object& o = heap_.obj(fn.get());
            if (o.type == Type::Function) {
                // A Python function checks the eval breaker at its RESUME; the
                // caller does not check again when it returns (3.12+).
                return callFunction(fn.get(), std::move(args), e.line);
            } else if (o.type == Type::Class) {
                if (!args.empty())
                    fail(e.line, "TypeError: " + o.sval + "() takes no arguments");
                result = Ref(&heap_, heap_.newInstance(fn.get()));
            } else {
                fail(e.line, "TypeError: '" + typeOf(fn.get()) + "' object is not callable");
            }
        }
    } else {
        fail(e.line, "calls of anything but a name, a method or a gc/sys function are not supported");
    }
    if (checksAfter)
        evalBreaker();  // CALL checks the eval breaker (3.12+)
    return result;
}

Ref Interpreter::callModule(const std::string& module, const std::string& name, std::vector<Ref>& args,
                            const Expr& e) {
    const std::string full = module + "." + name;
    auto argc = [&](size_t lo, size_t hi) {
        if (args.size() < lo || args.size() > hi)
            fail(e.line, "TypeError: " + full + "() takes " +
                             (lo == hi ? std::to_string(lo) : std::to_string(lo) + " to " + std::to_string(hi)) +
                             " arguments (" + std::to_string(args.size()) + " given)");
    };
    auto intArg = [&](size_t i) {
        const Object& o = heap_.obj(args[i].get());
        if (o.type != Type::Int && o.type != Type::Bool)
            fail(e.line, "TypeError: " + full + "() needs integers");
        return o.ival;
    };
    const bool kwOk = module == "gc" && name == "collect" && e.kwnames.size() == 1 && e.kwnames[0] == "generation";
    if (!e.kwnames.empty() && !kwOk)
        fail(e.line, "keyword arguments to " + full + "() are not supported in scenarios");
    GcState& gc = heap_.gc();
    auto countsTuple = [&](int a, int b, int c) {
        std::vector<ObjId> items{heap_.newInt(a), heap_.newInt(b), heap_.newInt(c)};
        return Ref(&heap_, heap_.newTuple(std::move(items)));
    };
    if (module == "gc") {
        if (name == "collect") {
            argc(0, 1);
            const Int g = args.empty() ? 2 : intArg(0);
            if (g < 0 || g > 2)
                fail(e.line, "ValueError: invalid generation");
            Ref found(&heap_, heap_.newInt(gc_.collectManual(int(g))));
            fullCollectionSeen_ = fullCollectionSeen_ || g == 2;
            return found;
        }
        if (name == "enable" || name == "disable") {
            argc(0, 0);
            gc.enabled = name == "enable";
            return Ref::borrow(&heap_, heap_.none());
        }
        if (name == "isenabled") {
            argc(0, 0);
            return Ref::borrow(&heap_, heap_.boolean(gc.enabled));
        }
        if (name == "get_count") {
            argc(0, 0);
            if (!fullCollectionSeen_)
                noteOnce(NoteKind::CountBeforeFirstCollection);
            return countsTuple(gc.generations[0].count, gc.generations[1].count, gc.generations[2].count);
        }
        if (name == "get_threshold") {
            argc(0, 0);
            return countsTuple(gc.generations[0].threshold, gc.generations[1].threshold,
                               gc.generations[2].threshold);
        }
        if (name == "set_threshold") {
            argc(1, 3);
            const Ref packed = varargsTuple(args);  // gc_set_threshold is METH_VARARGS
            for (size_t i = 0; i < args.size(); ++i) {
                const Int t = intArg(i);
                if (t < 0 || t > 1000000000)
                    fail(e.line, "thresholds between 0 and 1,000,000,000 are supported in scenarios");
                gc.generations[i].threshold = int(t);
            }
            return Ref::borrow(&heap_, heap_.none());
        }
    }
    if (module == "sys" && name == "getsizeof") {
        argc(1, 1);
        const Ref packed = varargsTuple(args);  // sys_getsizeof is METH_VARARGS | METH_KEYWORDS
        // _PySys_GetSizeOf: the bound __sizeof__ (3.8: from the C function
        // free list), its result, then that plus the GC header.
        lazyIdentifier("__sizeof__");  // _PyObject_LookupSpecial(o, &PyId___sizeof__)
        const uint64_t size = heap_.getsizeof(args[0].get());
        const uint64_t gcHead = heap_.obj(args[0].get()).gcType && !heap_.obj(args[0].get()).isStatic ? heap_.layout().gcHead : 0;
        {
            Ref method(&heap_, heap_.newBuiltinMethod(args[0].get(), "__sizeof__"));
            const Ref res(&heap_, heap_.newInt(Int(size - gcHead)));
            method = Ref();
        }
        return Ref(&heap_, heap_.newInt(Int(size)));
    }
    fail(e.line, full + "() is not supported in scenarios");
}

Ref Interpreter::callMethod(const Ref& self, const std::string& name, std::vector<Ref>& args, const Expr& e) {
    const Object& o = heap_.obj(self.get());
    const std::string what = std::string(typeName(o.type)) + "." + name + "()";
    if (!e.kwnames.empty())
        fail(e.line, "keyword arguments to " + what + " are not supported in scenarios");
    auto argc = [&](size_t n) {
        if (args.size() != n)
            fail(e.line, "TypeError: " + what + " takes exactly " + std::to_string(n) + " argument" +
                             (n == 1 ? "" : "s") + " (" + std::to_string(args.size()) + " given)");
    };
    if (o.type == Type::List && name == "append") {
        argc(1);
        heap_.listAppend(self.get(), args[0].get());
        return Ref::borrow(&heap_, heap_.none());
    }
    if (o.type == Type::List && name == "extend") {
        argc(1);
        const Object& src = heap_.obj(args[0].get());
        if (src.type != Type::List && src.type != Type::Tuple)
            fail(e.line, "list.extend() of a list or a tuple is supported in scenarios");
        heap_.listExtend(self.get(), std::vector<ObjId>(src.items), false);
        return Ref::borrow(&heap_, heap_.none());
    }
    if (o.type == Type::List && name == "pop") {
        if (args.size() > 1)
            argc(1);
        if (o.items.empty())
            fail(e.line, "IndexError: pop from empty list");
        const size_t i = args.empty() ? o.items.size() - 1 : index(o, heap_.obj(args[0].get()), e.line, "pop");
        Ref v = Ref::borrow(&heap_, o.items[i]);
        heap_.listDelItem(self.get(), i);
        return v;
    }
    if (o.type == Type::Set && name == "add") {
        argc(1);
        if (!heap_.hashable(args[0].get()))
            fail(e.line, "TypeError: unhashable type: '" + typeOf(args[0].get()) + "'");
        heap_.setAdd(self.get(), args[0].get());
        return Ref::borrow(&heap_, heap_.none());
    }
    if (o.type == Type::Str && name == "join") {
        argc(1);
        const Object& seq = heap_.obj(args[0].get());
        if (seq.type != Type::List && seq.type != Type::Tuple)
            fail(e.line, "str.join() of a list or a tuple is supported in scenarios");
        for (ObjId i : seq.items)
            if (heap_.obj(i).type != Type::Str)
                fail(e.line, "TypeError: sequence item: expected str instance, " + typeOf(i) + " found");
        // _PyUnicode_JoinArray: one item is returned as it is; otherwise
        // one allocation of the final length.
        if (seq.items.size() == 1)
            return Ref::borrow(&heap_, seq.items[0]);
        std::string s;
        for (size_t i = 0; i < seq.items.size(); ++i)
            s += (i ? o.sval : "") + heap_.obj(seq.items[i]).sval;
        return Ref(&heap_, heap_.newStr(s, true));
    }
    fail(e.line, what + " is not supported in scenarios");
}

Ref Interpreter::callBuiltin(const std::string& name, std::vector<Ref>& args, const Expr& e) {
    if (name == "print") {
        print(args, e);
        return Ref::borrow(&heap_, heap_.none());
    }
    if (name == "dict") {
        if (!args.empty() && e.kwnames.size() != args.size())
            fail(e.line, "dict() with keyword arguments only is supported in scenarios");
        Ref d(&heap_, heap_.newDict(true));
        for (size_t i = 0; i < args.size(); ++i) {
            Ref key(&heap_, heap_.newStr(e.kwnames[i]));
            heap_.dictSetItem(d.get(), key.get(), args[i].get());
        }
        return d;
    }
    if (!e.kwnames.empty())
        fail(e.line, "keyword arguments to " + name + "() are not supported in scenarios");
    if (args.size() > (name == "range" ? 2u : 1u))
        fail(e.line, "TypeError: " + name + "() takes at most " + (name == "range" ? "2" : "1") +
                         " arguments in scenarios (" + std::to_string(args.size()) + " given)");
    // tp_call packs the arguments: str() and bytes() until str got a
    // vectorcall (3.13), and every constructor before 3.9's vectorcalls.
    const Layout& l = heap_.layout();
    Ref packed;
    // A specialized str(x) site (3.11 PRECALL_NO_KW_STR_1, 3.12 CALL_NO_KW_STR_1)
    // calls PyObject_Str directly, without the tuple.
    const bool strSpecialized = name == "str" && args.size() == 1 && e.kwnames.empty() && siteSpecialized(e);
    if (((name == "str" && !l.strVectorcall && !strSpecialized) || name == "bytes") && !args.empty())
        packed = varargsTuple(args);
    if (!l.constructorVectorcall &&
        (name == "list" || name == "tuple" || name == "set" || name == "range"))
        packed = varargsTuple(args);
    const Object* a = args.empty() ? nullptr : &heap_.obj(args[0].get());
    auto needArg = [&] {
        if (!a)
            fail(e.line, "TypeError: " + name + "() takes exactly one argument (0 given)");
    };
    auto intOf = [&](const Ref& r) {
        const Object& o = heap_.obj(r.get());
        if (o.type != Type::Int && o.type != Type::Bool)
            fail(e.line, "TypeError: '" + typeOf(r.get()) + "' object cannot be interpreted as an integer");
        return o.ival;
    };
    if (name == "range") {
        needArg();
        const Ref zero = Ref(&heap_, heap_.newInt(0));
        const Ref& start = args.size() == 2 ? args[0] : zero;
        const Ref& stop = args.size() == 2 ? args[1] : args[0];
        intOf(start);
        if (intOf(stop) - intOf(start) > Int(10000000))
            fail(e.line, "ranges longer than 10,000,000 are not supported in scenarios");
        return Ref(&heap_, heap_.newRange(start.get(), stop.get()));
    }
    if (name == "len") {
        needArg();
        uint64_t n = 0;
        switch (a->type) {
        case Type::Str:
        case Type::Bytes: n = a->sval.size(); break;
        case Type::List:
        case Type::Tuple:
        case Type::Set: n = a->items.size(); break;
        case Type::Dict: n = a->used; break;
        default: fail(e.line, "TypeError: object of type '" + typeOf(args[0].get()) + "' has no len()");
        }
        return Ref(&heap_, heap_.newInt(Int(n)));
    }
    if (name == "str") {
        if (!a)
            return Ref(&heap_, heap_.newStr(""));
        if (a->type == Type::Str)
            return args[0];
        std::string culprit;
        if (!printable(heap_, args[0].get(), &culprit))
            fail(e.line, "str() of " + culprit + " is not supported in scenarios");
        return strOf(args[0].get());
    }
    if (name == "bytes") {
        needArg();
        const Int n = intOf(args[0]);
        if (n < 0 || n > 100000000)
            fail(e.line, "bytes(n) with 0 <= n <= 100,000,000 is supported in scenarios");
        return Ref(&heap_, heap_.newBytes(std::string(size_t(n), '\0'), true));  // _PyBytes_FromSize
    }
    // list(x), tuple(x), set(x): the items of a list, tuple or range.
    std::vector<ObjId> items;
    bool fromRange = false;
    Int start = 0, stop = 0;
    if (a) {
        if (a->type == Type::List || a->type == Type::Tuple) {
            items = a->items;
        } else if (a->type == Type::Range) {
            fromRange = true;
            start = heap_.obj(a->items[0]).ival;
            stop = heap_.obj(a->items[1]).ival;
        } else {
            fail(e.line, name + "() of a list, a tuple or a range is supported in scenarios");
        }
    }
    auto rangeItem = [&](Int i) { return Ref(&heap_, heap_.newInt(i)); };
    if (name == "list") {
        Ref list(&heap_, heap_.newListGeneric());
        if (fromRange) {
            // list_extend of an iterator: the iterator, the length hint's
            // preallocation, then one int per item.
            Ref it(&heap_, heap_.newRangeIter(args[0].get()));
            if (stop > start)
                heap_.listReserve(list.get(), uint64_t(stop - start));
            for (Int i = start; i < stop; ++i)
                heap_.listAppendPreallocated(list.get(), rangeItem(i).get());
        } else {
            heap_.listExtend(list.get(), items, true);
        }
        return list;
    }
    if (name == "tuple") {
        if (a && a->type == Type::Tuple)
            return args[0];
        std::vector<Ref> owned;
        Ref it;
        if (fromRange) {
            it = Ref(&heap_, heap_.newRangeIter(args[0].get()));
            for (Int i = start; i < stop; ++i)
                owned.push_back(rangeItem(i));
        } else {
            for (ObjId i : items)
                owned.push_back(Ref::borrow(&heap_, i));
        }
        std::vector<ObjId> ids;
        for (Ref& r : owned)
            ids.push_back(r.release());
        return Ref(&heap_, heap_.newTuple(std::move(ids)));
    }
    if (name == "set") {
        Ref s(&heap_, heap_.newSet());
        if (fromRange) {
            Ref it(&heap_, heap_.newRangeIter(args[0].get()));
            for (Int i = start; i < stop; ++i)
                heap_.setAdd(s.get(), rangeItem(i).get());
        } else {
            for (ObjId i : items) {
                if (!heap_.hashable(i))
                    fail(e.line, "TypeError: unhashable type: '" + typeOf(i) + "'");
                heap_.setAdd(s.get(), i);
            }
        }
        return s;
    }
    fail(e.line, name + "() is not supported in scenarios");
}

} // namespace arenascope::scenario
