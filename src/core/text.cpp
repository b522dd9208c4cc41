#include "core/text.hpp"

namespace huying {

std::optional<std::string> prefix_bound(std::string_view prefix) {
  std::string bound(prefix);
  while (!bound.empty()) {
    char& last = bound.back();
    if (last != 'z' && last != '9') {
      ++last;
      return bound;
    }
    bound.pop_back();  // "az" → "b": nothing between "az…" and "b" but "az…" itself
  }
  return std::nullopt;
}

std::string region_prefix(std::string_view code) {
  std::string prefix(code);
  if (prefix.size() != 6) return prefix;
  while (prefix.size() > 2 && prefix.ends_with("00")) prefix.resize(prefix.size() - 2);
  return prefix;
}

}  // namespace huying
