#pragma once
// The working-day calendar as stored: years of dated exceptions from the State Council's
// notices. Other services load it inside their own transaction, so that a deadline is
// computed from the calendar as it is at that moment on any node.
#include <optional>
#include <string>
#include <vector>

#include "core/calendar.hpp"
#include "core/caller.hpp"
#include "core/clock.hpp"
#include "core/error.hpp"
#include "db/database.hpp"
#include "modules/audit/service.hpp"

namespace huying::calendar {

// A congress's today: the civil date in its time zone, as a date and as text.
struct Today {
  std::chrono::year_month_day date;
  std::string text;
};

struct YearView {
  int year = 0;
  bool known = false;
  std::string source, imported_by;
  std::optional<TimePoint> imported_at;
  std::vector<DayException> days;
};

class Service {
 public:
  Service(db::Database& db, const Clock& clock, const audit::Service& audit)
      : db_(db), clock_(clock), audit_(audit) {}

  // Every known year, for computing deadlines inside a transaction.
  static WorkingCalendar load(soci::session& s);
  // The same, kept for a minute: for hot paths such as the public opinion form. A change on
  // this node is seen at once; one made on another node within the minute.
  static WorkingCalendar cached(soci::session& s);
  // Today where a congress sits (Asia/Shanghai when it names no zone), for its deadlines.
  static Today today(soci::session& s, const Clock& clock, std::int64_t congress_id);

  // Any signed-in user may read the calendar.
  YearView year(const Caller& caller, int year);
  // Replaces one year (administrators); the days' problems are a 422 pointing at /days/N.
  YearView replace_year(const Caller& caller, int year, const std::string& source,
                        const std::vector<DayException>& days, Validator input_errors = {});
  // The command line's import: a CSV of one year; problems name the file's lines.
  YearView import_csv(const Caller& caller, const std::string& text, const std::string& source);

 private:
  db::Database& db_;
  const Clock& clock_;
  const audit::Service& audit_;
};

}  // namespace huying::calendar
