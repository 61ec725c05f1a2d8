// Statements and expressions. Evaluation order, reference lifetimes and
// the bytecode a display compiles to follow CPython (Python/compile.c,
// Python/ceval.c); the version differences come from the Layout.
#include "model/scenario/interpreter.h"
#include "model/scenario/codesize.h"
#include "model/scenario/builtins.h"
#include "model/scenario/pyint.h"
#include "model/scenario/pyrepr.h"

#include <algorithm>

namespace arenascope::scenario {
namespace {

struct ReturnSignal {
    Ref value;
};

bool allConstant(const std::vector<ExprP>& items) {
    return std::all_of(items.begin(), items.end(), [](const ExprP& e) { return e->kind == Expr::Constant; });
}

std::string trim(const std::string& s) {
    const size_t a = s.find_first_not_of(" \t\r");
    const size_t b = s.find_last_not_of(" \t\r");
    return a == std::string::npos ? "" : s.substr(a, b - a + 1);
}

} // namespace

Interpreter::Interpreter(const Program& program, const std::vector<std::string>& sourceLines, Heap& heap,
                         Collector& collector, StatementSink& sink, std::string& output)
    : program_(program), lines_(sourceLines), heap_(heap), gc_(collector), sink_(sink), out_(output) {
    Frame module;
    module.function = "<module>";
    frames_.push_back(std::move(module));
}

std::string Interpreter::typeOf(ObjId id) const {
    const Object& o = heap_.obj(id);
    return o.type == Type::Instance ? heap_.obj(o.cls).sval : typeName(o.type);
}

// ---- compile: co_consts

namespace {
ObjId makeConstant(Heap& h, const Const& c) {
    switch (c.kind) {
    case Const::None: return h.none();
    case Const::True: return h.boolean(true);
    case Const::False: return h.boolean(false);
    case Const::Int: return h.newInt(c.i);
    case Const::Str: return h.newStr(c.s);
    case Const::Bytes: return h.newBytes(c.s);
    case Const::Tuple: {
        std::vector<ObjId> items;
        for (const Const& i : c.items)
            items.push_back(makeConstant(h, i));
        return h.newTuple(std::move(items));
    }
    }
    return h.none();
}
} // namespace

void Interpreter::compile() {
    for (const Const& c : program_.constants) {
        const ObjId id = makeConstant(heap_, c);
        heap_.obj(id).externalRefs += 1;  // held by the code object
        heap_.obj(id).role = "constant";
        constants_.push_back(id);
    }
    // Displays of more than two constants load one folded tuple (3.9+:
    // starunpack_helper), and dict displays with constant keys a key tuple.
    std::vector<const Block*> blocks{&program_.body};
    std::vector<const Expr*> exprs;
    while (!blocks.empty()) {
        const Block* b = blocks.back();
        blocks.pop_back();
        for (const StmtP& s : *b) {
            for (const ExprP& t : s->targets)
                exprs.push_back(t.get());
            if (s->value)
                exprs.push_back(s->value.get());
            blocks.push_back(&s->body);
            if (s->function)
                blocks.push_back(&s->function->body);
        }
    }
    while (!exprs.empty()) {
        const Expr* e = exprs.back();
        exprs.pop_back();
        for (const ExprP& i : e->items)
            exprs.push_back(i.get());
        std::vector<ObjId> items;
        if (e->kind == Expr::List && e->items.size() > 2 && allConstant(e->items) &&
            heap_.layout().constDisplayExtends) {
            for (const ExprP& i : e->items)
                items.push_back(constants_[size_t(i->constIndex)]);
        } else if (e->kind == Expr::Dict && e->items.size() > 2) {
            bool constKeys = true;
            for (size_t k = 0; k < e->items.size(); k += 2)
                constKeys = constKeys && e->items[k]->kind == Expr::Constant;
            if (!constKeys)
                continue;
            for (size_t k = 0; k < e->items.size(); k += 2)
                items.push_back(constants_[size_t(e->items[k]->constIndex)]);
        } else {
            continue;
        }
        for (ObjId i : items)
            heap_.incref(i);
        const ObjId t = heap_.newTuple(std::move(items));
        heap_.obj(t).externalRefs += 1;
        heap_.obj(t).role = "constant";
        displayConstants_[e] = t;
    }
    // The scenario starts as after the module was compiled and collected:
    // its constants are old, the counts zero.
    GcState& gc = heap_.gc();
    heap_.gcListMerge(gc.generations[0].head, gc.generations[2].head);
    for (Generation& g : gc.generations)
        g.count = 0;
}

// ---- statements

void Interpreter::statementDone(int line) {
    frame().line = line;
    step(line, line >= 1 && size_t(line) <= lines_.size() ? trim(lines_[size_t(line) - 1]) : "");
}

void Interpreter::step(int line, const std::string& text) {
    if (++steps_ > kMaxSteps)
        fail(line, "the scenario runs too long (more than " + std::to_string(kMaxSteps) + " steps)");
    sink_.statement(line, text);
}

void Interpreter::evalBreaker() {
    GcState& gc = heap_.gc();
    if (!gc.pending)
        return;
    gc.pending = false;
    if (gc.enabled || heap_.layout().scheduledRunsWhenDisabled) {
        automaticCollection();
        gc_.collectGenerations();  // _Py_RunGC (3.12+)
    }
}


void Interpreter::noteOnce(NoteKind kind) {
    for (const Note& n : notes_)
        if (n.kind == kind)
            return;
    notes_.push_back(Note{currentLine(), kind});
}

void Interpreter::automaticCollection() {
    if (!fullCollectionSeen_)
        noteOnce(NoteKind::CollectionBeforeFirstCollection);
}

void Interpreter::run() {
    warmUp();  // the module's RESUME
    try {
        execBlock(program_.body);
    } catch (ReturnSignal&) {
        throw ScenarioError(0, "SyntaxError: 'return' outside function");
    }
}

void Interpreter::execBlock(const Block& b) {
    for (const StmtP& s : b)
        exec(*s);
}

void Interpreter::exec(const Stmt& s) {
    frame().line = s.line;
    switch (s.kind) {
    case Stmt::Pass:
    case Stmt::Global:
        break;
    case Stmt::ExprStmt:
        eval(*s.value);
        break;
    case Stmt::Assign: {
        const Expr& v0 = *s.value;
        if (s.targets.size() == 1 && s.targets[0]->kind == Expr::Name && v0.kind == Expr::BinOp && v0.name == "+" &&
            v0.items[0]->kind == Expr::Name && v0.items[0]->name == s.targets[0]->name) {
            addToName(s, s.targets[0]->name, *v0.items[1], "+");  // name = name + x
            break;
        }
        const Ref v = eval(*s.value);
        for (const ExprP& t : s.targets)
            assign(*t, v);
        break;
    }
    case Stmt::AugAssign: {
        const Expr& t = *s.targets[0];
        if (t.kind == Expr::Name && s.op == "+") {
            addToName(s, t.name, *s.value, "+=");
        } else if (t.kind == Expr::Name) {
            Ref cur = load(t.name, s.line);
            const Ref r = eval(*s.value);
            Ref v = evalBinOp(s.op + "=", s.line, cur, r);
            cur = Ref();
            store(t.name, v.get(), s.line);
        } else {
            // Load the container once, as DUP_TOP does.
            const Ref container = eval(*t.items[0]);
            const Ref key = t.kind == Expr::Subscript ? eval(*t.items[1]) : Ref();
            Ref cur;
            const Object& c = heap_.obj(container.get());
            if (t.kind == Expr::Attr) {
                cur = Ref::borrow(&heap_, c.items[slotIndex(container.get(), t.name, s.line, true)]);
            } else if (c.type == Type::Dict) {
                auto i = heap_.dictFind(container.get(), key.get());
                if (!i)
                    fail(s.line, "KeyError: " + pyRepr(heap_, key.get()));
                cur = Ref::borrow(&heap_, c.items[*i]);
            } else if (c.type == Type::List) {
                cur = Ref::borrow(&heap_, c.items[index(c, heap_.obj(key.get()), s.line, "list")]);
            } else {
                fail(s.line, "TypeError: '" + typeOf(container.get()) + "' object does not support item assignment");
            }
            const Ref r = eval(*s.value);
            Ref v = evalBinOp(s.op + "=", s.line, cur, r);
            cur = Ref();
            if (t.kind == Expr::Attr)
                heap_.setSlot(container.get(), slotIndex(container.get(), t.name, s.line), v.get());
            else if (heap_.obj(container.get()).type == Type::Dict)
                heap_.dictSetItem(container.get(), key.get(), v.get());
            else
                heap_.listSetItem(container.get(), index(heap_.obj(container.get()), heap_.obj(key.get()), s.line, "list"),
                                  v.get());
        }
        break;
    }
    case Stmt::Del:
        for (const ExprP& t : s.targets)
            del(*t);
        break;
    case Stmt::For:
        execFor(s);
        return;  // the loop makes its own steps
    case Stmt::Def: {
        Ref fn(&heap_, heap_.newFunction(s.function));
        store(s.function->name, fn.get(), s.line);
        break;
    }
    case Stmt::Class: {
        const ClassDef& c = *s.cls;
        const ObjId doc = c.doc ? constants_[size_t(c.doc->constIndex)] : kNull;
        Ref cls(&heap_, heap_.buildClass(s.cls, constants_[size_t(c.slotsValue->constIndex)], doc));
        store(s.cls->name, cls.get(), s.line);
        break;
    }
    case Stmt::Return: {
        if (frames_.size() == 1)
            fail(s.line, "SyntaxError: 'return' outside function");
        ReturnSignal r;
        r.value = s.value ? eval(*s.value) : Ref::borrow(&heap_, heap_.none());
        throw r;
    }
    case Stmt::Import:
        for (const std::string& n : s.names)
            frame().modules.insert(n);
        break;
    }
    statementDone(s.line);
}

void Interpreter::execFor(const Stmt& s) {
    const Expr& call = *s.value;
    if (!call.kwnames.empty() || call.items.size() < 2 || call.items.size() > 3)
        fail(s.line, "range() with one or two arguments is supported in scenarios");
    Ref iter;
    Int start = 0, stop = 0;
    {
        // GET_ITER on a temporary range: the range goes once the iterator exists.
        Ref range = eval(call);
        const Object& r = heap_.obj(range.get());
        start = heap_.obj(r.items[0]).ival;
        stop = heap_.obj(r.items[1]).ival;
        iter = Ref(&heap_, heap_.newRangeIter(range.get()));
    }
    for (Int i = start; i < stop; ++i) {
        Ref v(&heap_, heap_.newInt(i));
        store(s.targets[0]->name, v.get(), s.line);
        v = Ref();
        statementDone(s.line);
        execBlock(s.body);
        warmUp();        // 3.11: JUMP_BACKWARD counts towards quickening
        evalBreaker();  // JUMP_BACKWARD checks the eval breaker
    }
}

// ---- names

bool Interpreter::isModule(const std::string& name) const {
    const Frame& f = frames_.back();
    const bool local = f.def && f.def->locals.count(name);
    return local ? f.modules.count(name) != 0 : frames_.front().modules.count(name) != 0;
}

Frame& Interpreter::scopeOf(const std::string& name) {
    // Python's rule: in a function, a name it binds is local; else global.
    return frame().def && !frame().def->locals.count(name) ? globals() : frame();
}

void Interpreter::store(const std::string& name, ObjId value, int line) {
    (void)line;
    Frame& f = scopeOf(name);
    f.modules.erase(name);
    heap_.incref(value);
    for (auto& [n, v] : f.locals)
        if (n == name) {
            const ObjId old = v;
            v = value;
            heap_.decref(old);
            return;
        }
    f.locals.emplace_back(name, value);
}

Ref Interpreter::load(const std::string& name, int line) {
    const Frame& f = frame();
    const bool local = f.def && f.def->locals.count(name);
    const Frame& scope = local ? f : frames_.front();
    for (const auto& [n, v] : scope.locals)
        if (n == name && v)
            return Ref::borrow(&heap_, v);
    if (scope.modules.count(name))
        fail(line, "modules are supported only in calls such as " + name + ".collect()");
    if (local)
        fail(line, "UnboundLocalError: local variable '" + name + "' referenced before assignment");
    if (isBuiltinName(name))
        fail(line, "builtins are supported only when called, as " + name + "(...)");
    fail(line, "NameError: name '" + name + "' is not defined");
}

// ---- targets

size_t Interpreter::index(const Object& seq, const Object& idx, int line, const char* what) {
    if (idx.type != Type::Int && idx.type != Type::Bool)
        fail(line, std::string("TypeError: ") + what + " indices must be integers");
    const Int n = Int(seq.type == Type::Str || seq.type == Type::Bytes ? seq.sval.size() : seq.items.size());
    Int i = idx.ival < 0 ? idx.ival + n : idx.ival;
    if (i < 0 || i >= n)
        fail(line, std::string("IndexError: ") + what + " index out of range");
    return size_t(i);
}

size_t Interpreter::slotIndex(ObjId inst, const std::string& name, int line, bool mustBeSet, const char* what) {
    if (heap_.obj(inst).type != Type::Instance)
        fail(line, std::string("attributes are supported only on instances of __slots__ classes") + what);
    const Object& o = heap_.obj(inst);
    const auto& names = heap_.obj(o.cls).classDef->slotNames;
    auto it = std::find(names.begin(), names.end(), name);
    if (it == names.end() || (mustBeSet && !o.items[size_t(it - names.begin())]))
        fail(line, "AttributeError: '" + typeOf(inst) + "' object has no attribute '" + name + "'");
    return size_t(it - names.begin());
}

void Interpreter::assign(const Expr& t, const Ref& value) {
    switch (t.kind) {
    case Expr::Name:
        store(t.name, value.get(), t.line);
        return;
    case Expr::Attr: {
        const Ref obj = eval(*t.items[0]);
        heap_.setSlot(obj.get(), slotIndex(obj.get(), t.name, t.line), value.get());
        return;
    }
    case Expr::Subscript: {
        const Ref obj = eval(*t.items[0]);
        const Ref key = eval(*t.items[1]);
        const Object& o = heap_.obj(obj.get());
        if (o.type == Type::List) {
            heap_.listSetItem(obj.get(), index(o, heap_.obj(key.get()), t.line, "list assignment"), value.get());
        } else if (o.type == Type::Dict) {
            if (!heap_.hashable(key.get()))
                fail(t.line, "TypeError: unhashable type: '" + typeOf(key.get()) + "'");
            heap_.dictSetItem(obj.get(), key.get(), value.get());
        } else {
            fail(t.line, "TypeError: '" + typeOf(obj.get()) + "' object does not support item assignment");
        }
        return;
    }
    default:
        fail(t.line, "SyntaxError: cannot assign to expression");
    }
}

void Interpreter::del(const Expr& t) {
    switch (t.kind) {
    case Expr::Name: {
        Frame& f = scopeOf(t.name);
        if (f.modules.erase(t.name))
            return;
        for (auto it = f.locals.begin(); it != f.locals.end(); ++it)
            if (it->first == t.name && it->second) {
                const ObjId old = it->second;
                f.locals.erase(it);
                heap_.decref(old);
                return;
            }
        fail(t.line, "NameError: name '" + t.name + "' is not defined");
    }
    case Expr::Attr: {
        const Ref obj = eval(*t.items[0]);
        heap_.setSlot(obj.get(), slotIndex(obj.get(), t.name, t.line, true), kNull);
        return;
    }
    case Expr::Subscript: {
        const Ref obj = eval(*t.items[0]);
        const Ref key = eval(*t.items[1]);
        const Object& o = heap_.obj(obj.get());
        if (o.type == Type::List) {
            heap_.listDelItem(obj.get(), index(o, heap_.obj(key.get()), t.line, "list assignment"));
        } else if (o.type == Type::Dict) {
            if (!heap_.dictDelItem(obj.get(), key.get()))
                fail(t.line, "KeyError: " + pyRepr(heap_, key.get()));
        } else {
            fail(t.line, "TypeError: '" + typeOf(obj.get()) + "' object doesn't support item deletion");
        }
        return;
    }
    default:
        fail(t.line, "SyntaxError: cannot delete expression");
    }
}

// ---- expressions

Ref Interpreter::eval(const Expr& e) {
    switch (e.kind) {
    case Expr::Constant:
        return Ref::borrow(&heap_, constants_[size_t(e.constIndex)]);
    case Expr::Name:
        return load(e.name, e.line);
    case Expr::BinOp: {
        const Ref l = eval(*e.items[0]);
        const Ref r = eval(*e.items[1]);
        return evalBinOp(e.name, e.line, l, r);
    }
    case Expr::Neg: {
        const Ref v = eval(*e.items[0]);
        const Object& o = heap_.obj(v.get());
        if (o.type != Type::Int && o.type != Type::Bool)
            fail(e.line, "TypeError: bad operand type for unary -: '" + typeOf(v.get()) + "'");
        return Ref(&heap_, heap_.newInt(-o.ival));
    }
    case Expr::Call:
        return evalCall(e);
    case Expr::Attr: {
        const Ref obj = eval(*e.items[0]);
        const size_t i = slotIndex(obj.get(), e.name, e.line, true, " (and in calls of the supported methods)");
        return Ref::borrow(&heap_, heap_.obj(obj.get()).items[i]);
    }
    case Expr::Subscript: {
        const Ref obj = eval(*e.items[0]);
        const Ref key = eval(*e.items[1]);
        const Object& o = heap_.obj(obj.get());
        switch (o.type) {
        case Type::List:
        case Type::Tuple:
            return Ref::borrow(&heap_, o.items[index(o, heap_.obj(key.get()), e.line, typeName(o.type))]);
        case Type::Str:
            return Ref(&heap_, heap_.newStr(std::string(1, o.sval[index(o, heap_.obj(key.get()), e.line, "string")])));
        case Type::Bytes:
            return Ref(&heap_, heap_.newInt((unsigned char)o.sval[index(o, heap_.obj(key.get()), e.line, "bytes")]));
        case Type::Dict: {
            auto i = heap_.dictFind(obj.get(), key.get());
            if (!i)
                fail(e.line, "KeyError: " + pyRepr(heap_, key.get()));
            return Ref::borrow(&heap_, o.items[*i]);
        }
        default:
            fail(e.line, "TypeError: '" + typeOf(obj.get()) + "' object is not subscriptable");
        }
    }
    case Expr::List:
        return displayList(e);
    case Expr::Tuple: {
        std::vector<Ref> refs;
        for (const ExprP& i : e.items)
            refs.push_back(eval(*i));
        std::vector<ObjId> items;
        for (Ref& r : refs)
            items.push_back(r.release());
        return Ref(&heap_, heap_.newTupleFromArray(std::move(items)));  // BUILD_TUPLE
    }
    case Expr::Dict:
        return displayDict(e);
    case Expr::Set:
        return displaySet(e);
    }
    fail(e.line, "unsupported expression");
}

Ref Interpreter::displayList(const Expr& e) {
    auto folded = displayConstants_.find(&e);
    if (folded != displayConstants_.end()) {
        // BUILD_LIST 0; LOAD_CONST (tuple); LIST_EXTEND 1
        Ref list(&heap_, heap_.newList({}));
        heap_.listExtend(list.get(), heap_.obj(folded->second).items, false);
        return list;
    }
    std::vector<Ref> refs;
    for (const ExprP& i : e.items)
        refs.push_back(eval(*i));
    std::vector<ObjId> items;
    for (Ref& r : refs)
        items.push_back(r.release());
    return Ref(&heap_, heap_.newList(std::move(items)));  // BUILD_LIST n
}

Ref Interpreter::displayDict(const Expr& e) {
    std::vector<Ref> refs;
    bool unicode = true;
    for (size_t k = 0; k < e.items.size(); k += 2) {
        refs.push_back(eval(*e.items[k]));
        unicode = unicode && heap_.obj(refs.back().get()).type == Type::Str;
        if (!heap_.hashable(refs.back().get()))
            fail(e.line, "TypeError: unhashable type: '" + typeOf(refs.back().get()) + "'");
        refs.push_back(eval(*e.items[k + 1]));
    }
    // BUILD_MAP / BUILD_CONST_KEY_MAP -> _PyDict_FromItems: presized, then
    // each item inserted in order.
    Ref d(&heap_, heap_.newDictPresized(refs.size() / 2, unicode));
    for (size_t k = 0; k < refs.size(); k += 2)
        heap_.dictSetItem(d.get(), refs[k].get(), refs[k + 1].get());
    return d;
}

Ref Interpreter::displaySet(const Expr& e) {
    std::vector<Ref> refs;
    for (const ExprP& i : e.items) {
        refs.push_back(eval(*i));
        if (!heap_.hashable(refs.back().get()))
            fail(e.line, "TypeError: unhashable type: '" + typeOf(refs.back().get()) + "'");
    }
    Ref s(&heap_, heap_.newSet());
    if (e.items.size() > 2 && allConstant(e.items) && heap_.layout().constDisplayExtends) {
        // BUILD_SET 0; LOAD_CONST frozenset; SET_UPDATE -> set_merge
        std::vector<ObjId> keys;
        for (const Ref& r : refs)
            if (std::none_of(keys.begin(), keys.end(), [&](ObjId k) { return heap_.equal(k, r.get()); }))
                keys.push_back(r.get());
        heap_.setMerge(s.get(), keys);
    } else {
        for (const Ref& r : refs)
            heap_.setAdd(s.get(), r.get());
    }
    return s;
}

Ref Interpreter::evalBinOp(const std::string& opIn, int line, const Ref& l, const Ref& r) {
    const bool inplace = opIn.size() > 1 && opIn.back() == '=' ;
    const std::string op = inplace ? opIn.substr(0, opIn.size() - 1) : opIn;
    const Object& a = heap_.obj(l.get());
    const Object& b = heap_.obj(r.get());
    const bool ai = a.type == Type::Int || a.type == Type::Bool;
    const bool bi = b.type == Type::Int || b.type == Type::Bool;
    if (ai && bi) {
        if ((op == "//" || op == "%") && b.ival == 0)
            fail(line, op == "//" ? "ZeroDivisionError: integer division or modulo by zero"
                                  : "ZeroDivisionError: integer modulo by zero");
        if (op == "**" && b.ival < 0)
            fail(line, "negative powers give floats, which are not supported in scenarios");
        auto v = intBinOp(op, a.ival, b.ival);
        if (!v)
            fail(line, "integers beyond 125 bits are not supported in scenarios");
        return Ref(&heap_, heap_.newInt(*v));
    }
    const bool seqA = a.type == Type::Str || a.type == Type::Bytes;
    if (op == "+" && seqA && a.type == b.type) {
        // PyUnicode_Concat / bytes_concat: an empty operand gives the other back.
        if (b.sval.empty())
            return l;
        if (a.sval.empty())
            return r;
        const std::string s = a.sval + b.sval;
        return Ref(&heap_, a.type == Type::Str ? heap_.newStr(s) : heap_.newBytes(s));
    }
    if (op == "*" && ((seqA && bi) || (ai && (b.type == Type::Str || b.type == Type::Bytes)))) {
        const Object& s = seqA ? a : b;
        const Int n = seqA ? b.ival : a.ival;
        if (n == 1 || s.sval.empty())
            return seqA ? l : r;  // unicode_repeat: the same object
        if (n <= 0)
            return Ref(&heap_, s.type == Type::Str ? heap_.newStr("") : heap_.newBytes(""));
        if (Int(s.sval.size()) * n > Int(100000000))
            fail(line, "strings longer than 100,000,000 are not supported in scenarios");
        std::string out;
        for (Int k = 0; k < n; ++k)
            out += s.sval;
        return Ref(&heap_, s.type == Type::Str ? heap_.newStr(out) : heap_.newBytes(out));
    }
    if (a.type == Type::List && b.type == Type::List && op == "+") {
        if (inplace) {
            // list_inplace_concat: extend in place, the same list back.
            heap_.listExtend(l.get(), std::vector<ObjId>(b.items), false);
            return l;
        }
        return Ref(&heap_, heap_.listConcat(l.get(), r.get()));
    }
    if (op == "*" && ((a.type == Type::List && bi) || (ai && b.type == Type::List))) {
        const Ref& list = a.type == Type::List ? l : r;
        const Int n = a.type == Type::List ? b.ival : a.ival;
        if (inplace)
            fail(line, "'*=' on lists is not supported in scenarios");
        if (n * Int(heap_.obj(list.get()).items.size()) > 10000000)
            fail(line, "lists longer than 10,000,000 are not supported in scenarios");
        return Ref(&heap_, heap_.listRepeat(list.get(), n < 0 ? 0 : n));
    }
    if (a.type == Type::Tuple && b.type == Type::Tuple && op == "+") {
        std::vector<ObjId> items = a.items;
        items.insert(items.end(), b.items.begin(), b.items.end());
        if (b.items.empty())
            return l;
        if (a.items.empty())
            return r;
        for (ObjId i : items)
            heap_.incref(i);
        return Ref(&heap_, heap_.newTuple(std::move(items)));
    }
    fail(line, "TypeError: unsupported operand type(s) for " + opIn + ": '" + typeOf(l.get()) + "' and '" +
                   typeOf(r.get()) + "'");
}

Ref Interpreter::callFunction(ObjId fn, std::vector<Ref> args, int line) {
    const FunctionDef& def = *heap_.obj(fn).function;
    if (args.size() != def.params.size())
        fail(line, "TypeError: " + def.name + "() takes " + std::to_string(def.params.size()) +
                       " positional argument" + (def.params.size() == 1 ? "" : "s") + " but " +
                       std::to_string(args.size()) + (args.size() == 1 ? " was" : " were") + " given");
    if (frames_.size() >= 1000)
        fail(line, "RecursionError: maximum recursion depth exceeded");
    Frame f;
    f.function = def.name;
    f.def = &def;
    f.line = line;
    for (size_t i = 0; i < args.size(); ++i)
        f.locals.emplace_back(def.params[i], args[i].release());
    frames_.push_back(std::move(f));
    const Ref keepFunction = Ref::borrow(&heap_, fn);
    // 3.8-3.10 run the call in a frame object: the code's zombie frame when
    // it has one (function_code_fastcall -> _PyFrame_New_NoTrack).
    ObjId heapFrame = kNull;
    if (heap_.layout().frameBasic) {
        auto [extras, fresh] = frameExtras_.try_emplace(&def, 0u);
        if (fresh)
            extras->second = frameExtras(def, heap_.layout().constDisplayExtends);
        heapFrame = heap_.enterFrame(&def, extras->second, def.name);
    }
    warmUp();        // 3.11: RESUME counts towards quickening
    evalBreaker();  // RESUME
    Ref result;
    int lastLine = line;
    try {
        execBlock(def.body);
        result = Ref::borrow(&heap_, heap_.none());
        if (!def.body.empty())
            lastLine = def.body.back()->line;
    } catch (ReturnSignal& r) {
        result = std::move(r.value);
        lastLine = frame().line;
    }
    // The frame's locals are released in order (_PyFrame_Clear).
    std::vector<std::pair<std::string, ObjId>> locals = std::move(frame().locals);
    frame().locals.clear();
    frames_.pop_back();
    for (auto& [n, v] : locals)
        heap_.decref(v);
    if (heapFrame)
        heap_.leaveFrame(&def, heapFrame);
    step(lastLine, "return from " + def.name + "(): its frame and local names are gone");
    return result;
}

} // namespace arenascope::scenario
