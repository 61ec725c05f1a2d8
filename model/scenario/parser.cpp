// A recursive-descent parser over the token list. Names the construct when
// it is real Python but outside the subset, so users know it is not a typo.
#include "model/scenario/parser.h"
#include "model/scenario/constfold.h"
#include "model/scenario/lexer.h"

#include <algorithm>
#include <map>

namespace arenascope::scenario {
namespace {

const std::map<std::string, std::string>& unsupportedKeywords() {
    static const std::map<std::string, std::string> m = {
        {"if", "'if' statements"}, {"elif", "'elif'"}, {"else", "'else'"},
        {"while", "'while' loops"}, {"try", "'try' statements"}, {"except", "'except'"},
        {"finally", "'finally'"}, {"with", "'with' statements"}, {"lambda", "lambda expressions"},
        {"yield", "generators"}, {"async", "async code"}, {"await", "async code"},
        {"assert", "'assert' statements"}, {"raise", "'raise' statements"},
        {"break", "'break'"}, {"continue", "'continue'"}, {"from", "'from ... import'"},
        {"nonlocal", "'nonlocal'"}, {"and", "boolean operators"}, {"or", "boolean operators"},
        {"not", "boolean operators"}, {"is", "comparisons"}, {"in", "comparisons"},
        {"while", "'while' loops"}};
    return m;
}

bool isKeyword(const std::string& n) {
    static const char* const kw[] = {"def", "for", "class", "return", "import", "pass", "del",
                                     "global", "None", "True", "False", "in"};
    for (const char* k : kw)
        if (n == k)
            return true;
    return unsupportedKeywords().count(n) != 0;
}

[[noreturn]] void unsupported(int line, const std::string& what) {
    throw ScenarioError(line, what + " are not supported in scenarios");
}

// _Py_Mangle (Python/compile.c): a private name `__x` in class C is `_C__x`.
std::string mangle(const std::string& className, const std::string& name) {
    if (name.size() < 3 || name.compare(0, 2, "__") != 0 || name.compare(name.size() - 2, 2, "__") == 0)
        return name;
    const size_t start = className.find_first_not_of('_');
    return start == std::string::npos ? name : "_" + className.substr(start) + name;
}

class Parser {
public:
    explicit Parser(std::vector<Token> t) : t_(std::move(t)) {}

    Program program() {
        Program p;
        while (peek().kind != Tok::End)
            statement(p.body);
        collectConstants(p.body, p);
        return p;
    }

private:
    const Token& peek(size_t k = 0) const { return t_[std::min(pos_ + k, t_.size() - 1)]; }
    const Token& next() { return t_[std::min(pos_++, t_.size() - 1)]; }
    bool isOp(const char* o, size_t k = 0) const { return peek(k).kind == Tok::Op && peek(k).text == o; }
    bool isName(const char* n) const { return peek().kind == Tok::Name && peek().text == n; }
    bool acceptOp(const char* o) {
        if (!isOp(o))
            return false;
        ++pos_;
        return true;
    }
    [[noreturn]] void syntaxError() const {
        const Token& t = peek();
        if (t.kind == Tok::Indent)
            throw ScenarioError(t.line, "IndentationError: unexpected indent");
        if (t.kind == Tok::Name) {
            auto u = unsupportedKeywords().find(t.text);
            if (u != unsupportedKeywords().end())
                unsupported(t.line, u->second);
        }
        if (t.kind == Tok::Op && (t.text == "<" || t.text == ">" || t.text == "==" || t.text == "!=" ||
                                  t.text == "<=" || t.text == ">="))
            unsupported(t.line, "comparisons");
        throw ScenarioError(t.line, "SyntaxError: invalid syntax");
    }
    void expectOp(const char* o) {
        if (!acceptOp(o))
            syntaxError();
    }
    std::string expectName() {
        if (peek().kind != Tok::Name || isKeyword(peek().text))
            syntaxError();
        return next().text;
    }
    void expectNewline() {
        if (peek().kind != Tok::Newline)
            syntaxError();
        ++pos_;
    }

    // ---- statements
    void statement(Block& out) {
        const Token& t = peek();
        if (t.kind == Tok::Indent)
            syntaxError();
        if (t.kind == Tok::Name) {
            if (t.text == "def")
                return out.push_back(def());
            if (t.text == "for")
                return out.push_back(forStmt());
            if (t.text == "class")
                return out.push_back(classDef());
            auto u = unsupportedKeywords().find(t.text);
            if (u != unsupportedKeywords().end() && t.text != "not" && t.text != "lambda")
                unsupported(t.line, u->second);
        }
        if (t.kind == Tok::Op && t.text == "@")
            unsupported(t.line, "decorators");
        for (;;) {
            out.push_back(smallStatement());
            if (!acceptOp(";"))
                break;
            if (peek().kind == Tok::Newline)
                break;
        }
        expectNewline();
    }

    Block suite() {
        expectOp(":");
        Block b;
        if (peek().kind != Tok::Newline) {
            statement(b);
            return b;
        }
        ++pos_;
        if (peek().kind != Tok::Indent)
            throw ScenarioError(peek().line, "IndentationError: expected an indented block");
        ++pos_;
        while (peek().kind != Tok::Dedent && peek().kind != Tok::End)
            statement(b);
        if (peek().kind == Tok::Dedent)
            ++pos_;
        return b;
    }

    StmtP def() {
        auto s = std::make_unique<Stmt>(Stmt::Def, next().line);
        auto f = std::make_shared<FunctionDef>();
        f->name = expectName();
        expectOp("(");
        while (!isOp(")")) {
            if (isOp("*") || isOp("**"))
                unsupported(peek().line, "star parameters");
            f->params.push_back(expectName());
            if (isOp("="))
                unsupported(peek().line, "default parameter values");
            if (isOp(":"))
                unsupported(peek().line, "annotations");
            if (!acceptOp(","))
                break;
        }
        expectOp(")");
        if (isOp("->"))
            unsupported(peek().line, "annotations");
        f->body = suite();
        for (const std::string& p : f->params)
            f->locals.insert(p);
        scanLocals(f->body, *f);
        for (const std::string& g : f->globals)
            f->locals.erase(g);
        s->function = f;
        return s;
    }

    // Python's rule: a name bound anywhere in a function body is local to it.
    void scanLocals(const Block& b, FunctionDef& f) {
        for (const StmtP& s : b) {
            if (s->kind == Stmt::Global)
                f.globals.insert(s->names.begin(), s->names.end());
            if (s->kind == Stmt::Def)
                f.locals.insert(s->function->name);
            if (s->kind == Stmt::Class)
                f.locals.insert(s->cls->name);
            if (s->kind == Stmt::Import)
                f.locals.insert(s->names.begin(), s->names.end());
            if (s->kind == Stmt::Assign || s->kind == Stmt::AugAssign || s->kind == Stmt::Del ||
                s->kind == Stmt::For)
                for (const ExprP& t : s->targets)
                    if (t->kind == Expr::Name)
                        f.locals.insert(t->name);
            if (s->kind == Stmt::For)
                scanLocals(s->body, f);
        }
    }

    StmtP forStmt() {
        auto s = std::make_unique<Stmt>(Stmt::For, next().line);
        const int line = peek().line;
        auto target = std::make_unique<Expr>(Expr::Name, line);
        target->name = expectName();
        if (isOp(","))
            unsupported(line, "tuple targets in 'for'");
        s->targets.push_back(std::move(target));
        if (!isName("in"))
            syntaxError();
        ++pos_;
        s->value = expression();
        if (s->value->kind != Expr::Call || s->value->items.empty() || s->value->items[0]->kind != Expr::Name ||
            s->value->items[0]->name != "range")
            unsupported(line, "'for' loops over anything but range(...)");
        s->body = suite();
        return s;
    }

    StmtP classDef() {
        auto s = std::make_unique<Stmt>(Stmt::Class, next().line);
        auto c = std::make_shared<ClassDef>();
        c->name = expectName();
        c->line = s->line;
        if (acceptOp("(")) {
            if (!isOp(")"))
                unsupported(s->line, "base classes");
            expectOp(")");
        }
        expectOp(":");
        expectNewline();
        if (peek().kind != Tok::Indent)
            throw ScenarioError(peek().line, "IndentationError: expected an indented block");
        ++pos_;
        bool haveSlots = false, first = true;
        while (peek().kind != Tok::Dedent && peek().kind != Tok::End) {
            const int line = peek().line;
            if (isName("pass")) {
                ++pos_;
            } else if (peek().kind == Tok::String) {
                ExprP d = expression();
                if (d->kind != Expr::Constant || d->value.kind != Const::Str)
                    unsupported(line, "class bodies other than __slots__ = (...)");
                if (first)
                    c->doc = std::move(d);  // only a leading string is the docstring
            } else if (isName("__slots__")) {
                ++pos_;
                expectOp("=");
                ExprP v = expression();
                haveSlots = true;
                std::vector<std::string> names;
                if (v->kind == Expr::Constant && v->value.kind == Const::Str) {
                    names.push_back(v->value.s);
                } else if (v->kind == Expr::Constant && v->value.kind == Const::Tuple) {
                    for (const Const& k : v->value.items) {
                        if (k.kind != Const::Str)
                            throw ScenarioError(line, "__slots__ must name attributes with strings");
                        names.push_back(k.s);
                    }
                } else {
                    throw ScenarioError(line, "__slots__ must be a string or a tuple of strings in scenarios");
                }
                c->slotNames.clear();
                for (const std::string& n : names) {
                    if (n == "__dict__" || n == "__weakref__")
                        unsupported(line, "__slots__ entries like '" + n + "'");
                    c->slotNames.push_back(mangle(c->name, n));
                }
                std::sort(c->slotNames.begin(), c->slotNames.end());
                c->slotsValue = std::move(v);
            } else if (isName("def")) {
                unsupported(line, "methods");
            } else {
                unsupported(line, "class bodies other than __slots__ = (...)");
            }
            first = false;
            expectNewline();
        }
        if (peek().kind == Tok::Dedent)
            ++pos_;
        if (!haveSlots)
            unsupported(s->line, "classes without __slots__");
        s->cls = c;
        return s;
    }

    StmtP smallStatement() {
        const Token& t = peek();
        const int line = t.line;
        if (t.kind == Tok::Name) {
            if (t.text == "pass") {
                ++pos_;
                return std::make_unique<Stmt>(Stmt::Pass, line);
            }
            if (t.text == "del") {
                ++pos_;
                auto s = std::make_unique<Stmt>(Stmt::Del, line);
                do {
                    ExprP e = postfix();
                    checkTarget(*e, "delete");
                    s->targets.push_back(std::move(e));
                } while (acceptOp(",") && peek().kind != Tok::Newline);
                return s;
            }
            if (t.text == "return") {
                ++pos_;
                auto s = std::make_unique<Stmt>(Stmt::Return, line);
                if (peek().kind != Tok::Newline && !isOp(";"))
                    s->value = tupleOrExpression();
                return s;
            }
            if (t.text == "import") {
                ++pos_;
                auto s = std::make_unique<Stmt>(Stmt::Import, line);
                do {
                    std::string n = expectName();
                    if (isOp("."))
                        unsupported(line, "dotted imports");
                    if (isName("as"))
                        unsupported(line, "'import ... as'");
                    if (n != "gc" && n != "sys")
                        throw ScenarioError(line, "import of '" + n +
                                                      "' is not supported in scenarios (only gc and sys)");
                    s->names.push_back(n);
                } while (acceptOp(","));
                return s;
            }
            if (t.text == "global") {
                ++pos_;
                auto s = std::make_unique<Stmt>(Stmt::Global, line);
                do
                    s->names.push_back(expectName());
                while (acceptOp(","));
                return s;
            }
        }
        ExprP first = tupleOrExpression();
        if (peek().kind == Tok::Op && peek().text.size() >= 2 && peek().text.back() == '=' &&
            peek().text != "==" && peek().text != "<=" && peek().text != ">=" && peek().text != "!=") {
            std::string op = next().text;
            op.pop_back();
            if (op != "+" && op != "-" && op != "*" && op != "//" && op != "%")
                unsupported(line, "'" + op + "=' assignments");
            checkTarget(*first, "assign to");
            if (first->kind == Expr::Tuple)
                throw ScenarioError(line, "SyntaxError: 'tuple' is an illegal expression for augmented assignment");
            auto s = std::make_unique<Stmt>(Stmt::AugAssign, line);
            s->op = op;
            s->targets.push_back(std::move(first));
            s->value = tupleOrExpression();
            return s;
        }
        if (isOp("=")) {
            auto s = std::make_unique<Stmt>(Stmt::Assign, line);
            s->targets.push_back(std::move(first));
            while (acceptOp("=")) {
                if (isName("yield"))
                    unsupported(line, "generators");
                s->targets.push_back(tupleOrExpression());
            }
            s->value = std::move(s->targets.back());
            s->targets.pop_back();
            for (const ExprP& e : s->targets) {
                checkTarget(*e, "assign to");
                if (e->kind == Expr::Tuple)
                    unsupported(line, "tuple unpacking assignments");
            }
            return s;
        }
        if (isOp(":"))
            unsupported(line, "annotations");
        auto s = std::make_unique<Stmt>(Stmt::ExprStmt, line);
        s->value = std::move(first);
        return s;
    }

    void checkTarget(const Expr& e, const char* verb) {
        if (e.kind == Expr::Name || e.kind == Expr::Attr || e.kind == Expr::Subscript)
            return;
        if (e.kind == Expr::Tuple) {
            for (const ExprP& i : e.items)
                checkTarget(*i, verb);
            return;
        }
        const char* what = e.kind == Expr::Call ? "function call" : e.kind == Expr::Constant ? "literal" : "expression";
        throw ScenarioError(e.line, std::string("SyntaxError: cannot ") + verb + " " + what);
    }

    // ---- expressions
    ExprP tupleOrExpression() {
        const int line = peek().line;
        ExprP first = expression();
        if (!isOp(","))
            return first;
        auto t = std::make_unique<Expr>(Expr::Tuple, line);
        t->items.push_back(std::move(first));
        while (acceptOp(",")) {
            if (endOfExpressionList())
                break;
            t->items.push_back(expression());
        }
        return foldTuple(std::move(t));
    }

    bool endOfExpressionList() const {
        const Token& t = peek();
        return t.kind == Tok::Newline || t.kind == Tok::End ||
               (t.kind == Tok::Op && (t.text == ")" || t.text == "=" || t.text == ";" || t.text == "]" ||
                                      t.text == "}" || t.text == ":"));
    }

    ExprP expression() {
        if (isName("lambda"))
            unsupported(peek().line, "lambda expressions");
        if (isName("not"))
            unsupported(peek().line, "boolean operators");
        ExprP e = arith();
        const Token& t = peek();
        if (t.kind == Tok::Op && (t.text == "<" || t.text == ">" || t.text == "==" || t.text == "!=" ||
                                  t.text == "<=" || t.text == ">="))
            unsupported(t.line, "comparisons");
        if (t.kind == Tok::Name && (t.text == "is" || (t.text == "in" && !inFor_)))
            unsupported(t.line, "comparisons");
        if (t.kind == Tok::Name && (t.text == "and" || t.text == "or"))
            unsupported(t.line, "boolean operators");
        if (t.kind == Tok::Name && t.text == "if")
            unsupported(t.line, "conditional expressions");
        if (t.kind == Tok::Op && (t.text == "|" || t.text == "&" || t.text == "^" || t.text == "<<" || t.text == ">>"))
            unsupported(t.line, "bitwise operators");
        if (t.kind == Tok::Op && t.text == ":=")
            unsupported(t.line, "assignment expressions");
        return e;
    }

    ExprP arith() {
        ExprP l = term();
        while (isOp("+") || isOp("-")) {
            const Token& op = next();
            l = binop(op.text, op.line, std::move(l), term());
        }
        return l;
    }

    ExprP term() {
        ExprP l = factor();
        for (;;) {
            if (isOp("/"))
                unsupported(peek().line, "'/' (true division gives floats, which)");
            if (isOp("@"))
                unsupported(peek().line, "matrix multiplication");
            if (!(isOp("*") || isOp("//") || isOp("%")))
                return l;
            const Token& op = next();
            l = binop(op.text, op.line, std::move(l), factor());
        }
    }

    ExprP factor() {
        if (isOp("-") || isOp("+") || isOp("~")) {
            const Token& op = next();
            if (op.text == "~")
                unsupported(op.line, "bitwise operators");
            ExprP operand = factor();
            if (op.text == "+")
                return operand;
            auto e = std::make_unique<Expr>(Expr::Neg, op.line);
            e->items.push_back(std::move(operand));
            return foldNeg(std::move(e));
        }
        ExprP base = postfix();
        if (isOp("**")) {
            const Token& op = next();
            return binop("**", op.line, std::move(base), factor());
        }
        return base;
    }

    ExprP binop(const std::string& op, int line, ExprP l, ExprP r) {
        auto e = std::make_unique<Expr>(Expr::BinOp, line);
        e->name = op;
        e->items.push_back(std::move(l));
        e->items.push_back(std::move(r));
        return foldBinOp(std::move(e));
    }

    ExprP postfix() {
        ExprP e = atom();
        for (;;) {
            const int line = peek().line;
            if (acceptOp("(")) {
                auto c = std::make_unique<Expr>(Expr::Call, e->line);
                c->items.push_back(std::move(e));
                while (!isOp(")")) {
                    if (isOp("*") || isOp("**"))
                        unsupported(line, "star arguments");
                    if (peek().kind == Tok::Name && isOp("=", 1) && !isKeyword(peek().text)) {
                        c->kwnames.push_back(next().text);
                        ++pos_;
                    } else if (!c->kwnames.empty()) {
                        throw ScenarioError(line, "SyntaxError: positional argument follows keyword argument");
                    }
                    c->items.push_back(expression());
                    if (isName("for"))
                        unsupported(line, "comprehensions and generator expressions");
                    if (!acceptOp(","))
                        break;
                }
                expectOp(")");
                e = std::move(c);
            } else if (acceptOp(".")) {
                auto a = std::make_unique<Expr>(Expr::Attr, line);
                a->name = expectName();
                a->items.push_back(std::move(e));
                e = std::move(a);
            } else if (acceptOp("[")) {
                auto s = std::make_unique<Expr>(Expr::Subscript, line);
                s->items.push_back(std::move(e));
                if (isOp(":"))
                    unsupported(line, "slices");
                s->items.push_back(tupleOrExpression());
                if (isOp(":"))
                    unsupported(line, "slices");
                expectOp("]");
                e = std::move(s);
            } else {
                return e;
            }
        }
    }

    ExprP atom() {
        const Token& t = peek();
        const int line = t.line;
        if (t.kind == Tok::Number) {
            ++pos_;
            auto e = std::make_unique<Expr>(Expr::Constant, line);
            e->value.kind = Const::Int;
            e->value.i = parseInt(t.text, line);
            return e;
        }
        if (t.kind == Tok::String || t.kind == Tok::Bytes) {
            auto e = std::make_unique<Expr>(Expr::Constant, line);
            e->value.kind = t.kind == Tok::String ? Const::Str : Const::Bytes;
            while (peek().kind == Tok::String || peek().kind == Tok::Bytes) {
                if ((peek().kind == Tok::String) != (e->value.kind == Const::Str))
                    throw ScenarioError(line, "SyntaxError: cannot mix bytes and nonbytes literals");
                e->value.s += next().text;
            }
            return e;
        }
        if (t.kind == Tok::Name) {
            if (t.text == "None" || t.text == "True" || t.text == "False") {
                ++pos_;
                auto e = std::make_unique<Expr>(Expr::Constant, line);
                e->value.kind = t.text == "None" ? Const::None : t.text == "True" ? Const::True : Const::False;
                return e;
            }
            if (isKeyword(t.text))
                syntaxError();
            auto e = std::make_unique<Expr>(Expr::Name, line);
            e->name = next().text;
            return e;
        }
        if (acceptOp("(")) {
            if (acceptOp(")")) {
                auto e = std::make_unique<Expr>(Expr::Tuple, line);
                return foldTuple(std::move(e));
            }
            ExprP inner = tupleOrExpression();
            if (isName("for"))
                unsupported(line, "comprehensions and generator expressions");
            expectOp(")");
            return inner;
        }
        if (acceptOp("[")) {
            auto e = std::make_unique<Expr>(Expr::List, line);
            while (!isOp("]")) {
                if (isOp("*"))
                    unsupported(line, "star unpacking");
                e->items.push_back(expression());
                if (isName("for"))
                    unsupported(line, "comprehensions and generator expressions");
                if (!acceptOp(","))
                    break;
            }
            expectOp("]");
            return e;
        }
        if (acceptOp("{")) {
            if (acceptOp("}"))
                return std::make_unique<Expr>(Expr::Dict, line);
            if (isOp("**") || isOp("*"))
                unsupported(line, "star unpacking");
            ExprP first = expression();
            if (isName("for"))
                unsupported(line, "comprehensions and generator expressions");
            const bool dict = isOp(":");
            auto e = std::make_unique<Expr>(dict ? Expr::Dict : Expr::Set, line);
            e->items.push_back(std::move(first));
            if (dict) {
                ++pos_;
                e->items.push_back(expression());
                if (isName("for"))
                    unsupported(line, "comprehensions and generator expressions");
            }
            while (acceptOp(",")) {
                if (isOp("}"))
                    break;
                e->items.push_back(expression());
                if (dict) {
                    expectOp(":");
                    e->items.push_back(expression());
                }
            }
            expectOp("}");
            return e;
        }
        if (t.kind == Tok::Op && t.text == "...")
            unsupported(line, "Ellipsis literals");
        syntaxError();
    }

    static Int parseInt(const std::string& digits, int line) {
        std::string d;
        for (char c : digits)
            if (c != '_')
                d += c;
        const bool hex = d.size() > 2 && (d[1] == 'x' || d[1] == 'X');
        if (!hex && d.size() > 1 && d[0] == '0' && d.find_first_not_of('0') != std::string::npos)
            throw ScenarioError(line, "SyntaxError: leading zeros in decimal integer literals are not permitted");
        Int v = 0;
        const Int limit = (Int(1) << 125);
        for (size_t i = hex ? 2 : 0; i < d.size(); ++i) {
            const int digit = hex ? (std::isdigit(static_cast<unsigned char>(d[i])) ? d[i] - '0' : (d[i] | 0x20) - 'a' + 10)
                                  : d[i] - '0';
            v = v * (hex ? 16 : 10) + digit;
            if (v > limit)
                throw ScenarioError(line, "integers beyond 125 bits are not supported in scenarios");
        }
        return v;
    }

    // co_consts: each distinct constant once, in order of appearance.
    void collectConstants(Block& b, Program& p) {
        for (StmtP& s : b) {
            for (ExprP& e : s->targets)
                collectConstants(*e, p);
            if (s->value)
                collectConstants(*s->value, p);
            collectConstants(s->body, p);
            if (s->function)
                collectConstants(s->function->body, p);
            if (s->cls && s->cls->doc)
                collectConstants(*s->cls->doc, p);
            if (s->cls && s->cls->slotsValue)
                collectConstants(*s->cls->slotsValue, p);
        }
    }
    void collectConstants(Expr& e, Program& p) {
        if (e.kind == Expr::Constant) {
            for (size_t i = 0; i < p.constants.size(); ++i)
                if (p.constants[i] == e.value) {
                    e.constIndex = int(i);
                    return;
                }
            e.constIndex = int(p.constants.size());
            p.constants.push_back(e.value);
            p.constantLines.push_back(e.line);
            return;
        }
        for (ExprP& i : e.items)
            collectConstants(*i, p);
    }

    std::vector<Token> t_;
    size_t pos_ = 0;
    bool inFor_ = false;
};

} // namespace

bool Const::operator<(const Const& o) const {
    if (kind != o.kind)
        return kind < o.kind;
    if (i != o.i)
        return i < o.i;
    if (s != o.s)
        return s < o.s;
    return items < o.items;
}

Program parse(const std::string& source) { return Parser(tokenize(source)).program(); }

} // namespace arenascope::scenario
