#include "http/middleware.hpp"

#include <boost/json.hpp>

#include <chrono>

#include "core/crypto.hpp"
#include "core/error.hpp"
#include "core/log.hpp"
#include "core/text.hpp"
#include "http/problem.hpp"

namespace huying::http {

Pipeline chain(std::vector<Middleware> middleware) {
  return [middleware = std::move(middleware)](Request& req, const Handler& innermost) {
    std::function<Response(std::size_t, Request&)> call = [&](std::size_t i, Request& r) {
      if (i == middleware.size()) return innermost(r);
      return middleware[i](r, [&, i](Request& next_req) { return call(i + 1, next_req); });
    };
    return call(0, req);
  };
}

namespace {

bool acceptable_request_id(const std::string& id) {
  if (id.empty() || id.size() > 128) return false;
  return std::all_of(id.begin(), id.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.' ||
           c == ':';
  });
}

}  // namespace

Middleware request_id() {
  return [](Request& req, const Handler& next) {
    auto given = req.header("X-Request-Id");
    req.request_id = given && acceptable_request_id(*given) ? *given : crypto::random_hex(12);
    Response res = next(req);
    res.set_header("X-Request-Id", req.request_id);
    return res;
  };
}

Middleware access_log(Metrics& metrics) {
  return [&metrics](Request& req, const Handler& next) {
    auto start = std::chrono::steady_clock::now();
    metrics.enter();
    Response res;
    try {
      res = next(req);
    } catch (...) {
      metrics.leave();
      throw;
    }
    metrics.leave();
    auto elapsed = std::chrono::steady_clock::now() - start;
    double seconds = std::chrono::duration<double>(elapsed).count();
    std::string route = req.route.empty() ? "(unmatched)" : req.route;
    metrics.observe(req.method, route, res.status, seconds);
    log::info("request", {{"request_id", req.request_id},
                          {"method", req.method},
                          {"path", req.path},
                          {"route", route},
                          {"status", res.status},
                          {"duration_us", std::chrono::duration_cast<std::chrono::microseconds>(elapsed).count()},
                          {"bytes", res.body.size()},
                          {"remote", req.remote_address},
                          {"actor", req.principal.actor}});
    return res;
  };
}

Middleware problem_details() {
  return [](Request& req, const Handler& next) {
    try {
      return next(req);
    } catch (const Error& e) {
      return problem_response(e, req.request_id);
    } catch (const std::exception& e) {
      log::error("unhandled_exception", {{"request_id", req.request_id},
                                         {"method", req.method},
                                         {"path", req.path},
                                         {"error", without_bound_values(e.what())}});
      return problem_response(internal_error(), req.request_id);
    } catch (...) {
      log::error("unhandled_exception", {{"request_id", req.request_id}, {"error", "unknown"}});
      return problem_response(internal_error(), req.request_id);
    }
  };
}

}  // namespace huying::http
