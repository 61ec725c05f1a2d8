// The collector's runs in a recording that carries their graphs
// (docs/trace-format.md, "The collector's graph"): read from their lines,
// then proved: the model runs the version's phases on the real graph and
// its verdict must be what the real collector did to those objects.
#pragma once

#include "model/pymalloc/event.h"
#include "model/pymalloc/versionrange.h"
#include "model/trace/tracestore.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace arenascope {

// An object of the collector's `young` list at a collection's start.
struct YoungObject {
    uint64_t address = 0, block = 0;
    int64_t refcnt = 0;            // ob_refcnt
    bool finalizer = false;        // tp_finalize will run (a __del__): flag f
    bool legacyFinalizer = false;  // tp_del: flag d
    std::string type;
    std::vector<uint32_t> refs;    // indices into young, as tp_traverse visits them
    // What its dealloc drops besides, which no tp_traverse visits (a code
    // object's tuples, a class's __slots__): only delete_garbage's cascade
    // follows these.
    std::vector<uint32_t> dropped{};
    int64_t weakReferent = -1;     // a weak reference: its referent's index (-1: not in young)
};

struct Collection {
    uint64_t line = 0;        // the gc_start line
    uint32_t generation = 0;
    uint64_t startEvent = 0;  // events before gc_start
    uint64_t stopEvent = 0;   // events before gc_stop
    bool stopped = false;
    uint64_t collected = 0, uncollectable = 0;  // what gc_stop reports
    bool recorded = false;    // a `young` line came (graph or not)
    bool hasGraph = false;    // its objects came too (not over the recorder's cap)
    uint64_t youngCount = 0;
    // The tracked objects outside young that young refers to, after young's
    // own in `young` (refs index both): what the garbage's death may take.
    uint64_t outsideCount = 0;
    std::vector<YoungObject> young;
    // Per young object: its block was freed during the collection, or a
    // free list took it (`freelisted`).
    std::vector<uint8_t> died;
};

// What each phase of gc_collect_main leaves (Modules/gcmodule.c 3.8-3.11,
// Python/gc.c 3.12-3.13), indexed as young.
struct CollectionPhases {
    std::vector<int64_t> gcRefs;       // update_refs, then subtract_refs
    std::vector<uint8_t> unreachable;  // move_unreachable
    std::vector<uint8_t> legacy;       // move_legacy_finalizers(_reachable): to gc.garbage
    // delete_garbage: the garbage, and what dies by reference counting when
    // its references go (young and outside it).
    std::vector<uint8_t> dies;
    size_t legacyCount = 0;
};
CollectionPhases runPhases(const Collection& c);

struct CollectionVerdict {
    bool proven = false;
    std::string reason;  // what disagreed; empty when proven
    size_t garbage = 0;  // unreachable less the legacy finalizers' (the model's)
    size_t died = 0;     // young objects that died (the recording's)
};
CollectionVerdict prove(const Collection& c, const CollectionPhases& p, const PyVersion& version);

// Young's objects by block, to mark those whose block a free releases.
class BlockIndex {
public:
    BlockIndex() = default;
    explicit BlockIndex(const Collection& c);
    void markFreed(Collection& c, const Event& e) const;

private:
    std::vector<uint64_t> keys_;    // blocks, sorted
    std::vector<uint32_t> values_;  // their index in young
};

// Every collection of a recording, and how many the model proves.
struct CollectionsSummary {
    uint64_t collections = 0;  // with a `young` line
    uint64_t proven = 0;
    uint64_t firstUnprovenLine = 0;  // 0: none
    std::string firstUnprovenReason;
};

// Reads the lines gc_start, young, gco, gcr, freelisted and gc_stop, and
// the events between a start and its stop. Streaming (verify), each
// collection is proved at its stop, under `version`, and its graph dropped,
// so memory stays bounded; with `keepGraphs`, all are kept and proved at
// finish (the window, which learns the version when the file is read).
class CollectionReader {
public:
    CollectionReader(std::string file, bool keepGraphs, PyVersion version = {});
    static bool handles(std::string_view keyword);
    // A line from its keyword on, with the number of events before it.
    // Throws InputError naming the file and line for what the format rejects.
    void line(uint64_t lineNo, std::string_view text, uint64_t eventsBefore);
    // Streaming: an event of the recording, in order (only the frees inside
    // a collection matter).
    void event(const Event& e);
    // Once the recording is read. Kept graphs take their frees from `store`
    // (the events between each start and stop) and are proved under `version`.
    CollectionsSummary finish(const PyVersion& version, const TraceStore* store = nullptr);
    // The kept collections (after finish), handed over.
    std::vector<Collection> takeCollections() { return std::move(kept_); }
    // While reading, keeping graphs: the collections kept so far (each at
    // its stop), and the one running once all its graph's objects are read
    // (null outside a collection, without a graph, or before its last gco).
    const std::vector<Collection>& kept() const { return kept_; }
    const Collection* running() const {
        return open_ && current_.hasGraph && current_.young.size() == graphSize() ? &current_ : nullptr;
    }

private:
    [[noreturn]] void fail(const std::string& message) const;
    void start(std::string_view text, uint64_t eventsBefore);
    void youngLine(std::string_view text);
    void object(std::string_view text);
    void references(std::string_view text, bool dropped);
    void weakReferent(std::string_view text);
    void freelisted(std::string_view text);
    void stop(std::string_view text, uint64_t eventsBefore);
    std::vector<uint32_t> indices(std::string_view text) const;
    uint64_t graphSize() const { return current_.youngCount + current_.outsideCount; }
    void judge(const Collection& c, const PyVersion& version);

    std::string file_;
    bool keep_;
    PyVersion version_;
    uint64_t lineNo_ = 0;
    bool open_ = false;
    Collection current_;
    BlockIndex blocks_;  // streaming: the open collection's
    std::vector<Collection> kept_;
    CollectionsSummary summary_;
};

} // namespace arenascope
