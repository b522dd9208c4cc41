#include "core/calendar.hpp"

#include <algorithm>
#include <stdexcept>

#include <fmt/format.h>

// libdate-tz (Debian's libhowardhinnant-date) is built against the system's zoneinfo; the
// header must be read with the same settings its CMake target exports, or the layout of
// its types differs from the library's.
#ifndef USE_OS_TZDB
#define USE_OS_TZDB 1
#endif
#ifndef HAS_STRING_VIEW
#define HAS_STRING_VIEW 1
#endif
#ifndef ONLY_C_LOCALE
#define ONLY_C_LOCALE 1
#endif
#include <date/tz.h>

#include "core/csv.hpp"
#include "core/text.hpp"
#include "core/error.hpp"

namespace huying::calendar {

using namespace std::chrono;

namespace {

bool is_weekend(sys_days day) {
  weekday w{day};
  return w == Saturday || w == Sunday;
}

std::string_view weekday_name(sys_days day) {
  static constexpr std::string_view names[] = {"Sunday",   "Monday", "Tuesday", "Wednesday",
                                               "Thursday", "Friday", "Saturday"};
  return names[weekday{day}.c_encoding()];
}

// Monday to Friday among the days before `day`, counted from a Monday long ago: the
// difference of two of these counts the weekdays between, in constant time.
std::int64_t weekdays_before(sys_days day) {
  // 1970-01-01 was a Thursday, so day -3 was a Monday.
  std::int64_t since_monday = std::int64_t(day.time_since_epoch().count()) + 3;
  std::int64_t weeks = since_monday >= 0 ? since_monday / 7 : (since_monday - 6) / 7;
  std::int64_t rest = since_monday - weeks * 7;
  return weeks * 5 + std::min<std::int64_t>(rest, 5);
}

sys_days first_day_of(int y) { return sys_days{year{y} / January / 1}; }

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace

std::optional<year_month_day> parse_date(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  int parts[3] = {0, 0, 0};
  int part = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (i == 4 || i == 7) {
      ++part;
      continue;
    }
    // from_chars would take a sign, and the format has none.
    if (text[i] < '0' || text[i] > '9') return std::nullopt;
    parts[part] = parts[part] * 10 + (text[i] - '0');
  }
  year_month_day d{year{parts[0]}, month{unsigned(parts[1])}, day{unsigned(parts[2])}};
  if (!d.ok()) return std::nullopt;
  return d;
}

std::string_view kind_name(DayKind kind) {
  return kind == DayKind::workday ? "workday" : "holiday";
}

std::optional<DayKind> parse_kind(std::string_view text) {
  if (text == "holiday") return DayKind::holiday;
  if (text == "workday") return DayKind::workday;
  return std::nullopt;
}

year_month_day add_months(year_month_day d, int n) {
  year_month_day moved = (year_month(d.year(), d.month()) + months{n}) / d.day();
  if (moved.ok()) return moved;
  return year_month_day_last(moved.year(), month_day_last(moved.month()));
}

year_month_day civil_date_in(std::int64_t epoch_ms, const std::string& time_zone) {
  const date::time_zone* zone = nullptr;
  try {
    zone = date::locate_zone(time_zone);
  } catch (const std::runtime_error&) {
    throw Error(500, "time_zone_unknown", "Unknown Time Zone",
                "The time zone \"" + time_zone + "\" is not in the system's time zone database.");
  }
  auto local = zone->to_local(sys_time<milliseconds>{milliseconds{epoch_ms}});
  return year_month_day{sys_days{floor<days>(local.time_since_epoch())}};
}

WorkingCalendar::WorkingCalendar(std::vector<int> known_years, std::vector<DayException> days)
    : years_(std::move(known_years)) {
  std::sort(years_.begin(), years_.end());
  years_.erase(std::unique(years_.begin(), years_.end()), years_.end());
  exceptions_.reserve(days.size());
  for (const auto& d : days) exceptions_.push_back({sys_days{d.date}, d.kind});
  std::stable_sort(exceptions_.begin(), exceptions_.end(),
                   [](const Entry& a, const Entry& b) { return a.day < b.day; });
  exceptions_.erase(std::unique(exceptions_.begin(), exceptions_.end(),
                                [](const Entry& a, const Entry& b) { return a.day == b.day; }),
                    exceptions_.end());
}

bool WorkingCalendar::knows(int year) const {
  return std::binary_search(years_.begin(), years_.end(), year);
}

const std::vector<int>& WorkingCalendar::years() const { return years_; }

void WorkingCalendar::require(int year) const {
  if (!knows(year))
    throw Error(500, "calendar_year_unknown", "Working-Day Calendar Incomplete",
                fmt::format("The working-day calendar has no data for {}: import the State "
                            "Council's holiday notice for that year.",
                            year));
}

bool WorkingCalendar::is_working(sys_days day, const Entry* exception) const {
  if (exception) return exception->kind == DayKind::workday;
  return !is_weekend(day);
}

bool WorkingCalendar::is_working_day(year_month_day d) const {
  require(int(d.year()));
  sys_days day{d};
  auto it = std::lower_bound(exceptions_.begin(), exceptions_.end(), day,
                             [](const Entry& e, sys_days x) { return e.day < x; });
  return is_working(day, it != exceptions_.end() && it->day == day ? &*it : nullptr);
}

year_month_day WorkingCalendar::add_working_days(year_month_day from, int n) const {
  if (n < 0) throw std::invalid_argument("add_working_days counts forward only");
  sys_days day{from};
  if (n == 0) return from;
  // One walk over the days and, alongside, over the exceptions after `from`: no lookup per day.
  auto it = std::upper_bound(exceptions_.begin(), exceptions_.end(), day,
                             [](sys_days x, const Entry& e) { return x < e.day; });
  int y = int(year_month_day{day + days{1}}.year());
  require(y);
  sys_days next_year = first_day_of(y + 1);
  while (n > 0) {
    day += days{1};
    if (day >= next_year) {
      require(++y);
      next_year = first_day_of(y + 1);
    }
    while (it != exceptions_.end() && it->day < day) ++it;
    if (is_working(day, it != exceptions_.end() && it->day == day ? &*it : nullptr)) --n;
  }
  return year_month_day{day};
}

int WorkingCalendar::working_days_between(year_month_day from, year_month_day to) const {
  sys_days first{from}, last{to};
  if (last <= first) return 0;
  for (int y = int(year_month_day{first + days{1}}.year()); y <= int(to.year()); ++y) require(y);
  // Monday to Friday, corrected by the exceptions in the range that change a day's status.
  auto count = weekdays_before(last + days{1}) - weekdays_before(first + days{1});
  auto begin = std::upper_bound(exceptions_.begin(), exceptions_.end(), first,
                                [](sys_days x, const Entry& e) { return x < e.day; });
  auto end = std::upper_bound(begin, exceptions_.end(), last,
                              [](sys_days x, const Entry& e) { return x < e.day; });
  for (auto it = begin; it != end; ++it) {
    bool weekend = is_weekend(it->day);
    if (it->kind == DayKind::holiday && !weekend) --count;
    if (it->kind == DayKind::workday && weekend) ++count;
  }
  return int(count);
}

std::vector<DayProblem> check_year(int year, const std::vector<DayException>& days) {
  std::vector<DayProblem> problems;
  if (days.empty()) {
    problems.push_back({-1, fmt::format("The list for {} names no days.", year)});
    return problems;
  }
  std::vector<std::pair<sys_days, int>> by_date;
  by_date.reserve(days.size());
  for (std::size_t i = 0; i < days.size(); ++i) {
    const auto& d = days[i];
    int index = int(i);
    if (!d.date.ok()) {
      problems.push_back({index, "This is not a valid date."});
      continue;
    }
    sys_days day{d.date};
    std::string text = format_date(d.date);
    if (int(d.date.year()) != year)
      problems.push_back({index, fmt::format("{} is not in {}.", text, year)});
    if (d.kind == DayKind::workday && !is_weekend(day))
      problems.push_back({index, fmt::format("{} is a {}; a make-up working day (workday) must "
                                             "be a Saturday or a Sunday.",
                                             text, weekday_name(day))});
    by_date.emplace_back(day, index);
  }
  std::stable_sort(by_date.begin(), by_date.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  for (std::size_t i = 1; i < by_date.size(); ++i)
    if (by_date[i].first == by_date[i - 1].first)
      problems.push_back({by_date[i].second, fmt::format("{} is listed more than once.",
                                                         format_date(year_month_day{by_date[i].first}))});
  std::stable_sort(problems.begin(), problems.end(),
                   [](const DayProblem& a, const DayProblem& b) { return a.index < b.index; });
  return problems;
}

namespace {

// A record of the file (one row, possibly spanning lines inside quotes) and the line it
// starts on, so that problems can point at lines the way an editor numbers them.
struct Record {
  std::string_view text;
  int line;
};

std::vector<Record> split_records(std::string_view text) {
  // The quoting rules of csv::parse: a quote opens a field only at its start; inside, a
  // doubled quote is a quote and a single one closes.
  std::vector<Record> records;
  bool quoted = false, field_started = false;
  int line = 1, start_line = 1;
  std::size_t start = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (quoted) {
      if (c == '"') {
        if (i + 1 < text.size() && text[i + 1] == '"')
          ++i;
        else
          quoted = false;
      } else if (c == '\n' || (c == '\r' && !(i + 1 < text.size() && text[i + 1] == '\n'))) {
        ++line;
      }
      continue;
    }
    if (c == '"' && !field_started) {
      quoted = field_started = true;
    } else if (c == ',') {
      field_started = false;
    } else if (c == '\n' || c == '\r') {
      bool crlf = c == '\r' && i + 1 < text.size() && text[i + 1] == '\n';
      records.push_back({text.substr(start, i - start), start_line});
      if (crlf) ++i;
      start = i + 1;
      start_line = ++line;
      field_started = false;
    } else {
      field_started = true;
    }
  }
  if (start < text.size()) records.push_back({text.substr(start), start_line});
  return records;
}

bool is_header(const csv::Row& row) {
  static constexpr std::string_view expected[] = {"date", "kind", "name"};
  if (row.size() < 3) return false;
  for (std::size_t i = 0; i < row.size(); ++i) {
    std::string_view field = trim(row[i]);
    if (i < 3) {
      if (field.size() != expected[i].size() ||
          !std::equal(field.begin(), field.end(), expected[i].begin(),
                      [](char a, char b) { return (a | 0x20) == b; }))
        return false;
    } else if (!field.empty()) {
      return false;
    }
  }
  return true;
}

}  // namespace

ParsedYear parse_csv(std::string_view text) {
  ParsedYear out;
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
  if (!is_valid_utf8(text)) {
    out.problems.push_back({-1, "The file is not valid UTF-8."});
    return out;
  }
  bool header_seen = false;
  std::vector<int> lines;  // of out.days
  for (const auto& record : split_records(text)) {
    std::vector<csv::Row> rows;
    try {
      rows = csv::parse(record.text);
    } catch (const std::invalid_argument&) {
      out.problems.push_back({record.line, "A quoted field is never closed."});
      break;
    }
    if (rows.empty()) continue;  // a blank line
    const csv::Row& row = rows.front();
    if (!header_seen) {
      header_seen = true;
      if (!is_header(row)) {
        out.problems.push_back({record.line, "The first row must be the header date,kind,name."});
        return out;
      }
      continue;
    }
    bool extra = row.size() > 3 && std::any_of(row.begin() + 3, row.end(), [](const auto& f) {
                   return !trim(f).empty();
                 });
    if (row.size() < 2 || extra) {
      out.problems.push_back({record.line, fmt::format("The row has {} columns; expected date,kind,name.", row.size())});
      continue;
    }
    auto date = parse_date(trim(row[0]));
    auto kind = parse_kind(trim(row[1]));
    if (!date)
      out.problems.push_back({record.line, fmt::format("\"{}\" is not a date (YYYY-MM-DD).", row[0])});
    if (!kind)
      out.problems.push_back({record.line, fmt::format("\"{}\" is not a kind; use holiday or workday.", row[1])});
    if (!date || !kind) continue;
    if (out.days.empty()) out.year = int(date->year());
    out.days.push_back({*date, *kind, std::string(row.size() > 2 ? trim(row[2]) : std::string_view{})});
    lines.push_back(record.line);
  }
  if (!header_seen) {
    out.problems.push_back({-1, "The file is empty."});
    return out;
  }
  if (out.days.empty()) {
    // An empty list is only news when no row was rejected on its own account.
    if (out.problems.empty()) out.problems.push_back({-1, "The file lists no days."});
    return out;
  }
  for (auto& problem : check_year(out.year, out.days)) {
    if (problem.index >= 0) problem.index = lines[problem.index];
    out.problems.push_back(std::move(problem));
  }
  std::stable_sort(out.problems.begin(), out.problems.end(),
                   [](const DayProblem& a, const DayProblem& b) { return a.index < b.index; });
  return out;
}

}  // namespace huying::calendar
