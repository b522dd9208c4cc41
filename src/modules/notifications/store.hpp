#pragma once
// SQL of the in-app inbox, and of who is to be told (the accounts holding a role).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"

namespace soci {
class session;
}

namespace huying::notifications {

struct Notice {
  std::int64_t user_id = 0;
  std::string event_key;  // one notification per user and key, ever
  std::string kind, title, body, record_type, record_id;
};

struct Notification {
  std::int64_t id = 0;
  std::string kind, title, body, record_type, record_id;
  TimePoint created_at;
  std::optional<TimePoint> read_at;
};

namespace store {

// Inserts unless the user already has the event; returns the rows inserted.
std::int64_t insert(soci::session& tx, const Notice& n, std::int64_t now_ms);
std::vector<Notification> list(soci::session& s, std::int64_t user_id, bool unread_only,
                               std::int64_t limit, std::int64_t offset);
std::int64_t count(soci::session& s, std::int64_t user_id, bool unread_only);
// Marks one of the user's notifications read; false when there is no such notification.
bool mark_read(soci::session& tx, std::int64_t user_id, std::int64_t id, std::int64_t now_ms);
std::int64_t mark_all_read(soci::session& tx, std::int64_t user_id, std::int64_t now_ms);

// Enabled accounts holding one of `roles` in a scope ("congress", "unit", "station").
std::vector<std::int64_t> holders(soci::session& s, const std::vector<std::string>& roles,
                                  const std::string& scope_type, std::int64_t scope_id);
// Enabled deputy accounts of a person.
std::vector<std::int64_t> accounts_of_person(soci::session& s, std::int64_t person_id);

}  // namespace store
}  // namespace huying::notifications
