#pragma once
// Pinyin of Chinese names for search (ICU's Han-Latin transliteration): 张伟 → "zhangwei"
// and initials "zw", so that a citizen finds a deputy by "zhangwei", "zhang wei" or "zw".
#include <string>
#include <string_view>

namespace huying {

struct Pinyin {
  std::string full;      // "zhangwei"
  std::string initials;  // "zw"
};

Pinyin to_pinyin(std::string_view utf8_name);

// A search query as pinyin keys are stored: lower case, spaces and apostrophes removed.
// Returns empty when the query is not plain Latin letters (then it is matched to names).
std::string pinyin_query(std::string_view query);

}  // namespace huying
