#pragma once
// Requests and responses as plain data, independent of Beast, so that handlers and
// middleware are testable without sockets and most files never include Beast.
#include <boost/json/fwd.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/caller.hpp"

namespace huying::http {

// Header names compare case-insensitively.
struct CaseInsensitiveLess {
  bool operator()(std::string_view a, std::string_view b) const;
  using is_transparent = void;
};
using Headers = std::multimap<std::string, std::string, CaseInsensitiveLess>;

struct Request {
  std::string method;  // "GET"
  std::string target;  // as received: path and query
  std::string path;    // percent-decoded path
  std::vector<std::pair<std::string, std::string>> query;  // decoded, in order
  Headers headers;
  std::string body;
  std::map<std::string, std::string> params;  // from the route pattern's {names}
  std::string route;        // the matched pattern, for metrics and logs
  std::string request_id;
  std::string remote_address;
  Principal principal;

  std::optional<std::string> header(std::string_view name) const;
  std::optional<std::string> query_param(std::string_view name) const;
  std::optional<std::string> cookie(std::string_view name) const;
  const std::string& param(const std::string& name) const { return params.at(name); }
  Caller caller() const {
    return {principal, request_id, remote_address, header("User-Agent").value_or("")};
  }
};

struct Response {
  int status = 200;
  Headers headers;
  std::string body;
  // A file's contents are only sent for GET; HEAD and 304 send headers alone.
  bool omit_body = false;

  void set_header(std::string name, std::string value);
  std::optional<std::string> header(std::string_view name) const;

  static Response json(int status, const boost::json::value& value);
  static Response no_content();
};

}  // namespace huying::http
