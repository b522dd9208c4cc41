#include "core/id_number.hpp"

#include <chrono>

namespace huying {

char id_number_check_character(std::string_view first17) {
  static constexpr int weights[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  static constexpr char checks[11] = {'1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'};
  int sum = 0;
  for (int i = 0; i < 17; ++i) sum += (first17[i] - '0') * weights[i];
  return checks[sum % 11];
}

bool is_valid_id_number(std::string_view id) {
  if (id.size() != 18) return false;
  for (int i = 0; i < 17; ++i)
    if (id[i] < '0' || id[i] > '9') return false;
  char last = id[17] == 'x' ? 'X' : id[17];
  if (last != id_number_check_character(id.substr(0, 17))) return false;
  auto number = [&](std::size_t pos, std::size_t len) {
    int n = 0;
    for (std::size_t i = pos; i < pos + len; ++i) n = n * 10 + (id[i] - '0');
    return n;
  };
  std::chrono::year_month_day birth{std::chrono::year{number(6, 4)},
                                    std::chrono::month{unsigned(number(10, 2))},
                                    std::chrono::day{unsigned(number(12, 2))}};
  return birth.ok() && number(6, 4) >= 1900;
}

}  // namespace huying
