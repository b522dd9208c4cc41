#include "app/app.hpp"

#include <boost/json.hpp>

#include <filesystem>

#include "app/openapi.hpp"
#include "core/crypto.hpp"
#include "core/error.hpp"
#include "core/log.hpp"
#include "core/policy.hpp"
#include "core/text.hpp"
#include "http/middleware.hpp"
#include "http/problem.hpp"
#include "http/server.hpp"
#include "http/static_files.hpp"
#include "modules/accounts/routes.hpp"
#include "modules/attachments/routes.hpp"
#include "modules/audit/routes.hpp"
#include "modules/calendar/routes.hpp"
#include "modules/notifications/routes.hpp"
#include "modules/opinions/routes.hpp"
#include "modules/suggestions/routes.hpp"
#include "modules/regions/routes.hpp"
#include "modules/registry/directory_routes.hpp"
#include "modules/registry/routes.hpp"

namespace huying {

namespace {

bool safe_method(const std::string& method) {
  return method == "GET" || method == "HEAD" || method == "OPTIONS";
}

// Resolves the caller: `Authorization: Bearer …` (API tokens) or the session cookie. A bad
// token is a 401 even on public routes, so that a client learns at once that it is wrong;
// an ended session makes the request anonymous, remembering why for a later 401. Requests
// authenticated by the cookie that change state must carry the session's CSRF token, and
// an account that must change its password can do nothing else first.
http::Middleware authentication(accounts::Service& accounts) {
  return [&accounts](http::Request& req, const http::Handler& next) {
    if (auto header = req.header("Authorization")) {
      constexpr std::string_view scheme = "Bearer ";
      if (!header->starts_with(scheme)) {
        Error e = Error::unauthorized("Only bearer tokens are accepted in Authorization.");
        e.with_header("WWW-Authenticate", "Bearer");
        throw e;
      }
      req.principal = accounts.authenticate_bearer(header->substr(scheme.size()));
      return next(req);
    }
    auto token = req.cookie(accounts::session_cookie);
    if (!token || token->empty()) return next(req);
    auto auth = accounts.authenticate_session(*token);
    req.principal = auth.principal;
    if (!auth.principal.authenticated()) return next(req);
    // Signing in again uses no authority of the current session (SameSite=Strict already
    // keeps other sites from posting it), so it needs no CSRF token.
    if (!safe_method(req.method) && req.path != "/api/v1/auth/login") {
      auto sent = req.header("X-CSRF-Token");
      if (!sent || !crypto::equal_secrets(*sent, auth.csrf_token))
        throw Error(403, "csrf_failed", "Forbidden",
                    "This request lacks the session's X-CSRF-Token header.");
    }
    bool api = req.path.starts_with("/api/v1/") && req.path != "/api/v1/auth/session" &&
               req.path != "/api/v1/auth/password" && req.path != "/api/v1/auth/logout";
    if (auth.must_change_password && api)
      throw Error(403, "password_change_required", "Forbidden",
                  "Change your one-time password before anything else.");
    return next(req);
  };
}

// Every write that needs no sign-in (sign-in itself, and the public forms to come) is
// limited per client address, so that one address cannot flood the platform.
http::Middleware public_write_limit(limits::Service& limits, const limits::Rule& rule) {
  return [&limits, &rule](http::Request& req, const http::Handler& next) {
    // Citizens' opinion forms have limits of their own (docs/opinions.md).
    if (!req.principal.authenticated() && !safe_method(req.method) &&
        !req.path.starts_with("/api/v1/public/opinions"))
      limits.hit(rule, req.remote_address);
    return next(req);
  };
}

// Uploaded files live beside the SQLite database unless configured; PostgreSQL deployments
// say where (several nodes need one shared directory).
std::filesystem::path data_directory(const Config& config) {
  if (!config.data_dir.empty()) return config.data_dir;
  auto url = db::parse_database_url(config.database.url);
  if (url.engine == db::Engine::sqlite) {
    auto parent = std::filesystem::path(url.sqlite_path).parent_path();
    return parent.empty() ? std::filesystem::path(".") : parent;
  }
  return "data";
}

std::string pool_metrics(const std::string& pool, const db::PoolStats& stats) {
  return fmt::format(
      "huying_db_pool_connections{{pool=\"{0}\",state=\"open\"}} {1}\n"
      "huying_db_pool_connections{{pool=\"{0}\",state=\"in_use\"}} {2}\n"
      "huying_db_pool_waiting{{pool=\"{0}\"}} {3}\n",
      pool, stats.size, stats.in_use, stats.waiting);
}

}  // namespace

App::App(Config config)
    : config_(std::move(config)),
      clock_(make_clock(config_.clock_file)),
      db_(db::Database::open(config_.database)),
      migrations_(db::load_migrations(config_.migrations_dir)),
      audit_(*db_, *clock_),
      limits_(*db_, *clock_),
      regions_(*db_, *clock_, audit_),
      registry_(*db_, *clock_, audit_,
                [this](std::int64_t id) -> std::optional<std::string> {
                  if (auto c = regions_.find_congress(id)) return c->region_code;
                  return std::nullopt;
                },
                directory_changes_),
      directory_(*db_, *clock_, audit_, directory_changes_),
      imports_(*db_, *clock_, audit_, regions_, directory_changes_),
      accounts_(*db_, *clock_, audit_, limits_, config_.accounts,
                [this](const std::string& type, std::int64_t id) { return scope_info(type, id); }),
      calendar_(*db_, *clock_, audit_),
      notifications_(*db_, *clock_, audit_),
      attachments_(data_directory(config_), config_.attachment_max_bytes, *clock_),
      suggestions_(*db_, *clock_, audit_, notifications_, attachments_),
      opinions_(*db_, *clock_, audit_, limits_, notifications_, attachments_, suggestions_,
                opinions::make_notifier(config_.notifier, config_.notifier_webhook_url), config_.opinions,
                [this](const std::string& code) {
                  try {
                    return regions_.get(code).region.name;
                  } catch (const Error&) {
                    return code;  // a code outside the registry is shown as it is
                  }
                }),
      static_files_(config_.web_root) {
  suggestions_.on_closed([this](soci::session& tx, const suggestions::View& closed) {
    opinions_.suggestion_closed(tx, closed);
  });
  opinions_.on_queued([this] {
    {
      std::lock_guard lock(background_mutex_);
      intake_queued_ = true;
    }
    intake_wake_.notify_one();
  });
  add_system_routes();
  accounts::add_routes(router_, accounts_);
  audit::add_routes(router_, audit_);
  regions::add_routes(router_, regions_);
  registry::add_routes(router_, registry_);
  registry::add_directory_routes(router_, directory_, imports_);
  calendar::add_routes(router_, calendar_);
  notifications::add_routes(router_, notifications_);
  suggestions::add_routes(router_, suggestions_);
  opinions::add_routes(router_, opinions_);
  attachments::add_routes(router_, *db_, attachments_,
                          [this](const Caller& caller, const std::string& owner_type, std::int64_t owner_id) {
                            if (owner_type == "suggestion") suggestions_.get(caller, owner_id);
                            else if (owner_type == "opinion") opinions_.get(caller, owner_id);
                            else throw Error::not_found("There is no such attachment.");
                          });
  // Public directory answers depend on the URL, the directory's data and today's date (the
  // next reception days).
  public_cache_ = std::make_unique<http::ResponseCache>(
      http::ResponseCache::Options{"/api/v1/public/", std::chrono::milliseconds(5000), 20'000},
      directory_changes_, [this] { return format_iso8601(clock_->now()).substr(0, 13); });
  pipeline_ = http::chain({http::request_id(), http::access_log(metrics_),
                           http::problem_details(), public_cache_->middleware(),
                           authentication(accounts_),
                           public_write_limit(limits_, config_.public_write_limit)});
}

App::~App() { stop_background(); }

Caller App::scheduler_caller() {
  Principal p;
  p.actor = "scheduler";
  p.grants = {{0, std::string(roles::admin), "global", std::nullopt}};
  return {p, "scheduler", "local", "huying"};
}

void App::every(std::chrono::milliseconds interval, std::function<void()> work) {
  background_.emplace_back([this, interval, work = std::move(work)] {
    std::unique_lock lock(background_mutex_);
    while (!background_stopping_) {
      lock.unlock();
      work();
      lock.lock();
      background_wake_.wait_for(lock, interval, [this] { return background_stopping_; });
    }
  });
}

void App::start_background() {
  if (config_.opinion_intake_interval_ms > 0)
    background_.emplace_back([this, interval = std::chrono::milliseconds(config_.opinion_intake_interval_ms)] {
      std::unique_lock lock(background_mutex_);
      while (!background_stopping_) {
        intake_queued_ = false;
        lock.unlock();
        try {
          auto run = opinions_.process_intake(false);
          if (run.failed) log::warn("queued opinions", {{"moved", run.processed}, {"failed", run.failed}, {"pending", run.pending}});
        } catch (const std::exception& e) {
          log::error("queued opinions could not be moved", {{"error", without_bound_values(e.what())}});
        }
        lock.lock();
        intake_wake_.wait_for(lock, interval, [this] { return background_stopping_ || intake_queued_; });
      }
    });
  if (config_.scheduler_interval_seconds > 0)
    every(std::chrono::seconds(config_.scheduler_interval_seconds), [this] {
      try {
        auto r = sweep();
        if (r.closed || r.notified) log::info("deadline sweep", {{"closed", r.closed}, {"notified", r.notified}});
      } catch (const std::exception& e) {
        log::error("deadline sweep failed", {{"error", without_bound_values(e.what())}});
      }
    });
  if (config_.notifier_interval_ms > 0)
    every(std::chrono::milliseconds(config_.notifier_interval_ms), [this] {
      try {
        // Drain what is due, batch after batch, so that a busy hour does not pile up messages.
        opinions::DeliveryRun total;
        for (;;) {
          auto r = opinions_.deliver_due(opinions::Service::delivery_batch);
          total.sent += r.sent;
          total.retried += r.retried;
          total.failed += r.failed;
          if (r.sent + r.retried + r.failed < opinions::Service::delivery_batch) break;
        }
        if (total.sent || total.retried || total.failed)
          log::info("messages to citizens",
                    {{"sent", total.sent}, {"retrying", total.retried}, {"failed", total.failed}});
      } catch (const std::exception& e) {
        log::error("messages to citizens failed", {{"error", without_bound_values(e.what())}});
      }
    });
}

void App::stop_background() {
  {
    std::lock_guard lock(background_mutex_);
    background_stopping_ = true;
  }
  background_wake_.notify_all();
  intake_wake_.notify_all();
  for (auto& t : background_)
    if (t.joinable()) t.join();
  background_.clear();
}

suggestions::SweepResult App::sweep() {
  auto r = suggestions_.sweep(scheduler_caller());
  r.notified += opinions_.sweep();
  return r;
}

Caller App::operator_caller() {
  Principal operator_principal;
  operator_principal.actor = "operator";
  operator_principal.grants = {{0, std::string(roles::admin), "global", std::nullopt}};
  return {operator_principal, "cli", "local", "huying"};
}

std::optional<accounts::ScopeInfo> App::scope_info(const std::string& type, std::int64_t id) {
  if (type == "congress") {
    if (auto c = regions_.find_congress(id)) return accounts::ScopeInfo{c->name, c->id};
  } else if (type == "unit" || type == "station") {
    auto kind = type == "unit" ? registry::Kind::unit : registry::Kind::station;
    if (auto p = registry_.find(kind, id)) return accounts::ScopeInfo{p->name, p->congress_id};
  }
  return std::nullopt;
}

std::vector<std::string> App::migrate() { return db::apply_migrations(*db_, migrations_, *clock_); }

void App::add_system_routes() {
  using http::Request;
  using http::Response;
  router_.add({"GET", "/healthz",
               [](Request&) { return Response::json(200, {{"status", "ok"}}); }, 0,
               "The process is alive"});
  router_.add({"GET", "/readyz",
               [this](Request&) {
                 if (!db_->reachable())
                   throw Error(503, "not_ready", "Service Unavailable",
                               "The database is not reachable.");
                 bool current = false;
                 try {
                   current = db::migration_status(*db_, migrations_).current();
                 } catch (const std::exception&) {
                 }
                 if (!current)
                   throw Error(503, "not_ready", "Service Unavailable",
                               "The database schema does not match this server's migrations.");
                 return Response::json(200, {{"status", "ready"}});
               },
               0, "The database is reachable and migrated"});
  router_.add({"GET", "/metrics",
               [this](Request&) {
                 Response res;
                 res.set_header("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
                 res.body = metrics_.render();
                 res.body += "# HELP huying_db_pool_connections Database connections by pool.\n"
                             "# TYPE huying_db_pool_connections gauge\n"
                             "# HELP huying_db_pool_waiting Requests waiting for a connection.\n"
                             "# TYPE huying_db_pool_waiting gauge\n";
                 res.body += fmt::format(
                     "# HELP huying_opinion_intake_pending Public opinions queued for the intake worker.\n"
                     "# TYPE huying_opinion_intake_pending gauge\n"
                     "huying_opinion_intake_pending {}\n",
                     opinions_.intake_pending());
                 res.body += pool_metrics("read", db_->read_pool_stats());
                 if (db_->engine() == db::Engine::sqlite)
                   res.body += pool_metrics("write", db_->write_pool_stats());
                 return res;
               },
               0, "Prometheus metrics"});
  router_.add({"POST", "/api/v1/scheduler/run",
               [this](Request& req) {
                 policy::enforce(req.caller().principal, policy::Action::platform_manage, {}, "scheduler");
                 auto r = sweep();
                 return Response::json(200, {{"closed", r.closed}, {"notified", r.notified}});
               },
               0, "Run the deadline sweep now (administrators)"});
  router_.add({"GET", "/api/openapi.json",
               [](Request&) {
                 static const boost::json::value document = yaml_to_json(openapi_yaml());
                 return Response::json(200, document);
               },
               0, "This API's OpenAPI 3.1 document"});
}

http::Response App::fallback(const http::Request& req) const {
  bool api = req.path == "/api" || req.path.starts_with("/api/");
  if (api) throw Error::not_found("There is no API resource at " + req.path + ".");
  return static_files_.serve(req);
}

void App::serve() {
  db::require_current(*db_, migrations_);
  http::Server server(config_.server, router_, pipeline_,
                      [this](http::Request& req) { return fallback(req); });
  unsigned short port = server.listen();
  log::info("listening", {{"host", config_.server.host},
                          {"port", port},
                          {"database", db_->display_url()},
                          {"web_root", config_.web_root},
                          {"workers", config_.server.worker_threads},
                          {"io_threads", config_.server.io_threads},
                          {"clock_file", config_.clock_file}});
  start_background();
  server.run();
  stop_background();
  log::info("stopped");
}

}  // namespace huying
