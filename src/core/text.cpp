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

bool is_valid_utf8(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      ++i;
      continue;
    }
    std::size_t extra = c >= 0xC2 && c <= 0xDF ? 1 : c >= 0xE0 && c <= 0xEF ? 2 : c >= 0xF0 && c <= 0xF4 ? 3 : 0;
    if (extra == 0 || i + extra >= s.size()) return false;
    for (std::size_t k = 1; k <= extra; ++k)
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
    auto c1 = static_cast<unsigned char>(s[i + 1]);
    // Overlong forms, UTF-16 surrogates and code points past U+10FFFF are not UTF-8.
    if ((c == 0xE0 && c1 < 0xA0) || (c == 0xED && c1 >= 0xA0) || (c == 0xF0 && c1 < 0x90) ||
        (c == 0xF4 && c1 >= 0x90))
      return false;
    i += extra + 1;
  }
  return true;
}

std::size_t utf8_length(std::string_view text) {
  std::size_t n = 0;
  for (unsigned char c : text)
    if ((c & 0xC0) != 0x80) ++n;
  return n;
}

std::string without_bound_values(std::string message) {
  auto values = message.find("\" with :");
  if (values != std::string::npos) message.replace(values + 1, std::string::npos, " (values left out)");
  return message;
}

}  // namespace huying
