#include "modules/accounts/service.hpp"

#include <boost/json.hpp>

#include <regex>

#include "core/crypto.hpp"
#include "core/password_policy.hpp"
#include "core/policy.hpp"

namespace huying::accounts {

namespace {

constexpr std::string_view token_prefix = "hy_";
using policy::Action;

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

Error invalid_credentials() {
  return Error(401, "invalid_credentials", "Unauthorized",
               "The username or password is wrong.");
}

Error bad_token() {
  Error e = Error::unauthorized("The bearer token is unknown, expired or revoked.");
  e.with_header("WWW-Authenticate", "Bearer");
  return e;
}

Error user_not_found() { return Error::not_found("There is no such user."); }

boost::json::value json_of(const std::optional<std::string>& v) {
  return v ? boost::json::value(*v) : nullptr;
}

}  // namespace

Service::Service(db::Database& db, const Clock& clock, const audit::Service& audit,
                 limits::Service& limits, Settings settings, ScopeResolver resolve_scope)
    : db_(db),
      clock_(clock),
      audit_(audit),
      limits_(limits),
      settings_(std::move(settings)),
      resolve_scope_(std::move(resolve_scope)),
      dummy_hash_(crypto::hash_password(crypto::random_hex(16))) {}

// ---- login, sessions, passwords -------------------------------------------------------

LoginResult Service::login(const Caller& caller, const std::string& login,
                           const std::string& password) {
  std::string name = lower(login);
  limits_.hit(settings_.login_per_address, caller.client_address);
  limits_.hit(settings_.login_per_account, name);

  std::optional<User> user;
  {
    auto lease = db_.read();
    user = store::find_user_by_login(*lease, login);
  }
  // Failures count against the account, or against the name when no account has it, so
  // that lockouts look the same either way.
  std::string key = user ? "user:" + std::to_string(user->id) : "name:" + name;
  auto now = clock_.now();
  std::int64_t now_ms = to_epoch_ms(now);
  {
    auto lease = db_.read();
    auto until = store::locked_until(*lease, key);
    if (until && *until > now_ms) {
      std::int64_t seconds = (*until - now_ms + 999) / 1000;
      Error e(429, "account_locked", "Too Many Requests",
              "Too many failed sign-ins: this account is locked for " +
                  std::to_string((seconds + 59) / 60) + " more minute(s).");
      e.with_header("Retry-After", std::to_string(seconds));
      throw e;
    }
  }
  bool ok = crypto::verify_password(user ? user->password_hash : dummy_hash_, password);
  if (!ok || !user || user->disabled) {
    db_.write([&](soci::session& tx) {
      store::insert_login_failure(tx, key, now_ms, caller.client_address);
      auto since = now_ms - std::chrono::milliseconds(settings_.lockout_window).count();
      bool locks = store::count_login_failures(tx, key, since) >= settings_.lockout_attempts;
      if (locks)
        store::lock(tx, key, now_ms + std::chrono::milliseconds(settings_.lockout_duration).count());
      audit_.record(tx, caller,
                    {locks ? "auth.lockout" : "auth.login_failed", "account", key,
                     {{"login", login}}, "", user ? user->congress_id : std::nullopt});
    });
    throw invalid_credentials();
  }

  LoginResult result;
  result.session_token = crypto::random_base64url(32);
  result.csrf_token = crypto::random_base64url(24);
  result.expires_at = now + settings_.session_lifetime;
  Session session{0,   user->id, result.csrf_token, now, now, result.expires_at, std::nullopt,
                  caller.client_address, caller.user_agent.substr(0, 300)};
  db_.write([&](soci::session& tx) {
    store::clear_login_failures(tx, key);
    if (crypto::password_needs_rehash(user->password_hash))
      store::set_password(tx, user->id, crypto::hash_password(password),
                          user->must_change_password, now_ms);
    session.id = store::insert_session(tx, crypto::sha256_hex(result.session_token), session);
    Caller as_user = caller;
    as_user.principal.actor = "user:" + std::to_string(user->id);
    audit_.record(tx, as_user,
                  {"auth.login", "user", std::to_string(user->id),
                   {{"session_id", session.id}}, "self", user->congress_id});
  });
  result.user = current_user({{"user:" + std::to_string(user->id), user->id}, {}, {}, {}});
  if (result.user.person_id) {
    auto lease = db_.read();
    result.mandates = store::serving_mandates(*lease, *result.user.person_id);
  }
  return result;
}

void Service::logout(const Caller& caller) {
  policy::require_authenticated(caller.principal);
  if (!caller.principal.session_id) return;  // tokens have no session to end
  db_.write([&](soci::session& tx) {
    store::revoke_session(tx, *caller.principal.session_id, to_epoch_ms(clock_.now()));
    audit_.record(tx, caller,
                  {"auth.logout", "session", std::to_string(*caller.principal.session_id), {},
                   "self", std::nullopt});
  });
}

SessionAuth Service::authenticate_session(const std::string& token) {
  SessionAuth auth;
  auth.principal.anonymous_reason = "session_expired";
  auto now = clock_.now();
  std::optional<Session> session;
  {
    // Given back before the write below: a reader waiting for the writer while the writer's
    // transaction waits for a reader would wait for ever.
    auto lease = db_.read();
    session = store::find_session(*lease, crypto::sha256_hex(token));
    if (!session || session->revoked_at || now >= session->expires_at ||
        now - session->last_seen_at > settings_.session_idle)
      return auth;
    auto user = store::find_user(*lease, session->user_id);
    if (!user || user->disabled) return auth;
    auth.principal = {"user:" + std::to_string(user->id), user->id, session->id,
                      store::grants_of(*lease, user->id), ""};
    auth.csrf_token = session->csrf_token;
    auth.must_change_password = user->must_change_password;
    auth.expires_at = session->expires_at;
  }
  // Writing on every request would serialise reads behind the writer: a minute's precision
  // is plenty for a 30-minute idle timeout.
  if (now - session->last_seen_at > std::chrono::minutes(1)) {
    db_.write([&](soci::session& tx) { store::touch_session(tx, session->id, to_epoch_ms(now)); });
  }
  return auth;
}

Principal Service::authenticate_bearer(const std::string& token) {
  if (!token.starts_with(token_prefix)) throw bad_token();
  auto lease = db_.read();
  auto found = store::find_token_by_hash(*lease, crypto::sha256_hex(token));
  if (!found || found->revoked_at) throw bad_token();
  if (found->expires_at && *found->expires_at <= clock_.now()) throw bad_token();
  Principal p;
  p.actor = "token:" + std::to_string(found->id);
  p.grants = {found->grant};
  return p;
}

User Service::current_user(const Caller& caller) {
  policy::require_authenticated(caller.principal);
  if (!caller.principal.user_id)
    throw Error::forbidden("An API token has no account of its own.");
  auto lease = db_.read();
  return load(*lease, *caller.principal.user_id);
}

std::vector<MandateLink> Service::serving_mandates(std::int64_t user_id) {
  auto lease = db_.read();
  auto user = store::find_user(*lease, user_id);
  if (!user || !user->person_id) return {};
  return store::serving_mandates(*lease, *user->person_id);
}

LoginResult Service::current_session(const Caller& caller) {
  User user = current_user(caller);
  if (!caller.principal.session_id) throw Error::forbidden("An API token has no session.");
  auto lease = db_.read();
  auto session = store::find_session_by_id(*lease, *caller.principal.session_id);
  if (!session) throw Error::not_found("There is no such session.");
  std::vector<MandateLink> mandates;
  if (user.person_id) mandates = store::serving_mandates(*lease, *user.person_id);
  return {user, "", session->csrf_token, session->expires_at, std::move(mandates)};
}

void Service::change_password(const Caller& caller, const std::string& current,
                              const std::string& replacement) {
  User user = current_user(caller);
  Validator v;
  if (!crypto::verify_password(user.password_hash, current))
    v.field("/current_password", "The current password is wrong.");
  if (auto problem = password_problem(replacement, user.username))
    v.field("/new_password", *problem);
  else if (crypto::verify_password(user.password_hash, replacement))
    v.field("/new_password", "Must differ from the current password.");
  v.throw_if_any();
  std::string hash = crypto::hash_password(replacement);
  db_.write([&](soci::session& tx) {
    auto now = to_epoch_ms(clock_.now());
    store::set_password(tx, user.id, hash, false, now);
    store::revoke_sessions_of(tx, user.id, caller.principal.session_id, now);
    audit_.record(tx, caller,
                  {"user.password_change", "user", std::to_string(user.id), {}, "self",
                   user.congress_id});
  });
}

std::vector<Session> Service::my_sessions(const Caller& caller) {
  User user = current_user(caller);
  auto lease = db_.read();
  return store::live_sessions(*lease, user.id, to_epoch_ms(clock_.now()),
                              std::chrono::milliseconds(settings_.session_idle).count());
}

void Service::revoke_my_session(const Caller& caller, std::int64_t session_id) {
  User user = current_user(caller);
  db_.write([&](soci::session& tx) {
    auto session = store::find_session_by_id(tx, session_id);
    if (!session || session->user_id != user.id)
      throw Error::not_found("There is no such session.");
    store::revoke_session(tx, session_id, to_epoch_ms(clock_.now()));
    audit_.record(tx, caller,
                  {"session.revoke", "session", std::to_string(session_id), {}, "self",
                   user.congress_id});
  });
}

// ---- accounts ----------------------------------------------------------------------------

std::vector<GrantView> Service::describe(const std::vector<Grant>& grants) {
  std::vector<GrantView> out;
  for (const auto& g : grants) {
    std::string name = g.scope_type == "global" ? "全局" : "";
    if (g.scope_id)
      if (auto info = resolve_scope_(g.scope_type, *g.scope_id)) name = info->name;
    out.push_back({g, name});
  }
  return out;
}

User Service::load(soci::session& s, std::int64_t id) {
  auto user = store::find_user(s, id);
  if (!user) throw user_not_found();
  user->grants = describe(store::grants_of(s, id));
  return *user;
}

User Service::visible_user(soci::session& s, const Caller& caller, std::int64_t id,
                           Action action, std::string& grant_used) {
  policy::require_authenticated(caller.principal);
  auto user = store::find_user(s, id);
  if (!user) throw user_not_found();
  grant_used = policy::enforce(caller.principal, action, {user->congress_id, {}, {}, user->id},
                               "such user");
  user->grants = describe(store::grants_of(s, id));
  if (action == Action::user_manage) require_power_over(caller, *user);
  return *user;
}

// Managing an account (reset, disable, grants) hands over everything it may do, so the
// manager must be able to grant each of its roles: staff of a county cannot take over an
// administrator's or another congress's account that happens to belong to their county.
void Service::require_power_over(const Caller& caller, const User& user) {
  bool admin = policy::decide(caller.principal, Action::token_manage, {}).allowed();
  if (admin) return;
  for (const auto& view : user.grants) {
    const Grant& g = view.grant;
    bool beyond = g.role == roles::admin;
    if (!beyond && g.scope_id) {
      auto info = resolve_scope_(g.scope_type, *g.scope_id);
      beyond = !info || !policy::decide(caller.principal, Action::user_manage, {info->congress_id}).allowed();
    }
    if (beyond)
      throw Error::forbidden("This account holds a role (" + g.label() +
                             ") beyond what you may grant.");
  }
}

Page<User> Service::list_users(const Caller& caller, const store::UserFilter& filter,
                               const PageRequest& page) {
  auto scope = policy::list_scope(caller.principal, Action::user_view);
  auto lease = db_.read();
  Page<User> result{store::list_users(*lease, scope, filter, page),
                    store::count_users(*lease, scope, filter), page};
  for (auto& u : result.items) u.grants = describe(store::grants_of(*lease, u.id));
  return result;
}

User Service::get_user(const Caller& caller, std::int64_t id) {
  auto lease = db_.read();
  std::string grant;
  return visible_user(*lease, caller, id, Action::user_view, grant);
}

User Service::find_by_username(const std::string& username) {
  auto lease = db_.read();
  auto user = store::find_user_by_login(*lease, username);
  if (!user || user->username != username) throw user_not_found();
  return load(*lease, user->id);
}

void Service::check_grant(Validator& v, const std::string& pointer, Grant& g, const Caller& caller,
                          std::optional<std::int64_t> user_congress) {
  if (!policy::is_role(g.role)) {
    v.field(pointer + "/role",
            "Must be one of: admin, staff, leader, committee_member, deputy, unit_handler, "
            "unit_head, station_keeper.");
    return;
  }
  std::string wanted = policy::scope_type_of(g.role);
  if (g.scope_type.empty()) g.scope_type = wanted;
  if (g.scope_type != wanted) {
    v.field(pointer + "/scope_type", "The role " + g.role + " is scoped to a " + wanted + ".");
    return;
  }
  if (wanted == "global") {
    g.scope_id.reset();
    if (!policy::decide(caller.principal, Action::token_manage, {}).allowed())
      throw Error::forbidden("Only administrators grant the administrator role.");
    return;
  }
  if (!g.scope_id) {
    v.field(pointer + "/scope_id", "This role needs the id of its " + wanted + ".");
    return;
  }
  auto info = resolve_scope_(wanted, *g.scope_id);
  if (!info) {
    v.field(pointer + "/scope_id", "There is no " + wanted + " with this id.");
    return;
  }
  // Staff grant roles only within their own congress.
  policy::Decision d = policy::decide(caller.principal, Action::user_manage, {info->congress_id});
  if (!d.allowed())
    v.field(pointer + "/scope_id", "This " + wanted + " is outside your congress.");
  else if (user_congress && *user_congress != info->congress_id && d.grant != "admin@global")
    v.field(pointer + "/scope_id", "This " + wanted + " belongs to another congress than the user.");
}

CreatedUser Service::create_user(const Caller& caller, const NewUser& input_in,
                                 Validator v) {
  policy::require_authenticated(caller.principal);
  NewUser input = input_in;
  // Staff of one congress create accounts of that congress unless they say otherwise.
  if (!input.congress_id)
    for (const auto& g : caller.principal.grants)
      if (g.role == roles::staff && g.scope_id) input.congress_id = g.scope_id;
  std::string grant_used = policy::enforce(caller.principal, Action::user_manage,
                                           {input.congress_id}, "such congress");
  static const std::regex username_pattern(R"(^[A-Za-z0-9][A-Za-z0-9._-]{2,31}$)");
  if (!v.has_field("/username") && !std::regex_match(input.username, username_pattern))
    v.field("/username", "3 to 32 letters, digits, '.', '_' or '-', starting with a letter or digit.");
  if (input.mobile && !is_mobile_number(*input.mobile))
    v.field("/mobile", "Must be an 11-digit mainland mobile number.");
  if (input.congress_id && !resolve_scope_("congress", *input.congress_id))
    v.field("/congress_id", "There is no congress with this id.");
  if (input.grants.empty() && !v.has_field("/grants")) v.field("/grants", "Give at least one role.");
  for (std::size_t i = 0; i < input.grants.size(); ++i)
    check_grant(v, "/grants/" + std::to_string(i), input.grants[i], caller, input.congress_id);
  v.throw_if_any();

  std::string password = input.password_hash ? "" : one_time_password();
  std::string hash = input.password_hash.value_or(password.empty() ? "" : crypto::hash_password(password));
  std::int64_t id = 0;
  db_.write([&](soci::session& tx) {
    if (store::username_taken(tx, input.username))
      throw Error::conflict("username_taken", "The username " + input.username + " is taken.");
    if (input.mobile && store::mobile_taken(tx, *input.mobile, std::nullopt))
      throw Error::conflict("mobile_taken", "Another account has this mobile number.");
    auto now = to_epoch_ms(clock_.now());
    User user;
    user.username = input.username;
    user.display_name = input.display_name;
    user.mobile = input.mobile;
    user.congress_id = input.congress_id;
    user.person_id = input.person_id;
    if (input.person_id && !store::person_exists(tx, *input.person_id))
      throw Error::validation({{"/person_id", "", "There is no person with this id."}});
    user.password_hash = hash;
    user.must_change_password = !input.password_hash;
    id = store::insert_user(tx, user, now);
    boost::json::array grants;
    for (const auto& g : input.grants) {
      store::insert_grant(tx, id, g, now);
      grants.push_back(boost::json::value(g.label()));
    }
    audit_.record(tx, caller,
                  {"user.create", "user", std::to_string(id),
                   {{"username", input.username},
                    {"display_name", input.display_name},
                    {"mobile", input.mobile ? boost::json::value(mask_mobile(*input.mobile)) : nullptr},
                    {"congress_id", input.congress_id ? boost::json::value(*input.congress_id) : nullptr},
                    {"person_id", input.person_id ? boost::json::value(*input.person_id) : nullptr},
                    {"grants", std::move(grants)}},
                   grant_used, input.congress_id});
  });
  auto lease = db_.read();
  return {load(*lease, id), password};
}

User Service::update_user(const Caller& caller, std::int64_t id, const UserPatch& patch,
                          std::int64_t expected_version, Validator v) {
  std::string grant_used;
  User user;
  {
    auto lease = db_.read();
    bool self = caller.principal.user_id == id;
    Action action = patch.disabled || patch.person_id || !self ? Action::user_manage : Action::user_edit_self;
    user = visible_user(*lease, caller, id, action, grant_used);
  }
  if (patch.mobile && !patch.mobile->empty() && !is_mobile_number(*patch.mobile))
    v.field("/mobile", "Must be an 11-digit mainland mobile number.");
  v.throw_if_any();
  User changed = user;
  boost::json::object changes;
  if (patch.display_name && *patch.display_name != user.display_name) {
    changed.display_name = *patch.display_name;
    changes["display_name"] = {{"from", user.display_name}, {"to", changed.display_name}};
  }
  if (patch.mobile) {
    changed.mobile = patch.mobile->empty() ? std::nullopt : patch.mobile;
    if (changed.mobile != user.mobile)
      changes["mobile"] = {{"from", json_of(user.mobile ? std::optional(mask_mobile(*user.mobile)) : std::nullopt)},
                           {"to", json_of(changed.mobile ? std::optional(mask_mobile(*changed.mobile)) : std::nullopt)}};
  }
  if (patch.disabled && *patch.disabled != user.disabled) {
    if (caller.principal.user_id == id) throw Error::forbidden("You cannot disable your own account.");
    changed.disabled = *patch.disabled;
    changes["disabled"] = {{"from", user.disabled}, {"to", changed.disabled}};
  }
  if (patch.person_id && *patch.person_id != user.person_id) {
    changed.person_id = *patch.person_id;
    changes["person_id"] = {{"from", user.person_id ? boost::json::value(*user.person_id) : nullptr},
                            {"to", changed.person_id ? boost::json::value(*changed.person_id) : nullptr}};
  }
  db_.write([&](soci::session& tx) {
    if (changed.person_id && changed.person_id != user.person_id && !store::person_exists(tx, *changed.person_id))
      throw Error::validation({{"/person_id", "", "There is no person with this id."}});
    if (changed.mobile && changed.mobile != user.mobile && store::mobile_taken(tx, *changed.mobile, id))
      throw Error::conflict("mobile_taken", "Another account has this mobile number.");
    auto now = to_epoch_ms(clock_.now());
    if (!store::update_profile(tx, changed, expected_version, now)) {
      auto current = store::find_user(tx, id);
      throw Error::conflict("version_conflict",
                            "The account was changed by someone else (now version " +
                                std::to_string(current ? current->version : 0) +
                                "). Reload it and apply your change again.");
    }
    if (changed.disabled && !user.disabled) store::revoke_sessions_of(tx, id, std::nullopt, now);
    audit_.record(tx, caller,
                  {"user.update", "user", std::to_string(id), changes, grant_used, user.congress_id});
  });
  auto lease = db_.read();
  return load(*lease, id);
}

std::string Service::user_contact(const Caller& caller, std::int64_t id) {
  std::string grant_used;
  User user;
  {
    auto lease = db_.read();
    user = visible_user(*lease, caller, id, Action::user_contact, grant_used);
  }
  db_.write([&](soci::session& tx) {
    audit_.record(tx, caller,
                  {"user.contact_view", "user", std::to_string(id), {{"fields", "mobile"}},
                   grant_used, user.congress_id});
  });
  return user.mobile.value_or("");
}

GrantView Service::add_grant(const Caller& caller, std::int64_t user_id, const Grant& grant_in,
                             Validator v) {
  std::string grant_used;
  User user;
  {
    auto lease = db_.read();
    user = visible_user(*lease, caller, user_id, Action::user_manage, grant_used);
  }
  Grant grant = grant_in;
  check_grant(v, "", grant, caller, user.congress_id);
  v.throw_if_any();
  for (const auto& existing : user.grants)
    if (existing.grant.label() == grant.label())
      throw Error::conflict("grant_exists", "The user already holds " + grant.label() + ".");
  db_.write([&](soci::session& tx) {
    auto now = to_epoch_ms(clock_.now());
    grant.id = store::insert_grant(tx, user_id, grant, now);
    store::bump_version(tx, user_id, now);
    audit_.record(tx, caller,
                  {"user.grant_add", "user", std::to_string(user_id),
                   {{"grant", grant.label()}, {"grant_id", grant.id}}, grant_used, user.congress_id});
  });
  return describe({grant}).front();
}

void Service::remove_grant(const Caller& caller, std::int64_t user_id, std::int64_t grant_id) {
  std::string grant_used;
  User user;
  {
    auto lease = db_.read();
    user = visible_user(*lease, caller, user_id, Action::user_manage, grant_used);
  }
  const GrantView* found = nullptr;
  for (const auto& g : user.grants)
    if (g.grant.id == grant_id) found = &g;
  if (!found) throw Error::not_found("The user holds no such grant.");
  if (found->grant.role == roles::admin &&
      !policy::decide(caller.principal, Action::token_manage, {}).allowed())
    throw Error::forbidden("Only administrators revoke the administrator role.");
  db_.write([&](soci::session& tx) {
    store::delete_grant(tx, user_id, grant_id);
    store::bump_version(tx, user_id, to_epoch_ms(clock_.now()));
    audit_.record(tx, caller,
                  {"user.grant_remove", "user", std::to_string(user_id),
                   {{"grant", found->grant.label()}, {"grant_id", grant_id}}, grant_used,
                   user.congress_id});
  });
}

std::string Service::reset_password(const Caller& caller, std::int64_t user_id) {
  std::string grant_used;
  User user;
  {
    auto lease = db_.read();
    user = visible_user(*lease, caller, user_id, Action::user_manage, grant_used);
  }
  std::string password = one_time_password();
  std::string hash = crypto::hash_password(password);
  db_.write([&](soci::session& tx) {
    auto now = to_epoch_ms(clock_.now());
    store::set_password(tx, user_id, hash, true, now);
    store::revoke_sessions_of(tx, user_id, std::nullopt, now);
    audit_.record(tx, caller,
                  {"user.password_reset", "user", std::to_string(user_id), {}, grant_used,
                   user.congress_id});
  });
  return password;
}

void Service::revoke_user_sessions(const Caller& caller, std::int64_t user_id) {
  std::string grant_used;
  User user;
  {
    auto lease = db_.read();
    user = visible_user(*lease, caller, user_id, Action::user_manage, grant_used);
  }
  db_.write([&](soci::session& tx) {
    auto n = store::revoke_sessions_of(tx, user_id, std::nullopt, to_epoch_ms(clock_.now()));
    audit_.record(tx, caller,
                  {"user.sessions_revoke", "user", std::to_string(user_id), {{"sessions", n}},
                   grant_used, user.congress_id});
  });
}

// ---- API tokens --------------------------------------------------------------------------

std::vector<Token> Service::tokens(const Caller& caller) {
  policy::enforce(caller.principal, Action::token_manage, {}, "such token");
  auto lease = db_.read();
  return store::list_tokens(*lease);
}

CreatedToken Service::create_token(const Caller& caller, const std::string& name,
                                   const Grant& grant_in, std::optional<int> expires_in_days,
                                   Validator v) {
  std::string grant_used = policy::enforce(caller.principal, Action::token_manage, {}, "such token");
  Grant grant = grant_in;
  check_grant(v, "", grant, caller, std::nullopt);
  if (expires_in_days && (*expires_in_days < 1 || *expires_in_days > 3650))
    v.field("/expires_in_days", "Must be from 1 to 3650.");
  v.throw_if_any();
  CreatedToken created;
  created.secret = std::string(token_prefix) + crypto::random_base64url(32);
  auto now = clock_.now();
  created.token.name = name;
  created.token.grant = grant;
  created.token.created_at = now;
  if (expires_in_days) created.token.expires_at = now + std::chrono::days(*expires_in_days);
  db_.write([&](soci::session& tx) {
    std::optional<std::int64_t> expires;
    if (created.token.expires_at) expires = to_epoch_ms(*created.token.expires_at);
    // The token is 256 random bits: a fast hash suffices, unlike for passwords.
    created.token.id = store::insert_token(tx, name, crypto::sha256_hex(created.secret), grant,
                                           to_epoch_ms(now), expires);
    audit_.record(tx, caller,
                  {"api_token.create", "api_token", std::to_string(created.token.id),
                   {{"name", name},
                    {"grant", grant.label()},
                    {"expires_at", expires ? boost::json::value(format_iso8601(from_epoch_ms(*expires))) : nullptr}},
                   grant_used, std::nullopt});
  });
  return created;
}

void Service::revoke_token(const Caller& caller, std::int64_t id) {
  std::string grant_used = policy::enforce(caller.principal, Action::token_manage, {}, "such token");
  db_.write([&](soci::session& tx) {
    if (!store::find_token(tx, id)) throw Error::not_found("There is no such token.");
    if (!store::revoke_token(tx, id, to_epoch_ms(clock_.now())))
      throw Error::conflict("token_revoked", "The token is already revoked.");
    audit_.record(tx, caller, {"api_token.revoke", "api_token", std::to_string(id), {}, grant_used,
                               std::nullopt});
  });
}

}  // namespace huying::accounts
