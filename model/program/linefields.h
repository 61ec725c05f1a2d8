// The fields of one program line of a stepped recording (docs/trace-format.md,
// "Steps"), checked and converted, with the file and line for messages;
// shared by the step reader and the collector's graph reader.
#pragma once

#include "model/pymalloc/inputerror.h"
#include "model/trace/fields.h"

#include <climits>
#include <cstdint>
#include <string>
#include <string_view>

namespace arenascope {

// One program line being read: its fields after the keyword, checked and
// converted, with the file and line for messages. The fixed fields are split
// at runs of spaces or tabs, as the reader splits events; a line that ends
// in free text (TEXT, VALUE, LABEL, PATH) has it after the single space that
// follows the last fixed field, so that leading spaces (a source line's
// indentation) are kept, and it may be empty.
class LineFields {
public:
    LineFields(const std::string& file, uint64_t line, std::string_view text, int fixed,
               bool withRest, const char* shape)
        : file_(file), line_(line) {
        auto blank = [&](size_t i) { return text[i] == ' ' || text[i] == '\t'; };
        size_t p = 0;
        while (p < text.size() && !blank(p)) // the keyword
            ++p;
        const std::string_view keyword = text.substr(0, p);
        int count = 0; // all the fields, or the fixed ones when a rest follows
        for (;;) {
            if (withRest && count == fixed) {
                if (p < text.size())
                    rest_ = text.substr(p + 1);
                break;
            }
            while (p < text.size() && blank(p))
                ++p;
            if (p == text.size())
                break;
            const size_t s = p;
            while (p < text.size() && !blank(p))
                ++p;
            if (count < kMax)
                f_[count] = text.substr(s, p - s);
            ++count;
        }
        if (withRest ? count < fixed : count != fixed)
            fail("'" + std::string(keyword) + "' takes " + shape + "; found " +
                 std::to_string(count) + (count == 1 ? " field" : " fields"));
    }

    std::string_view operator[](int i) const { return f_[i]; }
    std::string_view rawRest() const { return rest_; } // a `file` line's PATH is not escaped

    [[noreturn]] void fail(const std::string& message) const {
        throw InputError(file_, line_, message);
    }

    uint64_t number(int i, const char* what) const {
        uint64_t v = 0;
        if (std::string e = readDecimal(f_[i], what, v); !e.empty())
            fail(e);
        return v;
    }

    // A line number, kept as an int by ProgramStep and FrameState.
    int lineNumber(int i) const {
        const uint64_t v = number(i, "line number");
        if (v > uint64_t(INT_MAX))
            fail("line number '" + shownToken(f_[i]) + "' is too large");
        return int(v);
    }

    // An address, written as the trace's pointers are.
    uint64_t pointer(int i) const {
        uint64_t v = 0;
        if (std::string e = readPointer(f_[i], v); !e.empty())
            fail(e);
        return v;
    }

    // The free text, unescaped: `\\`, `\n`, `\r`, `\t` and `\xHH` stand
    // for the bytes that would break the line; every other byte is itself.
    std::string rest() const {
        const std::string_view v = rest_;
        std::string out;
        out.reserve(v.size());
        for (size_t i = 0; i < v.size(); ++i) {
            if (v[i] != '\\') {
                out += v[i];
                continue;
            }
            const char e = i + 1 < v.size() ? v[i + 1] : '\0';
            if (e == '\\' || e == 'n' || e == 'r' || e == 't') {
                out += e == 'n' ? '\n' : e == 'r' ? '\r' : e == 't' ? '\t' : '\\';
                ++i;
            } else if (e == 'x' && i + 3 < v.size() && hex(v[i + 2]) >= 0 && hex(v[i + 3]) >= 0) {
                out += char(hex(v[i + 2]) * 16 + hex(v[i + 3]));
                i += 3;
            } else {
                fail("bad escape '" + shownToken(v.substr(i, e == 'x' ? 4 : 2)) +
                     "': expected \\\\, \\n, \\r, \\t or \\xHH");
            }
        }
        return out;
    }

private:
    static constexpr int kMax = 6; // the most fixed fields a line has (obj)

    static int hex(char c) {
        return c >= '0' && c <= '9'   ? c - '0'
               : c >= 'a' && c <= 'f' ? c - 'a' + 10
               : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                      : -1;
    }

    const std::string& file_;
    uint64_t line_;
    std::string_view f_[kMax];
    std::string_view rest_;
};

inline std::string_view keywordOf(std::string_view text) {
    return text.substr(0, text.find_first_of(" \t"));
}

} // namespace arenascope
