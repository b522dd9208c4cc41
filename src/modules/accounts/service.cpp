#include "modules/accounts/service.hpp"

#include "core/crypto.hpp"
#include "core/error.hpp"
#include "modules/accounts/store.hpp"

namespace huying::accounts {

namespace {

constexpr std::string_view token_prefix = "hy_";

Error bad_token() {
  Error e = Error::unauthorized("The bearer token is unknown, expired or revoked.");
  e.with_header("WWW-Authenticate", "Bearer");
  return e;
}

}  // namespace

CreatedToken Service::create_token(const Caller& caller, const std::string& name,
                                   const std::string& role, std::optional<int> expires_in_days) {
  Validator v;
  if (name.empty()) v.field("/name", "This field is required.");
  if (role != role_admin) v.field("/role", "Must be one of: admin.");
  if (expires_in_days && (*expires_in_days < 1 || *expires_in_days > 3650))
    v.field("/expires_in_days", "Must be from 1 to 3650.");
  v.throw_if_any();

  std::string token = std::string(token_prefix) + crypto::random_base64url(32);

  auto now = to_epoch_ms(clock_.now());
  std::optional<std::int64_t> expires;
  if (expires_in_days) expires = now + std::int64_t(*expires_in_days) * 86'400'000;
  std::int64_t id = 0;
  db_.write([&](soci::session& tx) {
    // The token is 256 random bits: a fast hash is enough, unlike for passwords.
    id = store::insert_token(tx, name, crypto::sha256_hex(token), role, now, expires);
    audit_.record(tx, caller,
                  {"api_token.create", "api_token", std::to_string(id),
                   {{"name", name},
                    {"role", role},
                    {"expires_at_ms", expires ? boost::json::value(*expires) : nullptr}}});
  });
  return {std::to_string(id), token};
}

Principal Service::authenticate_bearer(const std::string& token) {
  if (!token.starts_with(token_prefix)) throw bad_token();
  auto lease = db_.read();
  auto found = store::find_token_by_hash(*lease, crypto::sha256_hex(token));
  if (!found || found->revoked_at_ms) throw bad_token();
  if (found->expires_at_ms && *found->expires_at_ms <= to_epoch_ms(clock_.now())) throw bad_token();
  return {"token:" + std::to_string(found->id), found->role};
}

void require_role(const Caller& caller, std::string_view role) {
  if (!caller.principal.authenticated()) {
    Error e = Error::unauthorized("Sign in or send a bearer token to do this.");
    e.with_header("WWW-Authenticate", "Bearer");
    throw e;
  }
  if (caller.principal.role != role)
    throw Error::forbidden("Your role may not do this.");
}

}  // namespace huying::accounts
