#pragma once
// Numbered SQL migrations (migrations/NNNN_name.sql), applied in order, each inside its own
// transaction, recorded in schema_migrations with a SHA-256 checksum of the file.
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "db/database.hpp"

namespace huying::db {

struct Migration {
  int version = 0;
  std::string name;      // file name, e.g. "0001_regions.sql"
  std::string sql;       // as written, with dialect tokens
  std::string checksum;  // hex SHA-256 of the file's bytes
};

// Reads and orders the migration files; throws Error on a malformed name or duplicate number.
std::vector<Migration> load_migrations(const std::filesystem::path& dir);

// Applied migrations whose file changed, and files not applied yet.
struct MigrationStatus {
  std::vector<std::string> changed;
  std::vector<std::string> pending;
  std::vector<std::string> unknown;  // applied, but no file for them any more
  bool current() const { return changed.empty() && pending.empty() && unknown.empty(); }
};
MigrationStatus migration_status(Database& db, const std::vector<Migration>& migrations);

// Applies the pending migrations and returns their names. Refuses (Error) when an applied
// migration changed on disk, naming it.
std::vector<std::string> apply_migrations(Database& db, const std::vector<Migration>& migrations,
                                          const Clock& clock);

// Throws Error naming what is wrong unless every migration is applied and unchanged.
void require_current(Database& db, const std::vector<Migration>& migrations);

// The one place where the two engines' SQL differs: `{{pk}}` becomes an auto-generated
// 64-bit primary key. Returns the statements one by one (SQLite prepares one at a time).
std::vector<std::string> to_statements(std::string_view sql, Engine engine);

}  // namespace huying::db
