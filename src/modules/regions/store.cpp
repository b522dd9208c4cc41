#include "modules/regions/store.hpp"

#include <soci/soci.h>

#include "db/row.hpp"

namespace huying::regions::store {

namespace {

constexpr const char* region_columns =
    "r.code, r.name, r.level, r.parent_code, r.version, "
    "CASE WHEN EXISTS (SELECT 1 FROM regions c WHERE c.parent_code = r.code) THEN 1 ELSE 0 END";

Region region_from(const soci::row& row) {
  return {db::get_string(row, 0), db::get_string(row, 1), db::get_string(row, 2),
          db::get_optional_string(row, 3), db::get_int64(row, 5) != 0, db::get_int64(row, 4)};
}

std::string order_by(Order order, db::Engine engine) {
  // Byte order of UTF-8 on both engines, so that both list names the same way.
  std::string name = engine == db::Engine::postgresql ? "r.name COLLATE \"C\"" : "r.name";
  switch (order) {
    case Order::code_desc: return "r.code DESC";
    case Order::name_asc: return name + " ASC, r.code ASC";
    case Order::name_desc: return name + " DESC, r.code ASC";
    case Order::code_asc: break;
  }
  return "r.code ASC";
}

}  // namespace

std::vector<Region> children(soci::session& s, db::Engine engine,
                             const std::optional<std::string>& parent, Order order,
                             const PageRequest& page) {
  long long limit = page.page_size, offset = page.offset();
  std::string where = parent ? "r.parent_code = :parent" : "r.parent_code IS NULL";
  std::string sql = std::string("SELECT ") + region_columns + " FROM regions r WHERE " + where +
                    " ORDER BY " + order_by(order, engine) + " LIMIT :limit OFFSET :offset";
  std::vector<Region> out;
  if (parent) {
    soci::rowset<soci::row> rows =
        (s.prepare << sql, soci::use(*parent), soci::use(limit), soci::use(offset));
    for (const auto& row : rows) out.push_back(region_from(row));
  } else {
    soci::rowset<soci::row> rows = (s.prepare << sql, soci::use(limit), soci::use(offset));
    for (const auto& row : rows) out.push_back(region_from(row));
  }
  return out;
}

std::int64_t count_children(soci::session& s, const std::optional<std::string>& parent) {
  long long n = 0;
  if (parent)
    s << "SELECT COUNT(*) FROM regions WHERE parent_code = :parent", soci::use(*parent),
        soci::into(n);
  else
    s << "SELECT COUNT(*) FROM regions WHERE parent_code IS NULL", soci::into(n);
  return n;
}

std::optional<Region> find(soci::session& s, const std::string& code) {
  soci::rowset<soci::row> rows =
      (s.prepare << std::string("SELECT ") + region_columns + " FROM regions r WHERE r.code = :code",
       soci::use(code));
  for (const auto& row : rows) return region_from(row);
  return std::nullopt;
}

void insert(soci::session& tx, const Region& r, std::int64_t now_ms) {
  long long now = now_ms;
  std::string parent = r.parent_code.value_or("");
  soci::indicator parent_ind = r.parent_code ? soci::i_ok : soci::i_null;
  tx << "INSERT INTO regions (code, name, level, parent_code, version, created_at_ms, "
        "updated_at_ms) VALUES (:code, :name, :level, :parent, 1, :created, :updated)",
      soci::use(r.code), soci::use(r.name), soci::use(r.level), soci::use(parent, parent_ind),
      soci::use(now), soci::use(now);
}

bool rename(soci::session& tx, const std::string& code, const std::string& name,
            std::int64_t expected_version, std::int64_t now_ms) {
  long long version = expected_version, now = now_ms;
  soci::statement st = (tx.prepare << "UPDATE regions SET name = :name, version = version + 1, "
                                      "updated_at_ms = :now WHERE code = :code AND version = :v",
                        soci::use(name), soci::use(now), soci::use(code), soci::use(version));
  st.execute(true);
  return st.get_affected_rows() == 1;
}

std::vector<Congress> congresses(soci::session& s, const std::optional<std::string>& region,
                                 const PageRequest& page) {
  long long limit = page.page_size, offset = page.offset();
  std::string sql = "SELECT id, region_code, level, name FROM congresses";
  if (region) sql += " WHERE region_code = :region";
  sql += " ORDER BY region_code, id LIMIT :limit OFFSET :offset";
  std::vector<Congress> out;
  auto collect = [&](soci::rowset<soci::row>& rows) {
    for (const auto& row : rows)
      out.push_back({db::get_int64(row, 0), db::get_string(row, 1), db::get_string(row, 2),
                     db::get_string(row, 3), {}});
  };
  if (region) {
    soci::rowset<soci::row> rows =
        (s.prepare << sql, soci::use(*region), soci::use(limit), soci::use(offset));
    collect(rows);
  } else {
    soci::rowset<soci::row> rows = (s.prepare << sql, soci::use(limit), soci::use(offset));
    collect(rows);
  }
  for (auto& congress : out) {
    long long id = congress.id;
    soci::rowset<soci::row> rows =
        (s.prepare << "SELECT number, start_date, end_date FROM congress_terms "
                      "WHERE congress_id = :id ORDER BY number DESC",
         soci::use(id));
    for (const auto& row : rows)
      congress.terms.push_back(
          {db::get_int64(row, 0), db::get_string(row, 1), db::get_optional_string(row, 2), {}});
    soci::rowset<soci::row> sessions =
        (s.prepare << "SELECT term_number, number, start_date, end_date FROM congress_sessions "
                      "WHERE congress_id = :id ORDER BY term_number, number",
         soci::use(id));
    for (const auto& row : sessions)
      for (auto& term : congress.terms)
        if (term.number == db::get_int64(row, 0))
          term.sessions.push_back({db::get_int64(row, 1), db::get_string(row, 2), db::get_optional_string(row, 3)});
  }
  return out;
}

std::int64_t count_congresses(soci::session& s, const std::optional<std::string>& region) {
  long long n = 0;
  if (region)
    s << "SELECT COUNT(*) FROM congresses WHERE region_code = :region", soci::use(*region),
        soci::into(n);
  else
    s << "SELECT COUNT(*) FROM congresses", soci::into(n);
  return n;
}

std::optional<Congress> find_congress(soci::session& s, std::int64_t id) {
  long long cid = id;
  soci::rowset<soci::row> rows =
      (s.prepare << "SELECT id, region_code, level, name FROM congresses WHERE id = :id",
       soci::use(cid));
  for (const auto& row : rows)
    return Congress{db::get_int64(row, 0), db::get_string(row, 1), db::get_string(row, 2),
                    db::get_string(row, 3), {}};
  return std::nullopt;
}

}  // namespace huying::regions::store
