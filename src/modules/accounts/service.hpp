#pragma once
// Accounts: login with lockout, server-side sessions, passwords, role grants, API tokens.
// Every decision about who may do what goes through core/policy.
#include <chrono>
#include <functional>
#include <optional>
#include <string>

#include "core/caller.hpp"
#include "core/clock.hpp"
#include "core/error.hpp"
#include "core/paging.hpp"
#include "db/database.hpp"
#include "modules/accounts/model.hpp"
#include "modules/accounts/store.hpp"
#include "modules/audit/service.hpp"
#include "modules/limits/service.hpp"

namespace huying::accounts {

struct Settings {
  std::chrono::minutes session_idle{30};
  std::chrono::hours session_lifetime{12};
  int lockout_attempts = 5;
  std::chrono::minutes lockout_window{15};
  std::chrono::minutes lockout_duration{15};
  limits::Rule login_per_address{"login-address", 30, std::chrono::minutes(5)};
  limits::Rule login_per_account{"login-account", 10, std::chrono::minutes(5)};
  bool secure_cookies = false;  // behind TLS: cookies only over HTTPS
};

inline constexpr std::string_view session_cookie = "huying_session";

// What a grant's scope is called and which congress it belongs to.
struct ScopeInfo {
  std::string name;
  std::int64_t congress_id = 0;
};
using ScopeResolver =
    std::function<std::optional<ScopeInfo>(const std::string& scope_type, std::int64_t id)>;

struct LoginResult {
  User user;
  std::string session_token;  // for the cookie (login only); only its hash is stored
  std::string csrf_token;
  TimePoint expires_at;
  std::vector<MandateLink> mandates;  // the serving mandates of the account's person
};

// The outcome of presenting a session cookie.
struct SessionAuth {
  Principal principal;  // anonymous with a reason when the session is not valid
  std::string csrf_token;
  bool must_change_password = false;
  TimePoint expires_at;
};

struct NewUser {
  std::string username;
  std::string display_name;
  std::optional<std::string> mobile;
  std::optional<std::int64_t> congress_id;
  std::optional<std::int64_t> person_id;
  std::vector<Grant> grants;
  // Set only by the demo loader (the hash of a published demo password, made once for all
  // demo accounts); everyone else gets a one-time password.
  std::optional<std::string> password_hash;
};

struct CreatedUser {
  User user;
  std::string one_time_password;  // empty when a password was given
};

struct UserPatch {
  std::optional<std::string> display_name;
  std::optional<std::string> mobile;  // "" clears it
  std::optional<bool> disabled;
  std::optional<std::optional<std::int64_t>> person_id;  // present: link (or, empty, unlink)
};

struct CreatedToken {
  Token token;
  std::string secret;  // shown this once only
};

class Service {
 public:
  Service(db::Database& db, const Clock& clock, const audit::Service& audit,
          limits::Service& limits, Settings settings, ScopeResolver resolve_scope);

  const Settings& settings() const { return settings_; }

  LoginResult login(const Caller& caller, const std::string& login, const std::string& password);
  void logout(const Caller& caller);
  SessionAuth authenticate_session(const std::string& token);
  // The principal of a bearer token; throws 401 when it is unknown, expired or revoked.
  Principal authenticate_bearer(const std::string& token);
  User current_user(const Caller& caller);
  // The signed-in user with the session's CSRF token and end; 403 for API tokens.
  LoginResult current_session(const Caller& caller);
  void change_password(const Caller& caller, const std::string& current,
                       const std::string& replacement);
  std::vector<Session> my_sessions(const Caller& caller);
  void revoke_my_session(const Caller& caller, std::int64_t session_id);

  Page<User> list_users(const Caller& caller, const store::UserFilter& filter,
                        const PageRequest& page);
  User get_user(const Caller& caller, std::int64_t id);
  CreatedUser create_user(const Caller& caller, const NewUser& input, Validator input_errors = {});
  User update_user(const Caller& caller, std::int64_t id, const UserPatch& patch,
                   std::int64_t expected_version, Validator input_errors = {});
  std::string user_contact(const Caller& caller, std::int64_t id);
  GrantView add_grant(const Caller& caller, std::int64_t user_id, const Grant& grant,
                      Validator input_errors = {});
  void remove_grant(const Caller& caller, std::int64_t user_id, std::int64_t grant_id);
  std::string reset_password(const Caller& caller, std::int64_t user_id);
  void revoke_user_sessions(const Caller& caller, std::int64_t user_id);
  // Operators (the command line) find accounts by name.
  User find_by_username(const std::string& username);
  // The serving mandates of an account's person (none when it acts for no deputy).
  std::vector<MandateLink> serving_mandates(std::int64_t user_id);

  std::vector<Token> tokens(const Caller& caller);
  CreatedToken create_token(const Caller& caller, const std::string& name, const Grant& grant,
                            std::optional<int> expires_in_days, Validator input_errors = {});
  void revoke_token(const Caller& caller, std::int64_t id);

 private:
  User load(soci::session& s, std::int64_t id);
  User visible_user(soci::session& s, const Caller& caller, std::int64_t id,
                    policy::Action action, std::string& grant_used);
  void require_power_over(const Caller& caller, const User& user);
  void check_grant(Validator& v, const std::string& pointer, Grant& grant, const Caller& caller,
                   std::optional<std::int64_t> user_congress);
  std::vector<GrantView> describe(const std::vector<Grant>& grants);

  db::Database& db_;
  const Clock& clock_;
  const audit::Service& audit_;
  limits::Service& limits_;
  Settings settings_;
  ScopeResolver resolve_scope_;
  std::string dummy_hash_;  // verified for unknown accounts, so that timing reveals nothing
};

}  // namespace huying::accounts
