#pragma once
// SQL of accounts, grants, sessions, login failures, lockouts and API tokens.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/paging.hpp"
#include "core/policy.hpp"
#include "modules/accounts/model.hpp"

namespace soci {
class session;
}

namespace huying::accounts::store {

struct UserFilter {
  std::optional<std::string> q;  // username or display name contains
  std::optional<std::string> role;
  std::optional<std::int64_t> congress_id;
  std::optional<bool> disabled;
};

std::int64_t insert_user(soci::session& tx, const User& user, std::int64_t now_ms);
std::optional<User> find_user(soci::session& s, std::int64_t id);
// By username, or by mobile number.
std::optional<User> find_user_by_login(soci::session& s, const std::string& login);
bool username_taken(soci::session& s, const std::string& username);
bool mobile_taken(soci::session& s, const std::string& mobile, std::optional<std::int64_t> except_user);
std::vector<Grant> grants_of(soci::session& s, std::int64_t user_id);
std::vector<User> list_users(soci::session& s, const policy::ListScope& scope,
                             const UserFilter& filter, const PageRequest& page);
std::int64_t count_users(soci::session& s, const policy::ListScope& scope, const UserFilter& filter);
// Applies the new profile when `expected_version` matches; false otherwise.
bool update_profile(soci::session& tx, const User& changed, std::int64_t expected_version,
                    std::int64_t now_ms);
void set_password(soci::session& tx, std::int64_t user_id, const std::string& hash,
                  bool must_change, std::int64_t now_ms);
std::int64_t insert_grant(soci::session& tx, std::int64_t user_id, const Grant& grant,
                          std::int64_t now_ms);
// Grants are part of an account: changing them is a new version of it.
void bump_version(soci::session& tx, std::int64_t user_id, std::int64_t now_ms);
bool delete_grant(soci::session& tx, std::int64_t user_id, std::int64_t grant_id);

std::int64_t insert_session(soci::session& tx, const std::string& token_hash, const Session& s);
std::optional<Session> find_session(soci::session& s, const std::string& token_hash);
std::optional<Session> find_session_by_id(soci::session& s, std::int64_t id);
void touch_session(soci::session& tx, std::int64_t id, std::int64_t now_ms);
void revoke_session(soci::session& tx, std::int64_t id, std::int64_t now_ms);
// Revokes every live session of a user but `keep`; returns how many.
std::int64_t revoke_sessions_of(soci::session& tx, std::int64_t user_id,
                                std::optional<std::int64_t> keep, std::int64_t now_ms);
std::vector<Session> live_sessions(soci::session& s, std::int64_t user_id, std::int64_t now_ms,
                                   std::int64_t idle_ms);

void insert_login_failure(soci::session& tx, const std::string& key, std::int64_t at_ms,
                          const std::string& address);
std::int64_t count_login_failures(soci::session& s, const std::string& key, std::int64_t since_ms);
void clear_login_failures(soci::session& tx, const std::string& key);
std::optional<std::int64_t> locked_until(soci::session& s, const std::string& key);
void lock(soci::session& tx, const std::string& key, std::int64_t until_ms);

std::int64_t insert_token(soci::session& tx, const std::string& name, const std::string& hash,
                          const Grant& grant, std::int64_t created_ms,
                          std::optional<std::int64_t> expires_ms);
std::optional<Token> find_token_by_hash(soci::session& s, const std::string& hash);
std::optional<Token> find_token(soci::session& s, std::int64_t id);
std::vector<Token> list_tokens(soci::session& s);
bool revoke_token(soci::session& tx, std::int64_t id, std::int64_t now_ms);

bool person_exists(soci::session& s, std::int64_t person_id);
std::vector<MandateLink> serving_mandates(soci::session& s, std::int64_t person_id);

}  // namespace huying::accounts::store
