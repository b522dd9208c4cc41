#pragma once
// Working days as the State Council defines them: Monday to Friday, except the holidays of
// its yearly notice, plus the weekend days it makes working days (调休). The notice comes
// out each autumn for the next year only, so the calendar is data per year, and a year
// nobody imported is an error rather than a guess from weekends alone.
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/schedule.hpp"  // format_date

namespace huying::calendar {

// holiday: a day off (any day of the week, so that a whole period such as 春节 can be
// listed); workday: a Saturday or Sunday made a working day (调休).
enum class DayKind { holiday, workday };

struct DayException {
  std::chrono::year_month_day date;
  DayKind kind = DayKind::holiday;
  std::string name;  // 春节, 春节调休, ...
};

// Strictly "YYYY-MM-DD" naming a real date.
std::optional<std::chrono::year_month_day> parse_date(std::string_view text);

std::string_view kind_name(DayKind kind);  // "holiday" / "workday"
std::optional<DayKind> parse_kind(std::string_view text);

// Month-end clamped: 2025-01-31 + 1 = 2025-02-28, 2024-01-31 + 1 = 2024-02-29.
std::chrono::year_month_day add_months(std::chrono::year_month_day d, int months);

// The civil date in an IANA time zone ("Asia/Shanghai") at a UTC instant, from the
// system's tz database. Throws Error 500 "time_zone_unknown" for a zone it lacks.
std::chrono::year_month_day civil_date_in(std::int64_t epoch_ms, const std::string& time_zone);

class WorkingCalendar {
 public:
  WorkingCalendar() = default;
  // Trusts its input (check_year is for imports): years in any order, at most one
  // exception per date (the first one wins).
  WorkingCalendar(std::vector<int> known_years, std::vector<DayException> days);

  bool knows(int year) const;

  // These throw Error 500 "calendar_year_unknown" naming the year when a day they have to
  // look at lies in a year the calendar does not know.
  bool is_working_day(std::chrono::year_month_day d) const;
  // The n-th working day after `from` (n >= 0; n = 0 gives `from` itself, unexamined).
  std::chrono::year_month_day add_working_days(std::chrono::year_month_day from, int n) const;
  // Working days in (from, to]; 0 when to <= from.
  int working_days_between(std::chrono::year_month_day from, std::chrono::year_month_day to) const;

  const std::vector<int>& years() const;  // ascending

 private:
  struct Entry {
    std::chrono::sys_days day;
    DayKind kind;
  };
  void require(int year) const;
  bool is_working(std::chrono::sys_days day, const Entry* exception) const;

  std::vector<int> years_;
  std::vector<Entry> exceptions_;  // ascending by day, one per day
};

// Problems with one year's exceptions before they are imported. `index` points into
// `days`, or is -1 for the list as a whole; `message` is English, for people.
struct DayProblem {
  int index;
  std::string message;
};
// Flags: an empty list, a date outside `year`, a workday on Monday to Friday, a date listed
// twice (each repeat).
std::vector<DayProblem> check_year(int year, const std::vector<DayException>& days);

// One year's exceptions from a CSV file (UTF-8, optional BOM, header row
// "date,kind,name"). The year is that of the first valid date. Problems carry the 1-based
// line number of the file in `index` (-1 for the file as a whole) and include those of
// check_year.
struct ParsedYear {
  int year = 0;
  std::vector<DayException> days;
  std::vector<DayProblem> problems;
};
ParsedYear parse_csv(std::string_view text);

}  // namespace huying::calendar
