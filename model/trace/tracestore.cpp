// Packing and unpacking of TraceStore events.
#include "model/trace/tracestore.h"

#include <algorithm>

namespace arenascope {

void TraceStore::append(const Event& e, uint64_t line) {
    (void)line;
    if (!skips_.empty() && skips_.back().first == word_.size())
        skips_.back().second = skipped_;
    else if (skipped_ != (skips_.empty() ? 0 : skips_.back().second))
        skips_.emplace_back(uint32_t(word_.size()), skipped_);
    const bool wide = e.ptr > kPtrMask || e.size > 0xffffffffu;
    const bool ext = wide || e.op == Op::Realloc || (e.op == Op::Calloc && e.nelem != 1);
    uint64_t w = (e.ptr & kPtrMask) | (uint64_t(e.op) << 48) | (uint64_t(e.domain) << 51);
    if (ext) {
        w |= kExtBit;
        extIndex_.push_back(uint32_t(word_.size()));
        Ext x{e.ptr, e.size, 0, 0};
        if (e.op == Op::Realloc)
            x.a = e.oldPtr;
        else if (e.op == Op::Calloc) {
            x.a = e.nelem;
            x.b = e.elsize;
        }
        ext_.push_back(x);
    }
    word_.push_back(w);
    size_.push_back(uint32_t(e.size));
}

void TraceStore::noteSkippedLine(uint64_t) { ++skipped_; }

void TraceStore::shrinkToFit() {
    word_.shrink_to_fit();
    size_.shrink_to_fit();
    extIndex_.shrink_to_fit();
    ext_.shrink_to_fit();
    skips_.shrink_to_fit();
    gcRuns_.shrink_to_fit();
    locations_.shrink_to_fit();
}

size_t TraceStore::extRank(size_t i) const {
    return size_t(std::lower_bound(extIndex_.begin(), extIndex_.end(), uint32_t(i)) -
                  extIndex_.begin());
}

Event TraceStore::event(size_t i) const {
    Event e;
    const uint64_t w = word_[i];
    e.op = Op((w >> 48) & 7);
    e.domain = Domain((w >> 51) & 3);
    if (w & kExtBit) {
        const Ext& x = ext_[extRank(i)];
        e.ptr = x.ptr;
        e.size = x.size;
        if (e.op == Op::Realloc)
            e.oldPtr = x.a;
        else if (e.op == Op::Calloc) {
            e.nelem = x.a;
            e.elsize = x.b;
        }
    } else {
        e.ptr = w & kPtrMask;
        e.size = size_[i];
        if (e.op == Op::Calloc) {
            e.nelem = 1;
            e.elsize = e.size;
        }
    }
    return e;
}

uint64_t TraceStore::lineOf(size_t i) const {
    // Line 1 is the header; event i sits after i earlier events and the
    // comment or blank lines before it.
    auto it = std::upper_bound(skips_.begin(), skips_.end(), std::make_pair(uint32_t(i), ~0u));
    const uint64_t skipped = it == skips_.begin() ? 0 : std::prev(it)->second;
    return i + 2 + skipped;
}

size_t TraceStore::bytes() const {
    size_t names = 0;
    for (const std::string& f : files_)
        names += f.capacity();
    return word_.capacity() * sizeof(uint64_t) + size_.capacity() * sizeof(uint32_t) +
           extIndex_.capacity() * sizeof(uint32_t) + ext_.capacity() * sizeof(Ext) +
           skips_.capacity() * sizeof(skips_[0]) + gcRuns_.capacity() * sizeof(GcRun) +
           locations_.capacity() * sizeof(LocationRun) +
           files_.capacity() * sizeof(std::string) + names + sizeof(*this);
}

void TraceStore::annotate(const Annotation& a) {
    const uint32_t next = uint32_t(word_.size());
    switch (a.kind) {
    case AnnotationKind::GcStart: {
        GcRun run;
        run.startStep = run.stopStep = next;
        run.generation = a.generation;
        gcRuns_.push_back(run);
        break;
    }
    case AnnotationKind::GcStop:
        // The reader has checked that a gc_start of this generation is open.
        if (!gcRuns_.empty()) {
            GcRun& run = gcRuns_.back();
            run.stopStep = next;
            run.stopped = true;
            run.collected = a.collected;
            run.uncollectable = a.uncollectable;
        }
        break;
    case AnnotationKind::SourceFile:
        files_.emplace_back(a.path);
        break;
    case AnnotationKind::SourceLine:
        if (!locations_.empty() && locations_.back().firstEvent == next)
            locations_.back() = {next, a.file, a.line};
        else
            locations_.push_back({next, a.file, a.line});
        break;
    case AnnotationKind::Program:
        break;  // a program's state: the program layer keeps it (input.cpp)
    }
}

SourceLocation TraceStore::sourceOf(size_t i) const {
    auto it = std::upper_bound(locations_.begin(), locations_.end(), uint32_t(i),
                               [](uint32_t e, const LocationRun& r) { return e < r.firstEvent; });
    if (it == locations_.begin())
        return {};
    --it;
    if (it->file == 0 || it->file > files_.size())
        return {};
    return {files_[it->file - 1], it->line};
}

} // namespace arenascope
