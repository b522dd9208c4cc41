#include "modules/calendar/service.hpp"

#include <boost/json.hpp>

#include <mutex>

#include "core/policy.hpp"
#include "modules/calendar/store.hpp"

namespace huying::calendar {

namespace {

YearView view_of(soci::session& s, int year) {
  YearView v;
  v.year = year;
  if (auto row = store::find_year(s, year)) {
    v.known = true;
    v.source = row->source;
    v.imported_by = row->imported_by;
    if (row->imported_at_ms > 0) v.imported_at = from_epoch_ms(row->imported_at_ms);
    v.days = store::days(s, year);
  }
  return v;
}

void check_year_number(int year) {
  if (year < 1949 || year > 2200)
    throw Error::not_found("There is no calendar year " + std::to_string(year) + ".");
}

}  // namespace

WorkingCalendar Service::load(soci::session& s) {
  std::vector<int> years;
  for (const auto& y : store::years(s)) years.push_back(y.year);
  return WorkingCalendar(std::move(years), store::days(s, std::nullopt));
}

namespace {
struct Cache {
  std::mutex mutex;
  std::optional<WorkingCalendar> calendar;
  std::chrono::steady_clock::time_point loaded_at;
};
Cache& cache() {
  static Cache c;
  return c;
}
}  // namespace

WorkingCalendar Service::cached(soci::session& s) {
  auto& c = cache();
  {
    std::lock_guard lock(c.mutex);
    if (c.calendar && std::chrono::steady_clock::now() - c.loaded_at < std::chrono::minutes(1)) return *c.calendar;
  }
  auto fresh = load(s);
  std::lock_guard lock(c.mutex);
  c.calendar = fresh;
  c.loaded_at = std::chrono::steady_clock::now();
  return fresh;
}

Today Service::today(soci::session& s, const Clock& clock, std::int64_t congress_id) {
  auto zone = store::time_zone_of(s, congress_id).value_or("Asia/Shanghai");
  auto d = civil_date_in(to_epoch_ms(clock.now()), zone);
  return {d, format_date(d)};
}

YearView Service::year(const Caller& caller, int year) {
  policy::require_authenticated(caller.principal);
  check_year_number(year);
  auto lease = db_.read();
  return view_of(*lease, year);
}

YearView Service::replace_year(const Caller& caller, int year, const std::string& source,
                               const std::vector<DayException>& days, Validator input_errors) {
  std::string grant = policy::enforce(caller.principal, policy::Action::platform_manage, {}, "calendar");
  check_year_number(year);
  for (const auto& problem : check_year(year, days))
    input_errors.field(problem.index < 0 ? "/days" : "/days/" + std::to_string(problem.index),
                       problem.message);
  input_errors.throw_if_any();
  YearView result;
  db_.write([&](soci::session& tx) {
    auto before = store::find_year(tx, year);
    store::replace_year(tx, {year, source, caller.principal.actor, to_epoch_ms(clock_.now())}, days);
    int holidays = 0, workdays = 0;
    for (const auto& d : days) ++(d.kind == DayKind::holiday ? holidays : workdays);
    audit_.record(tx, caller,
                  {"calendar.import", "calendar_year", std::to_string(year),
                   {{"source", source},
                    {"holidays", holidays},
                    {"workdays", workdays},
                    {"replaced", before.has_value()}},
                   grant,
                   std::nullopt});
    result = view_of(tx, year);
  });
  std::lock_guard lock(cache().mutex);
  cache().calendar.reset();
  return result;
}

YearView Service::import_csv(const Caller& caller, const std::string& text, const std::string& source) {
  ParsedYear parsed = parse_csv(text);
  if (!parsed.problems.empty()) {
    Validator v;
    for (const auto& p : parsed.problems)
      v.field("/line/" + std::to_string(p.index), p.message);
    v.throw_if_any();
  }
  return replace_year(caller, parsed.year, source, parsed.days);
}

}  // namespace huying::calendar
