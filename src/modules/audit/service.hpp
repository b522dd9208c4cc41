#pragma once
// The append-only audit trail. Writers record inside their own transaction, so that a write
// and its audit row commit together or not at all. Nothing here edits or deletes a row.
#include <boost/json/object.hpp>

#include <optional>
#include <string>

#include "core/caller.hpp"
#include "core/clock.hpp"
#include "core/paging.hpp"
#include "db/database.hpp"

namespace soci {
class session;
}

namespace huying::audit {

struct Entry {
  std::string action;       // "region.create"
  std::string record_type;  // "region"
  std::string record_id;
  boost::json::object changes;  // field → {"from": ..., "to": ...} or the new values
  std::string grant;            // the grant that allowed it ("staff@congress:3")
  std::optional<std::int64_t> congress_id;  // the congress the record belongs to
};

struct Row {
  std::int64_t id = 0;
  TimePoint at;
  std::string actor, grant, action, record_type, record_id, changes, request_id, client_address;
  std::optional<std::int64_t> congress_id;
};

struct Filter {
  std::optional<std::string> actor, action, record_type, record_id;
  std::optional<TimePoint> from, to;
};

class Service {
 public:
  Service(db::Database& db, const Clock& clock) : db_(db), clock_(clock) {}
  void record(soci::session& tx, const Caller& caller, const Entry& entry) const;
  // Rows the caller may see (administrators: all; staff: their congress), newest first.
  Page<Row> query(const Caller& caller, const Filter& filter, const PageRequest& page);
  // The same rows as an .xlsx workbook (at most `max_rows`).
  std::string export_xlsx(const Caller& caller, const Filter& filter);
  static constexpr int max_export_rows = 50'000;

 private:
  db::Database& db_;
  const Clock& clock_;
};

}  // namespace huying::audit
