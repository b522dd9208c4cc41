#include "db/statements.hpp"

#include <soci/sqlite3/soci-sqlite3.h>

#include <map>
#include <mutex>
#include <unordered_map>

namespace huying::db {

namespace {

struct Registry {
  std::mutex mutex;
  // Connection → key → statement. A connection is used by one thread at a time (its
  // lease), so only the outer map needs the lock.
  std::unordered_map<soci::session*, std::unordered_map<std::string, std::unique_ptr<Prepared>>> by_session;
};

constexpr std::size_t max_statements_per_connection = 512;

Registry& registry() {
  static Registry r;
  return r;
}

}  // namespace

Prepared::Prepared(soci::session& s, Kind kind, const std::string& sql, const std::vector<Type>& types)
    : session(s), sqlite(s.get_backend_name() == "sqlite3") {
  auto temp = (s.prepare << sql);
  for (auto type : types) {
    switch (type) {
      case Type::integer: temp, soci::use(ints.emplace_back(0)); break;
      case Type::real: temp, soci::use(reals.emplace_back(0)); break;
      case Type::text: temp, soci::use(texts.emplace_back()); break;
    }
  }
  if (kind == Kind::count) temp, soci::into(number);
  statement = std::make_unique<soci::statement>(temp);
  if (kind == Kind::rows) statement->exchange_for_rowset(soci::into(row));
}

Prepared::~Prepared() = default;

void Prepared::reset() {
  if (!sqlite) return;
  auto* backend = static_cast<soci::sqlite3_statement_backend*>(statement->get_backend());
  if (backend->stmt_) sqlite_api::sqlite3_reset(backend->stmt_);
}

Prepared* cached_statement(soci::session& s, Prepared::Kind kind, const std::string& sql,
                           const std::vector<Prepared::Type>& types) {
  std::string key(1, static_cast<char>('0' + static_cast<int>(kind)));
  for (auto t : types) key += static_cast<char>('a' + static_cast<int>(t));
  key += '|';
  key += sql;
  std::unordered_map<std::string, std::unique_ptr<Prepared>>* statements = nullptr;
  {
    std::lock_guard lock(registry().mutex);
    statements = &registry().by_session[&s];
  }
  auto it = statements->find(key);
  if (it == statements->end()) {
    // Queries built with lists of any length would grow the cache without end: past a few
    // hundred statements a connection prepares the rest each time, as before.
    if (statements->size() >= max_statements_per_connection) return nullptr;
    it = statements->emplace(key, std::make_unique<Prepared>(s, kind, sql, types)).first;
  }
  return it->second->busy ? nullptr : it->second.get();
}

void forget_statements(soci::session& s) {
  std::lock_guard lock(registry().mutex);
  registry().by_session.erase(&s);
}

}  // namespace huying::db
