// HTTP face of accounts: sign-in, sessions, passwords, user administration, API tokens.
#include "modules/accounts/routes.hpp"

#include <boost/json.hpp>

#include "http/json_body.hpp"
#include "http/json_values.hpp"
#include "http/query.hpp"

namespace huying::accounts {

namespace {

using boost::json::object;
using http::Request;
using http::Response;


object grant_json(const GrantView& g) {
  return {{"id", std::to_string(g.grant.id)},
          {"role", g.grant.role},
          {"scope_type", g.grant.scope_type},
          {"scope_id", http::json_id(g.grant.scope_id)},
          {"scope_name", g.scope_name}};
}

object user_json(const User& u) {
  boost::json::array grants;
  for (const auto& g : u.grants) grants.push_back(grant_json(g));
  return {{"id", std::to_string(u.id)},
          {"username", u.username},
          {"display_name", u.display_name},
          {"mobile", u.mobile ? boost::json::value(mask_mobile(*u.mobile)) : nullptr},
          {"congress_id", http::json_id(u.congress_id)},
          {"person_id", http::json_id(u.person_id)},
          {"disabled", u.disabled},
          {"must_change_password", u.must_change_password},
          {"grants", std::move(grants)},
          {"created_at", format_iso8601(u.created_at)},
          {"version", u.version}};
}

object token_json(const Token& t) {
  return {{"id", std::to_string(t.id)},
          {"name", t.name},
          {"role", t.grant.role},
          {"scope_type", t.grant.scope_type},
          {"scope_id", http::json_id(t.grant.scope_id)},
          {"created_at", format_iso8601(t.created_at)},
          {"expires_at", http::json_time(t.expires_at)},
          {"revoked_at", http::json_time(t.revoked_at)}};
}

Response user_response(int status, const User& u) {
  Response res = Response::json(status, user_json(u));
  http::set_etag(res, u.version);
  return res;
}

std::string cookie(const Settings& settings, const std::string& value, std::int64_t max_age_s) {
  return std::string(session_cookie) + "=" + value + "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" +
         std::to_string(max_age_s) + (settings.secure_cookies ? "; Secure" : "");
}

// A grant as the API writes it: {"role", "scope_type"?, "scope_id"?}.
Grant read_grant(const boost::json::value* value, const std::string& pointer, Validator& v) {
  Grant g;
  if (!value || !value->is_object()) {
    v.field(pointer.empty() ? "" : pointer, "Must be an object with role, scope_type and scope_id.");
    return g;
  }
  const auto& o = value->get_object();
  if (auto it = o.find("role"); it != o.end() && it->value().is_string())
    g.role = std::string(it->value().get_string());
  else
    v.field(pointer + "/role", "This field is required.");
  if (auto it = o.find("scope_type"); it != o.end() && it->value().is_string())
    g.scope_type = std::string(it->value().get_string());
  if (auto it = o.find("scope_id"); it != o.end() && !it->value().is_null()) {
    g.scope_id = http::parse_id(it->value());
    if (!g.scope_id) v.field(pointer + "/scope_id", "Must be an id (a string of digits).");
  }
  return g;
}

object session_state(const LoginResult& r) {
  boost::json::array mandates;
  for (const auto& m : r.mandates)
    mandates.push_back({{"id", std::to_string(m.id)},
                        {"congress_id", std::to_string(m.congress_id)},
                        {"congress_name", m.congress_name},
                        {"term_number", m.term_number}});
  return {{"user", user_json(r.user)},
          {"csrf_token", r.csrf_token},
          {"expires_at", format_iso8601(r.expires_at)},
          {"person_id", http::json_id(r.user.person_id)},
          {"mandates", std::move(mandates)}};
}

}  // namespace

void add_routes(http::Router& router, Service& service) {
  router.add({"POST", "/api/v1/auth/login",
              [&service](Request& req) {
                http::BodyReader body(http::parse_json_body(req));
                auto login = body.text("username", true, 64);
                auto password = body.text("password", true, 256);
                body.finish();
                LoginResult result = service.login(req.caller(), *login, *password);
                Response res =
                    Response::json(200, session_state(result));
                auto lifetime = std::chrono::duration_cast<std::chrono::seconds>(
                    service.settings().session_lifetime);
                res.set_header("Set-Cookie", cookie(service.settings(), result.session_token,
                                                    lifetime.count()));
                res.set_header("Cache-Control", "no-store");
                return res;
              },
              0, "Sign in with username (or mobile number) and password"});
  router.add({"POST", "/api/v1/auth/logout",
              [&service](Request& req) {
                service.logout(req.caller());
                Response res = Response::no_content();
                res.set_header("Set-Cookie", cookie(service.settings(), "", 0));
                return res;
              },
              0, "End this session"});
  router.add({"GET", "/api/v1/auth/session",
              [&service](Request& req) {
                LoginResult current = service.current_session(req.caller());
                Response res = Response::json(
                    200, session_state(current));
                res.set_header("Cache-Control", "no-store");
                return res;
              },
              0, "The signed-in user, with the CSRF token"});
  router.add({"POST", "/api/v1/auth/password",
              [&service](Request& req) {
                http::BodyReader body(http::parse_json_body(req));
                // Passwords are not trimmed: a space may be part of one.
                auto current = body.member("current_password");
                auto replacement = body.member("new_password");
                Validator& v = body.validator();
                if (!current || !current->is_string()) v.field("/current_password", "This field is required.");
                if (!replacement || !replacement->is_string()) v.field("/new_password", "This field is required.");
                body.finish();
                service.change_password(req.caller(), std::string(current->get_string()),
                                        std::string(replacement->get_string()));
                return Response::no_content();
              },
              0, "Change one's own password"});
  router.add({"GET", "/api/v1/auth/sessions",
              [&service](Request& req) {
                boost::json::array items;
                for (const auto& s : service.my_sessions(req.caller()))
                  items.push_back({{"id", std::to_string(s.id)},
                                   {"created_at", format_iso8601(s.created_at)},
                                   {"last_seen_at", format_iso8601(s.last_seen_at)},
                                   {"expires_at", format_iso8601(s.expires_at)},
                                   {"client_address", s.client_address},
                                   {"user_agent", s.user_agent},
                                   {"current", req.principal.session_id == s.id}});
                return Response::json(200, {{"items", std::move(items)}});
              },
              0, "One's own live sessions"});
  router.add({"DELETE", "/api/v1/auth/sessions/{id}",
              [&service](Request& req) {
                service.revoke_my_session(req.caller(), http::path_id(req, "id", "such session"));
                return Response::no_content();
              },
              0, "End one of one's own sessions"});

  router.add({"GET", "/api/v1/users",
              [&service](Request& req) {
                Validator v;
                store::UserFilter filter;
                filter.q = req.query_param("q");
                filter.role = req.query_param("role");
                if (auto c = req.query_param("congress_id")) {
                  filter.congress_id = http::parse_id(std::string_view(*c));
                  if (!filter.congress_id) v.parameter("congress_id", "Must be an id.");
                }
                if (auto d = req.query_param("disabled")) {
                  if (*d == "true" || *d == "false") filter.disabled = *d == "true";
                  else v.parameter("disabled", "Must be true or false.");
                }
                PageRequest page = http::read_page(req, v);
                v.throw_if_any();
                return Response::json(
                    200, http::page_json(service.list_users(req.caller(), filter, page), user_json));
              },
              0, "Accounts the caller may see"});
  router.add({"POST", "/api/v1/users",
              [&service](Request& req) {
                http::BodyReader body(http::parse_json_body(req));
                body.allow_only({"username", "display_name", "mobile", "congress_id", "person_id", "grants"});
                NewUser input;
                input.username = body.text("username", true, 32).value_or("");
                input.display_name = body.text("display_name", true, 50).value_or("");
                input.mobile = body.text("mobile", false, 11);
                input.congress_id = body.id("congress_id", false);
                input.person_id = body.id("person_id", false);
                if (auto grants = body.member("grants")) {
                  if (!grants->is_array())
                    body.validator().field("/grants", "Must be a list of grants.");
                  else
                    for (std::size_t i = 0; i < grants->get_array().size(); ++i)
                      input.grants.push_back(read_grant(&grants->get_array()[i],
                                                        "/grants/" + std::to_string(i),
                                                        body.validator()));
                }
                CreatedUser created = service.create_user(req.caller(), input, body.validator());
                Response res = Response::json(201, {{"user", user_json(created.user)},
                                                    {"one_time_password", created.one_time_password}});
                res.set_header("Location", "/api/v1/users/" + std::to_string(created.user.id));
                res.set_header("Cache-Control", "no-store");
                return res;
              },
              0, "Create an account; answers a one-time password"});
  router.add({"GET", "/api/v1/users/{id}",
              [&service](Request& req) {
                return user_response(200, service.get_user(req.caller(),
                                                           http::path_id(req, "id", "such user")));
              },
              0, "One account"});
  router.add({"PATCH", "/api/v1/users/{id}",
              [&service](Request& req) {
                auto id = http::path_id(req, "id", "such user");
                http::BodyReader body(http::parse_json_body(req));
                body.allow_only({"display_name", "mobile", "disabled", "person_id"});
                UserPatch patch;
                patch.display_name = body.text("display_name", false, 50);
                if (auto m = body.member("mobile"))
                  patch.mobile = m->is_string() ? std::string(m->get_string()) : std::string();
                patch.disabled = body.boolean("disabled");
                if (auto p = body.member("person_id")) patch.person_id = p->is_null() ? std::nullopt : body.id("person_id", false);
                std::int64_t version = http::read_if_match(req);
                return user_response(200, service.update_user(req.caller(), id, patch, version,
                                                              body.validator()));
              },
              0, "Edit an account (If-Match)"});
  router.add({"GET", "/api/v1/users/{id}/contact",
              [&service](Request& req) {
                auto mobile = service.user_contact(req.caller(), http::path_id(req, "id", "such user"));
                Response res = Response::json(200, {{"mobile", mobile.empty() ? boost::json::value(nullptr) : boost::json::value(mobile)}});
                res.set_header("Cache-Control", "no-store");
                return res;
              },
              0, "An account's unmasked mobile number (audited)"});
  router.add({"POST", "/api/v1/users/{id}/grants",
              [&service](Request& req) {
                auto id = http::path_id(req, "id", "such user");
                boost::json::value body = http::parse_json_body(req);
                Validator v;
                Grant grant = read_grant(&body, "", v);
                return Response::json(201, grant_json(service.add_grant(req.caller(), id, grant, v)));
              },
              0, "Grant a role"});
  router.add({"DELETE", "/api/v1/users/{id}/grants/{grant_id}",
              [&service](Request& req) {
                service.remove_grant(req.caller(), http::path_id(req, "id", "such user"),
                                     http::path_id(req, "grant_id", "such grant"));
                return Response::no_content();
              },
              0, "Revoke a role"});
  router.add({"POST", "/api/v1/users/{id}/reset-password",
              [&service](Request& req) {
                auto password = service.reset_password(req.caller(), http::path_id(req, "id", "such user"));
                Response res = Response::json(200, {{"one_time_password", password}});
                res.set_header("Cache-Control", "no-store");
                return res;
              },
              0, "Reset a password; answers a one-time password"});
  router.add({"POST", "/api/v1/users/{id}/revoke-sessions",
              [&service](Request& req) {
                service.revoke_user_sessions(req.caller(), http::path_id(req, "id", "such user"));
                return Response::no_content();
              },
              0, "End every session of an account"});

  router.add({"GET", "/api/v1/api-tokens",
              [&service](Request& req) {
                boost::json::array items;
                for (const auto& t : service.tokens(req.caller())) items.push_back(token_json(t));
                return Response::json(200, {{"items", std::move(items)}});
              },
              0, "API tokens (administrators)"});
  router.add({"POST", "/api/v1/api-tokens",
              [&service](Request& req) {
                boost::json::value value = http::parse_json_body(req);
                http::BodyReader body(value);
                body.allow_only({"name", "role", "scope_type", "scope_id", "expires_in_days"});
                auto name = body.text("name", true, 100);
                Grant grant = read_grant(&value, "", body.validator());
                auto days = body.integer("expires_in_days", false);
                CreatedToken created = service.create_token(
                    req.caller(), name.value_or(""), grant,
                    days ? std::optional<int>(int(std::clamp<std::int64_t>(*days, -1, 100000))) : std::nullopt,
                    body.validator());
                object out = token_json(created.token);
                out["token"] = created.secret;
                Response res = Response::json(201, out);
                res.set_header("Cache-Control", "no-store");
                return res;
              },
              0, "Create an API token; answers the secret once"});
  router.add({"POST", "/api/v1/api-tokens/{id}/revoke",
              [&service](Request& req) {
                service.revoke_token(req.caller(), http::path_id(req, "id", "such token"));
                return Response::no_content();
              },
              0, "Revoke an API token"});
}

}  // namespace huying::accounts
