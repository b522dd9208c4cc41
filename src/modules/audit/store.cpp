#include "modules/audit/store.hpp"

#include <soci/soci.h>

namespace huying::audit::store {

void insert(soci::session& tx, const Row& row) {
  long long at_ms = row.at_ms;
  tx << "INSERT INTO audit_log (at_ms, actor, action, record_type, record_id, changes, "
        "request_id, client_address) VALUES (:at, :actor, :action, :type, :id, :changes, "
        ":request_id, :address)",
      soci::use(at_ms), soci::use(row.actor), soci::use(row.action), soci::use(row.record_type),
      soci::use(row.record_id), soci::use(row.changes), soci::use(row.request_id),
      soci::use(row.client_address);
}

}  // namespace huying::audit::store
