// Numbers and pointers as trace lines write them (docs/trace-format.md,
// "Values"), read the same way by the event reader and the step reader.
// Each returns what is wrong with the field, or an empty string.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace arenascope {

// Plain decimal digits that fit in 64 bits; `what` names the field.
std::string readDecimal(std::string_view t, const char* what, uint64_t& value);
// 0x and 1 to 16 lower-case hexadecimal digits.
std::string readPointer(std::string_view t, uint64_t& value);

} // namespace arenascope
