#pragma once
// Personal data shown to those who may not read it in full: names and mobile numbers are
// masked ("张*", "138****1234") unless a role needs them, and only then through an audited read.
#include <string>
#include <string_view>

namespace huying {

// "138****1234"
std::string mask_mobile(const std::string& mobile);
// "张*", "欧阳**": the first character (code point) kept, each further one a star.
std::string mask_name(std::string_view name);
// Mainland mobile numbers: 11 digits starting with 1[3-9].
bool is_mobile_number(std::string_view text);

}  // namespace huying
