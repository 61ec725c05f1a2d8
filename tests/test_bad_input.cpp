// Bad input (product brief, "Bad input"): every malformed, truncated or
// hostile trace gets an InputError naming the file and the line, with an exact
// message; mismatches are counted, not errors; random garbage never crashes.
#include "model/pymalloc/inputerror.h"
#include "model/trace/loadedtrace.h"
#include "model/trace/tracereader.h"
#include "testsupport.h"

#include <gtest/gtest.h>
#include <zlib.h>

#include <unistd.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <functional>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

namespace arenascope {
namespace {

using test::caught;
using test::TempFile;
using test::traceText;

const char* const kName = "t.trace";
const char* const kKnownProfiles = "3.7-classic, 3.6, 3.7, 3.8, 3.9, 3.10, 3.11, 3.12, 3.13, 3.14, 3.15, 3.15-hugepages";
// A 3.11 arena at a 1 MiB boundary: its first pool starts at the arena, and
// the first block of a pool sits 48 bytes (POOL_OVERHEAD) in.
const char* const kArena = "arena_alloc 0x7f0000000000 1048576";

// ------------------------------------------------------------ helpers

struct CollectSink : TraceSink {
    std::vector<Event> events;
    std::vector<uint64_t> lines;
    void onEvent(const Event& e, uint64_t line) override {
        events.push_back(e);
        lines.push_back(line);
    }
};

InputError parseError(const std::string& text) {
    return caught([&] {
        CollectSink sink;
        readTraceText(text, kName, sink);
    });
}

InputError loadError(const std::string& text, const LoadOptions& options = {}) {
    return caught([&] { loadTraceText(text, kName, options); });
}

InputError fileError(const std::string& path) {
    return caught([&] { loadTrace(path); });
}

// A 3.11 trace (header on line 1, "# python" on line 2, `lines` from line 3).
std::string trace311(const std::vector<std::string>& lines) { return traceText("3.11.7", lines); }

// Gzip-compresses the concatenation of `parts`, with a full flush after each
// part but the last; `flushEnds` receives the compressed size at each flush.
std::string gzipParts(const std::vector<std::string>& parts, std::vector<size_t>* flushEnds = nullptr) {
    z_stream z{};
    if (deflateInit2(&z, Z_BEST_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
        throw std::runtime_error("deflateInit2");
    std::string out;
    std::vector<unsigned char> buf(1 << 16);
    for (size_t i = 0; i < parts.size(); ++i) {
        const bool last = i + 1 == parts.size();
        z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(parts[i].data()));
        z.avail_in = unsigned(parts[i].size());
        int rc;
        do {
            z.next_out = buf.data();
            z.avail_out = unsigned(buf.size());
            rc = deflate(&z, last ? Z_FINISH : Z_FULL_FLUSH);
            out.append(reinterpret_cast<const char*>(buf.data()), buf.size() - z.avail_out);
        } while (last ? rc != Z_STREAM_END : z.avail_out == 0);
        if (!last && flushEnds)
            flushEnds->push_back(out.size());
    }
    deflateEnd(&z);
    return out;
}
std::string gzip(const std::string& text) { return gzipParts({text}); }

// A valid 3.11 trace of 20 lines that replays with no mismatch.
std::string validTrace() {
    return trace311({
        kArena,
        "malloc obj 16 0x7f0000000030",
        "malloc obj 32 0x7f0000004030",
        "calloc mem 2 8 0x7f0000000040",
        "realloc obj 0x7f0000000030 600 0x55d000001000",
        "free obj 0x7f0000000040",
        "",
        "# a comment",
        "malloc raw 24 0x55d000002000",
        "realloc raw 0x55d000002000 48 0x55d000002100",
        "free raw 0x55d000002100",
        "arena_alloc 0x7f1000000000 65536",
        "free obj 0x7f0000004030",
        "arena_free 0x7f1000000000 65536",
        "malloc obj 0 0x55d000003000",
        "free obj 0x55d000001000",
        "free mem 0x0",
        "malloc mem 48 0x7f0000004030",  // the pool emptied last is reused first
    });
}
constexpr uint64_t kValidLines = 20, kValidEvents = 16, kValidPredicted = 4;

// ------------------------------------------------------------ the valid baseline

TEST(BadInput, ValidTraceLoadsWithoutMismatches) {
    auto lt = loadTraceText(validTrace(), kName);
    EXPECT_EQ(lt->store->size(), kValidEvents);
    EXPECT_EQ(lt->store->lineCount, kValidLines);
    EXPECT_EQ(lt->predicted, kValidPredicted);
    EXPECT_EQ(lt->mismatchCount, 0u);
    EXPECT_TRUE(lt->mismatches.empty());
    EXPECT_EQ(lt->profile.name, "3.11");
}

// ------------------------------------------------------------ header

TEST(BadInput, WrongFirstLine) {
    EXPECT_INPUT_ERROR(parseError("hello world\nmalloc obj 16 0x10\n"), kName, 1,
                       "not a pymalloc trace: line 1 must be 'pymalloc-trace 1'");
    // A comment first is not a header either.
    EXPECT_INPUT_ERROR(parseError("# python 3.11.7\npymalloc-trace 1\n"), kName, 1,
                       "not a pymalloc trace: line 1 must be 'pymalloc-trace 1'");
    // Nor is a blank first line.
    EXPECT_INPUT_ERROR(parseError("\npymalloc-trace 1\n"), kName, 1,
                       "not a pymalloc trace: line 1 must be 'pymalloc-trace 1'");
}

TEST(BadInput, UnsupportedVersion) {
    EXPECT_INPUT_ERROR(parseError("pymalloc-trace 2\nmalloc obj 16 0x10\n"), kName, 1,
                       "unsupported trace version '2': this build reads version 1");
    EXPECT_INPUT_ERROR(parseError("pymalloc-trace 10"), kName, 1,
                       "unsupported trace version '10': this build reads version 1");
}

TEST(BadInput, EmptyFile) {
    EXPECT_INPUT_ERROR(parseError(""), kName, 1, "empty file: expected the header 'pymalloc-trace 1'");
    TempFile f(".trace");
    f.write("");
    EXPECT_INPUT_ERROR(fileError(f.path()), f.path(), 1,
                       "empty file: expected the header 'pymalloc-trace 1'");
}

TEST(BadInput, HeaderAloneAndCrLfAreAccepted) {
    CollectSink sink;
    EXPECT_NO_THROW(readTraceText("pymalloc-trace 1", kName, sink));
    EXPECT_NO_THROW(readTraceText("pymalloc-trace 1\r\nmalloc obj 16 0x10\r\n", kName, sink));
    ASSERT_EQ(sink.events.size(), 1u);
    EXPECT_EQ(sink.events[0].ptr, 0x10u);
    EXPECT_EQ(sink.lines[0], 2u);
}

TEST(BadInput, SecondHeader) {
    EXPECT_INPUT_ERROR(parseError(trace311({kArena, "pymalloc-trace 1"})), kName, 4,
                       "a second header: 'pymalloc-trace' belongs on line 1 only");
}

// ------------------------------------------------------------ keywords

TEST(BadInput, UnknownKeyword) {
    EXPECT_INPUT_ERROR(parseError(trace311({kArena, "mallok obj 16 0x7f0000000030"})), kName, 4,
                       "unknown event 'mallok': expected malloc, calloc, realloc, free, "
                       "arena_alloc or arena_free");
    // Keywords are case-sensitive.
    EXPECT_INPUT_ERROR(parseError(trace311({"MALLOC obj 16 0x10"})), kName, 3,
                       "unknown event 'MALLOC': expected malloc, calloc, realloc, free, "
                       "arena_alloc or arena_free");
    // Control bytes are shown as '?', long tokens are cut at 40 characters.
    EXPECT_INPUT_ERROR(parseError(trace311({"\x01\x7f" "bad 1"})), kName, 3,
                       "unknown event '??bad': expected malloc, calloc, realloc, free, "
                       "arena_alloc or arena_free");
    EXPECT_INPUT_ERROR(parseError(trace311({std::string(50, 'k')})), kName, 3,
                       "unknown event '" + std::string(40, 'k') +
                           "...': expected malloc, calloc, realloc, free, arena_alloc or arena_free");
}

// ------------------------------------------------------------ numbers

TEST(BadInput, BadNumberLetters) {
    EXPECT_INPUT_ERROR(parseError(trace311({"malloc obj 1x6 0x10"})), kName, 3,
                       "bad size '1x6': expected an unsigned decimal integer");
    EXPECT_INPUT_ERROR(parseError(trace311({"malloc obj -16 0x10"})), kName, 3,
                       "bad size '-16': expected an unsigned decimal integer");
    EXPECT_INPUT_ERROR(parseError(trace311({"realloc obj 0x0 +8 0x10"})), kName, 3,
                       "bad size '+8': expected an unsigned decimal integer");
    EXPECT_INPUT_ERROR(parseError(trace311({"calloc obj ten 8 0x10"})), kName, 3,
                       "bad element count 'ten': expected an unsigned decimal integer");
    EXPECT_INPUT_ERROR(parseError(trace311({"calloc obj 2 8.0 0x10"})), kName, 3,
                       "bad element size '8.0': expected an unsigned decimal integer");
    EXPECT_INPUT_ERROR(parseError(trace311({"arena_alloc 0x7f0000000000 1MiB"})), kName, 3,
                       "bad size '1MiB': expected an unsigned decimal integer");
}

TEST(BadInput, BadNumberOverflow) {
    // 2^64 is one too many.
    EXPECT_INPUT_ERROR(parseError(trace311({"malloc obj 18446744073709551616 0x10"})), kName, 3,
                       "size '18446744073709551616' is too large (over 64 bits)");
    EXPECT_INPUT_ERROR(parseError(trace311({"malloc obj 99999999999999999999 0x10"})), kName, 3,
                       "size '99999999999999999999' is too large (over 64 bits)");
    EXPECT_INPUT_ERROR(parseError(trace311({"calloc obj 1 123456789012345678901234567890 0x10"})),
                       kName, 3, "element size '123456789012345678901234567890' is too large (over 64 bits)");
    // Letters after an overflowing prefix are still "not a number".
    EXPECT_INPUT_ERROR(parseError(trace311({"malloc obj 99999999999999999999x 0x10"})), kName, 3,
                       "bad size '99999999999999999999x': expected an unsigned decimal integer");
    // 2^64 - 1 fits, and leading zeros do not count against the width.
    CollectSink sink;
    readTraceText(trace311({"malloc obj 18446744073709551615 0x10",
                            "malloc obj 0000000000000000000000000016 0x20"}),
                  kName, sink);
    ASSERT_EQ(sink.events.size(), 2u);
    EXPECT_EQ(sink.events[0].size, UINT64_MAX);
    EXPECT_EQ(sink.events[1].size, 16u);
}

// ------------------------------------------------------------ pointers

TEST(BadInput, BadPointerNoPrefix) {
    EXPECT_INPUT_ERROR(parseError(trace311({"malloc obj 16 7f0000000030"})), kName, 3,
                       "bad pointer '7f0000000030': expected 0x and lower-case hexadecimal digits");
    EXPECT_INPUT_ERROR(parseError(trace311({"free obj 0X10"})), kName, 3,
                       "bad pointer '0X10': expected 0x and lower-case hexadecimal digits");
    EXPECT_INPUT_ERROR(parseError(trace311({"free obj 0x"})), kName, 3,
                       "bad pointer '0x': expected 0x and lower-case hexadecimal digits");
    EXPECT_INPUT_ERROR(parseError(trace311({"free obj 0x12g4"})), kName, 3,
                       "bad pointer '0x12g4': expected 0x and lower-case hexadecimal digits");
}

TEST(BadInput, BadPointerUpperCase) {
    EXPECT_INPUT_ERROR(parseError(trace311({"malloc obj 16 0x7F0000000030"})), kName, 3,
                       "bad pointer '0x7F0000000030': expected 0x and lower-case hexadecimal digits");
    EXPECT_INPUT_ERROR(parseError(trace311({"realloc obj 0xABC 16 0x10"})), kName, 3,
                       "bad pointer '0xABC': expected 0x and lower-case hexadecimal digits");
    EXPECT_INPUT_ERROR(parseError(trace311({"arena_free 0x7f000000000A 1048576"})), kName, 3,
                       "bad pointer '0x7f000000000A': expected 0x and lower-case hexadecimal digits");
}

TEST(BadInput, BadPointerTooLong) {
    // 17 significant hexadecimal digits: more than 64 bits.
    EXPECT_INPUT_ERROR(parseError(trace311({"malloc obj 16 0x10000000000000000"})), kName, 3,
                       "pointer '0x10000000000000000' is too large (over 64 bits)");
    EXPECT_INPUT_ERROR(parseError(trace311({"free mem 0x" + std::string(60, 'f')})), kName, 3,
                       "pointer '0x" + std::string(38, 'f') + "...' is too large (over 64 bits)");
    // 64 bits fit; leading zeros do not count.
    CollectSink sink;
    readTraceText(trace311({"free obj 0xffffffffffffffff", "free obj 0x000000000000000000000010"}),
                  kName, sink);
    ASSERT_EQ(sink.events.size(), 2u);
    EXPECT_EQ(sink.events[0].ptr, UINT64_MAX);
    EXPECT_EQ(sink.events[1].ptr, 0x10u);
}

// ------------------------------------------------------------ field counts and domains

TEST(BadInput, WrongFieldCounts) {
    EXPECT_INPUT_ERROR(parseError(trace311({"malloc obj 16"})), kName, 3,
                       "'malloc' takes DOMAIN SIZE PTR; found 2 fields");
    EXPECT_INPUT_ERROR(parseError(trace311({"malloc obj 16 0x10 0x20"})), kName, 3,
                       "'malloc' takes DOMAIN SIZE PTR; found 4 fields");
    EXPECT_INPUT_ERROR(parseError(trace311({"malloc obj 16 0x10 a b c d e"})), kName, 3,
                       "'malloc' takes DOMAIN SIZE PTR; found 8 fields");
    EXPECT_INPUT_ERROR(parseError(trace311({"free obj"})), kName, 3,
                       "'free' takes DOMAIN PTR; found 1 field");
    EXPECT_INPUT_ERROR(parseError(trace311({"free"})), kName, 3,
                       "'free' takes DOMAIN PTR; found 0 fields");
    EXPECT_INPUT_ERROR(parseError(trace311({"realloc obj 0x0 16"})), kName, 3,
                       "'realloc' takes DOMAIN OLDPTR SIZE NEWPTR; found 3 fields");
    EXPECT_INPUT_ERROR(parseError(trace311({"calloc obj 2 8"})), kName, 3,
                       "'calloc' takes DOMAIN NELEM ELSIZE PTR; found 3 fields");
    EXPECT_INPUT_ERROR(parseError(trace311({"arena_alloc 0x7f0000000000"})), kName, 3,
                       "'arena_alloc' takes ADDR SIZE; found 1 field");
    EXPECT_INPUT_ERROR(parseError(trace311({"arena_free 0x7f0000000000 1048576 1"})), kName, 3,
                       "'arena_free' takes ADDR SIZE; found 3 fields");
}

TEST(BadInput, UnknownDomain) {
    EXPECT_INPUT_ERROR(parseError(trace311({"malloc heap 16 0x10"})), kName, 3,
                       "unknown domain 'heap': expected mem, obj or raw");
    EXPECT_INPUT_ERROR(parseError(trace311({"free OBJ 0x10"})), kName, 3,
                       "unknown domain 'OBJ': expected mem, obj or raw");
    // Too few fields is reported before the domain is looked at.
    EXPECT_INPUT_ERROR(parseError(trace311({"realloc 0x10 16 0x20"})), kName, 3,
                       "'realloc' takes DOMAIN OLDPTR SIZE NEWPTR; found 3 fields");
}

TEST(BadInput, CallocSizeOverflow) {
    EXPECT_INPUT_ERROR(parseError(trace311({"calloc obj 4294967296 4294967296 0x10"})), kName, 3,
                       "calloc size 4294967296 x 4294967296 overflows 64 bits");
    EXPECT_INPUT_ERROR(parseError(trace311({"calloc mem 18446744073709551615 2 0x10"})), kName, 3,
                       "calloc size 18446744073709551615 x 2 overflows 64 bits");
    // One less does not overflow; 0 elements of any size is 0 bytes.
    CollectSink sink;
    readTraceText(trace311({"calloc obj 4294967296 4294967295 0x10",
                            "calloc obj 18446744073709551615 0 0x0"}),
                  kName, sink);
    ASSERT_EQ(sink.events.size(), 2u);
    EXPECT_EQ(sink.events[0].size, 4294967296ull * 4294967295ull);
    EXPECT_EQ(sink.events[1].size, 0u);
}

TEST(BadInput, ArenaAddressZero) {
    EXPECT_INPUT_ERROR(parseError(trace311({"arena_alloc 0x0 1048576"})), kName, 3,
                       "arena address 0x0");
}

// ------------------------------------------------------------ line length

TEST(BadInput, LineLongerThanTheLimit) {
    ASSERT_EQ(kMaxLineLength, 4096u);
    // A comment of exactly the limit is fine.
    CollectSink sink;
    EXPECT_NO_THROW(readTraceText(trace311({"#" + std::string(4095, 'c'), kArena}), kName, sink));
    // One byte more is not, with or without a line end after it.
    EXPECT_INPUT_ERROR(parseError(trace311({kArena, "#" + std::string(4096, 'c'), kArena})), kName, 4,
                       "line longer than 4096 bytes");
    EXPECT_INPUT_ERROR(parseError("pymalloc-trace 1\n" + std::string(5000, 'x')), kName, 2,
                       "line longer than 4096 bytes");
    EXPECT_INPUT_ERROR(parseError(std::string(5000, 'p')), kName, 1, "line longer than 4096 bytes");
}

TEST(BadInput, HugeLineInAFileStopsEarly) {
    // 3 MiB with no line end, plain and compressed: rejected at line 3
    // without holding the line (the reader reads 1 MiB chunks).
    const std::string text = trace311({}) + "malloc obj 16 " + std::string(3 << 20, '7');
    TempFile plain(".trace"), packed(".trace.gz");
    plain.write(text);
    packed.write(gzip(text));
    EXPECT_INPUT_ERROR(fileError(plain.path()), plain.path(), 3, "line longer than 4096 bytes");
    EXPECT_INPUT_ERROR(fileError(packed.path()), packed.path(), 3, "line longer than 4096 bytes");
}

// ------------------------------------------------------------ replay: frees

TEST(BadInput, PymallocPointerFreedTwice) {
    EXPECT_INPUT_ERROR(loadError(trace311({kArena, "malloc obj 16 0x7f0000000030",
                                           "malloc obj 16 0x7f0000000040", "free obj 0x7f0000000030",
                                           "free obj 0x7f0000000030"})),
                       kName, 7, "pointer 0x7f0000000030 freed twice: its block is already free");
    // The only block of its pool: the pool is empty after the first free.
    EXPECT_INPUT_ERROR(loadError(trace311({kArena, "malloc obj 16 0x7f0000000030",
                                           "free obj 0x7f0000000030", "free mem 0x7f0000000030"})),
                       kName, 6, "pointer 0x7f0000000030 freed twice: its block is already free");
    // A realloc that moved the block freed the old one.
    EXPECT_INPUT_ERROR(loadError(trace311({kArena, "malloc obj 16 0x7f0000000030",
                                           "realloc obj 0x7f0000000030 64 0x7f0000004030",
                                           "free obj 0x7f0000000030"})),
                       kName, 6, "pointer 0x7f0000000030 freed twice: its block is already free");
}

TEST(BadInput, SystemPointerFreedTwice) {
    EXPECT_INPUT_ERROR(loadError(trace311({"malloc obj 1000 0x55d000001000",
                                           "free obj 0x55d000001000", "free obj 0x55d000001000"})),
                       kName, 5,
                       "free of 0x55d000001000: no live allocation starts there (never returned, "
                       "or freed twice)");
    // The raw domain never reaches pymalloc.
    EXPECT_INPUT_ERROR(loadError(trace311({"malloc raw 16 0x55d000002000",
                                           "free raw 0x55d000002000", "free raw 0x55d000002000"})),
                       kName, 5,
                       "free of 0x55d000002000: no live allocation starts there (never returned, "
                       "or freed twice)");
    // A 0-byte request goes to the system allocator too.
    EXPECT_INPUT_ERROR(loadError(trace311({"malloc mem 0 0x55d000003000",
                                           "free mem 0x55d000003000", "", "free mem 0x55d000003000"})),
                       kName, 6,
                       "free of 0x55d000003000: no live allocation starts there (never returned, "
                       "or freed twice)");
}

TEST(BadInput, FreeInsideArenaNotABlockStart) {
    const std::string msgTail = ", inside a pymalloc arena but not a block pymalloc handed out";
    // Inside a block.
    EXPECT_INPUT_ERROR(loadError(trace311({kArena, "malloc obj 16 0x7f0000000030",
                                           "free obj 0x7f0000000038"})),
                       kName, 5, "free of 0x7f0000000038" + msgTail);
    // Inside the pool header.
    EXPECT_INPUT_ERROR(loadError(trace311({kArena, "malloc obj 16 0x7f0000000030",
                                           "free obj 0x7f0000000010"})),
                       kName, 5, "free of 0x7f0000000010" + msgTail);
    // Past the pool's carved blocks.
    EXPECT_INPUT_ERROR(loadError(trace311({kArena, "malloc obj 16 0x7f0000000030",
                                           "free obj 0x7f0000000050"})),
                       kName, 5, "free of 0x7f0000000050" + msgTail);
    // In a pool of the arena that was never carved.
    EXPECT_INPUT_ERROR(loadError(trace311({kArena, "malloc obj 16 0x7f0000000030",
                                           "free obj 0x7f0000008030"})),
                       kName, 5, "free of 0x7f0000008030" + msgTail);
}

TEST(BadInput, FreeOutsideAnyArenaNeverReturned) {
    EXPECT_INPUT_ERROR(loadError(trace311({"free obj 0x55d000003000"})), kName, 3,
                       "free of 0x55d000003000: no live allocation starts there (never returned, "
                       "or freed twice)");
    // Beside a live system allocation.
    EXPECT_INPUT_ERROR(loadError(trace311({"malloc obj 1000 0x55d000001000", "free obj 0x55d000001010"})),
                       kName, 4,
                       "free of 0x55d000001010: no live allocation starts there (never returned, "
                       "or freed twice)");
    // free(NULL) is fine.
    EXPECT_NO_THROW(loadTraceText(trace311({"free obj 0x0", "free raw 0x0"}), kName));
}

TEST(BadInput, ReallocOfAFreedPointer) {
    EXPECT_INPUT_ERROR(loadError(trace311({kArena, "malloc obj 16 0x7f0000000030",
                                           "malloc obj 16 0x7f0000000040", "free obj 0x7f0000000030",
                                           "realloc obj 0x7f0000000030 32 0x7f0000004030"})),
                       kName, 7,
                       "realloc of 0x7f0000000030: not an allocated pymalloc block (never returned, "
                       "or already freed)");
    EXPECT_INPUT_ERROR(loadError(trace311({"malloc obj 1000 0x55d000001000", "free obj 0x55d000001000",
                                           "realloc obj 0x55d000001000 2000 0x55d000002000"})),
                       kName, 5,
                       "realloc of 0x55d000001000: no live allocation starts there (never returned, "
                       "or freed)");
    EXPECT_INPUT_ERROR(loadError(trace311({"malloc raw 100 0x55d000001000", "free raw 0x55d000001000",
                                           "realloc raw 0x55d000001000 200 0x55d000002000"})),
                       kName, 5,
                       "realloc of 0x55d000001000: no live allocation starts there (never returned, "
                       "or freed)");
}

// ------------------------------------------------------------ replay: arenas

TEST(BadInput, ArenaAllocOverlappingALiveArena) {
    // Starting inside it.
    EXPECT_INPUT_ERROR(loadError(trace311({kArena, "malloc obj 16 0x7f0000000030",
                                           "arena_alloc 0x7f0000080000 1048576"})),
                       kName, 5,
                       "arena_alloc at 0x7f0000080000 overlaps the arena at 0x7f0000000000, which "
                       "is still mapped");
    // Ending inside it.
    EXPECT_INPUT_ERROR(loadError(trace311({kArena, "malloc obj 16 0x7f0000000030",
                                           "arena_alloc 0x7effffff0000 65536",
                                           "arena_alloc 0x7efffff10000 1048576"})),
                       kName, 6,
                       "arena_alloc at 0x7efffff10000 overlaps the arena at 0x7f0000000000, which "
                       "is still mapped");
    // The same address twice before any request takes it.
    EXPECT_INPUT_ERROR(loadError(trace311({kArena, kArena})), kName, 4,
                       "arena_alloc at 0x7f0000000000: that address is already mapped");
    // A mapping that is not an arena, twice.
    EXPECT_INPUT_ERROR(loadError(trace311({"arena_alloc 0x7f1000000000 65536",
                                           "arena_alloc 0x7f1000000000 65536"})),
                       kName, 4, "arena_alloc at 0x7f1000000000: that address is already mapped");
    // Past the end of the address space.
    EXPECT_INPUT_ERROR(loadError(trace311({"arena_alloc 0xfffffffffff00001 1048576"})), kName, 3,
                       "arena_alloc at 0xfffffffffff00001 of 1048576 bytes runs past the end of the "
                       "address space");
}

TEST(BadInput, ArenaFreeOfAnAddressNeverMapped) {
    EXPECT_INPUT_ERROR(loadError(trace311({"arena_free 0x7e0000000000 1048576"})), kName, 3,
                       "arena_free of 0x7e0000000000: no mapping starts there");
    // Inside a live arena, not at its start.
    EXPECT_INPUT_ERROR(loadError(trace311({kArena, "malloc obj 16 0x7f0000000030",
                                           "arena_free 0x7f0000004000 1048576"})),
                       kName, 5, "arena_free of 0x7f0000004000: no mapping starts there");
    // A mapping freed twice.
    EXPECT_INPUT_ERROR(loadError(trace311({"arena_alloc 0x7f1000000000 65536",
                                           "arena_free 0x7f1000000000 65536",
                                           "arena_free 0x7f1000000000 65536"})),
                       kName, 5, "arena_free of 0x7f1000000000: no mapping starts there");
}

TEST(BadInput, ArenaFreeWithTheWrongSize) {
    EXPECT_INPUT_ERROR(loadError(trace311({kArena, "malloc obj 16 0x7f0000000030",
                                           "arena_free 0x7f0000000000 4096"})),
                       kName, 5,
                       "arena_free of 0x7f0000000000 gives 4096 bytes, but the arena there has 1048576");
}

TEST(BadInput, ArenaAllocOfZeroBytes) {
    EXPECT_INPUT_ERROR(loadError(trace311({"arena_alloc 0x7f0000000000 0"})), kName, 3,
                       "arena_alloc of 0 bytes");
}

// ------------------------------------------------------------ gzip

TEST(BadInput, GzipStreamCutShort) {
    const std::string text = validTrace();
    // Lines 1-10 in the first flush, lines 11-20 after it.
    size_t cut = 0;
    for (int nl = 0; nl < 10; ++cut)
        nl += text[cut] == '\n';
    std::vector<size_t> flushEnds;
    const std::string gz = gzipParts({text.substr(0, cut), text.substr(cut)}, &flushEnds);
    ASSERT_EQ(flushEnds.size(), 1u);

    TempFile whole(".trace.gz");
    whole.write(gz);
    EXPECT_EQ(loadTrace(whole.path())->store->size(), kValidEvents);

    // Cut at the flush: lines 1-10 arrive whole, line 11 never does.
    TempFile atFlush(".trace.gz");
    atFlush.write(gz.substr(0, flushEnds[0]));
    EXPECT_INPUT_ERROR(fileError(atFlush.path()), atFlush.path(), 11,
                       "the gzip stream ends early (the file is truncated)");
    // Only the 8-byte trailer missing: every line arrived, the stream did not end.
    TempFile noTrailer(".trace.gz");
    noTrailer.write(gz.substr(0, gz.size() - 8));
    EXPECT_INPUT_ERROR(fileError(noTrailer.path()), noTrailer.path(), kValidLines + 1,
                       "the gzip stream ends early (the file is truncated)");
    // Cut inside the 10-byte gzip header.
    TempFile inHeader(".trace.gz");
    inHeader.write(gz.substr(0, 5));
    EXPECT_INPUT_ERROR(fileError(inHeader.path()), inHeader.path(), 1,
                       "the gzip stream ends early (the file is truncated)");
}

TEST(BadInput, GzipCutShortWithZlibWriter) {
    // The same through zlib's own file writer, cut mid-stream.
    TempFile f(".trace.gz");
    std::string text = trace311({kArena});
    for (int i = 0; i < 2000; ++i)
        text += "malloc raw " + std::to_string(100 + i) + " 0x55d0000" + std::to_string(10000 + i) + "0\n";
    gzFile g = gzopen(f.path().c_str(), "wb9");
    ASSERT_NE(g, nullptr);
    ASSERT_EQ(gzwrite(g, text.data(), unsigned(text.size())), int(text.size()));
    ASSERT_EQ(gzclose(g), Z_OK);
    const auto size = std::filesystem::file_size(f.path());
    std::filesystem::resize_file(f.path(), size / 2);
    const InputError e = fileError(f.path());
    EXPECT_EQ(e.file(), f.path());
    EXPECT_EQ(e.message(), "the gzip stream ends early (the file is truncated)");
    // Somewhere in the middle: after line 3 and before the last line (2003).
    EXPECT_GT(e.line(), 3u);
    EXPECT_LT(e.line(), 2003u);
}

TEST(BadInput, CorruptGzipData) {
    const std::string gz = gzip(validTrace());
    ASSERT_EQ(gz.substr(0, 3), std::string("\x1f\x8b\x08", 3));
    {   // An unknown compression method in the header.
        std::string bad = gz;
        bad[2] = 7;
        TempFile f(".trace.gz");
        f.write(bad);
        EXPECT_INPUT_ERROR(fileError(f.path()), f.path(), 1,
                           "corrupt gzip data: unknown compression method");
    }
    {   // The first deflate block claims the reserved block type 3.
        std::string bad = gz;
        bad[10] = char(0x07);
        TempFile f(".trace.gz");
        f.write(bad);
        EXPECT_INPUT_ERROR(fileError(f.path()), f.path(), 1, "corrupt gzip data: invalid block type");
    }
    {   // A bad block after the first 10 lines: found in line 11.
        const std::string text = validTrace();
        size_t cut = 0;
        for (int nl = 0; nl < 10; ++cut)
            nl += text[cut] == '\n';
        std::vector<size_t> flushEnds;
        std::string bad = gzipParts({text.substr(0, cut), text.substr(cut)}, &flushEnds);
        ASSERT_EQ(flushEnds.size(), 1u);
        bad[flushEnds[0]] = char(0x07);  // the next block header (byte-aligned after the flush)
        TempFile f(".trace.gz");
        f.write(bad);
        EXPECT_INPUT_ERROR(fileError(f.path()), f.path(), 11, "corrupt gzip data: invalid block type");
    }
    {   // The CRC in the trailer is wrong: noticed after the last line.
        std::string bad = gz;
        bad[bad.size() - 8] = char(bad[bad.size() - 8] ^ 0x55);
        TempFile f(".trace.gz");
        f.write(bad);
        EXPECT_INPUT_ERROR(fileError(f.path()), f.path(), kValidLines + 1,
                           "corrupt gzip data: incorrect data check");
    }
    {   // The length in the trailer is wrong.
        std::string bad = gz;
        bad[bad.size() - 1] = char(bad[bad.size() - 1] ^ 0x01);
        TempFile f(".trace.gz");
        f.write(bad);
        EXPECT_INPUT_ERROR(fileError(f.path()), f.path(), kValidLines + 1,
                           "corrupt gzip data: incorrect length check");
    }
    {   // Garbage after a complete member.
        TempFile f(".trace.gz");
        f.write(gz + "garbage");
        EXPECT_INPUT_ERROR(fileError(f.path()), f.path(), kValidLines + 1,
                           "corrupt gzip data: incorrect header check");
    }
}

TEST(BadInput, ConcatenatedGzipMembersAreOneTrace) {
    const std::string text = validTrace();
    const size_t half = text.find("malloc raw");
    TempFile f(".trace.gz");
    f.write(gzip(text.substr(0, half)) + gzip(text.substr(half)));
    auto lt = loadTrace(f.path());
    EXPECT_EQ(lt->store->size(), kValidEvents);
    EXPECT_EQ(lt->mismatchCount, 0u);
}

// ------------------------------------------------------------ files and profiles

TEST(BadInput, MissingFile) {
    const std::string path =
        (std::filesystem::temp_directory_path() / "arenascope_no_such_dir" / "x.trace.gz").string();
    EXPECT_INPUT_ERROR(fileError(path), path, 0, "cannot open: No such file or directory");
}

TEST(BadInput, DirectoryInsteadOfFile) {
    const std::string path = std::filesystem::temp_directory_path().string();
    EXPECT_INPUT_ERROR(fileError(path), path, 0, "cannot read: Is a directory");
}

TEST(BadInput, NoPythonLineAndNoProfile) {
    const std::string text = "pymalloc-trace 1\nmalloc obj 16 0x55d000001000\n";
    EXPECT_INPUT_ERROR(loadError(text), kName, 0,
                       std::string("the trace has no '# python X.Y.Z' line to choose a profile; "
                                   "name one with --profile (") + kKnownProfiles + ")");
    // A python line without a version is no help either.
    EXPECT_INPUT_ERROR(loadError("pymalloc-trace 1\n# python unknown\n"), kName, 0,
                       std::string("the trace has no '# python X.Y.Z' line to choose a profile; "
                                   "name one with --profile (") + kKnownProfiles + ")");
    // Naming a profile makes it loadable.
    LoadOptions o;
    o.profileName = "3.11";
    auto lt = loadTraceText(text, kName, o);
    EXPECT_EQ(lt->profile.name, "3.11");
    EXPECT_EQ(lt->profileReason, "--profile 3.11");
}

TEST(BadInput, PythonVersionWithoutAProfile) {
    EXPECT_INPUT_ERROR(loadError(traceText("2.7.18", {})), kName, 0,
                       std::string("no profile for Python 2.7.18; name one with --profile (") +
                           kKnownProfiles + ")");
    EXPECT_INPUT_ERROR(loadError(traceText("3.16.0", {})), kName, 0,
                       std::string("no profile for Python 3.16.0; name one with --profile (") +
                           kKnownProfiles + ")");
}

TEST(BadInput, UnknownProfileName) {
    LoadOptions o;
    o.profileName = "4.2";
    EXPECT_INPUT_ERROR(loadError(validTrace(), o), kName, 0,
                       std::string("unknown profile '4.2' (known: ") + kKnownProfiles + ")");
    o.profileName = "";
    EXPECT_INPUT_ERROR(loadError(validTrace(), o), kName, 0,
                       std::string("unknown profile '' (known: ") + kKnownProfiles + ")");
    // A full version is accepted as a name.
    o.profileName = "3.11.7";
    EXPECT_EQ(loadTraceText(validTrace(), kName, o)->profile.name, "3.11");
}

TEST(BadInput, AFailedLoadLeavesAnEarlierOneIntact) {
    auto good = loadTraceText(validTrace(), kName);
    EXPECT_THROW(loadTraceText(trace311({"free obj 0x55d000003000"}), kName), InputError);
    EXPECT_EQ(good->store->size(), kValidEvents);
    EXPECT_EQ(good->predicted, kValidPredicted);
}

// ------------------------------------------------------------ mismatches

TEST(BadInput, MismatchIsCountedNotAnError) {
    // pymalloc hands out 0x...30 first; the recording says 0x...40.
    const std::string text = trace311({kArena, "malloc obj 16 0x7f0000000040",
                                       "free obj 0x7f0000000040",   // through the alias
                                       "malloc obj 16 0x7f0000000030",
                                       "free obj 0x7f0000000030"});
    std::shared_ptr<LoadedTrace> lt;
    ASSERT_NO_THROW(lt = loadTraceText(text, kName));
    EXPECT_EQ(lt->mismatchCount, 1u);
    EXPECT_EQ(lt->predicted, 2u);
    ASSERT_EQ(lt->mismatches.size(), 1u);
    EXPECT_EQ(lt->mismatches[0].line, 4u);
    EXPECT_EQ(lt->mismatches[0].message,
              "malloc obj 16 returned 0x7f0000000040, the simulation predicts 0x7f0000000030");
    ASSERT_EQ(lt->store->size(), 5u);
    EXPECT_EQ(lt->store->flags(1) & (kPredicted | kMismatch), kPredicted | kMismatch);
    EXPECT_EQ(lt->store->flags(3) & (kPredicted | kMismatch), kPredicted);
    // The recorded pointers are tracked after the mismatch; none is left.
    EXPECT_EQ(lt->finalState->rg.tracking, 1u);
    EXPECT_TRUE(lt->finalState->tracked.empty());
    EXPECT_TRUE(lt->finalState->raw.empty());
}

TEST(BadInput, ReplayStaysConsistentAfterAMismatch) {
    // After the mismatch the recorded pointer stands for the predicted block:
    // freeing it twice is still caught, under the recorded name.
    EXPECT_INPUT_ERROR(loadError(trace311({kArena, "malloc obj 16 0x7f0000000040",
                                           "free obj 0x7f0000000040", "free obj 0x7f0000000040"})),
                       kName, 6,
                       "free of 0x7f0000000040: no live allocation starts there (never returned, "
                       "or freed twice)");
    // A pointer that was never returned is still unknown after a mismatch.
    EXPECT_INPUT_ERROR(loadError(trace311({kArena, "malloc obj 16 0x7f0000000040",
                                           "free obj 0x55d000001000"})),
                       kName, 5,
                       "free of 0x55d000001000: no live allocation starts there (never returned, "
                       "or freed twice)");
    // And a realloc of the recorded pointer resizes the predicted block.
    auto lt = loadTraceText(trace311({kArena, "malloc obj 16 0x7f0000000040",
                                      "realloc obj 0x7f0000000040 16 0x7f0000000040",
                                      "free obj 0x7f0000000040"}),
                            kName);
    EXPECT_EQ(lt->mismatchCount, 1u);
    EXPECT_EQ(lt->predicted, 2u);
    EXPECT_TRUE(lt->finalState->tracked.empty());
}

// ------------------------------------------------------------ fuzzing

// Deterministic across standard libraries: only raw mt19937 output is used.
class Mutator {
public:
    explicit Mutator(uint32_t seed) : rng_(seed) {}
    uint32_t below(uint32_t n) { return n ? uint32_t(rng_() % n) : 0; }

    std::string mutate(std::string s) {
        static const char kAlphabet[] = "0123456789abcdefx \n#\t-+Xmo";
        const uint32_t n = 1 + below(4);
        for (uint32_t k = 0; k < n; ++k) {
            const uint32_t at = below(uint32_t(s.size()) + 1);
            switch (below(7)) {
            case 0:  // flip a bit
                if (at < s.size())
                    s[at] = char(s[at] ^ (1u << below(8)));
                break;
            case 1:  // replace a byte with a likely one
                if (at < s.size())
                    s[at] = kAlphabet[below(sizeof kAlphabet - 1)];
                break;
            case 2:  // insert a byte
                s.insert(s.begin() + at, char(below(256)));
                break;
            case 3:  // insert a likely byte
                s.insert(s.begin() + at, kAlphabet[below(sizeof kAlphabet - 1)]);
                break;
            case 4:  // delete a byte
                if (at < s.size())
                    s.erase(at, 1);
                break;
            case 5:  // duplicate a line (double frees, overlapping arenas)
            case 6: {  // delete a line
                const size_t b = s.rfind('\n', at == 0 ? 0 : at - 1);
                const size_t start = b == std::string::npos || at == 0 ? 0 : b + 1;
                const size_t e = s.find('\n', start);
                const size_t end = e == std::string::npos ? s.size() : e + 1;
                const std::string line = s.substr(start, end - start);
                if (below(7) < 4)
                    s.insert(start, line);
                else
                    s.erase(start, end - start);
                break;
            }
            }
        }
        return s;
    }

private:
    std::mt19937 rng_;
};

uint64_t linesIn(const std::string& s) {
    uint64_t n = 1;
    for (char c : s)
        n += c == '\n';
    return n;
}

TEST(Fuzz, MutatedTextTracesLoadOrFailCleanly) {
    const std::string base = validTrace();
    Mutator m(20240917u);
    int ok = 0, errors = 0;
    for (int i = 0; i < 4000; ++i) {
        const std::string text = m.mutate(base);
        try {
            auto lt = loadTraceText(text, kName);
            ++ok;
            // Memory stays bounded: no more events than lines, a few bytes each.
            ASSERT_LE(lt->store->size(), linesIn(text)) << "case " << i;
            ASSERT_LE(lt->store->bytes(), 64 * text.size() + 1024) << "case " << i;
            ASSERT_LE(lt->mismatchCount, lt->store->size()) << "case " << i;
            ASSERT_LE(lt->mismatches.size(), lt->mismatchCount) << "case " << i;
        } catch (const InputError& e) {
            ++errors;
            ASSERT_EQ(e.file(), kName) << "case " << i;
            ASSERT_LE(e.line(), linesIn(text)) << "case " << i << ": " << e.what();
            ASSERT_FALSE(e.message().empty()) << "case " << i;
            ASSERT_EQ(std::string(e.what()), InputError::format(e.file(), e.line(), e.message()));
        } catch (const std::exception& e) {
            FAIL() << "case " << i << " threw " << e.what() << " for:\n" << text;
        }
    }
    // Both outcomes are common with this seed (a duplicated request line is
    // an error: a pointer returned twice while live).
    EXPECT_GT(ok, 150);
    EXPECT_GT(errors, 2000);
    EXPECT_EQ(ok + errors, 4000);
}

TEST(Fuzz, RandomBytesAfterTheHeader) {
    Mutator m(7u);
    int errors = 0;
    for (int i = 0; i < 1000; ++i) {
        std::string text = "pymalloc-trace 1\n# python 3.11.7\n";
        const uint32_t n = m.below(300);
        for (uint32_t k = 0; k < n; ++k)
            text += char(m.below(256));
        CollectSink sink;
        try {
            readTraceText(text, kName, sink);
        } catch (const InputError& e) {
            ++errors;
            ASSERT_LE(e.line(), linesIn(text));
            ASSERT_GE(e.line(), 3u);
        }
    }
    EXPECT_GT(errors, 900);
}

TEST(Fuzz, MutatedGzipFilesLoadOrFailCleanly) {
    const std::string gz = gzip(validTrace());
    Mutator m(99u);
    TempFile f(".trace.gz");
    int ok = 0, errors = 0;
    for (int i = 0; i < 300; ++i) {
        std::string bad = gz;
        const uint32_t n = 1 + m.below(3);
        for (uint32_t k = 0; k < n; ++k) {
            const uint32_t at = m.below(uint32_t(bad.size()));
            switch (m.below(3)) {
            case 0: bad[at] = char(bad[at] ^ (1u << m.below(8))); break;
            case 1: bad.erase(at, 1); break;
            default: bad.resize(at); break;  // cut short
            }
        }
        f.write(bad);
        try {
            loadTrace(f.path());
            ++ok;
        } catch (const InputError& e) {
            ++errors;
            ASSERT_EQ(e.file(), f.path());
            // Corrupt data may inflate to other text, but deflate expands
            // at most about 1032 times.
            ASSERT_LE(e.line(), 1032 * bad.size() + 2) << e.what();
            ASSERT_FALSE(e.message().empty());
        } catch (const std::exception& e) {
            FAIL() << "case " << i << " threw " << e.what();
        }
    }
    EXPECT_EQ(ok + errors, 300);
    EXPECT_GT(errors, 250);
}

} // namespace
} // namespace arenascope
