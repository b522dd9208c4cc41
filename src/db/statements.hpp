#pragma once
// Statements prepared once per connection and SQL text, then executed again with new values:
// parsing and planning a statement costs more than running the short ones our requests
// make. A statement is reset after each use, so that SQLite gives up its read snapshot.
#include <soci/soci.h>

#include <deque>
#include <memory>
#include <string>
#include <vector>

namespace huying::db {

struct Prepared {
  enum class Kind { rows, count, exec };
  enum class Type { integer, real, text };

  Prepared(soci::session& s, Kind kind, const std::string& sql, const std::vector<Type>& types);
  ~Prepared();
  Prepared(const Prepared&) = delete;
  Prepared& operator=(const Prepared&) = delete;

  // Lets the connection go of the statement's results until it is executed again.
  void reset();

  soci::session& session;
  bool sqlite;  // SQLite keeps a read snapshot open until a statement is reset
  std::deque<long long> ints;  // bound by address: deques keep addresses stable
  std::deque<double> reals;
  std::deque<std::string> texts;
  soci::row row;
  long long number = 0;
  std::unique_ptr<soci::statement> statement;
  bool busy = false;  // rows being read: a nested use of the same SQL gets its own statement
};

// The cached statement of this connection for `key`, made by Prepared's constructor when
// absent. Null when the cached one is busy (the caller then makes a private one).
Prepared* cached_statement(soci::session& s, Prepared::Kind kind, const std::string& sql,
                           const std::vector<Prepared::Type>& types);
// Before a connection closes: its statements go first.
void forget_statements(soci::session& s);

}  // namespace huying::db
