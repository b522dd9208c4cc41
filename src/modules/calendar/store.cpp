#include "modules/calendar/store.hpp"

#include <soci/soci.h>

#include "db/row.hpp"

namespace huying::calendar::store {

namespace {

YearRow year_from(const soci::row& r) {
  return {static_cast<int>(db::get_int64(r, 0)), db::get_string(r, 1), db::get_string(r, 3),
          db::get_int64(r, 2)};
}

std::string first_day(int year) { return std::to_string(year) + "-01-01"; }
std::string last_day(int year) { return std::to_string(year) + "-12-31"; }

}  // namespace

std::vector<YearRow> years(soci::session& s) {
  std::vector<YearRow> out;
  soci::rowset<soci::row> rows =
      (s.prepare << "SELECT year, source, imported_at_ms, imported_by FROM calendar_years ORDER BY year");
  for (const auto& r : rows) out.push_back(year_from(r));
  return out;
}

std::optional<YearRow> find_year(soci::session& s, int year) {
  long long y = year;
  soci::rowset<soci::row> rows =
      (s.prepare << "SELECT year, source, imported_at_ms, imported_by FROM calendar_years WHERE year = :y",
       soci::use(y));
  for (const auto& r : rows) return year_from(r);
  return std::nullopt;
}

std::vector<DayException> days(soci::session& s, std::optional<int> year) {
  std::vector<DayException> out;
  auto add = [&out](const soci::row& r) {
    auto date = parse_date(db::get_string(r, 0));
    auto kind = parse_kind(db::get_string(r, 1));
    if (date && kind) out.push_back({*date, *kind, db::get_string(r, 2)});
  };
  if (year) {
    std::string from = first_day(*year), to = last_day(*year);
    soci::rowset<soci::row> rows =
        (s.prepare << "SELECT day, kind, name FROM calendar_days WHERE day >= :f AND day <= :t ORDER BY day",
         soci::use(from), soci::use(to));
    for (const auto& r : rows) add(r);
  } else {
    soci::rowset<soci::row> rows = (s.prepare << "SELECT day, kind, name FROM calendar_days ORDER BY day");
    for (const auto& r : rows) add(r);
  }
  return out;
}

std::optional<std::string> time_zone_of(soci::session& s, std::int64_t congress_id) {
  long long id = congress_id;
  soci::rowset<soci::row> rows = (s.prepare << "SELECT time_zone FROM congresses WHERE id = :id", soci::use(id));
  for (const auto& r : rows) return db::get_string(r, 0);
  return std::nullopt;
}

void replace_year(soci::session& tx, const YearRow& year, const std::vector<DayException>& days) {
  std::string from = first_day(year.year), to = last_day(year.year);
  long long y = year.year, at = year.imported_at_ms;
  tx << "DELETE FROM calendar_days WHERE day >= :f AND day <= :t", soci::use(from), soci::use(to);
  tx << "DELETE FROM calendar_years WHERE year = :y", soci::use(y);
  tx << "INSERT INTO calendar_years (year, source, imported_at_ms, imported_by) VALUES (:y, :s, :a, :b)",
      soci::use(y), soci::use(year.source), soci::use(at), soci::use(year.imported_by);
  for (const auto& d : days) {
    std::string day = format_date(d.date), kind(kind_name(d.kind));
    tx << "INSERT INTO calendar_days (day, kind, name) VALUES (:d, :k, :n)", soci::use(day),
        soci::use(kind), soci::use(d.name);
  }
}

}  // namespace huying::calendar::store
