#pragma once
// The in-app inbox: each user's notifications with an unread count. Writers notify inside
// their own transaction; an event key makes every notification happen once per user.
#include <cstdint>
#include <string>
#include <vector>

#include "core/caller.hpp"
#include "core/clock.hpp"
#include "core/paging.hpp"
#include "db/database.hpp"
#include "modules/audit/service.hpp"
#include "modules/notifications/store.hpp"

namespace huying::notifications {

class Service {
 public:
  Service(db::Database& db, const Clock& clock, const audit::Service& audit)
      : db_(db), clock_(clock), audit_(audit) {}

  // Notifies each user once per event key; returns how many notifications were new.
  std::int64_t notify(soci::session& tx, const std::vector<Notice>& notices) const;

  // Who is to be told (enabled accounts), read in the caller's transaction.
  std::vector<std::int64_t> unit_users(soci::session& tx, std::int64_t unit_id) const;        // handlers and heads
  std::vector<std::int64_t> staff_of(soci::session& tx, std::int64_t congress_id) const;
  std::vector<std::int64_t> keepers_of(soci::session& tx, std::int64_t station_id) const;
  std::vector<std::int64_t> accounts_of_person(soci::session& tx, std::int64_t person_id) const;  // a deputy's

  Page<Notification> list(const Caller& caller, bool unread_only, const PageRequest& page);
  std::int64_t unread_count(const Caller& caller);
  void mark_read(const Caller& caller, std::int64_t id);
  std::int64_t mark_all_read(const Caller& caller);

 private:
  std::int64_t owner(const Caller& caller) const;
  db::Database& db_;
  const Clock& clock_;
  const audit::Service& audit_;
};

}  // namespace huying::notifications
