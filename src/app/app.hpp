#pragma once
// The composition root: opens the database, builds the services, the route table and the
// middleware chain, and runs the server. main.cpp only parses the command line.
#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>
#include <string>
#include <vector>

#include "app/config.hpp"
#include "core/clock.hpp"
#include "db/database.hpp"
#include "db/migrations.hpp"
#include "http/metrics.hpp"
#include "http/response_cache.hpp"
#include "http/router.hpp"
#include "http/static_files.hpp"
#include "modules/accounts/service.hpp"
#include "modules/attachments/service.hpp"
#include "modules/calendar/service.hpp"
#include "modules/notifications/service.hpp"
#include "modules/opinions/service.hpp"
#include "modules/suggestions/service.hpp"
#include "modules/limits/service.hpp"
#include "modules/registry/directory.hpp"
#include "modules/registry/imports.hpp"
#include "modules/registry/service.hpp"
#include "modules/audit/service.hpp"
#include "modules/regions/service.hpp"

namespace huying {

class App {
 public:
  explicit App(Config config);
  ~App();

  const Config& config() const { return config_; }
  db::Database& database() { return *db_; }
  const http::Router& router() const { return router_; }
  accounts::Service& accounts() { return accounts_; }
  regions::Service& regions() { return regions_; }
  registry::Service& registry() { return registry_; }
  registry::Imports& imports() { return imports_; }
  calendar::Service& calendar() { return calendar_; }
  suggestions::Service& suggestions() { return suggestions_; }
  opinions::Service& opinions() { return opinions_; }

  std::vector<std::string> migrate();
  // Serves until SIGINT/SIGTERM; refuses to start (Error) unless migrations are current.
  void serve();

  // Who acts when an operator runs the command line on the server itself.
  static Caller operator_caller();
  // Who acts when the deadline sweep runs on its own.
  static Caller scheduler_caller();
  // One deadline sweep: suggestions' deadlines, then opinions' and reception duties.
  suggestions::SweepResult sweep();

 private:
  void add_system_routes();
  std::optional<accounts::ScopeInfo> scope_info(const std::string& type, std::int64_t id);
  http::Response fallback(const http::Request& req) const;
  // Background loops until stop_background(): the deadline sweep every
  // scheduler_interval_seconds, messages to citizens every notifier_interval_ms, the intake
  // worker whenever public opinions were queued (and every opinion_intake_interval_ms).
  void start_background();
  void stop_background();

  Config config_;
  std::unique_ptr<Clock> clock_;
  std::unique_ptr<db::Database> db_;
  std::vector<db::Migration> migrations_;
  http::Metrics metrics_;
  ChangeCounter directory_changes_;  // declared before the services that bump it
  std::unique_ptr<http::ResponseCache> public_cache_;
  audit::Service audit_;
  limits::Service limits_;
  regions::Service regions_;
  registry::Service registry_;
  registry::Directory directory_;
  registry::Imports imports_;
  accounts::Service accounts_;
  calendar::Service calendar_;
  notifications::Service notifications_;
  attachments::Service attachments_;
  suggestions::Service suggestions_;
  opinions::Service opinions_;
  http::StaticFiles static_files_;
  http::Router router_;
  http::Pipeline pipeline_;
  std::mutex background_mutex_;
  std::condition_variable background_wake_;
  bool background_stopping_ = false;
  std::condition_variable intake_wake_;
  bool intake_queued_ = false;
  std::vector<std::thread> background_;
  void every(std::chrono::milliseconds interval, std::function<void()> work);
};

}  // namespace huying
