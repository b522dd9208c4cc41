#include "core/schedule.hpp"

#include <algorithm>
#include <charconv>

#include <fmt/format.h>

namespace huying {

using namespace std::chrono;

std::optional<ReceptionSchedule> parse_schedule(std::string_view text) {
  ReceptionSchedule s;
  std::string_view rest;
  if (text.starts_with("weekly:")) {
    s.kind = ReceptionSchedule::Kind::weekly;
    rest = text.substr(7);
  } else if (text.starts_with("monthly:")) {
    s.kind = ReceptionSchedule::Kind::monthly;
    rest = text.substr(8);
  } else {
    return std::nullopt;
  }
  int max = s.kind == ReceptionSchedule::Kind::weekly ? 7 : 31;
  while (!rest.empty()) {
    auto comma = rest.find(',');
    std::string_view item = rest.substr(0, comma);
    int day = 0;
    auto [end, ec] = std::from_chars(item.data(), item.data() + item.size(), day);
    if (ec != std::errc{} || end != item.data() + item.size() || day < 1 || day > max)
      return std::nullopt;
    s.days.push_back(day);
    if (comma == std::string_view::npos) break;
    rest = rest.substr(comma + 1);
  }
  if (s.days.empty()) return std::nullopt;
  std::sort(s.days.begin(), s.days.end());
  s.days.erase(std::unique(s.days.begin(), s.days.end()), s.days.end());
  return s;
}

std::string format_schedule(const ReceptionSchedule& s) {
  std::string out = s.kind == ReceptionSchedule::Kind::weekly ? "weekly:" : "monthly:";
  for (std::size_t i = 0; i < s.days.size(); ++i) out += (i ? "," : "") + std::to_string(s.days[i]);
  return out;
}

bool is_reception_day(const ReceptionSchedule& s, year_month_day day) {
  int key = s.kind == ReceptionSchedule::Kind::weekly ? int(weekday{sys_days{day}}.iso_encoding())
                                                      : int(unsigned(day.day()));
  return std::binary_search(s.days.begin(), s.days.end(), key);
}

std::vector<year_month_day> next_reception_days(const ReceptionSchedule& s, year_month_day from,
                                                int count) {
  std::vector<year_month_day> out;
  sys_days day{from};
  // Two years of days bound the search whatever the schedule.
  for (int i = 0; i < 2 * 366 && int(out.size()) < count; ++i, day += days{1})
    if (is_reception_day(s, year_month_day{day})) out.push_back(year_month_day{day});
  return out;
}

std::vector<std::size_t> on_duty(const ReceptionSchedule& s, year_month_day day, std::size_t deputies) {
  if (deputies == 0 || !is_reception_day(s, day)) return {};
  std::size_t turn = 0;  // reception days of the year before this one
  for (sys_days d{day.year() / January / 1}; d < sys_days{day}; d += days{1})
    if (is_reception_day(s, year_month_day{d})) ++turn;
  std::size_t per_day = std::min<std::size_t>(2, deputies);
  std::vector<std::size_t> out;
  for (std::size_t i = 0; i < per_day; ++i) out.push_back((turn * per_day + i) % deputies);
  return out;
}

std::string format_date(year_month_day d) {
  return fmt::format("{:04}-{:02}-{:02}", int(d.year()), unsigned(d.month()), unsigned(d.day()));
}

}  // namespace huying
