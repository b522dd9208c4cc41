#include "db/database.hpp"

#include <soci/postgresql/soci-postgresql.h>
#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>

#include <boost/url/parse.hpp>
#include <boost/url/url.hpp>

#include <exception>
#include <mutex>
#include <filesystem>

#include "core/error.hpp"
#include "db/statements.hpp"
#include "core/log.hpp"

namespace huying::db {

namespace {

Error unavailable(const std::string& detail) {
  return Error(500, "database_unavailable", "Database Unavailable", detail);
}

}  // namespace

// A fixed set of connections handed out one lease at a time. A connection whose lease
// ended by an exception is checked (and reconnected if broken) before its next use.
// A thread that reads while it holds a lease of the pool (a service asking another that
// reads on its own) is given the connection it holds: waiting for a second one could last
// for ever once every connection is held by a thread doing the same.
class Pool {
 public:
  using Factory = std::function<std::unique_ptr<soci::session>()>;

  Pool(int size, Factory factory) : factory_(std::move(factory)) {
    for (int i = 0; i < size; ++i) {
      sessions_.push_back(factory_());
      suspect_.push_back(false);
      free_.push_back(i);
    }
  }
  ~Pool() {
    for (auto& s : sessions_) forget_statements(*s);
  }

  Lease acquire(bool reuse_held) {
    if (reuse_held)
      for (auto& h : held_)
        if (h.pool == this) {
          ++h.depth;
          return Lease(*this, h.index);
        }
    std::unique_lock lock(mutex_);
    ++waiting_;
    available_.wait(lock, [&] { return !free_.empty(); });
    --waiting_;
    std::size_t index = free_.back();
    free_.pop_back();
    bool check = suspect_[index];
    suspect_[index] = false;
    lock.unlock();
    if (check) revive(index);
    held_.push_back({this, index, 1});
    return Lease(*this, index);
  }

  void release(std::size_t index, bool suspect) {
    for (auto h = held_.begin(); h != held_.end(); ++h)
      if (h->pool == this && h->index == index) {
        if (--h->depth > 0) return;  // an inner lease of the same connection
        held_.erase(h);
        break;
      }
    {
      std::lock_guard lock(mutex_);
      suspect_[index] = suspect;
      free_.push_back(index);
    }
    available_.notify_one();
  }

  soci::session& session(std::size_t index) { return *sessions_[index]; }

  PoolStats stats() const {
    std::lock_guard lock(mutex_);
    return {int(sessions_.size()), int(sessions_.size() - free_.size()), waiting_};
  }

 private:
  // Only this lease's holder touches the session at `index`, so no lock is needed.
  void revive(std::size_t index) {
    try {
      if (sessions_[index]->is_connected()) return;
    } catch (const std::exception&) {
    }
    try {
      forget_statements(*sessions_[index]);
      sessions_[index] = factory_();
    } catch (const std::exception& e) {
      log::warn("database_reconnect_failed", {{"error", e.what()}});
      std::lock_guard lock(mutex_);
      suspect_[index] = true;  // try again on the next lease
    }
  }

  struct Held {
    Pool* pool;
    std::size_t index;
    int depth;
  };
  static thread_local std::vector<Held> held_;  // the leases this thread holds, of any pool

  Factory factory_;
  mutable std::mutex mutex_;
  std::condition_variable available_;
  std::vector<std::unique_ptr<soci::session>> sessions_;
  std::vector<bool> suspect_;
  std::vector<std::size_t> free_;
  int waiting_ = 0;
};

thread_local std::vector<Pool::Held> Pool::held_;

Lease::Lease(Pool& pool, std::size_t index)
    : pool_(&pool), index_(index), uncaught_at_start_(std::uncaught_exceptions()) {}

Lease::Lease(Lease&& other) noexcept
    : pool_(std::exchange(other.pool_, nullptr)),
      index_(other.index_),
      uncaught_at_start_(other.uncaught_at_start_) {}

Lease::~Lease() {
  if (pool_) pool_->release(index_, std::uncaught_exceptions() > uncaught_at_start_);
}

soci::session& Lease::operator*() const { return pool_->session(index_); }
soci::session* Lease::operator->() const { return &pool_->session(index_); }

ParsedUrl parse_database_url(const std::string& url) {
  const std::string sqlite_prefix = "sqlite://";
  if (url.starts_with(sqlite_prefix)) {
    std::string path = url.substr(sqlite_prefix.size());
    if (path.empty()) throw unavailable("database URL '" + url + "' names no file");
    return {Engine::sqlite, path, {}, url};
  }
  for (std::string prefix : {"postgresql://", "postgres://"}) {
    if (!url.starts_with(prefix)) continue;
    auto parsed = boost::urls::parse_uri(url);
    if (!parsed) throw unavailable("database URL '" + url + "' is not a valid URL");
    // SOCI hands libpq key=value pairs; values are quoted so that any character is safe.
    auto quote = [](const std::string& value) {
      std::string out = "'";
      for (char c : value) {
        if (c == '\\' || c == '\'') out += '\\';
        out += c;
      }
      return out + "'";
    };
    std::string conninfo;
    auto add = [&](const std::string& key, const std::string& value) {
      if (!value.empty()) conninfo += (conninfo.empty() ? "" : " ") + key + "=" + quote(value);
    };
    add("host", parsed->host());
    add("port", parsed->port());
    add("user", parsed->user());
    add("password", parsed->password());
    std::string dbname = parsed->path();
    add("dbname", dbname.starts_with("/") ? dbname.substr(1) : dbname);
    for (auto param : parsed->params()) add(param.key, param.value);
    std::string display = url;
    if (parsed->has_password()) {
      boost::urls::url hidden(*parsed);
      hidden.set_password("***");
      display = std::string(hidden.buffer());
    }
    return {Engine::postgresql, {}, conninfo, display};
  }
  throw unavailable("database URL '" + url +
                    "' is neither sqlite://PATH nor postgresql://USER@HOST:PORT/DB");
}

std::unique_ptr<Database> Database::open(const Options& options) {
  ParsedUrl parsed = parse_database_url(options.url);
  if (options.pool_size < 1) throw unavailable("the pool needs at least one connection");
  try {
    if (parsed.engine == Engine::sqlite) {
      // SQLite's memory statistics take one process-wide mutex on every allocation, which
      // parallel readers then queue on; nothing here reads them. Must precede the first open.
      static std::once_flag quiet_memory_statistics;
      std::call_once(quiet_memory_statistics, [] { sqlite_api::sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0); });
      std::filesystem::path path(parsed.sqlite_path);
      if (path.has_parent_path()) std::filesystem::create_directories(path.parent_path());
      auto make = [path = parsed.sqlite_path, options] {
        auto s = std::make_unique<soci::session>(soci::sqlite3, "db=\"" + path + "\"");
        *s << "PRAGMA busy_timeout = " + std::to_string(options.sqlite_busy_timeout_ms);
        *s << "PRAGMA journal_mode = WAL";
        *s << "PRAGMA foreign_keys = ON";
        *s << "PRAGMA synchronous = " + options.sqlite_synchronous;
        // Reads through a memory map skip a system call per page.
        *s << "PRAGMA mmap_size = 268435456";
        return s;
      };
      auto writers = std::make_unique<Pool>(1, make);  // first: it creates the file in WAL
      auto readers = std::make_unique<Pool>(options.pool_size, make);
      return std::unique_ptr<Database>(new Database(Engine::sqlite, parsed.display,
                                                    parsed.sqlite_path, std::move(readers),
                                                    std::move(writers)));
    }
    auto make = [conninfo = parsed.postgres_conninfo] {
      auto s = std::make_unique<soci::session>(soci::postgresql, conninfo);
      *s << "SET TIME ZONE 'UTC'";
      return s;
    };
    auto pool = std::make_unique<Pool>(options.pool_size, make);
    return std::unique_ptr<Database>(
        new Database(Engine::postgresql, parsed.display, {}, std::move(pool), nullptr));
  } catch (const Error&) {
    throw;
  } catch (const std::exception& e) {
    throw unavailable("cannot open database " + parsed.display + ": " + e.what());
  }
}

Database::Database(Engine engine, std::string display_url, std::string sqlite_path,
                   std::unique_ptr<Pool> readers, std::unique_ptr<Pool> writers)
    : engine_(engine),
      display_url_(std::move(display_url)),
      sqlite_path_(std::move(sqlite_path)),
      readers_(std::move(readers)),
      writers_(std::move(writers)) {}

Database::~Database() = default;

Lease Database::read() { return readers_->acquire(true); }

void Database::write(const std::function<void(soci::session&)>& fn) {
  // Never the held connection: a transaction inside another would commit it early.
  Lease lease = writers_ ? writers_->acquire(false) : readers_->acquire(false);
  soci::session& s = *lease;
  s << (engine_ == Engine::sqlite ? "BEGIN IMMEDIATE" : "BEGIN");
  try {
    fn(s);
    s << "COMMIT";
  } catch (...) {
    try {
      s << "ROLLBACK";
    } catch (const std::exception& e) {
      log::warn("rollback_failed", {{"error", e.what()}});
    }
    throw;
  }
}

void Database::write_grouped(const std::function<void(soci::session&)>& fn) {
  GroupJob job{&fn, nullptr, false};
  std::unique_lock lock(group_mutex_);
  group_queue_.push_back(&job);
  // The first writer to find no leader commits everything queued so far; the others wait
  // for that commit, and one of them leads the next group.
  while (!job.done) {
    if (group_leader_) {
      group_done_.wait(lock);
      continue;
    }
    group_leader_ = true;
    std::vector<GroupJob*> batch;
    batch.swap(group_queue_);
    lock.unlock();
    run_group(batch);
    lock.lock();
    for (auto* j : batch) j->done = true;
    group_leader_ = false;
    last_group_end_ = std::chrono::steady_clock::now();
    group_done_.notify_all();
  }
  if (job.error) std::rethrow_exception(job.error);
}

std::exception_ptr Database::in_savepoint(soci::session& tx, const std::function<void(soci::session&)>& fn) {
  tx << "SAVEPOINT part";
  try {
    fn(tx);
    tx << "RELEASE SAVEPOINT part";
    return nullptr;
  } catch (...) {
    auto error = std::current_exception();
    tx << "ROLLBACK TO SAVEPOINT part";
    tx << "RELEASE SAVEPOINT part";
    return error;
  }
}

void Database::write_background(const std::function<void(soci::session&)>& fn,
                                std::chrono::milliseconds quiet, std::chrono::milliseconds patience) {
  using Clock = std::chrono::steady_clock;
  auto deadline = Clock::now() + patience;
  {
    std::unique_lock lock(group_mutex_);
    for (;;) {
      auto now = Clock::now();
      bool idle = !group_leader_ && group_queue_.empty();
      if ((idle && now - last_group_end_ >= quiet) || now >= deadline) break;
      group_done_.wait_until(lock, idle ? std::min(deadline, last_group_end_ + quiet) : deadline);
    }
  }
  write(fn);
}

void Database::run_group(const std::vector<GroupJob*>& batch) {
  try {
    write([&](soci::session& s) {
      for (auto* job : batch) job->error = in_savepoint(s, *job->fn);
    });
  } catch (...) {
    // The commit failed: nothing of the group was written, whatever each job did.
    for (auto* job : batch)
      if (!job->error) job->error = std::current_exception();
  }
}

bool Database::reachable() {
  // An SQLite file deleted under a running server still answers through open handles;
  // the file on disk is what the next process would open, so that is what counts.
  if (engine_ == Engine::sqlite && !std::filesystem::exists(sqlite_path_)) return false;
  try {
    Lease lease = read();
    int one = 0;
    *lease << "SELECT 1", soci::into(one);
    return one == 1;
  } catch (const std::exception&) {
    return false;
  }
}

PoolStats Database::read_pool_stats() const { return readers_->stats(); }
PoolStats Database::write_pool_stats() const {
  return writers_ ? writers_->stats() : readers_->stats();
}

}  // namespace huying::db
