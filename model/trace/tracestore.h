// A loaded trace kept compact (about 12-13 bytes an event): pointer, op and
// domain packed in one word, the size in another, rare wide values aside.
#pragma once

#include "model/pymalloc/event.h"

#include <cstdint>
#include <string>
#include <vector>

namespace arenascope {

// One run of the collector, from a recorded trace's gc_start/gc_stop lines.
// Steps count events, as the timeline does: the run started after
// `startStep` events and stopped after `stopStep`.
struct GcRun {
    uint64_t startStep = 0, stopStep = 0;
    uint32_t generation = 0;
    bool stopped = false;  // false: the trace ends inside the collection
    uint64_t collected = 0, uncollectable = 0;
};

// The Python line that caused an event ("at" lines); file is empty and line
// 0 when none applies (the interpreter's own start-up, for example).
struct SourceLocation {
    std::string_view file;
    uint32_t line = 0;
};

class TraceStore {
public:
    void append(const Event& e, uint64_t line);
    void noteSkippedLine(uint64_t line);  // a comment or blank line
    void shrinkToFit();

    size_t size() const { return word_.size(); }
    bool empty() const { return word_.empty(); }
    Event event(size_t i) const;
    Op op(size_t i) const { return Op((word_[i] >> 48) & 7); }
    // The returned (or freed) pointer; full width.
    uint64_t ptr(size_t i) const {
        return (word_[i] & kExtBit) ? ext_[extRank(i)].ptr : (word_[i] & kPtrMask);
    }
    uint64_t lineOf(size_t i) const;
    uint8_t flags(size_t i) const { return uint8_t(word_[i] >> 56); }
    void setFlags(size_t i, uint8_t f) {
        word_[i] = (word_[i] & ~(uint64_t(0xff) << 56)) | (uint64_t(f) << 56);
    }
    // Bytes of memory held.
    size_t bytes() const;

    // Annotations (docs/trace-format.md), kept apart from the events so a
    // trace without them costs nothing more: they apply from the next event.
    void annotate(const Annotation& a);
    const std::vector<GcRun>& gcRuns() const { return gcRuns_; }
    bool hasSourceLines() const { return !locations_.empty(); }
    SourceLocation sourceOf(size_t i) const;

    std::string name;          // the file it came from
    std::string pythonComment; // the "# python 3.11.7 ..." line (see PythonLine), if any
    uint64_t lineCount = 0;

private:
    static constexpr uint64_t kPtrMask = (uint64_t(1) << 48) - 1;
    static constexpr uint64_t kExtBit = uint64_t(1) << 53;
    struct Ext { uint64_t ptr, size, a, b; };
    size_t extRank(size_t i) const;

    std::vector<uint64_t> word_;   // ptr:48 | op:3 | domain:2 | ext:1 | spare:2 | flags:8
    std::vector<uint32_t> size_;
    std::vector<uint32_t> extIndex_;  // events with an Ext record, ascending
    std::vector<Ext> ext_;
    // (first event after some skipped lines, skipped lines so far)
    std::vector<std::pair<uint32_t, uint32_t>> skips_;
    uint32_t skipped_ = 0;
    std::vector<GcRun> gcRuns_;
    struct LocationRun { uint32_t firstEvent, file, line; };  // sparse: one per change
    std::vector<LocationRun> locations_;
    std::vector<std::string> files_;  // by file id - 1
};

} // namespace arenascope
