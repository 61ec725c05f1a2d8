// arenascope-gentrace: writes a synthetic, valid trace for the benchmarks.
//
//   arenascope-gentrace OUT.trace[.gz] [--events N] [--arenas K] [--seed S]
//                       [--python X.Y.Z] [--level 1-9]
#include "bench/tracegen.h"

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>

namespace {

const char* kUsage =
    "usage: arenascope-gentrace OUT [--events N] [--arenas K] [--seed S] [--python X.Y.Z] "
    "[--level L]\n"
    "  Writes a synthetic pymalloc trace that replays with 0 mismatches (gzip when OUT\n"
    "  ends in .gz). Deterministic: the same options give the same file.\n"
    "  --events N     event lines to write (default 5000000)\n"
    "  --arenas K     a growth phase first, until K arenas are mapped (default 0: none)\n"
    "  --seed S       random seed (decimal or 0x hex)\n"
    "  --python V     the version named in the '# python' line (default 3.11.7)\n"
    "  --level L      gzip level for .gz output (default 6)\n";

bool parseNumber(const char* s, unsigned long long* out) {
    if (!s || !*s || *s == '-')
        return false;
    char* end = nullptr;
    errno = 0;
    *out = std::strtoull(s, &end, 0);
    return errno == 0 && end && *end == '\0';
}

} // namespace

int main(int argc, char** argv) {
    arenascope::bench::GenOptions o;
    std::string out;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        auto value = [&](unsigned long long* v) {
            if (i + 1 >= argc || !parseNumber(argv[i + 1], v)) {
                std::fprintf(stderr, "arenascope-gentrace: %s needs a number\n%s", a.c_str(), kUsage);
                std::exit(2);
            }
            ++i;
        };
        unsigned long long v = 0;
        if (a == "--events") {
            value(&v);
            o.events = v;
        } else if (a == "--arenas") {
            value(&v);
            o.arenas = unsigned(v);
        } else if (a == "--seed") {
            value(&v);
            o.seed = v;
        } else if (a == "--level") {
            value(&v);
            o.gzipLevel = int(v);
        } else if (a == "--python" && i + 1 < argc) {
            o.python = argv[++i];
        } else if (a == "--help" || a == "-h") {
            std::fputs(kUsage, stdout);
            return 0;
        } else if (!a.empty() && a[0] != '-' && out.empty()) {
            out = a;
        } else {
            std::fprintf(stderr, "arenascope-gentrace: unexpected argument '%s'\n%s", a.c_str(),
                         kUsage);
            return 2;
        }
    }
    if (out.empty()) {
        std::fputs(kUsage, stderr);
        return 2;
    }
    try {
        const auto t0 = std::chrono::steady_clock::now();
        const auto s = arenascope::bench::generateTrace(out, o);
        const double secs =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        std::printf("%s: %llu events (%llu requests, %llu pymalloc pointers, %llu system), "
                    "%llu arena_alloc, %llu arena_free, %llu other mappings\n",
                    out.c_str(), static_cast<unsigned long long>(s.events),
                    static_cast<unsigned long long>(s.requests),
                    static_cast<unsigned long long>(s.pymalloc),
                    static_cast<unsigned long long>(s.system),
                    static_cast<unsigned long long>(s.arenaAllocs),
                    static_cast<unsigned long long>(s.arenaFrees),
                    static_cast<unsigned long long>(s.foreignMaps));
        std::printf("arenas: peak %llu (first at event %llu), at the end %llu; live allocations at "
                    "the end %llu\n",
                    static_cast<unsigned long long>(s.peakArenas),
                    static_cast<unsigned long long>(s.peakArenasEvent),
                    static_cast<unsigned long long>(s.finalArenas),
                    static_cast<unsigned long long>(s.liveBlocks));
        if (o.arenas > 0) {
            if (s.growthDoneEvent)
                std::printf("growth phase: %u arenas reached at event %llu\n", o.arenas,
                            static_cast<unsigned long long>(s.growthDoneEvent));
            else
                std::printf("growth phase: only %llu of %u arenas within %llu events; "
                            "raise --events\n",
                            static_cast<unsigned long long>(s.peakArenas), o.arenas,
                            static_cast<unsigned long long>(o.events));
        }
        std::printf("%.1f MB of text in %.2f s\n", double(s.bytesWritten) / 1e6, secs);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "arenascope-gentrace: %s\n", e.what());
        return 1;
    }
    return 0;
}
