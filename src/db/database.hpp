#pragma once
// One Database interface over two engines (SQLite, PostgreSQL), with a connection pool.
// Stores receive a soci::session& and hold SQL only; everything else talks to Database.
#include <chrono>
#include <condition_variable>
#include <exception>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace soci {
class session;
}

namespace huying::db {

enum class Engine { sqlite, postgresql };

struct Options {
  // "sqlite:///abs/path.db", "sqlite://relative/path.db" or "postgresql://user@host:port/db".
  std::string url = "sqlite://./data/huying.db";
  int pool_size = 8;                          // readers on SQLite, connections on PostgreSQL
  std::string sqlite_synchronous = "FULL";    // FULL keeps every commit on a power cut
  int sqlite_busy_timeout_ms = 5000;
};

struct PoolStats {
  int size = 0;
  int in_use = 0;
  int waiting = 0;
};

class Pool;

// A connection borrowed from a pool, given back when the lease ends.
class Lease {
 public:
  Lease(Pool& pool, std::size_t index);
  Lease(Lease&& other) noexcept;
  Lease& operator=(Lease&&) = delete;
  ~Lease();
  soci::session& operator*() const;
  soci::session* operator->() const;

 private:
  Pool* pool_;
  std::size_t index_;
  int uncaught_at_start_;
};

class Database {
 public:
  // Opens the pool; throws huying::Error (status 500, code "database_unavailable") when the
  // URL is malformed or the database cannot be reached.
  static std::unique_ptr<Database> open(const Options& options);
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  Engine engine() const { return engine_; }
  // The URL without any password, for logs and messages.
  const std::string& display_url() const { return display_url_; }

  // A connection for reads (parallel on both engines; WAL on SQLite).
  Lease read();
  // Runs fn inside one write transaction: committed when fn returns, rolled back when it
  // throws. On SQLite all writes go through one connection (BEGIN IMMEDIATE).
  void write(const std::function<void(soci::session&)>& fn);
  // The same, committed together with the other writes queued meanwhile (group commit):
  // one durable commit for many small writes, each in its own savepoint so that one that
  // throws is rolled back alone. Returns after the commit; throws what fn threw, or the
  // commit's failure. fn must not write through this Database itself.
  void write_grouped(const std::function<void(soci::session&)>& fn);
  // A write of background work: it waits until grouped writes have paused for `quiet`, so
  // that work nobody waits for does not delay those somebody waits for during a burst; but
  // at most `patience`, so that it still moves under a load without pauses.
  void write_background(const std::function<void(soci::session&)>& fn,
                        std::chrono::milliseconds quiet = std::chrono::milliseconds(50),
                        std::chrono::milliseconds patience = std::chrono::seconds(1));
  // Runs fn in a savepoint of the transaction tx: its writes are kept when it returns and
  // undone alone when it throws; what it threw is returned, not rethrown.
  static std::exception_ptr in_savepoint(soci::session& tx, const std::function<void(soci::session&)>& fn);

  // A quick round trip: false when the database is gone or unreachable.
  bool reachable();
  PoolStats read_pool_stats() const;
  PoolStats write_pool_stats() const;

 private:
  Database(Engine engine, std::string display_url, std::string sqlite_path,
           std::unique_ptr<Pool> readers, std::unique_ptr<Pool> writers);

  Engine engine_;
  std::string display_url_;
  std::string sqlite_path_;
  std::unique_ptr<Pool> readers_;
  std::unique_ptr<Pool> writers_;  // on PostgreSQL the same connections serve both

  struct GroupJob {
    const std::function<void(soci::session&)>* fn;
    std::exception_ptr error;
    bool done = false;
  };
  void run_group(const std::vector<GroupJob*>& batch);
  std::mutex group_mutex_;
  std::condition_variable group_done_;
  std::vector<GroupJob*> group_queue_;
  bool group_leader_ = false;
  std::chrono::steady_clock::time_point last_group_end_{};
};

// Parses a database URL; throws huying::Error naming what is wrong.
struct ParsedUrl {
  Engine engine;
  std::string sqlite_path;     // when engine == sqlite
  std::string postgres_conninfo;  // when engine == postgresql (libpq accepts the URL itself)
  std::string display;
};
ParsedUrl parse_database_url(const std::string& url);

}  // namespace huying::db
