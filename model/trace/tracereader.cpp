// The version-1 trace parser: chunked reading, zlib for .gz, one pass over
// each line with no allocation on the hot path.
#include "model/trace/tracereader.h"
#include "model/trace/fields.h"

#include <zlib.h>

#include <algorithm>
#include <array>
#include <condition_variable>
#include <cstdio>
#include <cstring>
#include <deque>
#include <exception>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace arenascope {
namespace {

constexpr size_t kChunk = 1 << 20;


// Value of a lower-case hexadecimal digit, or 0xff.
constexpr std::array<uint8_t, 256> makeHexTable() {
    std::array<uint8_t, 256> t{};
    for (auto& v : t)
        v = 0xff;
    for (int c = '0'; c <= '9'; ++c)
        t[size_t(c)] = uint8_t(c - '0');
    for (int c = 'a'; c <= 'f'; ++c)
        t[size_t(c)] = uint8_t(c - 'a' + 10);
    return t;
}
constexpr std::array<uint8_t, 256> kHexDigit = makeHexTable();

class LineParser {
public:
    LineParser(std::string name, TraceSink& sink) : name_(std::move(name)), sink_(sink) {}

    // Feeds bytes; complete lines are parsed, a partial line is kept.
    void feed(const char* data, size_t n) {
        const char* p = data;
        const char* end = data + n;
        if (!carry_.empty()) {
            const char* nl = static_cast<const char*>(std::memchr(p, '\n', n));
            if (!nl) {
                carry_.append(p, n);
                checkCarry();
                return;
            }
            carry_.append(p, nl);
            checkCarry();
            line(carry_.data(), carry_.data() + carry_.size());
            carry_.clear();
            p = nl + 1;
        }
        for (;;) {
            const char* nl = static_cast<const char*>(std::memchr(p, '\n', size_t(end - p)));
            if (!nl)
                break;
            line(p, nl);
            p = nl + 1;
        }
        carry_.assign(p, end);
        checkCarry();
    }

    void finish() {
        if (!carry_.empty()) {
            line(carry_.data(), carry_.data() + carry_.size());
            carry_.clear();
        }
        if (lineNo_ == 0)
            throw InputError(name_, 1, "empty file: expected the header 'pymalloc-trace 1'");
    }

    uint64_t linesRead() const { return lineNo_; }
    bool midLine() const { return !carry_.empty(); }

private:
    void checkCarry() {
        if (carry_.size() > kMaxLineLength)
            throw InputError(name_, lineNo_ + 1,
                             "line longer than " + std::to_string(kMaxLineLength) + " bytes");
    }

    [[noreturn]] void fail(const std::string& msg) { throw InputError(name_, lineNo_, msg); }

    void line(const char* b, const char* e) {
        ++lineNo_;
        if (e - b > static_cast<std::ptrdiff_t>(kMaxLineLength))
            fail("line longer than " + std::to_string(kMaxLineLength) + " bytes");
        if (e > b && e[-1] == '\r')
            --e;
        if (lineNo_ == 1) {
            header(std::string_view(b, size_t(e - b)));
            return;
        }
        if (b == e) {
            sink_.onBlankLine(lineNo_);
            return;
        }
        if (*b == '#') {
            sink_.onComment(lineNo_, std::string_view(b, size_t(e - b)));
            return;
        }
        if (fastLine(b, e))
            return;
        // Split into fields, keeping the first 6 (n counts them all).
        std::string_view f[6];
        int n = 0;
        const char* p = b;
        while (p < e) {
            while (p < e && (*p == ' ' || *p == '\t'))
                ++p;
            if (p == e)
                break;
            const char* s = p;
            while (p < e && *p != ' ' && *p != '\t')
                ++p;
            if (n < 6)
                f[n] = std::string_view(s, size_t(p - s));
            ++n;
        }
        if (n == 0) {
            sink_.onBlankLine(lineNo_);
            return;
        }
        Event ev;
        const std::string_view kw = f[0];
        auto need = [&](int fields, const char* shape) {
            if (n != fields)
                fail("'" + std::string(kw) + "' takes " + shape + "; found " +
                     std::to_string(n - 1) + (n - 1 == 1 ? " field" : " fields"));
        };
        if (kw == "malloc") {
            need(4, "DOMAIN SIZE PTR");
            ev.op = Op::Malloc;
            ev.domain = domain(f[1]);
            ev.size = number(f[2], "size");
            ev.ptr = pointer(f[3]);
        } else if (kw == "free") {
            need(3, "DOMAIN PTR");
            ev.op = Op::Free;
            ev.domain = domain(f[1]);
            ev.ptr = pointer(f[2]);
        } else if (kw == "realloc") {
            need(5, "DOMAIN OLDPTR SIZE NEWPTR");
            ev.op = Op::Realloc;
            ev.domain = domain(f[1]);
            ev.oldPtr = pointer(f[2]);
            ev.size = number(f[3], "size");
            ev.ptr = pointer(f[4]);
        } else if (kw == "calloc") {
            need(5, "DOMAIN NELEM ELSIZE PTR");
            ev.op = Op::Calloc;
            ev.domain = domain(f[1]);
            ev.nelem = number(f[2], "element count");
            ev.elsize = number(f[3], "element size");
            if (ev.elsize != 0 && ev.nelem > ~uint64_t(0) / ev.elsize)
                fail("calloc size " + std::string(f[2]) + " x " + std::string(f[3]) +
                     " overflows 64 bits");
            ev.size = ev.nelem * ev.elsize;
            ev.ptr = pointer(f[4]);
        } else if (kw == "arena_alloc" || kw == "arena_free") {
            need(3, "ADDR SIZE");
            ev.op = kw == "arena_alloc" ? Op::ArenaAlloc : Op::ArenaFree;
            ev.ptr = pointer(f[1]);
            ev.size = number(f[2], "size");
            if (ev.ptr == 0)
                fail("arena address 0x0");
        } else if (kw == "pymalloc-trace") {
            fail("a second header: 'pymalloc-trace' belongs on line 1 only");
        } else if (kw == "gc_start" || kw == "gc_stop" || kw == "file" || kw == "at") {
            annotation(kw, f, n, b, e);
            return;
        } else if (programKeyword(kw)) {
            // The program layer reads these (model/program/steprecording.h);
            // it gets the line from the keyword on.
            Annotation a;
            a.kind = AnnotationKind::Program;
            sink_.onAnnotation(lineNo_, a, std::string_view(kw.data(), size_t(e - kw.data())));
            return;
        } else {
            fail("unknown event '" + shownToken(kw) +
                 "': expected malloc, calloc, realloc, free, arena_alloc or arena_free");
        }
        sink_.onEvent(ev, lineNo_);
    }

    // The keywords of a stepped recording's program lines (docs/trace-format.md,
    // "Steps"). Event lines as recorders write them take the fast path and
    // never come here; others meet these only after the event keywords.
    static bool programKeyword(std::string_view kw) {
        switch (kw.size()) {
        case 2: return kw == "gc";
        case 3: return kw == "obj" || kw == "ref" || kw == "cut" || kw == "out" || kw == "gco" || kw == "gcr" || kw == "gcd" || kw == "gcw";
        case 4: return kw == "step" || kw == "name" || kw == "drop";
        case 5: return kw == "frame" || kw == "young" || kw == "limit";
        case 6: return kw == "source" || kw == "norefs";
        case 10: return kw == "freelisted";
        default: return false;
        }
    }

    // The annotation lines (docs/trace-format.md, "Annotations"), checked
    // against the ones before them: a gc_stop ends the gc_start of its
    // generation, file ids count up from 1, an "at" names a declared file.
    void annotation(std::string_view kw, const std::string_view* f, int n, const char* b,
                    const char* e) {
        auto need = [&](bool ok, const char* shape) {
            if (!ok)
                fail("'" + std::string(kw) + "' takes " + shape + "; found " +
                     std::to_string(n - 1) + (n - 1 == 1 ? " field" : " fields"));
        };
        Annotation a;
        if (kw == "gc_start" || kw == "gc_stop") {
            const bool start = kw == "gc_start";
            need(n == (start ? 2 : 4), start ? "GENERATION" : "GENERATION COLLECTED UNCOLLECTABLE");
            const uint64_t gen = number(f[1], "generation");
            if (gen > 2)
                fail("generation " + std::string(f[1]) + ": the collector has generations 0, 1 and 2");
            a.generation = uint32_t(gen);
            if (start) {
                if (gcOpen_ >= 0)
                    fail("gc_start while the collection of generation " + std::to_string(gcOpen_) +
                         " has not stopped");
                a.kind = AnnotationKind::GcStart;
                gcOpen_ = int(gen);
            } else {
                if (gcOpen_ != int(gen))
                    fail("gc_stop " + std::string(f[1]) + " without a gc_start " +
                         std::string(f[1]) + " before it");
                a.kind = AnnotationKind::GcStop;
                a.collected = number(f[2], "count");
                a.uncollectable = number(f[3], "count");
                gcOpen_ = -1;
            }
        } else if (kw == "file") {
            need(n >= 3, "ID PATH");
            const uint64_t id = number(f[1], "file id");
            if (id != uint64_t(files_) + 1)
                fail("file id " + std::string(f[1]) + ": expected " + std::to_string(files_ + 1) +
                     " (ids count up from 1)");
            a.kind = AnnotationKind::SourceFile;
            a.file = ++files_;
            a.path = std::string_view(f[2].data(), size_t(e - f[2].data()));
        } else {
            need(n == 3, "FILE LINE");
            const uint64_t file = number(f[1], "file id");
            const uint64_t line = number(f[2], "line number");
            if (file > files_)
                fail("file id " + std::string(f[1]) + " has no 'file' line before it");
            if (line > 0xffffffffu || (file == 0 && line != 0))
                fail("bad line number " + std::string(f[2]) + (file == 0 ? " for file 0" : ""));
            a.kind = AnnotationKind::SourceLine;
            a.file = uint32_t(file);
            a.line = uint32_t(line);
        }
        sink_.onAnnotation(lineNo_, a, std::string_view(b, size_t(e - b)));
    }

    // The fast path: an event line exactly as recorders write it (single
    // spaces, a known keyword and domain, decimals of at most 19 digits,
    // pointers of at most 16 hex digits). It accepts only lines that the
    // general path below parses to the same event; anything else, every
    // error included, is left to the general path (returns false).
    static bool fastWord(const char*& p, const char* e, const char* w, size_t n) {
        if (size_t(e - p) < n || std::memcmp(p, w, n) != 0)
            return false;
        p += n;
        return true;
    }
    static bool fastDomain(const char*& p, const char* e, Domain& d) {
        if (e - p < 4 || p[3] != ' ')
            return false;
        if (p[0] == 'o' && p[1] == 'b' && p[2] == 'j') d = Domain::Obj;
        else if (p[0] == 'm' && p[1] == 'e' && p[2] == 'm') d = Domain::Mem;
        else if (p[0] == 'r' && p[1] == 'a' && p[2] == 'w') d = Domain::Raw;
        else return false;
        p += 4;
        return true;
    }
    // A field ends at a single space (last: at the end of the line).
    static bool fastEnd(const char*& p, const char* e, bool last) {
        if (last)
            return p == e;
        if (p == e || *p != ' ')
            return false;
        ++p;
        return true;
    }
    static bool fastNumber(const char*& p, const char* e, uint64_t& out, bool last) {
        const char* s = p;
        const char* lim = e - p > 20 ? p + 20 : e;
        uint64_t v = 0;
        unsigned d;
        while (p < lim && (d = unsigned(*p - '0')) < 10u) {
            v = v * 10 + d;
            ++p;
        }
        if (p == s || p - s > 19)  // 19 digits never overflow 64 bits
            return false;
        out = v;
        return fastEnd(p, e, last);
    }
    static bool fastPointer(const char*& p, const char* e, uint64_t& out, bool last) {
        if (e - p < 3 || p[0] != '0' || p[1] != 'x')
            return false;
        p += 2;
        const char* s = p;
        const char* lim = e - p > 17 ? p + 17 : e;
        uint64_t v = 0;
        uint8_t d;
        while (p < lim && (d = kHexDigit[static_cast<unsigned char>(*p)]) != 0xff) {
            v = (v << 4) | d;
            ++p;
        }
        if (p == s || p - s > 16)  // 16 digits never overflow 64 bits
            return false;
        out = v;
        return fastEnd(p, e, last);
    }

    bool fastLine(const char* b, const char* e) {
        Event ev;
        const char* p = b;
        switch (*b) {
        case 'm':
            if (!fastWord(p, e, "malloc ", 7) || !fastDomain(p, e, ev.domain) ||
                !fastNumber(p, e, ev.size, false) || !fastPointer(p, e, ev.ptr, true))
                return false;
            ev.op = Op::Malloc;
            break;
        case 'f':
            if (!fastWord(p, e, "free ", 5) || !fastDomain(p, e, ev.domain) ||
                !fastPointer(p, e, ev.ptr, true))
                return false;
            ev.op = Op::Free;
            break;
        case 'r':
            if (!fastWord(p, e, "realloc ", 8) || !fastDomain(p, e, ev.domain) ||
                !fastPointer(p, e, ev.oldPtr, false) || !fastNumber(p, e, ev.size, false) ||
                !fastPointer(p, e, ev.ptr, true))
                return false;
            ev.op = Op::Realloc;
            break;
        case 'c':
            if (!fastWord(p, e, "calloc ", 7) || !fastDomain(p, e, ev.domain) ||
                !fastNumber(p, e, ev.nelem, false) || !fastNumber(p, e, ev.elsize, false) ||
                !fastPointer(p, e, ev.ptr, true))
                return false;
            if (ev.elsize != 0 && ev.nelem > ~uint64_t(0) / ev.elsize)
                return false;  // the general path names the overflow
            ev.op = Op::Calloc;
            ev.size = ev.nelem * ev.elsize;
            break;
        case 'a':
            if (fastWord(p, e, "arena_alloc ", 12))
                ev.op = Op::ArenaAlloc;
            else if (fastWord(p, e, "arena_free ", 11))
                ev.op = Op::ArenaFree;
            else
                return false;
            if (!fastPointer(p, e, ev.ptr, false) || !fastNumber(p, e, ev.size, true) || ev.ptr == 0)
                return false;
            break;
        default:
            return false;
        }
        sink_.onEvent(ev, lineNo_);
        return true;
    }

    void header(std::string_view h) {
        if (h == "pymalloc-trace 1")
            return;
        if (h.substr(0, 15) == "pymalloc-trace ")
            fail("unsupported trace version '" + shownToken(h.substr(15)) +
                 "': this build reads version 1");
        fail("not a pymalloc trace: line 1 must be 'pymalloc-trace 1'");
    }

    Domain domain(std::string_view t) {
        if (t == "obj") return Domain::Obj;
        if (t == "mem") return Domain::Mem;
        if (t == "raw") return Domain::Raw;
        fail("unknown domain '" + shownToken(t) + "': expected mem, obj or raw");
    }

    uint64_t number(std::string_view t, const char* what) {
        uint64_t v = 0;
        if (std::string e = readDecimal(t, what, v); !e.empty())
            fail(e);
        return v;
    }

    uint64_t pointer(std::string_view t) {
        uint64_t v = 0;
        if (std::string e = readPointer(t, v); !e.empty())
            fail(e);
        return v;
    }

    std::string name_;
    TraceSink& sink_;
    std::string carry_;
    uint64_t lineNo_ = 0;
    uint32_t files_ = 0;  // "file" lines so far
    int gcOpen_ = -1;     // the generation being collected, or -1
};

struct FileCloser {
    void operator()(FILE* f) const { if (f) std::fclose(f); }
};

void checkCancel(const ReadOptions& o) {
    if (o.cancel && o.cancel->load(std::memory_order_relaxed))
        throw Cancelled();
}

// What the inflater thread hands the parser, in order.
struct Item {
    enum Kind { ChunkStart, Data, ChunkDone, Corrupt, End, Failed };
    explicit Item(Kind k) : kind(k) {}
    Kind kind;
    std::vector<char>* buffer = nullptr;  // Data: inflated bytes
    size_t size = 0;                      // Data: bytes in buffer; ChunkDone: compressed bytes
    uint64_t newLines = 0;                // Corrupt: lines inflated by the failing call
    bool streamEnded = false;             // End
    std::string message;                  // Corrupt
    std::exception_ptr error;             // Failed (out of memory in the inflater)
};

// A queue of items and a pool of output buffers between the two threads.
class GzipPipe {
public:
    GzipPipe() {
        for (auto& b : buffers_) {
            b.resize(kChunk);
            free_.push_back(&b);
        }
    }
    // Inflater: a buffer to inflate into; null once stopped.
    std::vector<char>* freeBuffer() {
        std::unique_lock<std::mutex> lock(m_);
        cv_.wait(lock, [&] { return stopped_ || !free_.empty(); });
        if (stopped_)
            return nullptr;
        std::vector<char>* b = free_.back();
        free_.pop_back();
        return b;
    }
    void recycle(std::vector<char>* b) {
        {
            std::lock_guard<std::mutex> lock(m_);
            free_.push_back(b);
        }
        cv_.notify_all();
    }
    // Inflater: false once stopped.
    bool push(Item item) {
        {
            std::lock_guard<std::mutex> lock(m_);
            if (stopped_)
                return false;
            items_.push_back(std::move(item));
        }
        cv_.notify_all();
        return true;
    }
    void fail(std::exception_ptr e) {
        Item item(Item::Failed);
        item.error = std::move(e);
        push(std::move(item));
    }
    // Parser: the next item, waiting for it.
    Item pop() {
        std::unique_lock<std::mutex> lock(m_);
        cv_.wait(lock, [&] { return !items_.empty(); });
        Item item = std::move(items_.front());
        items_.pop_front();
        return item;
    }
    void stop() {
        {
            std::lock_guard<std::mutex> lock(m_);
            stopped_ = true;
        }
        cv_.notify_all();
    }

private:
    std::mutex m_;
    std::condition_variable cv_;
    std::deque<Item> items_;
    std::vector<char> buffers_[3];
    std::vector<std::vector<char>*> free_;
    bool stopped_ = false;
};

} // namespace

void readTraceText(std::string_view text, const std::string& name, TraceSink& sink) {
    LineParser parser(name, sink);
    parser.feed(text.data(), text.size());
    parser.finish();
}

void readTrace(const std::string& path, TraceSink& sink, const ReadOptions& options) {
    std::unique_ptr<FILE, FileCloser> file(std::fopen(path.c_str(), "rb"));
    if (!file)
        throw InputError(path, 0, std::string("cannot open: ") + std::strerror(errno));
    std::fseek(file.get(), 0, SEEK_END);
    const long total = std::ftell(file.get());
    std::fseek(file.get(), 0, SEEK_SET);

    std::vector<unsigned char> in(kChunk);
    LineParser parser(path, sink);
    size_t got = std::fread(in.data(), 1, in.size(), file.get());
    if (std::ferror(file.get()))
        throw InputError(path, 0, std::string("cannot read: ") + std::strerror(errno));
    uint64_t consumed = 0;
    auto report = [&](uint64_t bytes) {
        if (options.progress && total > 0)
            options.progress(double(bytes) / double(total));
    };

    const bool gzip = got >= 2 && in[0] == 0x1f && in[1] == 0x8b;
    if (!gzip) {
        while (got > 0) {
            checkCancel(options);
            parser.feed(reinterpret_cast<const char*>(in.data()), got);
            consumed += got;
            report(consumed);
            got = std::fread(in.data(), 1, in.size(), file.get());
        }
        if (std::ferror(file.get()))
            throw InputError(path, parser.linesRead() + 1, "read error");
        parser.finish();
        return;
    }

    z_stream z{};
    if (inflateInit2(&z, 15 + 32) != Z_OK)
        throw InputError(path, 0, "zlib could not start");
    std::unique_ptr<z_stream, int (*)(z_stream*)> guard(&z, inflateEnd);

    // Inflating runs on a second thread, one buffer ahead of the parser; the
    // parser, the sink and the progress callback stay on this thread. The
    // inflater makes exactly the calls a single thread would and hands over
    // what each produced, so every line and every error is the same.
    GzipPipe pipe;
    std::thread inflater([&] {
        try {
            bool streamEnded = false;
            while (got > 0) {
                if (!pipe.push(Item(Item::ChunkStart)))
                    return;
                z.next_in = in.data();
                z.avail_in = unsigned(got);
                for (;;) {
                    if (streamEnded) {
                        if (z.avail_in == 0)
                            break;
                        // Another gzip member follows (concatenated files are valid gzip).
                        inflateReset(&z);
                        streamEnded = false;
                    }
                    std::vector<char>* out = pipe.freeBuffer();
                    if (!out)
                        return;
                    z.next_out = reinterpret_cast<Bytef*>(out->data());
                    z.avail_out = unsigned(out->size());
                    const int rc = inflate(&z, Z_NO_FLUSH);
                    const size_t produced = out->size() - z.avail_out;
                    if (rc != Z_OK && rc != Z_STREAM_END && rc != Z_BUF_ERROR) {
                        // The lines this call inflated count toward the line
                        // named, but are not parsed (they may be wrong).
                        Item bad(Item::Corrupt);
                        bad.newLines =
                            uint64_t(std::count(out->data(), out->data() + produced, '\n'));
                        bad.message = std::string("corrupt gzip data") + (z.msg ? ": " : "") +
                                      (z.msg ? z.msg : "");
                        pipe.recycle(out);
                        pipe.push(std::move(bad));
                        return;
                    }
                    Item data(Item::Data);
                    data.buffer = out;
                    data.size = produced;
                    if (!pipe.push(std::move(data)))
                        return;
                    if (rc == Z_STREAM_END) {
                        streamEnded = true;
                        continue;
                    }
                    if (rc == Z_BUF_ERROR || (z.avail_in == 0 && z.avail_out != 0))
                        break;  // needs more input
                }
                Item done(Item::ChunkDone);
                done.size = got;
                if (!pipe.push(std::move(done)))
                    return;
                got = std::fread(in.data(), 1, in.size(), file.get());
            }
            Item end(Item::End);
            end.streamEnded = streamEnded;
            pipe.push(std::move(end));
        } catch (...) {
            pipe.fail(std::current_exception());
        }
    });
    // Stops and joins the inflater however this thread leaves (an error in
    // a line, a sink that stops early, Cancel).
    struct Joiner {
        GzipPipe& pipe;
        std::thread& thread;
        ~Joiner() {
            pipe.stop();
            thread.join();
        }
    } joiner{pipe, inflater};

    for (;;) {
        Item item = pipe.pop();
        switch (item.kind) {
        case Item::ChunkStart:
            checkCancel(options);
            break;
        case Item::Data:
            parser.feed(item.buffer->data(), item.size);
            pipe.recycle(item.buffer);
            break;
        case Item::Corrupt:
            throw InputError(path, parser.linesRead() + item.newLines + 1, item.message);
        case Item::ChunkDone:
            consumed += item.size;
            report(consumed);
            break;
        case Item::Failed:
            std::rethrow_exception(item.error);
        case Item::End:
            if (!item.streamEnded)
                throw InputError(path, parser.linesRead() + 1,
                                 "the gzip stream ends early (the file is truncated)");
            parser.finish();
            return;
        }
    }
}

} // namespace arenascope
