#include "modules/registry/store.hpp"

#include <soci/soci.h>

#include "core/geo.hpp"
#include "core/text.hpp"
#include "db/query.hpp"
#include "db/row.hpp"

namespace huying::registry::store {

namespace {

// Table names come from this switch only, never from input.
std::string table(Kind kind) { return kind == Kind::unit ? "units" : "stations"; }

void where(db::Query& q, Kind kind, const policy::ListScope& scope, const PlaceFilter& f) {
  q.text(" WHERE 1 = 1");
  if (!scope.all) {
    const auto& own = kind == Kind::unit ? scope.unit_ids : scope.station_ids;
    q.text(" AND (congress_id IN ").values(scope.congress_ids).text(" OR id IN ").values(own).text(")");
  }
  if (f.q) {
    std::string like;
    for (char c : *f.q)
      if (c != '%' && c != '_' && c != '\\') like += c;
    q.text(" AND name LIKE ").value("%" + like + "%");
  }
  if (f.region) {
    std::string prefix = region_prefix(*f.region);
    q.text(" AND region_code >= ").value(prefix);
    if (auto bound = prefix_bound(prefix)) q.text(" AND region_code < ").value(*bound);
  }
  if (f.kind) q.text(" AND kind = ").value(*f.kind);
  if (f.active) q.text(" AND active = ").value(*f.active ? 1 : 0);
}

// Stations carry their details after the common columns.
std::string columns(Kind kind) {
  return kind == Kind::unit
             ? "id, name, congress_id, active, version, kind, region_code, contact_name, "
               "contact_phone, parent_id"
             : "id, name, congress_id, active, version, kind, region_code, address, latitude, "
               "longitude, opening_hours, reception_schedule, phone";
}

Place place_from(const soci::row& r) {
  Place p{db::get_int64(r, 0), db::get_string(r, 1), db::get_int64(r, 2), db::get_int64(r, 3) != 0,
          db::get_int64(r, 4), std::nullopt};
  if (r.size() == 10)
    p.unit = UnitDetails{db::get_string(r, 5), db::get_string(r, 6), db::get_string(r, 7),
                         db::get_string(r, 8), db::get_optional_int64(r, 9)};
  else if (r.size() > 5)
    p.station = StationDetails{db::get_string(r, 5), db::get_string(r, 6), db::get_string(r, 7),
                               db::get_string(r, 10), db::get_string(r, 11), db::get_string(r, 12),
                               db::get_optional_double(r, 8), db::get_optional_double(r, 9)};
  return p;
}

}  // namespace

std::vector<Place> list(soci::session& s, Kind kind, const policy::ListScope& scope,
                        const PlaceFilter& filter, std::int64_t limit, std::int64_t offset) {
  db::Query q("SELECT " + columns(kind) + " FROM " + table(kind));
  where(q, kind, scope, filter);
  q.text(" ORDER BY id LIMIT ").value(limit).text(" OFFSET ").value(offset);
  std::vector<Place> out;
  for (const auto& r : q.rows(s)) out.push_back(place_from(r));
  return out;
}

std::int64_t count(soci::session& s, Kind kind, const policy::ListScope& scope,
                   const PlaceFilter& filter) {
  db::Query q("SELECT COUNT(*) FROM " + table(kind));
  where(q, kind, scope, filter);
  return q.count(s);
}

std::optional<Place> find(soci::session& s, Kind kind, std::int64_t id) {
  db::Query q("SELECT " + columns(kind) + " FROM " + table(kind) + " WHERE id = ");
  q.value(id);
  for (const auto& r : q.rows(s)) return place_from(r);
  return std::nullopt;
}

std::int64_t insert(soci::session& tx, Kind kind, const Place& p, std::int64_t now_ms) {
  long long congress = p.congress_id, now = now_ms, id = 0;
  tx << "INSERT INTO " + table(kind) + " (name, congress_id, active, version, created_at_ms) "
                                       "VALUES (:name, :congress, 1, 1, :now) RETURNING id",
      soci::use(p.name), soci::use(congress), soci::use(now), soci::into(id);
  return id;
}

void set_station_details(soci::session& tx, std::int64_t id, const StationDetails& d) {
  db::Query q("UPDATE stations SET kind = ");
  q.value(d.kind).text(", region_code = ").value(d.region_code).text(", address = ").value(d.address);
  q.text(", opening_hours = ").value(d.opening_hours).text(", reception_schedule = ").value(d.reception_schedule);
  q.text(", phone = ").value(d.phone);
  if (d.latitude && d.longitude) {
    q.text(", latitude = ").value(*d.latitude).text(", longitude = ").value(*d.longitude);
    q.text(", grid_cell = ").value(geo::cell_of(*d.latitude, *d.longitude));
  } else {
    q.text(", latitude = NULL, longitude = NULL, grid_cell = NULL");
  }
  q.text(" WHERE id = ").value(id);
  q.execute(tx);
}

void set_unit_details(soci::session& tx, std::int64_t id, const UnitDetails& d) {
  db::Query q("UPDATE units SET kind = ");
  q.value(d.kind).text(", region_code = ").value(d.region_code);
  q.text(", contact_name = ").value(d.contact_name).text(", contact_phone = ").value(d.contact_phone);
  q.text(", parent_id = ");
  if (d.parent_id)
    q.value(*d.parent_id);
  else
    q.text("NULL");
  q.text(" WHERE id = ").value(id);
  q.execute(tx);
}

bool update(soci::session& tx, Kind kind, std::int64_t id, const std::string& name,
            std::optional<bool> active, std::int64_t expected_version) {
  db::Query q("UPDATE " + table(kind) + " SET name = ");
  q.value(name);
  if (active) q.text(", active = ").value(*active ? 1 : 0);
  q.text(", version = version + 1 WHERE id = ").value(id).text(" AND version = ").value(expected_version);
  return q.execute(tx) == 1;
}

bool region_exists(soci::session& s, const std::string& code) {
  db::Query q("SELECT COUNT(*) FROM regions WHERE code = ");
  q.value(code);
  return q.count(s) > 0;
}

}  // namespace huying::registry::store
