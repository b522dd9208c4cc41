#include "modules/notifications/store.hpp"

#include <soci/soci.h>

#include "db/query.hpp"
#include "db/row.hpp"

namespace huying::notifications::store {

std::int64_t insert(soci::session& tx, const Notice& n, std::int64_t now_ms) {
  return db::Query(
             "INSERT INTO notifications (user_id, event_key, kind, title, body, record_type, "
             "record_id, created_at_ms) VALUES (")
      .value(n.user_id).text(", ").value(n.event_key).text(", ").value(n.kind).text(", ")
      .value(n.title).text(", ").value(n.body).text(", ").value(n.record_type).text(", ")
      .value(n.record_id).text(", ").value(now_ms)
      .text(") ON CONFLICT (user_id, event_key) DO NOTHING")
      .execute(tx);
}

std::vector<Notification> list(soci::session& s, std::int64_t user_id, bool unread_only,
                               std::int64_t limit, std::int64_t offset) {
  db::Query q(
      "SELECT id, kind, title, body, record_type, record_id, created_at_ms, read_at_ms "
      "FROM notifications WHERE user_id = ");
  q.value(user_id);
  if (unread_only) q.text(" AND read_at_ms IS NULL");
  q.text(" ORDER BY id DESC LIMIT ").value(limit).text(" OFFSET ").value(offset);
  std::vector<Notification> out;
  for (const auto& r : q.rows(s)) {
    Notification n{db::get_int64(r, 0), db::get_string(r, 1), db::get_string(r, 2),
                   db::get_string(r, 3), db::get_string(r, 4), db::get_string(r, 5),
                   from_epoch_ms(db::get_int64(r, 6)), std::nullopt};
    if (auto read = db::get_optional_int64(r, 7)) n.read_at = from_epoch_ms(*read);
    out.push_back(std::move(n));
  }
  return out;
}

std::int64_t count(soci::session& s, std::int64_t user_id, bool unread_only) {
  db::Query q("SELECT COUNT(*) FROM notifications WHERE user_id = ");
  q.value(user_id);
  if (unread_only) q.text(" AND read_at_ms IS NULL");
  return q.count(s);
}

bool mark_read(soci::session& tx, std::int64_t user_id, std::int64_t id, std::int64_t now_ms) {
  db::Query exists("SELECT COUNT(*) FROM notifications WHERE id = ");
  exists.value(id).text(" AND user_id = ").value(user_id);
  if (exists.count(tx) == 0) return false;
  db::Query("UPDATE notifications SET read_at_ms = ")
      .value(now_ms).text(" WHERE id = ").value(id).text(" AND read_at_ms IS NULL")
      .execute(tx);
  return true;
}

std::int64_t mark_all_read(soci::session& tx, std::int64_t user_id, std::int64_t now_ms) {
  return db::Query("UPDATE notifications SET read_at_ms = ")
      .value(now_ms).text(" WHERE user_id = ").value(user_id).text(" AND read_at_ms IS NULL")
      .execute(tx);
}

std::vector<std::int64_t> holders(soci::session& s, const std::vector<std::string>& roles,
                                  const std::string& scope_type, std::int64_t scope_id) {
  db::Query q(
      "SELECT DISTINCT u.id FROM users u JOIN role_grants g ON g.user_id = u.id "
      "WHERE u.disabled = 0 AND g.scope_type = ");
  q.value(scope_type).text(" AND g.scope_id = ").value(scope_id).text(" AND g.role IN (");
  for (std::size_t i = 0; i < roles.size(); ++i) {
    if (i) q.text(", ");
    q.value(roles[i]);
  }
  q.text(") ORDER BY u.id");
  std::vector<std::int64_t> out;
  for (const auto& r : q.rows(s)) out.push_back(db::get_int64(r, 0));
  return out;
}

std::vector<std::int64_t> accounts_of_person(soci::session& s, std::int64_t person_id) {
  db::Query q("SELECT id FROM users WHERE disabled = 0 AND person_id = ");
  q.value(person_id).text(" ORDER BY id");
  std::vector<std::int64_t> out;
  for (const auto& r : q.rows(s)) out.push_back(db::get_int64(r, 0));
  return out;
}

}  // namespace huying::notifications::store
