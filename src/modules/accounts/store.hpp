#pragma once
#include <cstdint>
#include <optional>
#include <string>

namespace soci {
class session;
}

namespace huying::accounts::store {

struct Token {
  std::int64_t id;
  std::string name;
  std::string role;
  std::optional<std::int64_t> expires_at_ms;
  std::optional<std::int64_t> revoked_at_ms;
};

std::int64_t insert_token(soci::session& tx, const std::string& name, const std::string& hash,
                          const std::string& role, std::int64_t created_at_ms,
                          std::optional<std::int64_t> expires_at_ms);
std::optional<Token> find_token_by_hash(soci::session& s, const std::string& hash);

}  // namespace huying::accounts::store
