#include "modules/notifications/service.hpp"

#include "core/error.hpp"
#include "core/policy.hpp"

namespace huying::notifications {

std::int64_t Service::owner(const Caller& caller) const {
  policy::require_authenticated(caller.principal);
  // API tokens act for no person, so they have no inbox.
  if (!caller.principal.user_id) throw Error::forbidden("Only signed-in users have an inbox.");
  return *caller.principal.user_id;
}

std::int64_t Service::notify(soci::session& tx, const std::vector<Notice>& notices) const {
  std::int64_t now = to_epoch_ms(clock_.now()), created = 0;
  for (const auto& n : notices) created += store::insert(tx, n, now);
  return created;
}

std::vector<std::int64_t> Service::unit_users(soci::session& tx, std::int64_t unit_id) const {
  return store::holders(tx, {std::string(roles::unit_handler), std::string(roles::unit_head)}, "unit", unit_id);
}

std::vector<std::int64_t> Service::staff_of(soci::session& tx, std::int64_t congress_id) const {
  return store::holders(tx, {std::string(roles::staff)}, "congress", congress_id);
}

std::vector<std::int64_t> Service::keepers_of(soci::session& tx, std::int64_t station_id) const {
  return store::holders(tx, {std::string(roles::station_keeper)}, "station", station_id);
}

std::vector<std::int64_t> Service::accounts_of_person(soci::session& tx, std::int64_t person_id) const {
  return store::accounts_of_person(tx, person_id);
}

Page<Notification> Service::list(const Caller& caller, bool unread_only, const PageRequest& page) {
  auto user = owner(caller);
  auto lease = db_.read();
  return {store::list(*lease, user, unread_only, page.page_size, page.offset()),
          store::count(*lease, user, unread_only), page};
}

std::int64_t Service::unread_count(const Caller& caller) {
  auto user = owner(caller);
  auto lease = db_.read();
  return store::count(*lease, user, true);
}

void Service::mark_read(const Caller& caller, std::int64_t id) {
  auto user = owner(caller);
  db_.write([&](soci::session& tx) {
    if (!store::mark_read(tx, user, id, to_epoch_ms(clock_.now())))
      throw Error::not_found("There is no such notification.");
    audit_.record(tx, caller, {"notification.read", "notification", std::to_string(id), {}, "self", std::nullopt});
  });
}

std::int64_t Service::mark_all_read(const Caller& caller) {
  auto user = owner(caller);
  std::int64_t n = 0;
  db_.write([&](soci::session& tx) {
    n = store::mark_all_read(tx, user, to_epoch_ms(clock_.now()));
    if (n > 0)
      audit_.record(tx, caller, {"notification.read_all", "user", std::to_string(user), {{"count", n}}, "self", std::nullopt});
  });
  return n;
}

}  // namespace huying::notifications
