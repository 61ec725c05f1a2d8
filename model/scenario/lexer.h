// Tokenizer for the scenario subset of Python 3: names, numbers, str/bytes
// literals, operators, and INDENT/DEDENT from leading whitespace as
// Python's own tokenizer (Parser/tokenizer.c) produces them.
#pragma once

#include "model/scenario/scenarioerror.h"

#include <cstdint>
#include <string>
#include <vector>

namespace arenascope::scenario {

enum class Tok : uint8_t { Name, Number, String, Bytes, Op, Newline, Indent, Dedent, End };

struct Token {
    Tok kind = Tok::End;
    std::string text;  // the name, the operator, the literal's value (decoded), the digits
    int line = 0;
};

// Splits source into tokens; throws ScenarioError (with the line) on bad input.
std::vector<Token> tokenize(const std::string& source);

} // namespace arenascope::scenario
