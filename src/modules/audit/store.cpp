#include "modules/audit/store.hpp"

#include <soci/soci.h>

#include "db/query.hpp"
#include "db/row.hpp"

namespace huying::audit::store {

namespace {

void where(db::Query& q, const policy::ListScope& scope, const Filter& f) {
  q.text(" WHERE 1 = 1");
  if (!scope.all) q.text(" AND congress_id IN ").values(scope.congress_ids);
  if (f.actor) q.text(" AND actor = ").value(*f.actor);
  if (f.action) q.text(" AND action = ").value(*f.action);
  if (f.record_type) q.text(" AND record_type = ").value(*f.record_type);
  if (f.record_id) q.text(" AND record_id = ").value(*f.record_id);
  if (f.from) q.text(" AND at_ms >= ").value(to_epoch_ms(*f.from));
  if (f.to) q.text(" AND at_ms < ").value(to_epoch_ms(*f.to));
}

}  // namespace

void insert(soci::session& tx, const Row& row) {
  long long at_ms = to_epoch_ms(row.at);
  long long congress = row.congress_id.value_or(0);
  soci::indicator congress_ind = row.congress_id ? soci::i_ok : soci::i_null;
  tx << "INSERT INTO audit_log (at_ms, actor, grant_used, action, record_type, record_id, "
        "changes, request_id, client_address, congress_id) VALUES (:at, :actor, :grant, "
        ":action, :type, :id, :changes, :request_id, :address, :congress)",
      soci::use(at_ms), soci::use(row.actor), soci::use(row.grant), soci::use(row.action),
      soci::use(row.record_type), soci::use(row.record_id), soci::use(row.changes),
      soci::use(row.request_id), soci::use(row.client_address),
      soci::use(congress, congress_ind);
}

std::vector<Row> select(soci::session& s, const policy::ListScope& scope, const Filter& filter,
                        std::int64_t limit, std::int64_t offset) {
  db::Query q("SELECT id, at_ms, actor, grant_used, action, record_type, record_id, changes, "
              "request_id, client_address, congress_id FROM audit_log");
  where(q, scope, filter);
  q.text(" ORDER BY at_ms DESC, id DESC LIMIT ").value(limit).text(" OFFSET ").value(offset);
  std::vector<Row> out;
  for (const auto& r : q.rows(s))
    out.push_back({db::get_int64(r, 0), from_epoch_ms(db::get_int64(r, 1)), db::get_string(r, 2),
                   db::get_string(r, 3), db::get_string(r, 4), db::get_string(r, 5),
                   db::get_string(r, 6), db::get_string(r, 7), db::get_string(r, 8),
                   db::get_string(r, 9), db::get_optional_int64(r, 10)});
  return out;
}

std::int64_t count(soci::session& s, const policy::ListScope& scope, const Filter& filter) {
  db::Query q("SELECT COUNT(*) FROM audit_log");
  where(q, scope, filter);
  return q.count(s);
}

}  // namespace huying::audit::store
