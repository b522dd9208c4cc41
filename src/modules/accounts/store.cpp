#include "modules/accounts/store.hpp"

#include <soci/soci.h>

#include "db/query.hpp"
#include "db/row.hpp"

namespace huying::accounts::store {

namespace {

constexpr const char* user_columns =
    "u.id, u.username, u.mobile, u.display_name, u.congress_id, u.password_hash, "
    "u.must_change_password, u.disabled, u.version, u.created_at_ms, u.person_id";

User user_from(const soci::row& r) {
  User u;
  u.id = db::get_int64(r, 0);
  u.username = db::get_string(r, 1);
  u.mobile = db::get_optional_string(r, 2);
  u.display_name = db::get_string(r, 3);
  u.congress_id = db::get_optional_int64(r, 4);
  u.password_hash = db::get_string(r, 5);
  u.must_change_password = db::get_int64(r, 6) != 0;
  u.disabled = db::get_int64(r, 7) != 0;
  u.version = db::get_int64(r, 8);
  u.created_at = from_epoch_ms(db::get_int64(r, 9));
  u.person_id = db::get_optional_int64(r, 10);
  return u;
}

std::optional<User> first_user(db::Query& q, soci::session& s) {
  for (const auto& r : q.rows(s)) return user_from(r);
  return std::nullopt;
}

constexpr const char* session_columns =
    "id, user_id, csrf_token, created_at_ms, last_seen_at_ms, expires_at_ms, revoked_at_ms, "
    "client_address, user_agent";

Session session_from(const soci::row& r) {
  Session s;
  s.id = db::get_int64(r, 0);
  s.user_id = db::get_int64(r, 1);
  s.csrf_token = db::get_string(r, 2);
  s.created_at = from_epoch_ms(db::get_int64(r, 3));
  s.last_seen_at = from_epoch_ms(db::get_int64(r, 4));
  s.expires_at = from_epoch_ms(db::get_int64(r, 5));
  if (auto revoked = db::get_optional_int64(r, 6)) s.revoked_at = from_epoch_ms(*revoked);
  s.client_address = db::get_string(r, 7);
  s.user_agent = db::get_string(r, 8);
  return s;
}

constexpr const char* token_columns =
    "id, name, role, scope_type, scope_id, created_at_ms, expires_at_ms, revoked_at_ms";

Token token_from(const soci::row& r) {
  Token t;
  t.id = db::get_int64(r, 0);
  t.name = db::get_string(r, 1);
  t.grant = {0, db::get_string(r, 2), db::get_string(r, 3), db::get_optional_int64(r, 4)};
  t.created_at = from_epoch_ms(db::get_int64(r, 5));
  if (auto e = db::get_optional_int64(r, 6)) t.expires_at = from_epoch_ms(*e);
  if (auto v = db::get_optional_int64(r, 7)) t.revoked_at = from_epoch_ms(*v);
  return t;
}

void filter_users(db::Query& q, const policy::ListScope& scope, const UserFilter& f) {
  q.text(" WHERE 1 = 1");
  if (!scope.all) {
    q.text(" AND (u.congress_id IN ").values(scope.congress_ids);
    q.text(" OR u.id = ").value(scope.user_id.value_or(0)).text(")");
  }
  if (f.q) {
    std::string like = "%" + *f.q + "%";
    q.text(" AND (u.username LIKE ").value(like).text(" OR u.display_name LIKE ").value(like).text(")");
  }
  if (f.role)
    q.text(" AND EXISTS (SELECT 1 FROM role_grants g WHERE g.user_id = u.id AND g.role = ")
        .value(*f.role)
        .text(")");
  if (f.congress_id) q.text(" AND u.congress_id = ").value(*f.congress_id);
  if (f.disabled) q.text(" AND u.disabled = ").value(*f.disabled ? 1 : 0);
}

long long optional_value(const std::optional<std::int64_t>& v, soci::indicator& ind) {
  ind = v ? soci::i_ok : soci::i_null;
  return v.value_or(0);
}

}  // namespace

std::int64_t insert_user(soci::session& tx, const User& u, std::int64_t now_ms) {
  long long now = now_ms, id = 0;
  soci::indicator mobile_ind = u.mobile ? soci::i_ok : soci::i_null, congress_ind;
  std::string mobile = u.mobile.value_or("");
  long long congress = optional_value(u.congress_id, congress_ind);
  int must_change = u.must_change_password ? 1 : 0, disabled = u.disabled ? 1 : 0;
  tx << "INSERT INTO users (username, mobile, display_name, congress_id, password_hash, "
        "must_change_password, disabled, version, created_at_ms, updated_at_ms) VALUES "
        "(:username, :mobile, :name, :congress, :hash, :must_change, :disabled, 1, :now, :now2) "
        "RETURNING id",
      soci::use(u.username), soci::use(mobile, mobile_ind), soci::use(u.display_name),
      soci::use(congress, congress_ind), soci::use(u.password_hash), soci::use(must_change),
      soci::use(disabled), soci::use(now), soci::use(now), soci::into(id);
  if (u.person_id)
    db::Query("UPDATE users SET person_id = ").value(*u.person_id).text(" WHERE id = ").value(std::int64_t(id)).execute(tx);
  return id;
}

std::optional<User> find_user(soci::session& s, std::int64_t id) {
  db::Query q(std::string("SELECT ") + user_columns + " FROM users u WHERE u.id = ");
  q.value(id);
  return first_user(q, s);
}

std::optional<User> find_user_by_login(soci::session& s, const std::string& login) {
  db::Query q(std::string("SELECT ") + user_columns + " FROM users u WHERE u.username = ");
  q.value(login).text(" OR u.mobile = ").value(login).text(" ORDER BY u.id LIMIT 1");
  return first_user(q, s);
}

bool username_taken(soci::session& s, const std::string& username) {
  db::Query q("SELECT COUNT(*) FROM users WHERE username = ");
  q.value(username);
  return q.count(s) > 0;
}

bool mobile_taken(soci::session& s, const std::string& mobile,
                  std::optional<std::int64_t> except_user) {
  db::Query q("SELECT COUNT(*) FROM users WHERE mobile = ");
  q.value(mobile).text(" AND id <> ").value(except_user.value_or(0));
  return q.count(s) > 0;
}

std::vector<Grant> grants_of(soci::session& s, std::int64_t user_id) {
  db::Query q("SELECT id, role, scope_type, scope_id FROM role_grants WHERE user_id = ");
  q.value(user_id).text(" ORDER BY id");
  std::vector<Grant> out;
  for (const auto& r : q.rows(s))
    out.push_back({db::get_int64(r, 0), db::get_string(r, 1), db::get_string(r, 2),
                   db::get_optional_int64(r, 3)});
  return out;
}

std::vector<User> list_users(soci::session& s, const policy::ListScope& scope,
                             const UserFilter& filter, const PageRequest& page) {
  db::Query q(std::string("SELECT ") + user_columns + " FROM users u");
  filter_users(q, scope, filter);
  q.text(" ORDER BY u.id LIMIT ").value(page.page_size).text(" OFFSET ").value(page.offset());
  std::vector<User> out;
  for (const auto& r : q.rows(s)) out.push_back(user_from(r));
  return out;
}

std::int64_t count_users(soci::session& s, const policy::ListScope& scope,
                         const UserFilter& filter) {
  db::Query q("SELECT COUNT(*) FROM users u");
  filter_users(q, scope, filter);
  return q.count(s);
}

bool update_profile(soci::session& tx, const User& u, std::int64_t expected_version,
                    std::int64_t now_ms) {
  db::Query q("UPDATE users SET display_name = ");
  q.value(u.display_name).text(", mobile = ");
  if (u.mobile)
    q.value(*u.mobile);
  else
    q.text("NULL");
  q.text(", disabled = ").value(u.disabled ? 1 : 0).text(", person_id = ");
  if (u.person_id)
    q.value(*u.person_id);
  else
    q.text("NULL");
  q.text(", version = version + 1, updated_at_ms = ").value(now_ms);
  q.text(" WHERE id = ").value(u.id).text(" AND version = ").value(expected_version);
  return q.execute(tx) == 1;
}

void set_password(soci::session& tx, std::int64_t user_id, const std::string& hash,
                  bool must_change, std::int64_t now_ms) {
  long long id = user_id, now = now_ms;
  int must = must_change ? 1 : 0;
  tx << "UPDATE users SET password_hash = :hash, must_change_password = :must, "
        "version = version + 1, updated_at_ms = :now WHERE id = :id",
      soci::use(hash), soci::use(must), soci::use(now), soci::use(id);
}

std::int64_t insert_grant(soci::session& tx, std::int64_t user_id, const Grant& g,
                          std::int64_t now_ms) {
  long long user = user_id, now = now_ms, id = 0;
  soci::indicator scope_ind;
  long long scope = optional_value(g.scope_id, scope_ind);
  tx << "INSERT INTO role_grants (user_id, role, scope_type, scope_id, created_at_ms) VALUES "
        "(:user, :role, :type, :scope, :now) RETURNING id",
      soci::use(user), soci::use(g.role), soci::use(g.scope_type), soci::use(scope, scope_ind),
      soci::use(now), soci::into(id);
  return id;
}

void bump_version(soci::session& tx, std::int64_t user_id, std::int64_t now_ms) {
  long long id = user_id, now = now_ms;
  tx << "UPDATE users SET version = version + 1, updated_at_ms = :now WHERE id = :id",
      soci::use(now), soci::use(id);
}

bool delete_grant(soci::session& tx, std::int64_t user_id, std::int64_t grant_id) {
  long long user = user_id, id = grant_id;
  soci::statement st = (tx.prepare << "DELETE FROM role_grants WHERE id = :id AND user_id = :user",
                        soci::use(id), soci::use(user));
  st.execute(true);
  return st.get_affected_rows() == 1;
}

std::int64_t insert_session(soci::session& tx, const std::string& token_hash, const Session& s) {
  long long user = s.user_id, created = to_epoch_ms(s.created_at),
            seen = to_epoch_ms(s.last_seen_at), expires = to_epoch_ms(s.expires_at), id = 0;
  tx << "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at_ms, last_seen_at_ms, "
        "expires_at_ms, client_address, user_agent) VALUES (:hash, :user, :csrf, :created, "
        ":seen, :expires, :address, :agent) RETURNING id",
      soci::use(token_hash), soci::use(user), soci::use(s.csrf_token), soci::use(created),
      soci::use(seen), soci::use(expires), soci::use(s.client_address), soci::use(s.user_agent),
      soci::into(id);
  return id;
}

std::optional<Session> find_session(soci::session& s, const std::string& token_hash) {
  db::Query q(std::string("SELECT ") + session_columns + " FROM sessions WHERE token_hash = ");
  q.value(token_hash);
  for (const auto& r : q.rows(s)) return session_from(r);
  return std::nullopt;
}

std::optional<Session> find_session_by_id(soci::session& s, std::int64_t id) {
  db::Query q(std::string("SELECT ") + session_columns + " FROM sessions WHERE id = ");
  q.value(id);
  for (const auto& r : q.rows(s)) return session_from(r);
  return std::nullopt;
}

void touch_session(soci::session& tx, std::int64_t id, std::int64_t now_ms) {
  long long sid = id, now = now_ms;
  tx << "UPDATE sessions SET last_seen_at_ms = :now WHERE id = :id", soci::use(now), soci::use(sid);
}

void revoke_session(soci::session& tx, std::int64_t id, std::int64_t now_ms) {
  long long sid = id, now = now_ms;
  tx << "UPDATE sessions SET revoked_at_ms = :now WHERE id = :id AND revoked_at_ms IS NULL",
      soci::use(now), soci::use(sid);
}

std::int64_t revoke_sessions_of(soci::session& tx, std::int64_t user_id,
                                std::optional<std::int64_t> keep, std::int64_t now_ms) {
  long long user = user_id, now = now_ms, kept = keep.value_or(0);
  soci::statement st =
      (tx.prepare << "UPDATE sessions SET revoked_at_ms = :now WHERE user_id = :user AND "
                     "revoked_at_ms IS NULL AND id <> :keep AND expires_at_ms > :now2",
       soci::use(now), soci::use(user), soci::use(kept), soci::use(now));
  st.execute(true);
  return st.get_affected_rows();
}

std::vector<Session> live_sessions(soci::session& s, std::int64_t user_id, std::int64_t now_ms,
                                   std::int64_t idle_ms) {
  db::Query q(std::string("SELECT ") + session_columns + " FROM sessions WHERE user_id = ");
  q.value(user_id)
      .text(" AND revoked_at_ms IS NULL AND expires_at_ms > ")
      .value(now_ms)
      .text(" AND last_seen_at_ms > ")
      .value(now_ms - idle_ms)
      .text(" ORDER BY last_seen_at_ms DESC");
  std::vector<Session> out;
  for (const auto& r : q.rows(s)) out.push_back(session_from(r));
  return out;
}

void insert_login_failure(soci::session& tx, const std::string& key, std::int64_t at_ms,
                          const std::string& address) {
  long long at = at_ms;
  tx << "INSERT INTO login_failures (account_key, at_ms, client_address) VALUES (:k, :at, :a)",
      soci::use(key), soci::use(at), soci::use(address);
}

std::int64_t count_login_failures(soci::session& s, const std::string& key,
                                  std::int64_t since_ms) {
  db::Query q("SELECT COUNT(*) FROM login_failures WHERE account_key = ");
  q.value(key).text(" AND at_ms > ").value(since_ms);
  return q.count(s);
}

void clear_login_failures(soci::session& tx, const std::string& key) {
  tx << "DELETE FROM login_failures WHERE account_key = :k", soci::use(key);
}

std::optional<std::int64_t> locked_until(soci::session& s, const std::string& key) {
  db::Query q("SELECT locked_until_ms FROM lockouts WHERE account_key = ");
  q.value(key);
  for (const auto& r : q.rows(s)) return db::get_int64(r, 0);
  return std::nullopt;
}

void lock(soci::session& tx, const std::string& key, std::int64_t until_ms) {
  long long until = until_ms;
  tx << "INSERT INTO lockouts (account_key, locked_until_ms) VALUES (:k, :u) "
        "ON CONFLICT (account_key) DO UPDATE SET locked_until_ms = excluded.locked_until_ms",
      soci::use(key), soci::use(until);
}

std::int64_t insert_token(soci::session& tx, const std::string& name, const std::string& hash,
                          const Grant& g, std::int64_t created_ms,
                          std::optional<std::int64_t> expires_ms) {
  long long created = created_ms, id = 0;
  soci::indicator expires_ind, scope_ind;
  long long expires = optional_value(expires_ms, expires_ind);
  long long scope = optional_value(g.scope_id, scope_ind);
  tx << "INSERT INTO api_tokens (name, token_hash, role, scope_type, scope_id, created_at_ms, "
        "expires_at_ms) VALUES (:name, :hash, :role, :type, :scope, :created, :expires) "
        "RETURNING id",
      soci::use(name), soci::use(hash), soci::use(g.role), soci::use(g.scope_type),
      soci::use(scope, scope_ind), soci::use(created), soci::use(expires, expires_ind),
      soci::into(id);
  return id;
}

std::optional<Token> find_token_by_hash(soci::session& s, const std::string& hash) {
  db::Query q(std::string("SELECT ") + token_columns + " FROM api_tokens WHERE token_hash = ");
  q.value(hash);
  for (const auto& r : q.rows(s)) return token_from(r);
  return std::nullopt;
}

std::optional<Token> find_token(soci::session& s, std::int64_t id) {
  db::Query q(std::string("SELECT ") + token_columns + " FROM api_tokens WHERE id = ");
  q.value(id);
  for (const auto& r : q.rows(s)) return token_from(r);
  return std::nullopt;
}

std::vector<Token> list_tokens(soci::session& s) {
  db::Query q(std::string("SELECT ") + token_columns + " FROM api_tokens ORDER BY id DESC");
  std::vector<Token> out;
  for (const auto& r : q.rows(s)) out.push_back(token_from(r));
  return out;
}

bool revoke_token(soci::session& tx, std::int64_t id, std::int64_t now_ms) {
  long long tid = id, now = now_ms;
  soci::statement st = (tx.prepare << "UPDATE api_tokens SET revoked_at_ms = :now WHERE id = :id "
                                      "AND revoked_at_ms IS NULL",
                        soci::use(now), soci::use(tid));
  st.execute(true);
  return st.get_affected_rows() == 1;
}

}  // namespace huying::accounts::store

namespace huying::accounts::store {

bool person_exists(soci::session& s, std::int64_t person_id) {
  db::Query q("SELECT COUNT(*) FROM persons WHERE id = ");
  q.value(person_id);
  return q.count(s) > 0;
}

std::vector<MandateLink> serving_mandates(soci::session& s, std::int64_t person_id) {
  db::Query q("SELECT m.id, m.congress_id, m.term_number, c.name FROM mandates m "
              "JOIN congresses c ON c.id = m.congress_id WHERE m.status = 'serving' AND m.person_id = ");
  q.value(person_id).text(" ORDER BY m.congress_id, m.term_number");
  std::vector<MandateLink> out;
  for (const auto& r : q.rows(s))
    out.push_back({db::get_int64(r, 0), db::get_int64(r, 1), db::get_int64(r, 2), db::get_string(r, 3)});
  return out;
}

}  // namespace huying::accounts::store
