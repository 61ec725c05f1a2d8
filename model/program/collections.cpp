// The collector's graph lines read, its phases run, and the verdict held
// against what the recording says died.
#include "model/program/collections.h"
#include "model/program/linefields.h"

#include "model/pymalloc/inputerror.h"

#include <algorithm>
#include <cstdint>
#include <numeric>

namespace arenascope {
namespace {

// What becomes of unreachable objects a finalizer resurrected. Up to 3.8,
// check_garbage: if any of them is reachable again after finalize_garbage,
// all of them survive (Modules/gcmodule.c 3.8, collect()). From 3.9,
// handle_resurrected_objects: only those reachable again survive, the rest
// are deleted and counted (bpo-38379; Modules/gcmodule.c 3.9).
enum class Resurrection { WholeSetSurvives, OnlyResurrectedSurvive };
struct ResurrectionRule {
    const char* versions;
    Resurrection rule;
};
constexpr ResurrectionRule kResurrection[] = {
    {"3.6-3.8", Resurrection::WholeSetSurvives},
    {"3.9+", Resurrection::OnlyResurrectedSurvive},
};

Resurrection resurrectionFor(const PyVersion& v) {
    for (const ResurrectionRule& r : kResurrection)
        if (versionRange(r.versions).contains(v))
            return r.rule;
    return Resurrection::OnlyResurrectedSurvive;
}

std::string describe(const Collection& c, size_t i) {
    const YoungObject& o = c.young[i];
    return o.type + " at " + hexPtr(o.address) + " (young #" + std::to_string(i) + ")";
}

std::string plural(size_t n, const char* one, const char* many) {
    return std::to_string(n) + " " + (n == 1 ? one : many);
}

} // namespace

// ------------------------------------------------------------ the phases

CollectionPhases runPhases(const Collection& c) {
    const size_t n = c.hasGraph ? size_t(c.youngCount) : 0;
    CollectionPhases p;
    // update_refs: gc_refs = ob_refcnt; subtract_refs: less each reference
    // from inside young to inside young, once per visit (visit_decref).
    p.gcRefs.resize(n);
    for (size_t i = 0; i < n; ++i)
        p.gcRefs[i] = c.young[i].refcnt;
    for (size_t i = 0; i < n; ++i)
        for (uint32_t r : c.young[i].refs)
            if (r < n)
                --p.gcRefs[r];
    // move_unreachable: what an object with gc_refs > 0 (referred to from
    // outside young) reaches stays; the rest is unreachable. The set does
    // not depend on the order the list is walked in.
    std::vector<uint8_t> reached(n, 0);
    std::vector<uint32_t> stack;
    for (size_t i = 0; i < n; ++i)
        if (p.gcRefs[i] > 0) {
            reached[i] = 1;
            stack.push_back(uint32_t(i));
        }
    while (!stack.empty()) {
        const uint32_t i = stack.back();
        stack.pop_back();
        for (uint32_t r : c.young[i].refs)
            if (r < n && !reached[r]) {
                reached[r] = 1;
                stack.push_back(r);
            }
    }
    p.unreachable.resize(n);
    for (size_t i = 0; i < n; ++i)
        p.unreachable[i] = !reached[i];
    // move_legacy_finalizers and move_legacy_finalizer_reachable: an object
    // with tp_del, and the unreachable objects it reaches, go to gc.garbage.
    p.legacy.assign(n, 0);
    for (size_t i = 0; i < n; ++i)
        if (p.unreachable[i] && c.young[i].legacyFinalizer) {
            p.legacy[i] = 1;
            stack.push_back(uint32_t(i));
        }
    while (!stack.empty()) {
        const uint32_t i = stack.back();
        stack.pop_back();
        for (uint32_t r : c.young[i].refs)
            if (r < n && p.unreachable[r] && !p.legacy[r]) {
                p.legacy[r] = 1;
                stack.push_back(r);
            }
    }
    p.legacyCount = size_t(std::count(p.legacy.begin(), p.legacy.end(), 1));
    // delete_garbage clears the garbage (tp_clear), and each reference it
    // drops is a decref: an object whose last references those were dies,
    // and drops its own, those its dealloc drops too (Python/gc.c
    // 3.12-3.13, Modules/gcmodule.c before).
    const size_t all = c.young.size();
    p.dies.assign(all, 0);
    std::vector<int64_t> count(all);
    for (size_t i = 0; i < all; ++i) {
        count[i] = c.young[i].refcnt;
        if (i < n && p.unreachable[i] && !p.legacy[i]) {
            p.dies[i] = 1;
            stack.push_back(uint32_t(i));
        }
    }
    while (!stack.empty()) {
        const uint32_t i = stack.back();
        stack.pop_back();
        for (const auto* refs : {&c.young[i].refs, &c.young[i].dropped})
            for (uint32_t r : *refs)
                if (!p.dies[r] && --count[r] == 0) {
                    p.dies[r] = 1;
                    stack.push_back(r);
                }
    }
    return p;
}

// ------------------------------------------------------------ the verdict

CollectionVerdict prove(const Collection& c, const CollectionPhases& p, const PyVersion& version) {
    CollectionVerdict v;
    if (!c.hasGraph) {
        v.reason = "its graph was not recorded (" + plural(size_t(c.youngCount), "object", "objects") +
                   ", over the recorder's limit)";
        return v;
    }
    const size_t n = size_t(c.youngCount);
    for (size_t i = 0; i < n; ++i)
        if (p.gcRefs[i] < 0) {
            v.reason = "subtract_refs leaves " + describe(c, i) + " with gc_refs " +
                       std::to_string(p.gcRefs[i]) + ": more references than its count";
            return v;
        }
    // A weak reference outside the garbage whose referent is garbage may
    // die with it: handle_weakrefs clears it and calls its callback (a
    // WeakValueDictionary's drops it), and the referent's dealloc may drop
    // it (type_dealloc removes a class from its base's tp_subclasses).
    // So may a dict that holds only such weak references: the base class's
    // tp_subclasses, which remove_subclass clears once it is empty
    // (Objects/typeobject.c, 3.8-3.13). The collector cannot see it: no
    // tp_traverse visits tp_subclasses.
    auto garbageAt = [&](size_t i) { return i < n && p.unreachable[i] && !p.legacy[i]; };
    std::vector<uint8_t> calledBack(c.young.size(), 0);
    for (size_t i = 0; i < c.young.size(); ++i) {
        const int64_t r = c.young[i].weakReferent;
        calledBack[i] = r >= 0 && !garbageAt(i) && garbageAt(size_t(r));
    }
    for (size_t i = 0; i < n; ++i)
        if (c.young[i].type == "dict" && !c.young[i].refs.empty() && !p.unreachable[i])
            calledBack[i] = std::all_of(c.young[i].refs.begin(), c.young[i].refs.end(),
                                        [&](uint32_t r) { return c.young[r].weakReferent >= 0 && calledBack[r]; });
    size_t notDied = 0, diedReachable = 0, firstNotDied = n, firstDiedReachable = n;
    bool finalizers = false;
    for (size_t i = 0; i < n; ++i) {
        const bool garbage = p.unreachable[i] && !p.legacy[i];
        v.garbage += garbage;
        v.died += c.died[i];
        finalizers |= garbage && c.young[i].finalizer;
        if (garbage && !c.died[i] && notDied++ == 0)
            firstNotDied = i;
        if (!garbage && !calledBack[i] && !p.dies[i] && c.died[i] && diedReachable++ == 0)
            firstDiedReachable = i;
    }
    if (c.uncollectable != p.legacyCount) {
        v.reason = "the collector reported " + std::to_string(c.uncollectable) +
                   " uncollectable; the model finds " + std::to_string(p.legacyCount);
        return v;
    }
    if (diedReachable) {
        v.reason = plural(diedReachable, "object", "objects") + " died that the model finds reachable (first: " +
                   describe(c, firstDiedReachable) + ")";
        return v;
    }
    // A __del__ may resurrect what it reaches (finalize_garbage): then what
    // survives is the version's rule. Otherwise all the garbage dies.
    if (notDied && !(finalizers && (resurrectionFor(version) == Resurrection::OnlyResurrectedSurvive ||
                                    notDied == v.garbage))) {
        v.reason = plural(notDied, "object", "objects") + " the model finds unreachable did not die (first: " +
                   describe(c, firstNotDied) + ")";
        return v;
    }
    // What the collector counts as collected: the garbage deleted, and the
    // weak references freed after their callbacks (handle_weakrefs' return),
    // but not those their referent's dealloc dropped.
    size_t diedGarbage = 0, diedWeak = 0;
    for (size_t i = 0; i < n; ++i) {
        diedGarbage += c.died[i] && p.unreachable[i] && !p.legacy[i];
        diedWeak += c.died[i] && calledBack[i];
    }
    if (c.collected < diedGarbage || c.collected > diedGarbage + diedWeak) {
        v.reason = "the collector reported " + std::to_string(c.collected) + " collected; " +
                   plural(v.died, "object", "objects") + " died (the model finds " + std::to_string(v.garbage) +
                   " unreachable)";
        return v;
    }
    v.proven = true;
    return v;
}

// ------------------------------------------------------------ reading

CollectionReader::CollectionReader(std::string file, bool keepGraphs, PyVersion version)
    : file_(std::move(file)), keep_(keepGraphs), version_(version) {}

bool CollectionReader::handles(std::string_view kw) {
    return kw == "gc_start" || kw == "gc_stop" || kw == "young" || kw == "gco" || kw == "gcr" ||
           kw == "gcd" || kw == "gcw" || kw == "freelisted";
}

void CollectionReader::fail(const std::string& message) const {
    throw InputError(file_, lineNo_, message);
}

void CollectionReader::line(uint64_t lineNo, std::string_view text, uint64_t eventsBefore) {
    lineNo_ = lineNo;
    const std::string_view kw = keywordOf(text);
    if (kw == "gc_start")
        return start(text, eventsBefore);
    if (kw == "gc_stop")
        return stop(text, eventsBefore);
    if (!open_ || (kw != "young" && !current_.recorded))
        fail("'" + std::string(kw) + "' outside a collection: it follows a gc_start" +
             (kw == "young" ? "" : " and its young line"));
    if (kw == "young")
        youngLine(text);
    else if (kw == "gco")
        object(text);
    else if (kw == "gcr" || kw == "gcd")
        references(text, kw == "gcd");
    else if (kw == "gcw")
        weakReferent(text);
    else
        freelisted(text);
}

void CollectionReader::start(std::string_view text, uint64_t eventsBefore) {
    // The trace reader has checked the gc_start/gc_stop pairing.
    const LineFields f(file_, lineNo_, text, 1, false, "GENERATION");
    current_ = Collection();
    current_.line = lineNo_;
    current_.generation = uint32_t(f.number(0, "generation"));
    current_.startEvent = eventsBefore;
    blocks_ = BlockIndex();
    open_ = true;
}

void CollectionReader::youngLine(std::string_view text) {
    if (current_.recorded)
        fail("a second 'young' line in one collection");
    const LineFields f(file_, lineNo_, text, 2, false, "N M, or N -");
    current_.recorded = true;
    current_.hasGraph = f[1] != "-";
    current_.youngCount = f.number(0, "object count");
    current_.outsideCount = current_.hasGraph ? f.number(1, "object count") : 0;
    if (current_.hasGraph && current_.youngCount + current_.outsideCount > 100000000)
        fail("a graph of " + std::to_string(current_.youngCount + current_.outsideCount) +
             " objects: more than the recorder writes");
    if (current_.hasGraph)
        current_.young.reserve(size_t(current_.youngCount + current_.outsideCount));
}

void CollectionReader::object(std::string_view text) {
    if (!current_.hasGraph || current_.young.size() >= graphSize())
        fail("'gco' past the " + std::to_string(graphSize()) + " objects its 'young' line counts");
    const LineFields f(file_, lineNo_, text, 5, false, "ADDR BLOCK REFCNT FLAGS TYPE");
    YoungObject o;
    o.address = f.pointer(0);
    o.block = f.pointer(1);
    o.refcnt = int64_t(std::min<uint64_t>(f.number(2, "reference count"), uint64_t(INT64_MAX)));
    const std::string_view flags = f[3];
    if (flags != "-")
        for (char ch : flags) {
            if (ch == 'f')
                o.finalizer = true;
            else if (ch == 'd')
                o.legacyFinalizer = true;
            else
                fail("bad flags '" + shownToken(flags) + "': expected -, or f and d");
        }
    o.type = std::string(f[4]);
    current_.young.push_back(std::move(o));
    if (current_.young.size() == graphSize()) {
        current_.died.assign(current_.young.size(), 0);
        if (!keep_)  // streaming: the frees that follow are looked up as they come
            blocks_ = BlockIndex(current_);
    }
}

std::vector<uint32_t> CollectionReader::indices(std::string_view text) const {
    std::vector<uint32_t> out;
    size_t p = keywordOf(text).size();
    while (p < text.size()) {
        while (p < text.size() && (text[p] == ' ' || text[p] == '\t'))
            ++p;
        const size_t s = p;
        while (p < text.size() && text[p] != ' ' && text[p] != '\t')
            ++p;
        if (s == p)
            break;
        uint64_t v = 0;
        if (std::string e = readDecimal(text.substr(s, p - s), "index", v); !e.empty())
            fail(e);
        if (v >= graphSize())
            fail("index " + std::to_string(v) + " past the graph's " + std::to_string(graphSize()) + " objects");
        out.push_back(uint32_t(v));
    }
    if (out.empty())
        fail("'" + std::string(keywordOf(text)) + "' takes one index or more; found none");
    return out;
}

void CollectionReader::references(std::string_view text, bool dropped) {
    if (current_.young.empty())
        fail("'" + std::string(keywordOf(text)) + "' before any 'gco': references belong to the object before them");
    std::vector<uint32_t> more = indices(text);
    auto& refs = dropped ? current_.young.back().dropped : current_.young.back().refs;
    refs.insert(refs.end(), more.begin(), more.end());
}

void CollectionReader::weakReferent(std::string_view text) {
    if (current_.young.empty())
        fail("'gcw' before any 'gco': a weak reference's referent belongs to the object before it");
    const std::vector<uint32_t> r = indices(text);
    if (r.size() != 1)
        fail("'gcw' takes one index; found " + std::to_string(r.size()));
    current_.young.back().weakReferent = r[0];
}

void CollectionReader::freelisted(std::string_view text) {
    if (current_.young.size() != graphSize() || !current_.hasGraph)
        fail("'freelisted' before the graph's last object");
    for (uint32_t i : indices(text))
        current_.died[i] = 1;
}

void CollectionReader::event(const Event& e) {
    if (open_ && !keep_)
        blocks_.markFreed(current_, e);
}

void CollectionReader::stop(std::string_view text, uint64_t eventsBefore) {
    const LineFields f(file_, lineNo_, text, 3, false, "GENERATION COLLECTED UNCOLLECTABLE");
    open_ = false;
    if (!current_.recorded)
        return;  // a collection with no graph line: a plain recording's
    if (current_.hasGraph && current_.young.size() != graphSize())
        fail("the collection stopped after " + std::to_string(current_.young.size()) + " of the " +
             std::to_string(graphSize()) + " objects its 'young' line counts");
    current_.stopped = true;
    current_.stopEvent = eventsBefore;
    current_.collected = f.number(1, "count");
    current_.uncollectable = f.number(2, "count");
    if (keep_)
        kept_.push_back(std::move(current_));
    else
        judge(current_, version_);
    current_ = Collection();
}

void CollectionReader::judge(const Collection& c, const PyVersion& version) {
    const CollectionVerdict v = prove(c, runPhases(c), version);
    ++summary_.collections;
    if (v.proven) {
        ++summary_.proven;
    } else if (!summary_.firstUnprovenLine) {
        summary_.firstUnprovenLine = c.line;
        summary_.firstUnprovenReason = "collection of generation " + std::to_string(c.generation) + ": " + v.reason;
    }
}

CollectionsSummary CollectionReader::finish(const PyVersion& version, const TraceStore* store) {
    if (keep_) {
        summary_ = CollectionsSummary();
        for (Collection& c : kept_) {
            if (store && c.hasGraph) {
                const BlockIndex blocks(c);
                for (uint64_t i = c.startEvent; i < c.stopEvent && i < store->size(); ++i)
                    blocks.markFreed(c, store->event(size_t(i)));
            }
            judge(c, version);
        }
    }
    return summary_;
}

// ------------------------------------------------------------ frees

BlockIndex::BlockIndex(const Collection& c) {
    std::vector<uint32_t> order(c.young.size());
    std::iota(order.begin(), order.end(), 0u);
    std::sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) { return c.young[a].block < c.young[b].block; });
    keys_.reserve(order.size());
    values_.reserve(order.size());
    for (uint32_t i : order) {
        keys_.push_back(c.young[i].block);
        values_.push_back(i);
    }
}

void BlockIndex::markFreed(Collection& c, const Event& e) const {
    uint64_t freed = 0;
    if (e.op == Op::Free)
        freed = e.ptr;
    else if (e.op == Op::Realloc && e.ptr != e.oldPtr)
        freed = e.oldPtr;
    if (!freed || keys_.empty())
        return;
    auto it = std::lower_bound(keys_.begin(), keys_.end(), freed);
    if (it != keys_.end() && *it == freed)
        c.died[values_[size_t(it - keys_.begin())]] = 1;
}

} // namespace arenascope
