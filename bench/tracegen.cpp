// The synthetic trace generator: a workload of mallocs, callocs, reallocs and
// frees run through arenascope::Allocator, written as trace lines.
#include "bench/tracegen.h"

#include "model/pymalloc/allocator.h"
#include "model/pymalloc/event.h"
#include "model/pymalloc/profile.h"

#include <zlib.h>

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <stdexcept>
#include <vector>

namespace arenascope::bench {
namespace {

// xoshiro256** seeded by splitmix64: the same stream on every platform
// (std::uniform_*_distribution is not specified bit for bit).
class Rng {
public:
    explicit Rng(uint64_t seed) {
        for (uint64_t& w : s_) {
            seed += 0x9e3779b97f4a7c15ull;
            uint64_t z = seed;
            z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
            z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
            w = z ^ (z >> 31);
        }
    }
    uint64_t next() {
        const uint64_t result = rotl(s_[1] * 5, 7) * 9;
        const uint64_t t = s_[1] << 17;
        s_[2] ^= s_[0];
        s_[3] ^= s_[1];
        s_[1] ^= s_[2];
        s_[0] ^= s_[3];
        s_[2] ^= t;
        s_[3] = rotl(s_[3], 45);
        return result;
    }
    // Uniform in [0, n).
    uint64_t below(uint64_t n) { return n ? next() % n : 0; }
    // Uniform in [0, 1).
    double uniform() { return double(next() >> 11) * 0x1.0p-53; }

private:
    static uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
    uint64_t s_[4];
};

// Buffered output to a plain file or through zlib.
class Output {
public:
    Output(const std::string& path, int gzipLevel) : path_(path) {
        const bool gz = path.size() >= 3 && path.compare(path.size() - 3, 3, ".gz") == 0;
        if (gz) {
            const std::string mode = "wb" + std::to_string(std::min(9, std::max(1, gzipLevel)));
            gz_ = gzopen(path.c_str(), mode.c_str());
            if (!gz_)
                throw std::runtime_error(path + ": cannot create: " + std::strerror(errno));
            gzbuffer(gz_, 1 << 18);
        } else {
            file_ = std::fopen(path.c_str(), "wb");
            if (!file_)
                throw std::runtime_error(path + ": cannot create: " + std::strerror(errno));
        }
        buf_.resize(kBuffer);
    }
    ~Output() {
        if (gz_)
            gzclose(gz_);
        if (file_)
            std::fclose(file_);
    }
    Output(const Output&) = delete;
    Output& operator=(const Output&) = delete;

    void put(const char* s, size_t n) {
        if (used_ + n > buf_.size())
            flush();
        std::memcpy(buf_.data() + used_, s, n);
        used_ += n;
        written_ += n;
    }
    void close() {
        flush();
        if (gz_) {
            const int rc = gzclose(gz_);
            gz_ = nullptr;
            if (rc != Z_OK)
                throw std::runtime_error(path_ + ": write error (zlib " + std::to_string(rc) + ")");
        }
        if (file_) {
            const int rc = std::fclose(file_);
            file_ = nullptr;
            if (rc != 0)
                throw std::runtime_error(path_ + ": write error: " + std::strerror(errno));
        }
    }
    uint64_t written() const { return written_; }

private:
    void flush() {
        if (used_ == 0)
            return;
        if (gz_) {
            if (gzwrite(gz_, buf_.data(), unsigned(used_)) != int(used_))
                throw std::runtime_error(path_ + ": write error (zlib)");
        } else if (std::fwrite(buf_.data(), 1, used_, file_) != used_) {
            throw std::runtime_error(path_ + ": write error: " + std::strerror(errno));
        }
        used_ = 0;
    }

    static constexpr size_t kBuffer = size_t(1) << 20;
    std::string path_;
    gzFile gz_ = nullptr;
    FILE* file_ = nullptr;
    std::vector<char> buf_;
    size_t used_ = 0;
    uint64_t written_ = 0;
};

// One trace line, built in place.
class Line {
public:
    Line& word(const char* s) {
        sep();
        const size_t n = std::strlen(s);
        std::memcpy(p_, s, n);
        p_ += n;
        return *this;
    }
    Line& dec(uint64_t v) {
        sep();
        char tmp[20];
        int n = 0;
        do {
            tmp[n++] = char('0' + v % 10);
            v /= 10;
        } while (v);
        while (n)
            *p_++ = tmp[--n];
        return *this;
    }
    Line& hex(uint64_t v) {
        sep();
        *p_++ = '0';
        *p_++ = 'x';
        if (v == 0) {
            *p_++ = '0';
            return *this;
        }
        for (int shift = (63 - __builtin_clzll(v)) & ~3; shift >= 0; shift -= 4)
            *p_++ = "0123456789abcdef"[(v >> shift) & 15];
        return *this;
    }
    void writeTo(Output& out) {
        *p_++ = '\n';
        out.put(buf_, size_t(p_ - buf_));
        p_ = buf_;
    }

private:
    void sep() {
        if (p_ != buf_)
            *p_++ = ' ';
    }
    char buf_[160];
    char* p_ = buf_;
};

const char* domainWord(Domain d) {
    switch (d) {
    case Domain::Mem: return "mem";
    case Domain::Raw: return "raw";
    default: return "obj";
    }
}

struct Live {
    uint64_t ptr;
    uint64_t size;
    Domain domain;
    bool pymalloc;  // a pymalloc block (else the system allocator's)
};

constexpr double kPi = 3.14159265358979323846;
constexpr uint64_t kArenaBase = 0x7f0000000000ull;
constexpr uint64_t kForeignBase = 0x7e0000000000ull;
constexpr uint64_t kSystemBase = 0x560000000000ull;

class Generator : private ArenaProvider {
public:
    Generator(const Profile& profile, const GenOptions& o, Output& out)
        : profile_(profile), o_(o), out_(out), state_(initialAllocatorState(profile)),
          alloc_(profile, state_), rng_(o.seed) {
        alloc_.setArenaProvider(this);
        arenaStride_ = profile.arenaSize() + 0x1000;  // mmap's pages: bases 4 KiB-aligned
    }

    GenSummary run() {
        Line().word("pymalloc-trace").dec(1).writeTo(out_);
        char comment[200];
        std::snprintf(comment, sizeof comment,
                      "# python %s (main, synthetic) [arenascope-gentrace seed=0x%llx events=%llu "
                      "arenas=%u]\n",
                      o_.python.c_str(), static_cast<unsigned long long>(o_.seed),
                      static_cast<unsigned long long>(o_.events), o_.arenas);
        out_.put(comment, std::strlen(comment));

        growing_ = o_.arenas > 0;
        while (sum_.events < o_.events) {
            step();
            const uint64_t n = state_.g.narenas_currently_allocated;
            if (n > sum_.peakArenas) {
                sum_.peakArenas = n;
                sum_.peakArenasEvent = sum_.events;
            }
            if (growing_ && n >= o_.arenas) {
                growing_ = false;
                sum_.growthDoneEvent = sum_.events;
                steadyLive_ = liveCount();
            }
        }
        sum_.finalArenas = state_.g.narenas_currently_allocated;
        sum_.liveBlocks = liveCount();
        out_.close();
        sum_.bytesWritten = out_.written();
        return sum_;
    }

private:
    // ---------------------------------------------------------- arenas
    uint64_t mapArena() override {
        uint64_t base;
        if (!freeBases_.empty()) {
            base = freeBases_.back();  // mmap hands out a hole again
            freeBases_.pop_back();
        } else {
            base = kArenaBase + nextArena_++ * arenaStride_;
        }
        // Written before the request's own line, which is written when it returns.
        Line().word("arena_alloc").hex(base).dec(profile_.arenaSize()).writeTo(out_);
        ++sum_.events;
        ++sum_.arenaAllocs;
        return base;
    }
    void unmapArena(uint64_t address) override { unmapped_.push_back(address); }

    // After the request line that unmapped them.
    void writeUnmapped() {
        for (uint64_t a : unmapped_) {
            Line().word("arena_free").hex(a).dec(profile_.arenaSize()).writeTo(out_);
            ++sum_.events;
            ++sum_.arenaFrees;
            freeBases_.push_back(a);
        }
        unmapped_.clear();
    }

    void foreignMapping() {
        // 3.11's frame data stacks come from the arena allocator too; other
        // sizes than ARENA_SIZE are never pymalloc arenas.
        if (foreign_.empty() || (foreign_.size() < 4 && rng_.uniform() < 0.5)) {
            const uint64_t a = kForeignBase + nextForeign_++ * 0x100000;
            const uint64_t size = uint64_t(16384) << rng_.below(3);
            foreign_.push_back({a, size});
            Line().word("arena_alloc").hex(a).dec(size).writeTo(out_);
            ++sum_.foreignMaps;
        } else {
            const size_t i = size_t(rng_.below(foreign_.size()));
            Line().word("arena_free").hex(foreign_[i].first).dec(foreign_[i].second).writeTo(out_);
            foreign_[i] = foreign_.back();
            foreign_.pop_back();
        }
        ++sum_.events;
    }

    // ---------------------------------------------------------- the workload
    double target() const {
        const double f = double(sum_.events) / double(o_.events);
        if (o_.arenas > 0)
            return double(steadyLive_) * (1.0 + 0.03 * std::sin(2 * kPi * 5 * f));
        // Live allocations swing between a few thousand and 300,000 four
        // times over, so arenas are mapped and unmapped again and again.
        const double lo = 4000, hi = 300000;
        return lo + (hi - lo) * (0.5 - 0.5 * std::cos(2 * kPi * 4 * f));
    }

    uint64_t smallSize() {
        const double u = rng_.uniform();
        if (u < 0.57)
            return 1 + rng_.below(64);
        if (u < 0.88)
            return 65 + rng_.below(192);
        return 257 + rng_.below(256);
    }

    uint64_t pickSize() {
        const double u = rng_.uniform();
        if (growing_ && u < 0.85)
            return 257 + rng_.below(256);
        if (u < 0.001)
            return 0;  // served by the system allocator
        if (u < 0.016) {  // 513 bytes .. 64 KiB, mostly a few KiB (as recorded traces show)
            const double v = rng_.uniform();
            return uint64_t(513.0 * std::exp(v * v * std::log(128.0)));
        }
        return smallSize();
    }

    Domain pickDomain() {
        const double u = rng_.uniform();
        return u < 0.78 ? Domain::Obj : u < 0.97 ? Domain::Mem : Domain::Raw;
    }

    uint64_t systemPointer() {
        ++sum_.system;
        return kSystemBase + (nextSystem_++) * 0x1000;
    }

    // pymalloc serves it, or the system allocator does.
    uint64_t obtain(Domain d, uint64_t size, bool* pymalloc) {
        if (d == Domain::Raw || !profile_.servedByPymalloc(size)) {
            *pymalloc = false;
            return systemPointer();
        }
        const uint64_t p = alloc_.pymalloc_alloc(size);
        if (p == 0)
            throw std::logic_error("the simulation found no arena");
        *pymalloc = true;
        ++sum_.pymalloc;
        return p;
    }

    void releaseBlock(const Live& b) {
        if (!b.pymalloc)
            return;
        if (alloc_.pymalloc_free(b.ptr) != FreeResult::Freed)
            throw std::logic_error("the simulation refused to free a live block");
    }

    // Live allocations are kept oldest first; a free leaves a hole (ptr
    // kDead) so that age order holds, a Fenwick tree over the live flags
    // finds the k-th live one, and the holes are squeezed out now and then.
    static constexpr uint64_t kDead = ~uint64_t(0);
    size_t liveCount() const { return live_.size() - dead_; }

    void fenAdd(size_t i, int32_t d) {
        for (++i; i < fen_.size(); i += i & (~i + 1))
            fen_[i] += d;
    }
    // Index of the live allocation of rank k (0: the oldest).
    size_t fenFind(size_t k) const {
        size_t pos = 0;
        size_t rest = k + 1;
        for (size_t step = (fen_.size() - 1); step; step >>= 1) {
            if (pos + step < fen_.size() && size_t(fen_[pos + step]) < rest) {
                pos += step;
                rest -= size_t(fen_[pos]);
            }
        }
        return pos;  // 1-based pos + 1, minus 1
    }
    void rebuild(size_t capacity) {
        if (dead_) {
            size_t k = 0;
            for (const Live& b : live_)
                if (b.ptr != kDead)
                    live_[k++] = b;
            live_.resize(k);
            dead_ = 0;
        }
        fen_.assign(capacity + 1, 0);  // capacity: a power of two
        for (size_t i = 1; i <= capacity; ++i) {
            if (i <= live_.size())
                fen_[i] += 1;
            const size_t j = i + (i & (~i + 1));
            if (j < fen_.size())
                fen_[j] += fen_[i];
        }
    }
    void addLive(const Live& b) {
        if (live_.size() + 1 >= fen_.size()) {
            size_t cap = 1024;
            while (cap < 2 * (liveCount() + 1))
                cap *= 2;
            rebuild(cap);
        }
        live_.push_back(b);
        fenAdd(live_.size() - 1, 1);
    }
    void removeLive(size_t i) {
        live_[i].ptr = kDead;
        ++dead_;
        fenAdd(i, -1);
        while (!live_.empty() && live_.back().ptr == kDead) {
            live_.pop_back();
            --dead_;
        }
        if (dead_ > 4096 && dead_ * 2 > live_.size())
            rebuild(fen_.size() - 1);
    }

    size_t pickVictim() {
        const size_t n = liveCount();
        size_t rank;  // 0: the oldest
        if (growing_) {
            rank = size_t(rng_.below(n));  // fragments the arenas being filled
        } else {
            // Young objects die young: temporaries among the newest few, then
            // whole cohorts newest first (so shrinking empties the newest
            // arenas), and some frees anywhere (holes in old pools).
            const double u = rng_.uniform();
            if (u < 0.40) {
                rank = n - 1 - size_t(rng_.below(std::min<size_t>(n, 64)));
            } else if (u < 0.95) {
                double v = rng_.uniform();
                v *= v;
                v *= v;
                v *= v;
                rank = n - 1 - std::min(n - 1, size_t(v * double(n)));
            } else {
                rank = size_t(rng_.below(n));
            }
        }
        return fenFind(rank);
    }

    void allocate() {
        const Domain d = pickDomain();
        uint64_t size = pickSize();
        const double u = rng_.uniform();
        bool pm = false;
        if (u < 0.88) {
            const uint64_t p = obtain(d, size, &pm);
            Line().word("malloc").word(domainWord(d)).dec(size).hex(p).writeTo(out_);
            addLive({p, size, d, pm});
        } else if (u < 0.98) {
            uint64_t nelem = 1, elsize = size;
            if (size >= 2 && rng_.uniform() < 0.25) {
                nelem = 2 + rng_.below(7);
                elsize = std::max<uint64_t>(1, size / nelem);
                size = nelem * elsize;
            }
            const uint64_t p = obtain(d, size, &pm);
            Line().word("calloc").word(domainWord(d)).dec(nelem).dec(elsize).hex(p).writeTo(out_);
            addLive({p, size, d, pm});
        } else {
            const uint64_t p = obtain(d, size, &pm);  // realloc(NULL, n) is malloc(n)
            Line().word("realloc").word(domainWord(d)).hex(0).dec(size).hex(p).writeTo(out_);
            addLive({p, size, d, pm});
        }
        ++sum_.requests;
    }

    void release() {
        const size_t i = pickVictim();
        const Live b = live_[i];
        removeLive(i);
        releaseBlock(b);
        Line().word("free").word(domainWord(b.domain)).hex(b.ptr).writeTo(out_);
        ++sum_.requests;
    }

    void reallocate() {
        const size_t i = pickVictim();
        Live& b = live_[i];
        const double u = rng_.uniform();
        uint64_t size;
        if (u < 0.30)
            size = std::max<uint64_t>(1, b.size - rng_.below(b.size / 4 + 1));
        else if (u < 0.75)
            size = b.size + 1 + rng_.below(2 * b.size + 16);
        else
            size = 1 + rng_.below(std::max<uint64_t>(b.size, 1));
        size = std::min<uint64_t>(size, uint64_t(1) << 20);
        const uint64_t old = b.ptr;
        uint64_t p;
        bool pm = false;
        if (!b.pymalloc) {
            // Not pymalloc's: stays with the system allocator whatever the size.
            p = systemPointer();
        } else {
            // pymalloc_realloc: in place unless growing past the block or
            // shrinking by a quarter or more; else the new block first, then
            // the old one is freed.
            const unsigned bs = alloc_.blockSizeAt(old);
            if (size <= bs && 4 * size > 3 * uint64_t(bs)) {
                p = old;
                pm = true;
                ++sum_.pymalloc;
            } else {
                p = obtain(b.domain, size, &pm);
                releaseBlock(b);
            }
        }
        Line().word("realloc").word(domainWord(b.domain)).hex(old).dec(size).hex(p).writeTo(out_);
        b.ptr = p;
        b.size = size;
        b.pymalloc = pm;
        ++sum_.requests;
    }

    void step() {
        if (rng_.uniform() < 1.5e-5) {
            foreignMapping();
            return;
        }
        const double r = rng_.uniform();
        if (r < 0.002) {
            Line().word("free").word(domainWord(pickDomain())).hex(0).writeTo(out_);  // free(NULL)
            ++sum_.requests;
        } else if (liveCount() == 0) {
            allocate();
        } else if (r < 0.03) {
            reallocate();
        } else {
            double pAlloc = 0.95;
            if (!growing_) {
                // Follow the target: up to 80% allocations below it, 20% above.
                const double t = target();
                const double err = (t - double(liveCount())) / (0.1 * t + 1000.0);
                pAlloc = 0.5 + 0.3 * std::max(-1.0, std::min(1.0, err));
            }
            if (rng_.uniform() < pAlloc)
                allocate();
            else
                release();
        }
        ++sum_.events;
        writeUnmapped();
    }

    Profile profile_;
    GenOptions o_;
    Output& out_;
    AllocatorState state_;
    Allocator alloc_;
    Rng rng_;
    GenSummary sum_;
    std::vector<Live> live_;
    size_t dead_ = 0;
    std::vector<int32_t> fen_{0};
    std::vector<uint64_t> freeBases_, unmapped_;
    std::vector<std::pair<uint64_t, uint64_t>> foreign_;
    uint64_t arenaStride_ = 0, nextArena_ = 0, nextForeign_ = 0, nextSystem_ = 0;
    bool growing_ = false;
    size_t steadyLive_ = 0;
};

} // namespace

GenSummary generateTrace(const std::string& path, const GenOptions& options) {
    const auto version = parsePythonComment("# python " + options.python);
    const auto profile = version ? profileForVersion(version->major, version->minor, version->micro)
                                 : std::nullopt;
    if (!profile)
        throw std::runtime_error("no profile for Python '" + options.python + "'");
    Output out(path, options.gzipLevel);
    Generator g(*profile, options, out);
    return g.run();
}

} // namespace arenascope::bench
