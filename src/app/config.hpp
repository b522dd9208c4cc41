#pragma once
// Configuration: defaults < file (--config x.toml | x.json) < environment (HUYING_*) < flags.
// Every key is validated at start-up; an unknown or invalid one stops it, naming the key.
#include <map>
#include <string>
#include <vector>

#include "db/database.hpp"
#include "http/server.hpp"
#include "modules/accounts/service.hpp"
#include "modules/opinions/service.hpp"

namespace CLI {
class App;
}

namespace huying {

struct Config {
  db::Options database;
  http::ServerOptions server;
  accounts::Settings accounts;
  limits::Rule public_write_limit{"public-write", 100, std::chrono::minutes(5)};
  std::string web_root;        // the built SPA
  std::string migrations_dir;  // numbered SQL files
  std::string clock_file;      // tests only: read "now" from this file
  std::string data_dir;        // uploaded files; empty: beside the SQLite file, else ./data
  std::size_t attachment_max_bytes = 20 * 1024 * 1024;
  int scheduler_interval_seconds = 300;  // the deadline sweep; 0 turns it off
  std::string notifier = "log";          // log, webhook
  std::string notifier_webhook_url;
  int notifier_interval_ms = 2000;       // how often due messages are sent; 0 turns it off
  // The intake worker is woken by each queued public opinion; this often it also looks for
  // rows other nodes or an earlier run left. 0: no worker in this process.
  int opinion_intake_interval_ms = 1000;
  opinions::Settings opinions;
  std::string log_level = "info";
};

// Collects the raw settings from the three sources and turns them into a Config.
class ConfigLoader {
 public:
  ConfigLoader();
  // Registers one --flag per key on a subcommand (and --config).
  void add_flags(CLI::App& command);
  // Throws huying::Error (code "invalid_config") naming the key on any problem.
  Config load(char** environment) const;

  struct Key {
    std::string name;         // snake_case; env HUYING_<UPPER>; flag --kebab-case
    std::string description;
  };
  static const std::vector<Key>& keys();

 private:
  std::string config_file_;
  std::map<std::string, std::string> flags_;  // given on the command line
};

// Applies one textual value to a config; throws Error naming the key when invalid.
void apply_setting(Config& config, const std::string& key, const std::string& value);

}  // namespace huying
