#include "modules/registry/store.hpp"

#include <soci/soci.h>

#include "db/query.hpp"
#include "db/row.hpp"

namespace huying::registry::store {

namespace {

// Table names come from this switch only, never from input.
std::string table(Kind kind) { return kind == Kind::unit ? "units" : "stations"; }

void scope_filter(db::Query& q, Kind kind, const policy::ListScope& scope) {
  if (scope.all) return;
  const auto& own = kind == Kind::unit ? scope.unit_ids : scope.station_ids;
  q.text(" WHERE (congress_id IN ").values(scope.congress_ids).text(" OR id IN ").values(own).text(")");
}

Place place_from(const soci::row& r) {
  return {db::get_int64(r, 0), db::get_string(r, 1), db::get_int64(r, 2), db::get_int64(r, 3) != 0,
          db::get_int64(r, 4)};
}

}  // namespace

std::vector<Place> list(soci::session& s, Kind kind, const policy::ListScope& scope,
                        const PageRequest& page) {
  db::Query q("SELECT id, name, congress_id, active, version FROM " + table(kind));
  scope_filter(q, kind, scope);
  q.text(" ORDER BY id LIMIT ").value(page.page_size).text(" OFFSET ").value(page.offset());
  std::vector<Place> out;
  for (const auto& r : q.rows(s)) out.push_back(place_from(r));
  return out;
}

std::int64_t count(soci::session& s, Kind kind, const policy::ListScope& scope) {
  db::Query q("SELECT COUNT(*) FROM " + table(kind));
  scope_filter(q, kind, scope);
  return q.count(s);
}

std::optional<Place> find(soci::session& s, Kind kind, std::int64_t id) {
  db::Query q("SELECT id, name, congress_id, active, version FROM " + table(kind) + " WHERE id = ");
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

}  // namespace huying::registry::store
