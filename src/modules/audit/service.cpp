#include "modules/audit/service.hpp"

#include <boost/json.hpp>

#include "modules/audit/store.hpp"

namespace huying::audit {

void Service::record(soci::session& tx, const Caller& caller, const Entry& entry) const {
  store::insert(tx, {to_epoch_ms(clock_.now()),
                     caller.principal.authenticated() ? caller.principal.actor : "anonymous",
                     entry.action, entry.record_type, entry.record_id,
                     boost::json::serialize(entry.changes), caller.request_id,
                     caller.client_address});
}

}  // namespace huying::audit
