#include "db/migrations.hpp"

#include <soci/soci.h>

#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "core/crypto.hpp"
#include "core/error.hpp"
#include "db/row.hpp"

namespace huying::db {

namespace {

Error migration_error(const std::string& detail) {
  return Error(500, "migration_failed", "Migration Failed", detail);
}

struct Applied {
  int version;
  std::string name;
  std::string checksum;
};

void ensure_table(Database& db) {
  db.write([](soci::session& s) {
    s << "CREATE TABLE IF NOT EXISTS schema_migrations ("
         "version BIGINT PRIMARY KEY, name TEXT NOT NULL, checksum TEXT NOT NULL, "
         "applied_at_ms BIGINT NOT NULL)";
  });
}

std::vector<Applied> read_applied(Database& db) {
  auto lease = db.read();
  std::vector<Applied> applied;
  soci::rowset<soci::row> rows =
      (lease->prepare << "SELECT version, name, checksum FROM schema_migrations ORDER BY version");
  for (const auto& row : rows)
    applied.push_back({int(get_int64(row, 0)), get_string(row, 1), get_string(row, 2)});
  return applied;
}

bool table_exists(Database& db) {
  auto lease = db.read();
  long long n = 0;
  if (db.engine() == Engine::sqlite)
    *lease << "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = "
              "'schema_migrations'",
        soci::into(n);
  else
    *lease << "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = "
              "current_schema() AND table_name = 'schema_migrations'",
        soci::into(n);
  return n > 0;
}

}  // namespace

std::vector<Migration> load_migrations(const std::filesystem::path& dir) {
  if (!std::filesystem::is_directory(dir))
    throw migration_error("migrations directory " + dir.string() + " does not exist");
  static const std::regex pattern(R"(^(\d{4})_[a-z0-9_]+\.sql$)");
  std::vector<Migration> migrations;
  std::set<int> seen;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    std::string name = entry.path().filename().string();
    if (!entry.is_regular_file() || !name.ends_with(".sql")) continue;
    std::smatch m;
    if (!std::regex_match(name, m, pattern))
      throw migration_error("migration file " + name + " is not named NNNN_lower_snake.sql");
    int version = std::stoi(m[1]);
    if (!seen.insert(version).second)
      throw migration_error("two migration files share number " + m[1].str());
    std::ifstream in(entry.path(), std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    std::string sql = text.str();
    migrations.push_back({version, name, sql, crypto::sha256_hex(sql)});
  }
  std::sort(migrations.begin(), migrations.end(),
            [](const Migration& a, const Migration& b) { return a.version < b.version; });
  return migrations;
}

MigrationStatus migration_status(Database& db, const std::vector<Migration>& migrations) {
  MigrationStatus status;
  std::vector<Applied> applied;
  if (table_exists(db)) applied = read_applied(db);
  std::map<int, const Applied*> by_version;
  for (const auto& a : applied) by_version[a.version] = &a;
  for (const auto& m : migrations) {
    auto it = by_version.find(m.version);
    if (it == by_version.end()) {
      status.pending.push_back(m.name);
      continue;
    }
    if (it->second->checksum != m.checksum || it->second->name != m.name)
      status.changed.push_back(it->second->name);
    by_version.erase(it);
  }
  for (const auto& [version, a] : by_version) status.unknown.push_back(a->name);
  return status;
}

std::vector<std::string> apply_migrations(Database& db, const std::vector<Migration>& migrations,
                                          const Clock& clock) {
  ensure_table(db);
  MigrationStatus status = migration_status(db, migrations);
  if (!status.changed.empty())
    throw migration_error("migration " + status.changed.front() +
                          " changed on disk since it was applied; restore the file, and put "
                          "schema changes in a new migration");
  if (!status.unknown.empty())
    throw migration_error("migration " + status.unknown.front() +
                          " was applied to this database but its file is missing");
  std::set<std::string> pending(status.pending.begin(), status.pending.end());
  std::vector<std::string> done;
  for (const auto& m : migrations) {
    if (!pending.contains(m.name)) continue;
    try {
      db.write([&](soci::session& s) {
        for (const auto& statement : to_statements(m.sql, db.engine())) s << statement;
        long long now_ms = to_epoch_ms(clock.now());
        long long version = m.version;
        s << "INSERT INTO schema_migrations (version, name, checksum, applied_at_ms) "
             "VALUES (:v, :n, :c, :t)",
            soci::use(version), soci::use(m.name), soci::use(m.checksum), soci::use(now_ms);
      });
    } catch (const Error&) {
      throw;
    } catch (const std::exception& e) {
      throw migration_error("migration " + m.name + " failed: " + e.what());
    }
    done.push_back(m.name);
  }
  return done;
}

void require_current(Database& db, const std::vector<Migration>& migrations) {
  MigrationStatus status = migration_status(db, migrations);
  if (!status.changed.empty())
    throw migration_error("migration " + status.changed.front() +
                          " changed on disk since it was applied to " + db.display_url());
  if (!status.unknown.empty())
    throw migration_error("migration " + status.unknown.front() + " was applied to " +
                          db.display_url() + " but its file is missing");
  if (!status.pending.empty())
    throw migration_error("migration " + status.pending.front() + " is not applied to " +
                          db.display_url() + "; run `huying migrate` first");
}

std::vector<std::string> to_statements(std::string_view sql, Engine engine) {
  const std::string pk = engine == Engine::sqlite
                             ? "INTEGER PRIMARY KEY AUTOINCREMENT"
                             : "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY";
  std::vector<std::string> statements;
  std::string current;
  auto flush = [&] {
    auto first = current.find_first_not_of(" \t\r\n");
    if (first != std::string::npos) statements.push_back(current.substr(first));
    current.clear();
  };
  bool in_quote = false;
  for (std::size_t i = 0; i < sql.size(); ++i) {
    char c = sql[i];
    if (!in_quote && c == '-' && i + 1 < sql.size() && sql[i + 1] == '-') {
      while (i < sql.size() && sql[i] != '\n') ++i;  // a comment runs to the end of the line
      current += '\n';
      continue;
    }
    if (!in_quote && sql.substr(i, 6) == "{{pk}}") {
      current += pk;
      i += 5;
      continue;
    }
    if (c == '\'') in_quote = !in_quote;  // '' inside a literal toggles twice: still right
    if (!in_quote && c == ';') {
      flush();
      continue;
    }
    current += c;
  }
  flush();
  return statements;
}

}  // namespace huying::db
