#include "modules/accounts/model.hpp"

#include <algorithm>

namespace huying::accounts {

std::string mask_mobile(const std::string& mobile) {
  if (mobile.size() < 7) return std::string(mobile.size(), '*');
  return mobile.substr(0, 3) + std::string(mobile.size() - 7, '*') + mobile.substr(mobile.size() - 4);
}

bool is_mobile_number(std::string_view text) {
  // Mainland mobile numbers: 11 digits starting with 1[3-9].
  return text.size() == 11 && text[0] == '1' && text[1] >= '3' && text[1] <= '9' &&
         std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace huying::accounts
