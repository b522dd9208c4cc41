#include "modules/accounts/store.hpp"

#include <soci/soci.h>

#include "db/row.hpp"

namespace huying::accounts::store {

std::int64_t insert_token(soci::session& tx, const std::string& name, const std::string& hash,
                          const std::string& role, std::int64_t created_at_ms,
                          std::optional<std::int64_t> expires_at_ms) {
  long long created = created_at_ms;
  long long expires = expires_at_ms.value_or(0);
  soci::indicator expires_ind = expires_at_ms ? soci::i_ok : soci::i_null;
  long long id = 0;
  tx << "INSERT INTO api_tokens (name, token_hash, role, created_at_ms, expires_at_ms) "
        "VALUES (:name, :hash, :role, :created, :expires) RETURNING id",
      soci::use(name), soci::use(hash), soci::use(role), soci::use(created),
      soci::use(expires, expires_ind), soci::into(id);
  return id;
}

std::optional<Token> find_token_by_hash(soci::session& s, const std::string& hash) {
  soci::rowset<soci::row> rows =
      (s.prepare << "SELECT id, name, role, expires_at_ms, revoked_at_ms FROM api_tokens "
                    "WHERE token_hash = :hash",
       soci::use(hash));
  for (const auto& row : rows)
    return Token{db::get_int64(row, 0), db::get_string(row, 1), db::get_string(row, 2),
                 db::get_optional_int64(row, 3), db::get_optional_int64(row, 4)};
  return std::nullopt;
}

}  // namespace huying::accounts::store
