#include "modules/registry/directory_store.hpp"

#include <soci/soci.h>

#include "db/query.hpp"
#include "db/row.hpp"

namespace huying::registry::directory_store {

namespace {

constexpr const char* card_select =
    "SELECT m.id, p.id, p.name, p.name_pinyin, p.name_initials, p.gender, m.level, m.congress_id, "
    "c.name, m.term_number, m.region_code, COALESCE(r.name, ''), COALESCE(d.name, ''), "
    "p.occupation, p.photo_url";
constexpr const char* card_joins =
    " JOIN persons p ON p.id = m.person_id "
    "JOIN congresses c ON c.id = m.congress_id "
    "LEFT JOIN regions r ON r.code = m.region_code "
    "LEFT JOIN delegations d ON d.id = m.delegation_id";
constexpr const char* record_extra =
    ", m.status, m.start_date, m.end_date, m.deputy_group, p.ethnicity, p.party, p.birth_year, "
    "COALESCE(pp.id_number, ''), COALESCE(pp.mobile, ''), m.version";
constexpr const char* record_join = " LEFT JOIN person_private pp ON pp.person_id = p.id";
const std::string card_from = std::string(" FROM mandates m") + card_joins;

DeputyCard card_from_row(const soci::row& r) {
  DeputyCard c;
  c.id = db::get_int64(r, 0);
  c.person_id = db::get_int64(r, 1);
  c.name = db::get_string(r, 2);
  c.pinyin = db::get_string(r, 3);
  c.initials = db::get_string(r, 4);
  c.gender = db::get_string(r, 5);
  c.level = db::get_string(r, 6);
  c.congress_id = db::get_int64(r, 7);
  c.congress_name = db::get_string(r, 8);
  c.term_number = db::get_int64(r, 9);
  c.region_code = db::get_string(r, 10);
  c.region_name = db::get_string(r, 11);
  c.delegation = db::get_string(r, 12);
  c.occupation = db::get_string(r, 13);
  c.photo_url = db::get_string(r, 14);
  return c;
}

std::string mask(const std::string& value, std::size_t keep_front, std::size_t keep_back) {
  if (value.size() <= keep_front + keep_back) return std::string(value.size(), '*');
  return value.substr(0, keep_front) + std::string(value.size() - keep_front - keep_back, '*') +
         value.substr(value.size() - keep_back);
}

DeputyRecord record_from_row(const soci::row& r) {
  DeputyRecord d;
  d.card = card_from_row(r);
  d.status = db::get_string(r, 15);
  d.start_date = db::get_string(r, 16);
  d.end_date = db::get_optional_string(r, 17);
  d.deputy_group = db::get_string(r, 18);
  d.ethnicity = db::get_string(r, 19);
  d.party = db::get_string(r, 20);
  d.birth_year = db::get_optional_int64(r, 21);
  d.id_number_masked = mask(db::get_string(r, 22), 3, 4);
  d.mobile_masked = mask(db::get_string(r, 23), 3, 4);
  d.version = db::get_int64(r, 24);
  return d;
}

void where(db::Query& q, const DeputyFilter& f, const Search& s) {
  q.text(" WHERE 1 = 1");
  if (f.status) q.text(" AND m.status = ").value(*f.status);
  if (s.region_from) {
    q.text(" AND m.region_code >= ").value(*s.region_from);
    if (s.region_to) q.text(" AND m.region_code < ").value(*s.region_to);
  }
  if (f.level) q.text(" AND m.level = ").value(*f.level);
  if (f.term) q.text(" AND m.term_number = ").value(*f.term);
  if (f.congress) q.text(" AND m.congress_id = ").value(*f.congress);
  if (f.delegation) q.text(" AND m.delegation_id = ").value(*f.delegation);
  if (f.station)
    q.text(" AND EXISTS (SELECT 1 FROM station_deputies sd WHERE sd.mandate_id = m.id AND "
           "sd.station_id = ")
        .value(*f.station)
        .text(")");
  if (s.scoped) q.text(" AND m.congress_id IN ").values(s.congress_ids);
  if (s.by_name()) q.text(" AND m.person_id = k.id");
}

// A name search starts from the few persons whose pinyin, initials or name match — an index
// range each — and reaches their mandates by person; without one, the filters on mandates
// lead. CROSS JOIN keeps SQLite's planner from starting elsewhere; PostgreSQL plans by its
// statistics either way.
void from(db::Query& q, const Search& s, const std::string& joins) {
  if (!s.by_name()) {
    q.text(" FROM mandates m").text(joins);
    return;
  }
  auto range = [&](const char* column) {
    q.text(column).text(" >= ").value(*s.pinyin_from);
    if (s.pinyin_to) q.text(" AND ").text(column).text(" < ").value(*s.pinyin_to);
  };
  q.text(" FROM (SELECT id FROM persons WHERE 1 = 1");
  if (s.pinyin_from) {
    q.text(" AND ");
    range("name_pinyin");
  }
  if (s.name_like) q.text(" AND name LIKE ").value(*s.name_like);
  if (s.initials_too) {
    q.text(" UNION SELECT id FROM persons WHERE ");
    range("name_initials");
  }
  q.text(") k CROSS JOIN mandates m").text(joins);
}

// ORDER BY clauses come from this list only, never from input.
std::string order_by(const std::string& sort) {
  if (sort == "-name") return " ORDER BY p.name_pinyin DESC, m.id DESC";
  if (sort == "start_date") return " ORDER BY m.start_date, p.name_pinyin, m.id";
  if (sort == "-start_date") return " ORDER BY m.start_date DESC, p.name_pinyin, m.id";
  if (sort == "region") return " ORDER BY m.region_code, p.name_pinyin, m.id";
  if (sort == "-region") return " ORDER BY m.region_code DESC, p.name_pinyin, m.id";
  return " ORDER BY p.name_pinyin, m.id";
}

std::vector<DeputyCard> collect_cards(db::Query& q, soci::session& s) {
  std::vector<DeputyCard> out;
  for (const auto& r : q.rows(s)) out.push_back(card_from_row(r));
  return out;
}

constexpr const char* station_select =
    "SELECT st.id, st.name, st.kind, st.region_code, COALESCE(r.name, ''), st.address, st.latitude, "
    "st.longitude, st.opening_hours, st.phone, st.reception_schedule FROM stations st "
    "LEFT JOIN regions r ON r.code = st.region_code";

StationCard station_from_row(const soci::row& r) {
  StationCard c;
  c.id = db::get_int64(r, 0);
  c.name = db::get_string(r, 1);
  c.kind = db::get_string(r, 2);
  c.region_code = db::get_string(r, 3);
  c.region_name = db::get_string(r, 4);
  c.address = db::get_string(r, 5);
  c.latitude = db::get_optional_double(r, 6);
  c.longitude = db::get_optional_double(r, 7);
  c.opening_hours = db::get_string(r, 8);
  c.phone = db::get_string(r, 9);
  c.reception_schedule = db::get_string(r, 10);
  return c;
}

void station_where(db::Query& q, const StationFilter& f, const std::optional<std::string>& from,
                   const std::optional<std::string>& to) {
  q.text(" WHERE st.active = 1");
  if (from) {
    q.text(" AND st.region_code >= ").value(*from);
    if (to) q.text(" AND st.region_code < ").value(*to);
  }
  if (f.kind) q.text(" AND st.kind = ").value(*f.kind);
  if (f.q) {
    std::string like;
    for (char c : *f.q)
      if (c != '%' && c != '_' && c != '\\') like += c;
    q.text(" AND st.name LIKE ").value("%" + like + "%");
  }
}

std::vector<StationCard> collect_stations(db::Query& q, soci::session& s) {
  std::vector<StationCard> out;
  for (const auto& r : q.rows(s)) out.push_back(station_from_row(r));
  return out;
}

}  // namespace

std::vector<DeputyCard> cards(soci::session& s, const DeputyFilter& f, const Search& search,
                              const PageRequest& page) {
  db::Query q(card_select);
  from(q, search, card_joins);
  where(q, f, search);
  q.text(order_by(f.sort)).text(" LIMIT ").value(page.page_size).text(" OFFSET ").value(page.offset());
  return collect_cards(q, s);
}

std::int64_t count_cards(soci::session& s, const DeputyFilter& f, const Search& search) {
  db::Query q("SELECT COUNT(*)");
  from(q, search, "");
  where(q, f, search);
  return q.count(s);
}

std::optional<DeputyRecord> record(soci::session& s, std::int64_t mandate_id) {
  db::Query q(std::string(card_select) + record_extra + card_from + record_join + " WHERE m.id = ");
  q.value(mandate_id);
  for (const auto& r : q.rows(s)) return record_from_row(r);
  return std::nullopt;
}

std::optional<DeputyPrivate> private_fields(soci::session& s, std::int64_t person_id) {
  db::Query q("SELECT id_number, mobile, home_address, birth_date FROM person_private WHERE person_id = ");
  q.value(person_id);
  for (const auto& r : q.rows(s))
    return DeputyPrivate{db::get_string(r, 0), db::get_string(r, 1), db::get_string(r, 2), db::get_string(r, 3)};
  return std::nullopt;
}

std::vector<DeputyRecord> records(soci::session& s, const DeputyFilter& f, const Search& search,
                                  std::int64_t limit, std::int64_t offset) {
  db::Query q(std::string(card_select) + record_extra);
  from(q, search, std::string(card_joins) + record_join);
  where(q, f, search);
  q.text(order_by(f.sort)).text(" LIMIT ").value(limit).text(" OFFSET ").value(offset);
  std::vector<DeputyRecord> out;
  for (const auto& r : q.rows(s)) out.push_back(record_from_row(r));
  return out;
}

std::vector<DeputyCard> mandates_of_person(soci::session& s, std::int64_t person_id) {
  db::Query q(std::string(card_select) + card_from + " WHERE m.person_id = ");
  q.value(person_id).text(" ORDER BY m.id");
  return collect_cards(q, s);
}

std::vector<DeputyCard> deputies_of_station(soci::session& s, std::int64_t station_id) {
  db::Query q(std::string(card_select) + card_from +
              " JOIN station_deputies sd ON sd.mandate_id = m.id WHERE m.status = 'serving' AND "
              "sd.station_id = ");
  q.value(station_id).text(" ORDER BY p.name_pinyin, m.id LIMIT 500");
  return collect_cards(q, s);
}

std::vector<StationCard> stations_of_mandate(soci::session& s, std::int64_t mandate_id) {
  db::Query q(std::string(station_select) +
              " JOIN station_deputies sd ON sd.station_id = st.id WHERE st.active = 1 AND sd.mandate_id = ");
  q.value(mandate_id).text(" ORDER BY st.id");
  return collect_stations(q, s);
}

bool update_mandate(soci::session& tx, std::int64_t mandate_id, const DeputyRecord& d,
                    std::int64_t expected_version, std::int64_t now_ms) {
  db::Query q("UPDATE mandates SET status = ");
  q.value(d.status).text(", end_date = ");
  if (d.end_date)
    q.value(*d.end_date);
  else
    q.text("NULL");
  q.text(", deputy_group = ").value(d.deputy_group);
  q.text(", version = version + 1, updated_at_ms = ").value(now_ms);
  q.text(" WHERE id = ").value(mandate_id).text(" AND version = ").value(expected_version);
  if (q.execute(tx) != 1) return false;
  db::Query person("UPDATE persons SET occupation = ");
  person.value(d.card.occupation).text(", version = version + 1, updated_at_ms = ").value(now_ms);
  person.text(" WHERE id = ").value(d.card.person_id).text(" AND occupation <> ").value(d.card.occupation);
  person.execute(tx);
  return true;
}

std::vector<StationCard> station_cards(soci::session& s, const StationFilter& f,
                                       const std::optional<std::string>& from,
                                       const std::optional<std::string>& to, const PageRequest& page) {
  db::Query q(station_select);
  station_where(q, f, from, to);
  q.text(" ORDER BY st.region_code, st.id LIMIT ").value(page.page_size).text(" OFFSET ").value(page.offset());
  return collect_stations(q, s);
}

std::int64_t count_stations(soci::session& s, const StationFilter& f,
                            const std::optional<std::string>& from,
                            const std::optional<std::string>& to) {
  db::Query q("SELECT COUNT(*) FROM stations st");
  station_where(q, f, from, to);
  return q.count(s);
}

std::vector<StationCard> stations_in_cells(soci::session& s, const std::vector<std::int64_t>& cells,
                                           const StationFilter& f,
                                           const std::optional<std::string>& from,
                                           const std::optional<std::string>& to) {
  db::Query q(station_select);
  station_where(q, f, from, to);
  q.text(" AND st.latitude IS NOT NULL AND st.grid_cell IN ").values(cells);
  return collect_stations(q, s);
}

std::vector<StationCard> placed_stations(soci::session& s, const StationFilter& f,
                                         const std::optional<std::string>& from,
                                         const std::optional<std::string>& to) {
  db::Query q(station_select);
  station_where(q, f, from, to);
  q.text(" AND st.latitude IS NOT NULL");
  return collect_stations(q, s);
}

std::optional<StationCard> station(soci::session& s, std::int64_t id) {
  db::Query q(std::string(station_select) + " WHERE st.active = 1 AND st.id = ");
  q.value(id);
  for (const auto& r : q.rows(s)) return station_from_row(r);
  return std::nullopt;
}

}  // namespace huying::registry::directory_store
