#pragma once
// Reception days (接待日) of a liaison station: "weekly:1,4" (ISO weekdays, Monday = 1) or
// "monthly:9,19" (days of the month; a day a month lacks is skipped that month).
#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace huying {

struct ReceptionSchedule {
  enum class Kind { weekly, monthly } kind = Kind::weekly;
  std::vector<int> days;  // sorted, unique
};

std::optional<ReceptionSchedule> parse_schedule(std::string_view text);
std::string format_schedule(const ReceptionSchedule& schedule);
// The next `count` reception days on or after `from`.
std::vector<std::chrono::year_month_day> next_reception_days(const ReceptionSchedule& schedule,
                                                             std::chrono::year_month_day from,
                                                             int count);
std::string format_date(std::chrono::year_month_day day);  // "2026-03-09"

}  // namespace huying
