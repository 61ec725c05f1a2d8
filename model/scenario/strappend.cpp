// `s = s + t` and `s += t` on strings. When the name holds the only other
// reference, CPython lets go of it first and PyUnicode_Append resizes the
// string where it is (PyObject_Realloc) instead of making a new one. Which
// sites do this depends on the version (Layout::StrAppend; measured with
// id() under each interpreter).
#include "model/scenario/interpreter.h"

namespace arenascope::scenario {

void Interpreter::warmUp() {
    // _PyCode_Warmup (3.11): the code is quickened once its RESUMEs and
    // JUMP_BACKWARDs reach QUICKENING_WARMUP_DELAY. (The module's code is
    // keyed by a null FunctionDef.)
    if (heap_.layout().strAppend == Layout::StrAppend::AfterWarmup)
        ++warmup_[frame().def];
}

bool Interpreter::siteSpecialized(const Expr& call) const {
    // 3.11: the first run after the code is quickened specializes a site;
    // 3.12+: its second run.
    switch (heap_.layout().strAppend) {
    case Layout::StrAppend::AfterWarmup: {
        auto w = warmup_.find(frames_.back().def);
        return w != warmup_.end() && w->second >= heap_.layout().quickeningWarmup;
    }
    case Layout::StrAppend::SecondRun: {
        auto r = siteRuns_.find(&call);
        return r != siteRuns_.end() && r->second >= 2;
    }
    default:
        return false;
    }
}

bool Interpreter::appendsInPlace(const std::string& name, const Stmt& site) {
    const Frame& f = frame();
    const bool fast = f.def && f.def->locals.count(name) && !f.def->globals.count(name);  // STORE_FAST
    switch (heap_.layout().strAppend) {
    case Layout::StrAppend::Concatenate:
        // unicode_concatenate (Python/ceval.c): STORE_FAST and STORE_NAME,
        // not STORE_GLOBAL.
        return fast || !f.def;
    case Layout::StrAppend::AfterWarmup: {
        // BINARY_OP_INPLACE_ADD_UNICODE needs STORE_FAST, and is chosen by
        // the first run of the site after the code is quickened.
        if (!fast)
            return false;
        auto w = warmup_.find(f.def);
        return w != warmup_.end() && w->second >= heap_.layout().quickeningWarmup;
    }
    case Layout::StrAppend::SecondRun:
        // 3.12+ quickens at once; the site's counter lets the first run go
        // by and specializes on the second.
        return fast && ++siteRuns_[&site] >= 2;
    }
    return false;
}

void Interpreter::unbind(const std::string& name) {
    // SETLOCAL(oparg, NULL) / PyDict_DelItem(locals, name): the name drops
    // its reference so the string's count can reach 1.
    Frame& f = scopeOf(name);
    for (auto& [n, v] : f.locals)
        if (n == name && v) {
            const ObjId old = v;
            v = kNull;
            heap_.decref(old);
            return;
        }
}

void Interpreter::addToName(const Stmt& s, const std::string& name, const Expr& right, const char* op) {
    Ref left = load(name, s.line);
    const Ref r = eval(right);
    const bool inPlace = appendsInPlace(name, s);
    const bool strs = heap_.obj(left.get()).type == Type::Str && heap_.obj(r.get()).type == Type::Str;
    // unicode_concatenate also wants the count to be exactly the name's and the stack's.
    if (!strs || !inPlace ||
        (heap_.layout().strAppend == Layout::StrAppend::Concatenate && heap_.obj(left.get()).refcnt != 2)) {
        Ref v = evalBinOp(op, s.line, left, r);
        left = Ref();
        store(name, v.get(), s.line);
        return;
    }
    unbind(name);
    // PyUnicode_Append: an empty side gives the other back; a string only
    // this reference holds, never hashed nor interned, grows in place.
    Ref result;
    if (heap_.obj(r.get()).sval.empty()) {
        result = left;
    } else if (heap_.obj(left.get()).sval.empty()) {
        result = r;
    } else if (heap_.strModifiable(left.get())) {
        heap_.strAppendInPlace(left.get(), heap_.obj(r.get()).sval);
        result = left;
    } else {
        result = Ref(&heap_, heap_.newStr(heap_.obj(left.get()).sval + heap_.obj(r.get()).sval));
    }
    left = Ref();
    store(name, result.get(), s.line);
}

} // namespace arenascope::scenario
