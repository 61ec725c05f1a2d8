// The tokenizer: one pass over the text; brackets suspend NEWLINE and
// indentation, as in Python, so a display may span lines.
#include "model/scenario/lexer.h"

#include <cctype>
#include <utility>

namespace arenascope::scenario {
namespace {

const char* const kOps3[] = {"**=", "//=", "..."};
const char* const kOps2[] = {"+=", "-=", "*=", "/=", "%=", "==", "!=", "<=", ">=", "**", "//", "->", "<<", ">>", "&=", "|=", "^=", ":="};
const char kOps1[] = "+-*/%()[]{},:.=<>&|^~@;";

class Lexer {
public:
    explicit Lexer(const std::string& s) : s_(s) {}

    std::vector<Token> run() {
        indents_.push_back(0);
        while (pos_ < s_.size()) {
            if (atLineStart_ && depth_ == 0) {
                if (handleIndent())
                    continue;
            }
            const char c = s_[pos_];
            if (c == '\n') {
                newline();
                continue;
            }
            if (c == ' ' || c == '\t' || c == '\r' || c == '\f') {
                ++pos_;
                continue;
            }
            if (c == '#') {
                while (pos_ < s_.size() && s_[pos_] != '\n')
                    ++pos_;
                continue;
            }
            if (c == '\\' && pos_ + 1 < s_.size() && s_[pos_ + 1] == '\n') {
                pos_ += 2;
                ++line_;
                continue;
            }
            if (std::isdigit(static_cast<unsigned char>(c))) {
                number();
                continue;
            }
            if (std::isalpha(static_cast<unsigned char>(c)) || c == '_') {
                nameOrPrefixedString();
                continue;
            }
            if (c == '\'' || c == '"') {
                string(false);
                continue;
            }
            if (static_cast<unsigned char>(c) >= 0x80)
                throw ScenarioError(line_, "only ASCII source text is supported");
            op();
        }
        if (!open_.empty())
            throw ScenarioError(open_.back().second, std::string("SyntaxError: '") + open_.back().first +
                                                         "' was never closed");
        if (!atLineStart_)
            push(Tok::Newline, "");
        while (indents_.size() > 1) {
            indents_.pop_back();
            push(Tok::Dedent, "");
        }
        push(Tok::End, "");
        return std::move(out_);
    }

private:
    void push(Tok k, std::string text) { out_.push_back(Token{k, std::move(text), line_}); }

    void newline() {
        if (depth_ == 0 && !atLineStart_)
            push(Tok::Newline, "");
        ++pos_;
        ++line_;
        if (depth_ == 0)
            atLineStart_ = true;
    }

    // Measures the indentation of a logical line; blank and comment-only
    // lines are skipped (returns true when it consumed such a line).
    bool handleIndent() {
        size_t p = pos_;
        int col = 0;
        while (p < s_.size() && (s_[p] == ' ' || s_[p] == '\t')) {
            col = s_[p] == '\t' ? (col / 8 + 1) * 8 : col + 1;
            ++p;
        }
        if (p >= s_.size()) {
            pos_ = p;
            return true;
        }
        if (s_[p] == '\n' || s_[p] == '#' || s_[p] == '\r') {
            while (p < s_.size() && s_[p] != '\n')
                ++p;
            pos_ = p;
            if (pos_ < s_.size()) {
                ++pos_;
                ++line_;
            }
            return true;
        }
        pos_ = p;
        atLineStart_ = false;
        if (col > indents_.back()) {
            indents_.push_back(col);
            push(Tok::Indent, "");
        } else {
            while (col < indents_.back()) {
                indents_.pop_back();
                push(Tok::Dedent, "");
            }
            if (col != indents_.back())
                throw ScenarioError(line_, "IndentationError: unindent does not match any outer "
                                           "indentation level");
        }
        return false;
    }

    void number() {
        const size_t start = pos_;
        if (s_[pos_] == '0' && pos_ + 1 < s_.size() && (s_[pos_ + 1] == 'x' || s_[pos_ + 1] == 'X')) {
            pos_ += 2;
            while (pos_ < s_.size() && (std::isxdigit(static_cast<unsigned char>(s_[pos_])) || s_[pos_] == '_'))
                ++pos_;
        } else {
            while (pos_ < s_.size() && (std::isdigit(static_cast<unsigned char>(s_[pos_])) || s_[pos_] == '_'))
                ++pos_;
        }
        if (pos_ < s_.size() && (s_[pos_] == '.' || s_[pos_] == 'e' || s_[pos_] == 'E' ||
                                 s_[pos_] == 'j' || s_[pos_] == 'J'))
            throw ScenarioError(line_, "floating-point and complex numbers are not supported in scenarios");
        if (pos_ < s_.size() && (std::isalpha(static_cast<unsigned char>(s_[pos_])) || s_[pos_] == '_'))
            throw ScenarioError(line_, "SyntaxError: invalid decimal literal");
        push(Tok::Number, s_.substr(start, pos_ - start));
    }

    void nameOrPrefixedString() {
        const size_t start = pos_;
        while (pos_ < s_.size() && (std::isalnum(static_cast<unsigned char>(s_[pos_])) || s_[pos_] == '_'))
            ++pos_;
        std::string word = s_.substr(start, pos_ - start);
        if (pos_ < s_.size() && (s_[pos_] == '\'' || s_[pos_] == '"')) {
            if (word == "b" || word == "B") {
                string(true);
                return;
            }
            if (word == "r" || word == "f" || word == "u" || word == "rb" || word == "br" ||
                word == "R" || word == "F" || word == "U")
                throw ScenarioError(line_, "string prefix '" + word + "' is not supported in scenarios");
        }
        push(Tok::Name, std::move(word));
    }

    void string(bool bytes) {
        const int startLine = line_;
        const char q = s_[pos_];
        const bool triple = s_.compare(pos_, 3, std::string(3, q)) == 0;
        pos_ += triple ? 3 : 1;
        std::string v;
        for (;;) {
            if (pos_ >= s_.size())
                throw ScenarioError(startLine, triple ? "SyntaxError: unterminated triple-quoted string literal"
                                                      : "SyntaxError: unterminated string literal");
            const char c = s_[pos_];
            if (triple ? s_.compare(pos_, 3, std::string(3, q)) == 0 : c == q) {
                pos_ += triple ? 3 : 1;
                break;
            }
            if (c == '\n') {
                if (!triple)
                    throw ScenarioError(startLine, "SyntaxError: unterminated string literal");
                ++line_;
            }
            if (c == '\\' && pos_ + 1 < s_.size()) {
                v += escape(bytes);
                continue;
            }
            v += c;
            ++pos_;
        }
        push(bytes ? Tok::Bytes : Tok::String, std::move(v));
        out_.back().line = startLine;
    }

    std::string escape(bool bytes) {
        const char e = s_[pos_ + 1];
        pos_ += 2;
        switch (e) {
        case '\n': ++line_; return "";
        case '\\': return "\\";
        case '\'': return "'";
        case '"': return "\"";
        case 'n': return "\n";
        case 't': return "\t";
        case 'r': return "\r";
        case 'a': return "\a";
        case 'b': return "\b";
        case 'f': return "\f";
        case 'v': return "\v";
        case 'x': {
            if (pos_ + 2 > s_.size() || !std::isxdigit(static_cast<unsigned char>(s_[pos_])) ||
                !std::isxdigit(static_cast<unsigned char>(s_[pos_ + 1])))
                throw ScenarioError(line_, "SyntaxError: truncated \\xXX escape");
            const int v = std::stoi(s_.substr(pos_, 2), nullptr, 16);
            pos_ += 2;
            if (v >= 0x80 && !bytes)
                throw ScenarioError(line_, "only ASCII strings are supported in scenarios");
            return std::string(1, char(v));
        }
        default:
            if (e >= '0' && e <= '7') {
                int v = e - '0';
                for (int i = 0; i < 2 && pos_ < s_.size() && s_[pos_] >= '0' && s_[pos_] <= '7'; ++i)
                    v = v * 8 + (s_[pos_++] - '0');
                if (v >= 0x80 && !bytes)
                    throw ScenarioError(line_, "only ASCII strings are supported in scenarios");
                return std::string(1, char(v));
            }
            return std::string("\\") + e;  // unknown escapes stay as written
        }
    }

    void op() {
        for (const char* o : kOps3)
            if (s_.compare(pos_, 3, o) == 0)
                return opToken(o, 3);
        for (const char* o : kOps2)
            if (s_.compare(pos_, 2, o) == 0)
                return opToken(o, 2);
        const char c = s_[pos_];
        for (const char* p = kOps1; *p; ++p)
            if (*p == c)
                return opToken(std::string(1, c), 1);
        throw ScenarioError(line_, std::string("SyntaxError: invalid character '") + c + "'");
    }

    void opToken(const std::string& o, size_t n) {
        if (o == "(" || o == "[" || o == "{") {
            ++depth_;
            open_.emplace_back(o[0], line_);
        }
        if (o == ")" || o == "]" || o == "}") {
            if (depth_ == 0)
                throw ScenarioError(line_, "SyntaxError: unmatched '" + o + "'");
            const char want = open_.back().first == '(' ? ')' : open_.back().first == '[' ? ']' : '}';
            if (o[0] != want)
                throw ScenarioError(line_, "SyntaxError: closing parenthesis '" + o +
                                               "' does not match opening parenthesis '" +
                                               open_.back().first + "'");
            --depth_;
            open_.pop_back();
        }
        pos_ += n;
        push(Tok::Op, o);
    }

    const std::string& s_;
    size_t pos_ = 0;
    int line_ = 1;
    int depth_ = 0;
    bool atLineStart_ = true;
    std::vector<int> indents_;
    std::vector<std::pair<char, int>> open_;  // open brackets and their lines
    std::vector<Token> out_;
};

} // namespace

std::vector<Token> tokenize(const std::string& source) { return Lexer(source).run(); }

} // namespace arenascope::scenario
