// The tree-walking interpreter of the scenario subset: frames holding
// local names, evaluation with reference counts as CPython keeps them, and
// the collector run where the profile's CPython runs it.
#pragma once

#include "model/scenario/ast.h"
#include "model/scenario/collector.h"
#include "model/scenario/heap.h"
#include "model/program/programnote.h"
#include "model/scenario/scenarioerror.h"

#include <map>
#include <set>
#include <string>
#include <vector>

namespace arenascope::scenario {

struct Frame {
    std::string function;  // "<module>" for the module's frame
    int line = 0;
    std::vector<std::pair<std::string, ObjId>> locals;  // in binding order; kNull: unbound
    std::set<std::string> modules;  // imported module names bound here (gc, sys)
    const FunctionDef* def = nullptr;
};

// Told when a statement completes (the interpreter's visible steps).
class StatementSink {
public:
    virtual ~StatementSink() = default;
    virtual void statement(int line, const std::string& text) = 0;
};

class Interpreter;

// An owned reference, released when dropped (the evaluation stack).
class Ref {
public:
    Ref() = default;
    Ref(Heap* h, ObjId id) : h_(h), id_(id) {}  // steals a reference
    static Ref borrow(Heap* h, ObjId id) {
        h->incref(id);
        return Ref(h, id);
    }
    Ref(const Ref& o) : h_(o.h_), id_(o.id_) {
        if (h_)
            h_->incref(id_);
    }
    Ref(Ref&& o) noexcept : h_(o.h_), id_(o.id_) { o.id_ = kNull; }
    Ref& operator=(Ref o) noexcept {
        std::swap(h_, o.h_);
        std::swap(id_, o.id_);
        return *this;
    }
    ~Ref() {
        if (h_ && id_)
            h_->decref(id_);
    }
    ObjId get() const { return id_; }
    ObjId release() {
        const ObjId i = id_;
        id_ = kNull;
        return i;
    }
    explicit operator bool() const { return id_ != kNull; }

private:
    Heap* h_ = nullptr;
    ObjId id_ = kNull;
};

class Interpreter {
public:
    Interpreter(const Program& program, const std::vector<std::string>& sourceLines, Heap& heap,
                Collector& collector, StatementSink& sink, std::string& output);

    // Allocates the code's constants (as compiling the module does).
    void compile();
    // Runs the module; throws ScenarioError at the first error.
    void run();
    const std::vector<Frame>& frames() const { return frames_; }
    const std::vector<Note>& notes() const { return notes_; }
    // Told before an automatic collection runs.
    void automaticCollection();
    int currentLine() const { return frames_.back().line; }
    static constexpr uint64_t kMaxSteps = 1000000;

private:
    void execBlock(const Block& b);
    void exec(const Stmt& s);
    void execFor(const Stmt& s);
    Ref eval(const Expr& e);
    Ref evalBinOp(const std::string& op, int line, const Ref& l, const Ref& r);
    Ref evalCall(const Expr& e);
    Ref callFunction(ObjId fn, std::vector<Ref> args, int line);
    Ref displayList(const Expr& e);
    Ref displayDict(const Expr& e);
    Ref displaySet(const Expr& e);
    void assign(const Expr& target, const Ref& value);
    void del(const Expr& target);
    Frame& scopeOf(const std::string& name);  // the frame a store to `name` goes to
    void store(const std::string& name, ObjId value, int line);
    Ref load(const std::string& name, int line);
    bool isModule(const std::string& name) const;
    size_t index(const Object& seq, const Object& idx, int line, const char* what);
    // An instance's slot for `name`; fails like CPython (or names the limit
    // of the subset, with `what` added) when there is none or, with
    // mustBeSet, when it is empty.
    size_t slotIndex(ObjId inst, const std::string& name, int line, bool mustBeSet = false, const char* what = "");
    void statementDone(int line);
    void step(int line, const std::string& text);
    Ref callBuiltin(const std::string& name, std::vector<Ref>& args, const Expr& e);
    Ref callMethod(const Ref& self, const std::string& name, std::vector<Ref>& args, const Expr& e);
    Ref callModule(const std::string& module, const std::string& name, std::vector<Ref>& args, const Expr& e);
    void print(std::vector<Ref>& args, const Expr& e);
    Ref varargsTuple(const std::vector<Ref>& args);
    void reprEnter(ObjId id);
    void reprLeave();
    Ref reprWalk(ObjId id, std::vector<ObjId>& active);  // PyObject_Repr, the string it makes
    std::string writeObject(ObjId v);
    Ref scalarText(ObjId v, bool repr);  // PyObject_Str/Repr of a non-container
    Ref strOf(ObjId v);                  // PyObject_Str
    void lazyIdentifier(const char* name);  // a _Py_IDENTIFIER's first use (up to 3.10)
    void checkSignals();
    void evalBreaker();  // 3.12+: run a scheduled collection
    // `name = name + x` and `name += x` (strappend.cpp): str may grow in place.
    void addToName(const Stmt& s, const std::string& name, const Expr& right, const char* op);
    bool appendsInPlace(const std::string& name, const Stmt& site);
    void unbind(const std::string& name);
    void warmUp();
    bool siteSpecialized(const Expr& call) const;  // has this call site specialized (3.11+)?
    [[noreturn]] void fail(int line, const std::string& msg) const { throw ScenarioError(line, msg); }
    Frame& frame() { return frames_.back(); }
    Frame& globals() { return frames_.front(); }
    std::string typeOf(ObjId id) const;

    const Program& program_;
    const std::vector<std::string>& lines_;
    Heap& heap_;
    Collector& gc_;
    StatementSink& sink_;
    std::string& out_;
    std::vector<Frame> frames_;
    std::vector<ObjId> constants_;
    std::map<const Expr*, ObjId> displayConstants_;
    std::map<const FunctionDef*, unsigned> frameExtras_;  // 3.8-3.10 frame sizes, by code
    std::map<const FunctionDef*, int> warmup_;   // 3.11: RESUMEs and JUMP_BACKWARDs per code object
    std::map<const void*, int> siteRuns_;        // executions of each str += statement and call site  // folded display items (LIST_EXTEND's tuple)
    uint64_t steps_ = 0;
    std::vector<Note> notes_;
    bool fullCollectionSeen_ = false;
    std::set<std::string> identifiersMade_;  // a gc.collect() has run: the start-up no longer shows
    void noteOnce(NoteKind kind);
    bool printKwTupleMade_ = false;  // print's _PyArg_Parser keyword tuple exists
    ObjId reprList_ = kNull;  // the thread state's Py_Repr list, made on first use
};

} // namespace arenascope::scenario
