#pragma once
// API tokens for machine clients: shown once, stored as a hash, optionally expiring.
#include <optional>
#include <string>

#include "core/caller.hpp"
#include "core/clock.hpp"
#include "db/database.hpp"
#include "modules/audit/service.hpp"

namespace huying::accounts {

inline constexpr std::string_view role_admin = "admin";

struct CreatedToken {
  std::string id;
  std::string token;  // the secret, returned this once only
};

class Service {
 public:
  Service(db::Database& db, const Clock& clock, const audit::Service& audit)
      : db_(db), clock_(clock), audit_(audit) {}

  CreatedToken create_token(const Caller& caller, const std::string& name,
                            const std::string& role, std::optional<int> expires_in_days);
  // The principal a bearer token stands for; throws 401 when it is unknown, expired or revoked.
  Principal authenticate_bearer(const std::string& token);

 private:
  db::Database& db_;
  const Clock& clock_;
  const audit::Service& audit_;
};

// Throws 401 when anonymous and 403 when the role does not match.
void require_role(const Caller& caller, std::string_view role);

}  // namespace huying::accounts
