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
bool is_reception_day(const ReceptionSchedule& schedule, std::chrono::year_month_day day);
// Who is on duty on a reception day: the station's deputies, in a stable order, take turns
// two a day (one when there is one), counting the year's reception days, so that with a
// weekly schedule each of up to 50 deputies serves at least twice a year. Indexes into that
// order; empty when `day` is no reception day.
std::vector<std::size_t> on_duty(const ReceptionSchedule& schedule, std::chrono::year_month_day day,
                                 std::size_t deputies);
std::string format_date(std::chrono::year_month_day day);  // "2026-03-09"

}  // namespace huying
