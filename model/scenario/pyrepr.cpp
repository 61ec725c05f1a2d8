// unicode_repr, bytes_repr, list_repr, tuplerepr, dict_repr; recursion is
// cut as Py_ReprEnter does ("[...]").
#include "model/scenario/pyrepr.h"
#include "model/scenario/pyint.h"

#include <cstdio>
#include <set>

namespace arenascope::scenario {
namespace {

std::string quote(const std::string& s, bool bytes) {
    // unicode_repr / bytes_repr: single quotes unless the text has a single
    // quote and no double quote.
    const bool dq = s.find('\'') != std::string::npos && s.find('"') == std::string::npos;
    const char q = dq ? '"' : '\'';
    std::string r = bytes ? "b" : "";
    r += q;
    for (unsigned char c : s) {
        if (c == q || c == '\\') {
            r += '\\';
            r += char(c);
        } else if (c == '\t') {
            r += "\\t";
        } else if (c == '\n') {
            r += "\\n";
        } else if (c == '\r') {
            r += "\\r";
        } else if (c < 0x20 || c >= 0x7f) {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\x%02x", c);
            r += buf;
        } else {
            r += char(c);
        }
    }
    return r + q;
}

std::string repr(const Heap& h, ObjId id, std::set<ObjId>& active) {
    const Object& o = h.obj(id);
    switch (o.type) {
    case Type::None: return "None";
    case Type::Bool: return o.ival ? "True" : "False";
    case Type::Int: return intToString(o.ival);
    case Type::Str: return quote(o.sval, false);
    case Type::Bytes: return quote(o.sval, true);
    case Type::Range: return "range(" + intToString(h.obj(o.items[0]).ival) + ", " + intToString(h.obj(o.items[1]).ival) + ")";
    case Type::Class: return o.isStatic ? "<class '" + o.sval + "'>" : "<class '__main__." + o.sval + "'>";
    case Type::MemberDescr: return "<member '" + o.sval + "' of '" + h.obj(o.items[0]).sval + "' objects>";
    case Type::Weakref:
        return o.cls ? "<weakref; to 'type' (" + h.obj(o.cls).sval + ")>" : "<weakref; dead>";
    case Type::Super: return "<super: <class '" + h.obj(o.items[0]).sval + "'>, <" + h.obj(o.items[0]).sval + " object>>";
    case Type::BuiltinMethod: return "<built-in method " + o.sval + ">";
    case Type::Frame: return "<frame of " + o.sval + ">";
    case Type::Function: return "<function " + o.sval + ">";
    case Type::Instance: return "<__main__." + h.obj(o.cls).sval + " object>";
    default: break;
    }
    if (active.count(id))
        return o.type == Type::List ? "[...]" : o.type == Type::Dict ? "{...}" : "(...)";
    active.insert(id);
    std::string r;
    if (o.type == Type::List || o.type == Type::Tuple || o.type == Type::Set) {
        r = o.type == Type::List ? "[" : o.type == Type::Set ? "{" : "(";
        for (size_t i = 0; i < o.items.size(); ++i)
            r += (i ? ", " : "") + repr(h, o.items[i], active);
        if (o.type == Type::Tuple && o.items.size() == 1)
            r += ",";
        r += o.type == Type::List ? "]" : o.type == Type::Set ? "}" : ")";
        if (o.type == Type::Set && o.items.empty())
            r = "set()";
    } else if (o.type == Type::Dict) {
        r = "{";
        bool first = true;
        for (size_t i = 0; i < o.keys.size(); ++i) {
            if (!o.keys[i])
                continue;
            r += (first ? "" : ", ") + repr(h, o.keys[i], active) + ": " + repr(h, o.items[i], active);
            first = false;
        }
        r += "}";
    }
    active.erase(id);
    return r;
}

} // namespace

std::string pyRepr(const Heap& heap, ObjId id) {
    std::set<ObjId> active;
    return repr(heap, id, active);
}

std::string pyStr(const Heap& heap, ObjId id) {
    const Object& o = heap.obj(id);
    return o.type == Type::Str ? o.sval : pyRepr(heap, id);
}

std::string shortLabel(const Heap& heap, ObjId id) {
    const Object& o = heap.obj(id);
    switch (o.type) {
    case Type::List:
    case Type::Tuple:
    case Type::Set:
        return std::string(typeName(o.type)) + " len " + std::to_string(o.items.size());
    case Type::Dict:
        return "dict len " + std::to_string(o.used);
    case Type::Str:
    case Type::Bytes: {
        std::string r = pyRepr(heap, id);
        return r.size() > 24 ? r.substr(0, 20) + "...'" + " (" + std::to_string(o.sval.size()) + ")" : r;
    }
    case Type::Instance:
        return heap.obj(o.cls).sval + " instance";
    case Type::Function:
        return "function " + o.sval;
    case Type::Class:
        return "class " + o.sval;
    case Type::MemberDescr:
        return (o.items.empty() ? std::string() : heap.obj(o.items[0]).sval + ".") + o.sval;  // beside "member_descriptor"
    case Type::Weakref:
        return o.cls ? "weakref to " + heap.obj(o.cls).sval : "weakref";
    case Type::BuiltinMethod:
        return "builtin method " + o.sval;
    default:
        return o.role.empty() ? pyRepr(heap, id) : o.role;
    }
}

namespace {
bool printableRec(const Heap& heap, ObjId id, std::string* culprit, std::set<ObjId>& seen) {
    if (!seen.insert(id).second)
        return true;
    const Object& o = heap.obj(id);
    switch (o.type) {
    case Type::Instance:
    case Type::Function:
    case Type::RangeIter:
    case Type::SetIter:
    case Type::MemberDescr:
    case Type::Weakref:
    case Type::Super:
    case Type::BuiltinMethod:
    case Type::Frame:
        if (culprit)
            *culprit = std::string("a ") + (o.type == Type::Instance ? heap.obj(o.cls).sval + " instance" : typeName(o.type)) +
                       " (its repr shows a memory address)";
        return false;
    case Type::Set:
        if (o.items.size() > 1 && o.hashOrderUnknown) {
            if (culprit)
                *culprit = "a set of strings or bytes (their hashes, and so the order, change from run to run)";
            return false;
        }
        break;
    default:
        break;
    }
    for (ObjId i : o.keys)
        if (i && !printableRec(heap, i, culprit, seen))
            return false;
    if (o.type == Type::List || o.type == Type::Tuple || o.type == Type::Dict || o.type == Type::Set)
        for (ObjId i : o.items)
            if (i && !printableRec(heap, i, culprit, seen))
                return false;
    return true;
}
} // namespace

bool printable(const Heap& heap, ObjId id, std::string* culprit) {
    std::set<ObjId> seen;
    return printableRec(heap, id, culprit, seen);
}

} // namespace arenascope::scenario
