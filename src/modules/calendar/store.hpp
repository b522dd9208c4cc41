#pragma once
// SQL of the working-day calendar (calendar_years, calendar_days); nothing else.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/calendar.hpp"

namespace soci {
class session;
}

namespace huying::calendar::store {

struct YearRow {
  int year = 0;
  std::string source, imported_by;
  std::int64_t imported_at_ms = 0;
};

std::vector<YearRow> years(soci::session& s);
std::optional<YearRow> find_year(soci::session& s, int year);
// Days of one year, or of every year when `year` is empty, in date order.
std::vector<DayException> days(soci::session& s, std::optional<int> year);
std::optional<std::string> time_zone_of(soci::session& s, std::int64_t congress_id);
void replace_year(soci::session& tx, const YearRow& year, const std::vector<DayException>& days);

}  // namespace huying::calendar::store
