#include "modules/audit/service.hpp"

#include <boost/json.hpp>

#include "core/error.hpp"
#include "core/policy.hpp"
#include "modules/audit/store.hpp"
#include "modules/export/xlsx.hpp"

namespace huying::audit {

void Service::record(soci::session& tx, const Caller& caller, const Entry& entry) const {
  store::insert(tx, {0, clock_.now(),
                     caller.principal.authenticated() ? caller.principal.actor : "anonymous",
                     entry.grant, entry.action, entry.record_type, entry.record_id,
                     boost::json::serialize(entry.changes), caller.request_id,
                     caller.client_address, entry.congress_id});
}

Page<Row> Service::query(const Caller& caller, const Filter& filter, const PageRequest& page) {
  auto scope = policy::list_scope(caller.principal, policy::Action::audit_view);
  if (scope.nothing()) throw Error::forbidden("Your role may not read the audit trail.");
  auto lease = db_.read();
  return {store::select(*lease, scope, filter, page.page_size, page.offset()),
          store::count(*lease, scope, filter), page};
}

std::string Service::export_xlsx(const Caller& caller, const Filter& filter) {
  auto scope = policy::list_scope(caller.principal, policy::Action::audit_view);
  if (scope.nothing()) throw Error::forbidden("Your role may not read the audit trail.");
  std::vector<Row> rows;
  {
    auto lease = db_.read();
    rows = store::select(*lease, scope, filter, max_export_rows, 0);
  }
  xlsx::Sheet sheet{"audit",
                    {"id", "at (UTC)", "actor", "grant", "action", "record type", "record id",
                     "changes", "request id", "client address"},
                    {},
                    {8, 26, 14, 22, 22, 14, 12, 60, 26, 16}};
  for (const auto& row : rows)
    sheet.rows.push_back({std::to_string(row.id), format_iso8601(row.at), row.actor, row.grant,
                          row.action, row.record_type, row.record_id, row.changes, row.request_id,
                          row.client_address});
  return xlsx::workbook(sheet);
}

}  // namespace huying::audit
