#pragma once
// The append-only audit trail. Writers record inside their own transaction, so that a write
// and its audit row commit together or not at all.
#include <boost/json/object.hpp>

#include <string>

#include "core/caller.hpp"
#include "core/clock.hpp"

namespace soci {
class session;
}

namespace huying::audit {

struct Entry {
  std::string action;       // "region.create"
  std::string record_type;  // "region"
  std::string record_id;
  boost::json::object changes;  // field → {"from": ..., "to": ...} or the new values
};

class Service {
 public:
  explicit Service(const Clock& clock) : clock_(clock) {}
  void record(soci::session& tx, const Caller& caller, const Entry& entry) const;

 private:
  const Clock& clock_;
};

}  // namespace huying::audit
