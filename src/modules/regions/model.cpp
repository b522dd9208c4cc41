#include "modules/regions/model.hpp"

#include <algorithm>

namespace huying::regions {

namespace {

// Chinese numerals for 1..99; other numbers in digits.
std::string numeral(std::int64_t number) {
  static const char* digits[] = {"零", "一", "二", "三", "四", "五", "六", "七", "八", "九"};
  if (number <= 0 || number >= 100) return std::to_string(number);
  std::string text;
  int tens = int(number / 10), ones = int(number % 10);
  if (tens > 1) text += digits[tens];
  if (tens > 0) text += "十";
  if (ones > 0) text += digits[ones];
  return text;
}

}  // namespace

std::string term_name(std::int64_t number) { return "第" + numeral(number) + "届"; }

std::string session_name(std::int64_t number) { return "第" + numeral(number) + "次会议"; }

bool is_region_code(std::string_view code) {
  return (code.size() == 6 || code.size() == 9) &&
         std::all_of(code.begin(), code.end(), [](char c) { return c >= '0' && c <= '9'; });
}

int level_rank(std::string_view level) {
  auto it = std::find(region_levels.begin(), region_levels.end(), level);
  return it == region_levels.end() ? -1 : int(it - region_levels.begin());
}

}  // namespace huying::regions
