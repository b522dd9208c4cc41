#include "core/masking.hpp"

#include <algorithm>

namespace huying {

std::string mask_mobile(const std::string& mobile) {
  if (mobile.size() < 7) return std::string(mobile.size(), '*');
  return mobile.substr(0, 3) + std::string(mobile.size() - 7, '*') + mobile.substr(mobile.size() - 4);
}

std::string mask_name(std::string_view name) {
  std::string out;
  std::size_t code_points = 0;
  for (std::size_t i = 0; i < name.size(); ++i) {
    bool starts = (static_cast<unsigned char>(name[i]) & 0xC0) != 0x80;
    if (starts) ++code_points;
    if (code_points == 1) out += name[i];
    else if (starts) out += '*';
  }
  return out;
}

bool is_mobile_number(std::string_view text) {
  return text.size() == 11 && text[0] == '1' && text[1] >= '3' && text[1] <= '9' &&
         std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace huying
