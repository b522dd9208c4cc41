#include "app/config.hpp"

#include <CLI/CLI.hpp>
#include <boost/json.hpp>
#include <toml++/toml.h>

#include <charconv>
#include <fstream>
#include <sstream>
#include <thread>

#include "core/error.hpp"

namespace huying {

namespace {

Error invalid(const std::string& key, const std::string& detail) {
  return Error(400, "invalid_config", "Invalid Configuration",
               "configuration key '" + key + "': " + detail);
}

long long to_integer(const std::string& key, const std::string& value, long long min,
                     long long max) {
  long long n = 0;
  auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
  if (ec != std::errc{} || end != value.data() + value.size())
    throw invalid(key, "'" + value + "' is not an integer");
  if (n < min || n > max)
    throw invalid(key, std::to_string(n) + " is outside " + std::to_string(min) + ".." +
                           std::to_string(max));
  return n;
}

std::string kebab(std::string name) {
  std::replace(name.begin(), name.end(), '_', '-');
  return name;
}

std::string env_name(const std::string& key) {
  std::string name = "HUYING_" + key;
  for (char& c : name) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return name;
}

bool known(const std::string& key) {
  for (const auto& k : ConfigLoader::keys())
    if (k.name == key) return true;
  return false;
}

// Flat key → textual value from a TOML or JSON file; nested tables are not keys we know.
std::map<std::string, std::string> read_file(const std::string& path) {
  std::map<std::string, std::string> values;
  std::ifstream in(path);
  if (!in) throw invalid("config", "cannot read file " + path);
  std::stringstream text;
  text << in.rdbuf();
  if (path.ends_with(".json")) {
    boost::system::error_code ec;
    auto doc = boost::json::parse(text.str(), ec);
    if (ec || !doc.is_object()) throw invalid("config", path + " is not a JSON object");
    for (const auto& [key, value] : doc.get_object()) {
      std::string k(key);
      if (value.is_string())
        values[k] = std::string(value.get_string());
      else if (value.is_int64() || value.is_uint64() || value.is_bool())
        values[k] = boost::json::serialize(value);
      else
        throw invalid(k, "must be a string, an integer or a boolean");
    }
    return values;
  }
  if (!path.ends_with(".toml")) throw invalid("config", path + " must end in .toml or .json");
  toml::table table;
  try {
    table = toml::parse(text.str(), path);
  } catch (const toml::parse_error& e) {
    throw invalid("config", std::string(path) + ": " + std::string(e.description()));
  }
  for (const auto& [key, node] : table) {
    std::string k(key.str());
    if (auto s = node.value_exact<std::string>())
      values[k] = *s;
    else if (auto i = node.value_exact<int64_t>())
      values[k] = std::to_string(*i);
    else if (auto b = node.value_exact<bool>())
      values[k] = *b ? "true" : "false";
    else
      throw invalid(k, "must be a string, an integer or a boolean");
  }
  return values;
}

// Handlers block on the database: with more of them in flight than cores, grouped commits
// gather many small writes (citizens' opinions) into one fsync.
int default_workers(unsigned cores) { return static_cast<int>(std::max(16u, 4 * cores)); }

}  // namespace

const std::vector<ConfigLoader::Key>& ConfigLoader::keys() {
  static const std::vector<Key> all{
      {"database", "database URL: sqlite://PATH or postgresql://USER@HOST:PORT/DB"},
      {"host", "address to listen on"},
      {"port", "port to listen on (0: any free port)"},
      {"threads", "worker threads running handlers (0: four per core, at least 16)"},
      {"io_threads", "threads parsing and writing HTTP (0: one per two cores)"},
      {"web_root", "directory of the built web UI"},
      {"migrations_dir", "directory of the numbered SQL migrations"},
      {"clock_file", "FOR TESTS ONLY: read the current instant (ISO-8601) from this file"},
      {"log_level", "trace, debug, info, warn, error"},
      {"max_header_bytes", "largest request header block"},
      {"max_body_bytes", "largest request body (routes for uploads set their own)"},
      {"read_timeout_ms", "time allowed to receive a request body"},
      {"idle_timeout_ms", "time a keep-alive connection may wait for its next request"},
      {"write_timeout_ms", "time allowed to send a response"},
      {"shutdown_grace_ms", "time in-flight requests get to finish on SIGTERM"},
      {"db_pool_size", "database connections for reads (SQLite) or for all (PostgreSQL)"},
      {"sqlite_synchronous", "SQLite synchronous mode: FULL, NORMAL or OFF"},
      {"sqlite_busy_timeout_ms", "how long SQLite waits for a lock"},
      {"session_idle_minutes", "a session ends after this long without a request"},
      {"session_lifetime_hours", "a session ends this long after sign-in, whatever happens"},
      {"lockout_attempts", "failed sign-ins within lockout_minutes that lock an account"},
      {"lockout_minutes", "the window for counting failures, and how long a lock lasts"},
      {"login_limit_per_address", "sign-in attempts per client address per 5 minutes"},
      {"login_limit_per_account", "sign-in attempts per account name per 5 minutes"},
      {"public_write_limit_per_address", "writes without sign-in per client address per 5 minutes"},
      {"secure_cookies", "true behind TLS: session cookies are sent over HTTPS only"},
      {"data_dir", "directory of uploaded files (default: beside the SQLite file, else ./data)"},
      {"attachment_max_bytes", "largest uploaded attachment"},
      {"scheduler_interval_seconds", "how often the deadline sweep runs (0: never in this process)"},
      {"notifier", "how messages reach citizens: log (default) or webhook"},
      {"notifier_webhook_url", "the SMS gateway's http:// URL for notifier = webhook"},
      {"notifier_max_attempts", "attempts before a message to a citizen is given up"},
      {"notifier_interval_ms", "how often due messages are sent (0: never in this process)"},
      {"opinion_intake_interval_ms",
       "how often the intake worker looks for queued public opinions besides being woken (0: no worker in this process)"},
      {"opinion_limit_per_address", "public opinions per client address per hour"},
      {"tracking_limit_per_address", "failed tracking-code lookups per client address per 15 minutes"},
      {"opinion_attachment_max_bytes", "largest file attached to a citizen's opinion"},
  };
  return all;
}

ConfigLoader::ConfigLoader() = default;

void ConfigLoader::add_flags(CLI::App& command) {
  command.add_option("--config", config_file_, "configuration file (.toml or .json)");
  for (const auto& key : keys()) {
    // Only flags actually given land in flags_, so that they override file and environment.
    command.add_option_function<std::string>(
        "--" + kebab(key.name),
        [this, name = key.name](const std::string& value) { flags_[name] = value; },
        key.description + " [env " + env_name(key.name) + "]");
  }
}

Config ConfigLoader::load(char** environment) const {
  Config config;
  unsigned cores = std::max(1u, std::thread::hardware_concurrency());
  config.server.worker_threads = default_workers(cores);
  config.server.io_threads = static_cast<int>(std::max(1u, cores / 2));
  config.web_root = std::string(HUYING_SOURCE_DIR) + "/web/dist";
  config.migrations_dir = std::string(HUYING_SOURCE_DIR) + "/migrations";

  if (!config_file_.empty())
    for (const auto& [key, value] : read_file(config_file_)) {
      if (!known(key)) throw invalid(key, "unknown key in " + config_file_);
      apply_setting(config, key, value);
    }
  for (char** e = environment; e && *e; ++e) {
    std::string entry(*e);
    if (!entry.starts_with("HUYING_")) continue;
    auto eq = entry.find('=');
    std::string name = entry.substr(0, eq);
    std::string key = name.substr(7);
    for (char& c : key) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (!known(key)) throw invalid(name, "unknown environment variable");
    apply_setting(config, key, eq == std::string::npos ? "" : entry.substr(eq + 1));
  }
  for (const auto& [key, value] : flags_) apply_setting(config, key, value);
  return config;
}

void apply_setting(Config& c, const std::string& key, const std::string& value) {
  using std::chrono::milliseconds;
  auto ms = [&](long long max) { return milliseconds(to_integer(key, value, 1, max)); };
  auto bytes = [&](long long min, long long max) {
    return static_cast<std::size_t>(to_integer(key, value, min, max));
  };
  unsigned cores = std::max(1u, std::thread::hardware_concurrency());
  if (key == "database") {
    try {
      db::parse_database_url(value);
    } catch (const Error& e) {
      throw invalid(key, e.detail());
    }
    c.database.url = value;
  } else if (key == "host") {
    if (value.empty()) throw invalid(key, "must not be empty");
    c.server.host = value;
  } else if (key == "port") {
    c.server.port = static_cast<unsigned short>(to_integer(key, value, 0, 65535));
  } else if (key == "threads") {
    auto n = to_integer(key, value, 0, 256);
    c.server.worker_threads = n == 0 ? default_workers(cores) : static_cast<int>(n);
  } else if (key == "io_threads") {
    auto n = to_integer(key, value, 0, 64);
    c.server.io_threads = n == 0 ? static_cast<int>(std::max(1u, cores / 2)) : static_cast<int>(n);
  } else if (key == "web_root") {
    c.web_root = value;
  } else if (key == "migrations_dir") {
    c.migrations_dir = value;
  } else if (key == "clock_file") {
    c.clock_file = value;
  } else if (key == "log_level") {
    static const std::vector<std::string> levels{"trace", "debug", "info", "warn", "error"};
    if (std::find(levels.begin(), levels.end(), value) == levels.end())
      throw invalid(key, "must be one of trace, debug, info, warn, error");
    c.log_level = value;
  } else if (key == "max_header_bytes") {
    c.server.header_limit = bytes(1024, 1024 * 1024);
  } else if (key == "max_body_bytes") {
    c.server.body_limit = bytes(1024, 1024LL * 1024 * 1024);
  } else if (key == "read_timeout_ms") {
    c.server.read_timeout = ms(3'600'000);
  } else if (key == "idle_timeout_ms") {
    c.server.idle_timeout = ms(3'600'000);
  } else if (key == "write_timeout_ms") {
    c.server.write_timeout = ms(3'600'000);
  } else if (key == "shutdown_grace_ms") {
    c.server.shutdown_grace = ms(600'000);
  } else if (key == "db_pool_size") {
    c.database.pool_size = static_cast<int>(to_integer(key, value, 1, 512));
  } else if (key == "sqlite_synchronous") {
    if (value != "FULL" && value != "NORMAL" && value != "OFF")
      throw invalid(key, "must be FULL, NORMAL or OFF");
    c.database.sqlite_synchronous = value;
  } else if (key == "sqlite_busy_timeout_ms") {
    c.database.sqlite_busy_timeout_ms = static_cast<int>(ms(600'000).count());
  } else if (key == "session_idle_minutes") {
    c.accounts.session_idle = std::chrono::minutes(to_integer(key, value, 1, 24 * 60));
  } else if (key == "session_lifetime_hours") {
    c.accounts.session_lifetime = std::chrono::hours(to_integer(key, value, 1, 24 * 30));
  } else if (key == "lockout_attempts") {
    c.accounts.lockout_attempts = static_cast<int>(to_integer(key, value, 1, 100));
  } else if (key == "lockout_minutes") {
    auto minutes = std::chrono::minutes(to_integer(key, value, 1, 24 * 60));
    c.accounts.lockout_window = minutes;
    c.accounts.lockout_duration = minutes;
  } else if (key == "login_limit_per_address") {
    c.accounts.login_per_address.max_hits = static_cast<int>(to_integer(key, value, 1, 100000));
  } else if (key == "login_limit_per_account") {
    c.accounts.login_per_account.max_hits = static_cast<int>(to_integer(key, value, 1, 100000));
  } else if (key == "public_write_limit_per_address") {
    c.public_write_limit.max_hits = static_cast<int>(to_integer(key, value, 1, 1000000));
  } else if (key == "secure_cookies") {
    if (value != "true" && value != "false") throw invalid(key, "must be true or false");
    c.accounts.secure_cookies = value == "true";
  } else if (key == "data_dir") {
    if (value.empty()) throw invalid(key, "must not be empty");
    c.data_dir = value;
  } else if (key == "attachment_max_bytes") {
    c.attachment_max_bytes = bytes(1024, 1024LL * 1024 * 1024);
  } else if (key == "notifier") {
    if (value != "log" && value != "webhook") throw invalid(key, "must be log or webhook");
    c.notifier = value;
  } else if (key == "notifier_webhook_url") {
    if (!value.starts_with("http://")) throw invalid(key, "must be an http:// URL");
    c.notifier_webhook_url = value;
  } else if (key == "notifier_max_attempts") {
    c.opinions.notifier_max_attempts = static_cast<int>(to_integer(key, value, 1, 20));
  } else if (key == "notifier_interval_ms") {
    c.notifier_interval_ms = static_cast<int>(to_integer(key, value, 0, 3'600'000));
  } else if (key == "opinion_intake_interval_ms") {
    c.opinion_intake_interval_ms = static_cast<int>(to_integer(key, value, 0, 3'600'000));
  } else if (key == "opinion_limit_per_address") {
    c.opinions.submit_limit.max_hits = static_cast<int>(to_integer(key, value, 1, 1'000'000));
  } else if (key == "tracking_limit_per_address") {
    c.opinions.tracking_limit.max_hits = static_cast<int>(to_integer(key, value, 1, 1'000'000));
  } else if (key == "opinion_attachment_max_bytes") {
    c.opinions.attachment_max_bytes = bytes(1024, 64LL * 1024 * 1024);
  } else if (key == "scheduler_interval_seconds") {
    c.scheduler_interval_seconds = static_cast<int>(to_integer(key, value, 0, 86'400));
  } else {
    throw invalid(key, "unknown key");
  }
}

}  // namespace huying
