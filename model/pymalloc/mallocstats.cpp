// Computing, printing and parsing the pymalloc statistics report.
#include "model/pymalloc/mallocstats.h"
#include "model/pymalloc/inputerror.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>

namespace arenascope {

MallocStats computeStats(const Allocator& allocator) {
    const Profile& pr = allocator.profile();
    const AllocatorState& st = allocator.state();
    MallocStats s;
    s.threshold = pr.smallRequestThreshold;
    s.numClasses = pr.numSizeClasses();
    s.arenaSize = pr.arenaSize();
    s.poolSize = pr.poolSize();
    std::vector<SizeClassStats> cls(s.numClasses);
    for (ArenaIndex a = 0; a < st.arenas.size(); ++a) {
        const ArenaObject& ao = st.arenas[a];
        if (ao.address == 0)
            continue;
        ++s.arenasCurrent;
        s.unusedPools += ao.nfreepools;
        if (ao.address & (pr.poolSize() - 1))
            s.arenaAlignment += pr.poolSize();
        const uint64_t first = allocator.firstPoolAddress(a);
        const unsigned carved = unsigned((ao.pool_address - first) >> pr.poolBits);
        for (unsigned k = 0; k < carved; ++k) {
            const PoolHeader& p = st.pools[allocator.poolRef(a, k)];
            if (p.count == 0)
                continue;
            SizeClassStats& c = cls[p.szidx];
            ++c.pools;
            c.blocksInUse += p.count;
            c.availBlocks += pr.blocksPerPool(p.szidx) - p.count;
        }
    }
    for (unsigned i = 0; i < s.numClasses; ++i) {
        SizeClassStats& c = cls[i];
        c.szidx = i;
        c.size = pr.blockSize(i);
        s.allocatedBytes += c.blocksInUse * c.size;
        s.availableBytes += c.availBlocks * c.size;
        s.poolHeaderBytes += c.pools * pr.poolOverhead;
        s.quantization += c.pools * ((pr.poolSize() - pr.poolOverhead) % c.size);
        if (c.pools)
            s.classes.push_back(c);
    }
    s.arenasAllocatedTotal = st.g.ntimes_arena_allocated;
    s.arenasReclaimed = st.g.ntimes_arena_allocated - s.arenasCurrent;
    s.arenasHighwater = st.g.narenas_highwater;
    s.total = s.allocatedBytes + s.availableBytes + s.unusedPools * s.poolSize +
              s.poolHeaderBytes + s.quantization + s.arenaAlignment;
    if (pr.radixTree) {
        s.hasArenaMap = true;
        const unsigned mapBits = pr.radixAddressBits - pr.arenaBits;
        const unsigned interior = (mapBits + 2) / 3;
        const unsigned botBits = mapBits - 2 * interior;
        s.mapMidNodes = st.radixMid.size();
        s.mapBotNodes = st.radixBot.size();
        s.mapRootBytes = (uint64_t(1) << interior) * 8;  // pointers
        s.mapMidBytes = s.mapMidNodes * (uint64_t(1) << interior) * 8;
        s.mapBotBytes = s.mapBotNodes * (uint64_t(1) << botBits) * 8;  // arena_coverage_t
        s.mapTotal = s.mapRootBytes + s.mapMidBytes + s.mapBotBytes;
    }
    return s;
}

namespace {

// printone(): the message padded to column 35, '=', the value right-aligned
// in 21 columns with thousands separators. CPython fills its 21-character
// buffer from the right and stops when it is full, so a wider value keeps
// only its last 21 characters (Objects/obmalloc.c).
void printone(std::string& out, const std::string& msg, uint64_t value) {
    out += msg;
    for (size_t i = msg.size(); i < 35; ++i)
        out += ' ';
    out += '=';
    std::string digits = std::to_string(value);
    std::string grouped;
    for (size_t i = 0; i < digits.size(); ++i) {
        if (i && (digits.size() - i) % 3 == 0)
            grouped += ',';
        grouped += digits[i];
    }
    if (grouped.size() > 21)
        grouped.erase(0, grouped.size() - 21);
    for (size_t i = grouped.size(); i < 21; ++i)
        out += ' ';
    out += grouped;
    out += '\n';
}

} // namespace

std::string formatStats(const MallocStats& s) {
    std::string out;
    char buf[128];
    std::snprintf(buf, sizeof buf, "Small block threshold = %u, in %u size classes.\n\n",
                  s.threshold, s.numClasses);
    out += buf;
    out += "class   size   num pools   blocks in use  avail blocks\n"
           "-----   ----   ---------   -------------  ------------\n";
    for (const SizeClassStats& c : s.classes) {
        std::snprintf(buf, sizeof buf, "%5u %6u %11llu %15llu %13llu\n", c.szidx, c.size,
                      (unsigned long long)c.pools, (unsigned long long)c.blocksInUse,
                      (unsigned long long)c.availBlocks);
        out += buf;
    }
    out += '\n';
    printone(out, "# arenas allocated total", s.arenasAllocatedTotal);
    printone(out, "# arenas reclaimed", s.arenasReclaimed);
    printone(out, "# arenas highwater mark", s.arenasHighwater);
    printone(out, "# arenas allocated current", s.arenasCurrent);
    std::snprintf(buf, sizeof buf, "%llu arenas * %llu bytes/arena",
                  (unsigned long long)s.arenasCurrent, (unsigned long long)s.arenaSize);
    printone(out, buf, s.arenasCurrent * s.arenaSize);
    out += '\n';
    printone(out, "# bytes in allocated blocks", s.allocatedBytes);
    printone(out, "# bytes in available blocks", s.availableBytes);
    std::snprintf(buf, sizeof buf, "%llu unused pools * %llu bytes",
                  (unsigned long long)s.unusedPools, (unsigned long long)s.poolSize);
    printone(out, buf, s.unusedPools * s.poolSize);
    printone(out, "# bytes lost to pool headers", s.poolHeaderBytes);
    printone(out, "# bytes lost to quantization", s.quantization);
    printone(out, "# bytes lost to arena alignment", s.arenaAlignment);
    printone(out, "Total", s.total);
    if (s.hasArenaMap) {
        out += "\narena map counts\n";
        printone(out, "# arena map mid nodes", s.mapMidNodes);
        printone(out, "# arena map bot nodes", s.mapBotNodes);
        out += '\n';
        printone(out, "# bytes lost to arena map root", s.mapRootBytes);
        printone(out, "# bytes lost to arena map mid", s.mapMidBytes);
        printone(out, "# bytes lost to arena map bot", s.mapBotBytes);
        printone(out, "Total", s.mapTotal);
    }
    return out;
}

namespace {

bool parseGrouped(const std::string& text, uint64_t& v) {
    v = 0;
    bool any = false;
    for (char c : text) {
        if (c == ',' || c == ' ')
            continue;
        if (c < '0' || c > '9')
            return false;
        v = v * 10 + uint64_t(c - '0');
        any = true;
    }
    return any;
}

} // namespace

MallocStats parseStats(const std::string& text, const std::string& fileName) {
    MallocStats s;
    std::istringstream in(text);
    std::string line;
    uint64_t lineNo = 0;
    bool header = false, inTable = false, sawArenas = false;
    auto fail = [&](const std::string& msg) { throw InputError(fileName, lineNo, msg); };
    while (std::getline(in, line)) {
        ++lineNo;
        if (!line.empty() && line.back() == '\r')
            line.pop_back();
        if (!header) {
            if (line.empty())
                continue;
            unsigned t = 0, n = 0;
            if (std::sscanf(line.c_str(), "Small block threshold = %u, in %u size classes.", &t,
                            &n) != 2)
                fail("not a sys._debugmallocstats() report: expected 'Small block threshold = "
                     "512, in N size classes.'");
            s.threshold = t;
            s.numClasses = n;
            header = true;
            continue;
        }
        if (line.rfind("class", 0) == 0 || line.rfind("-----", 0) == 0) {
            inTable = true;
            continue;
        }
        if (inTable) {
            if (line.empty()) {
                inTable = false;
                continue;
            }
            SizeClassStats c;
            unsigned long long p, b, f;
            char tail;
            if (std::sscanf(line.c_str(), "%u %u %llu %llu %llu %c", &c.szidx, &c.size, &p, &b,
                            &f, &tail) != 5)
                fail("bad size-class row: expected 'class size pools blocks available'");
            c.pools = p;
            c.blocksInUse = b;
            c.availBlocks = f;
            s.classes.push_back(c);
            continue;
        }
        const size_t eq = line.find('=');
        if (eq == std::string::npos)
            continue;
        std::string key = line.substr(0, eq);
        while (!key.empty() && key.back() == ' ')
            key.pop_back();
        uint64_t v = 0;
        if (!parseGrouped(line.substr(eq + 1), v))
            continue;  // free-list lines and others we do not compare
        unsigned long long n = 0, size = 0;
        if (key == "# arenas allocated total") { s.arenasAllocatedTotal = v; sawArenas = true; }
        else if (key == "# arenas reclaimed") s.arenasReclaimed = v;
        else if (key == "# arenas highwater mark") s.arenasHighwater = v;
        else if (key == "# arenas allocated current") s.arenasCurrent = v;
        else if (std::sscanf(key.c_str(), "%llu arenas * %llu bytes/arena", &n, &size) == 2) s.arenaSize = size;
        else if (key == "# bytes in allocated blocks") s.allocatedBytes = v;
        else if (key == "# bytes in available blocks") s.availableBytes = v;
        else if (std::sscanf(key.c_str(), "%llu unused pools * %llu bytes", &n, &size) == 2) {
            s.unusedPools = n;
            s.poolSize = size;
        }
        else if (key == "# bytes lost to pool headers") s.poolHeaderBytes = v;
        else if (key == "# bytes lost to quantization") s.quantization = v;
        else if (key == "# bytes lost to arena alignment") s.arenaAlignment = v;
        else if (key == "Total" && !s.hasArenaMap && s.total == 0) s.total = v;
        else if (key == "# arena map mid nodes") { s.hasArenaMap = true; s.mapMidNodes = v; }
        else if (key == "# arena map bot nodes") s.mapBotNodes = v;
        else if (key == "# bytes lost to arena map root") s.mapRootBytes = v;
        else if (key == "# bytes lost to arena map mid") s.mapMidBytes = v;
        else if (key == "# bytes lost to arena map bot") s.mapBotBytes = v;
        else if (key == "Total" && s.hasArenaMap) s.mapTotal = v;
    }
    if (!header)
        throw InputError(fileName, lineNo ? lineNo : 1,
                         "not a sys._debugmallocstats() report: no 'Small block threshold' line");
    if (!sawArenas)
        throw InputError(fileName, lineNo, "the report ends before '# arenas allocated total'");
    return s;
}

MallocStats readStatsFile(const std::string& path) {
    std::ifstream f(path, std::ios::binary);
    if (!f)
        throw InputError(path, 0, std::string("cannot open: ") + std::strerror(errno));
    std::ostringstream ss;
    ss << f.rdbuf();
    return parseStats(ss.str(), path);
}

std::vector<std::string> compareStats(const MallocStats& e, const MallocStats& a) {
    std::vector<std::string> d;
    auto cmp = [&](const std::string& what, uint64_t want, uint64_t got) {
        if (want != got)
            d.push_back(what + ": expected " + std::to_string(want) + ", simulated " +
                        std::to_string(got));
    };
    cmp("size classes", e.numClasses, a.numClasses);
    size_t i = 0, j = 0;
    while (i < e.classes.size() || j < a.classes.size()) {
        const SizeClassStats* x = i < e.classes.size() ? &e.classes[i] : nullptr;
        const SizeClassStats* y = j < a.classes.size() ? &a.classes[j] : nullptr;
        if (x && (!y || x->szidx < y->szidx)) {
            d.push_back("class " + std::to_string(x->szidx) + " (" + std::to_string(x->size) +
                        " bytes): expected " + std::to_string(x->pools) +
                        " pools, simulated none");
            ++i;
        } else if (y && (!x || y->szidx < x->szidx)) {
            d.push_back("class " + std::to_string(y->szidx) + " (" + std::to_string(y->size) +
                        " bytes): expected no pools, simulated " + std::to_string(y->pools));
            ++j;
        } else {
            const std::string c = "class " + std::to_string(x->szidx) + " (" +
                                  std::to_string(x->size) + " bytes) ";
            cmp(c + "size", x->size, y->size);
            cmp(c + "num pools", x->pools, y->pools);
            cmp(c + "blocks in use", x->blocksInUse, y->blocksInUse);
            cmp(c + "avail blocks", x->availBlocks, y->availBlocks);
            ++i;
            ++j;
        }
    }
    cmp("# arenas allocated total", e.arenasAllocatedTotal, a.arenasAllocatedTotal);
    cmp("# arenas reclaimed", e.arenasReclaimed, a.arenasReclaimed);
    cmp("# arenas highwater mark", e.arenasHighwater, a.arenasHighwater);
    cmp("# arenas allocated current", e.arenasCurrent, a.arenasCurrent);
    cmp("bytes/arena", e.arenaSize, a.arenaSize);
    cmp("# bytes in allocated blocks", e.allocatedBytes, a.allocatedBytes);
    cmp("# bytes in available blocks", e.availableBytes, a.availableBytes);
    cmp("unused pools", e.unusedPools, a.unusedPools);
    cmp("# bytes lost to pool headers", e.poolHeaderBytes, a.poolHeaderBytes);
    cmp("# bytes lost to quantization", e.quantization, a.quantization);
    cmp("# bytes lost to arena alignment", e.arenaAlignment, a.arenaAlignment);
    if (e.hasArenaMap) {
        cmp("# arena map mid nodes", e.mapMidNodes, a.mapMidNodes);
        cmp("# arena map bot nodes", e.mapBotNodes, a.mapBotNodes);
    }
    return d;
}

} // namespace arenascope
