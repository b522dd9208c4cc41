#include "app/app.hpp"

#include <boost/json.hpp>

#include "app/openapi.hpp"
#include "core/error.hpp"
#include "core/log.hpp"
#include "http/middleware.hpp"
#include "http/problem.hpp"
#include "http/server.hpp"
#include "http/static_files.hpp"
#include "modules/regions/routes.hpp"

namespace huying {

namespace {

// Resolves `Authorization: Bearer …` into the request's principal; a bad token is a 401
// even on public routes, so that a client learns at once that its token is wrong.
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
    }
    return next(req);
  };
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
      audit_(*clock_),
      accounts_(*db_, *clock_, audit_),
      regions_(*db_, *clock_, audit_),
      static_files_(config_.web_root) {
  add_system_routes();
  regions::add_routes(router_, regions_);
  pipeline_ = http::chain({http::request_id(), http::access_log(metrics_),
                           http::problem_details(), authentication(accounts_)});
}

App::~App() = default;

Caller App::operator_caller() { return {{"operator", std::string(accounts::role_admin)}, "cli", "local"}; }

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
                 res.body += pool_metrics("read", db_->read_pool_stats());
                 if (db_->engine() == db::Engine::sqlite)
                   res.body += pool_metrics("write", db_->write_pool_stats());
                 return res;
               },
               0, "Prometheus metrics"});
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
  server.run();
  log::info("stopped");
}

}  // namespace huying
