#include "http/router.hpp"

#include <stdexcept>

#include "core/error.hpp"

namespace huying::http {

namespace {

std::vector<std::string_view> split_path(std::string_view path) {
  std::vector<std::string_view> segments;
  std::size_t start = 1;
  if (path.empty() || path[0] != '/') return segments;
  while (start <= path.size()) {
    std::size_t end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    segments.push_back(path.substr(start, end - start));
    start = end + 1;
  }
  return segments;
}

bool is_param(std::string_view segment) {
  return segment.size() > 2 && segment.front() == '{' && segment.back() == '}';
}

// The parameters of a route whose pattern (split when added) matches the path's segments.
bool match_segments(const std::vector<std::string>& want, const std::vector<std::string_view>& have,
                    std::map<std::string, std::string>& params) {
  if (want.size() != have.size()) return false;
  for (std::size_t i = 0; i < want.size(); ++i)
    if (!is_param(want[i]) && want[i] != have[i]) return false;
  std::map<std::string, std::string> found;
  for (std::size_t i = 0; i < want.size(); ++i) {
    if (!is_param(want[i])) continue;
    if (have[i].empty()) return false;
    found.emplace(want[i].substr(1, want[i].size() - 2), std::string(have[i]));
  }
  params = std::move(found);
  return true;
}

}  // namespace

void Router::add(Route route) {
  if (route.pattern.empty() || route.pattern[0] != '/')
    throw std::invalid_argument("route pattern must start with '/': " + route.pattern);
  for (const auto& r : routes_)
    if (r.method == route.method && r.pattern == route.pattern)
      throw std::invalid_argument("duplicate route " + route.method + " " + route.pattern);
  std::vector<std::string> segments;
  for (auto segment : split_path(route.pattern)) segments.emplace_back(segment);
  patterns_.push_back(std::move(segments));
  routes_.push_back(std::move(route));
}

RouteMatch Router::match(std::string_view method, std::string_view path) const {
  RouteMatch result;
  const Route* get_route = nullptr;
  std::map<std::string, std::string> get_params;
  bool has_head = false;
  auto segments = split_path(path);
  for (std::size_t i = 0; i < routes_.size(); ++i) {
    const Route& route = routes_[i];
    std::map<std::string, std::string> params;
    if (!match_segments(patterns_[i], segments, params)) continue;
    if (route.method == method) {
      result.route = &route;
      result.params = std::move(params);
      return result;
    }
    if (route.method == "GET" && !get_route) {
      get_route = &route;
      get_params = params;
    }
    has_head = has_head || route.method == "HEAD";
    result.allowed.push_back(route.method);
  }
  if (method == "HEAD" && get_route) {
    result.route = get_route;
    result.params = std::move(get_params);
    result.allowed.clear();
    return result;
  }
  if (get_route && !has_head) result.allowed.push_back("HEAD");
  std::sort(result.allowed.begin(), result.allowed.end());
  result.allowed.erase(std::unique(result.allowed.begin(), result.allowed.end()),
                       result.allowed.end());
  return result;
}

Response dispatch(const RouteMatch& match, Request& req, const Handler& fallback) {
  if (match.route) {
    req.params = match.params;
    req.route = match.route->pattern;
    return match.route->handler(req);
  }
  if (!match.allowed.empty()) {
    std::string allow;
    for (const auto& m : match.allowed) allow += (allow.empty() ? "" : ", ") + m;
    Error e(405, "method_not_allowed", "Method Not Allowed",
            "This resource answers only to: " + allow + ".");
    e.with_header("Allow", allow);
    throw e;
  }
  return fallback(req);
}

}  // namespace huying::http
