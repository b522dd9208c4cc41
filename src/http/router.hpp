#pragma once
// The route table as data: method + path pattern with {params} → handler.
#include <cstddef>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "http/message.hpp"

namespace huying::http {

using Handler = std::function<Response(Request&)>;

struct Route {
  std::string method;   // "GET", "POST", ...
  std::string pattern;  // "/api/v1/regions/{code}"
  Handler handler;
  std::size_t body_limit = 0;  // 0: the server's default limit
  std::string summary;         // one line, for docs and the route listing
};

struct RouteMatch {
  const Route* route = nullptr;               // set when path and method match
  std::map<std::string, std::string> params;  // values of the {params}
  std::vector<std::string> allowed;           // path matched, method did not: these would
  bool path_matched() const { return route || !allowed.empty(); }
};

class Router {
 public:
  void add(Route route);
  // HEAD matches a GET route unless a HEAD route exists.
  RouteMatch match(std::string_view method, std::string_view path) const;
  const std::vector<Route>& routes() const { return routes_; }

 private:
  std::vector<Route> routes_;
  std::vector<std::vector<std::string>> patterns_;  // each route's segments, split once
};

// Runs the matched route; 405 (with Allow) when only the method is wrong; otherwise
// `fallback` decides (static files, or 404).
Response dispatch(const RouteMatch& match, Request& req, const Handler& fallback);

}  // namespace huying::http
