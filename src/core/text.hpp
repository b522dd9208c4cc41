#pragma once
// Small text rules shared by searches and logs.
#include <optional>
#include <string>
#include <string_view>

namespace huying {

// The smallest string of [0-9a-z] greater than every string starting with `prefix`
// ("zw" → "zx", "4109" → "411", "zz" → none), so that a prefix search is an index range
// (`>= prefix AND < bound`) that orders the same under any collation of these characters.
std::optional<std::string> prefix_bound(std::string_view prefix);

// The code prefix shared by a region and its sub-regions: trailing "00" pairs of a 6-digit
// code go (410000 → "41", 410100 → "4101", 419001 → "419001"); 9-digit codes stay whole.
std::string region_prefix(std::string_view code);

// Whether bytes are UTF-8 (no overlong forms, surrogates or code points past U+10FFFF).
bool is_valid_utf8(std::string_view bytes);
// Counts code points, so that limits mean characters to a Chinese user.
std::size_t utf8_length(std::string_view text);

// An error message without the values bound to the statement that failed: SOCI ends a
// database error with '... while executing "SQL" with :p0="...", ...', and those values
// may be a citizen's name and mobile, which do not belong in logs or error columns.
std::string without_bound_values(std::string message);

}  // namespace huying
