#include "http/problem.hpp"

#include <boost/json.hpp>

namespace huying::http {

Response problem_response(const Error& error, const std::string& request_id) {
  boost::json::object body;
  body["type"] = std::string(problem_type_prefix) + error.code();
  body["title"] = error.title();
  body["status"] = error.status();
  body["detail"] = error.detail();
  body["instance"] = request_id;
  body["code"] = error.code();
  for (const auto& [name, value] : error.members()) body[name] = value;
  if (!error.fields().empty()) {
    boost::json::array errors;
    for (const auto& f : error.fields()) {
      boost::json::object item;
      if (!f.pointer.empty() || f.parameter.empty()) item["pointer"] = f.pointer;
      if (!f.parameter.empty()) item["parameter"] = f.parameter;
      item["detail"] = f.detail;
      errors.push_back(std::move(item));
    }
    body["errors"] = std::move(errors);
  }
  Response r;
  r.status = error.status();
  r.set_header("Content-Type", "application/problem+json");
  for (const auto& [name, value] : error.headers()) r.set_header(name, value);
  r.body = boost::json::serialize(body);
  return r;
}

Error internal_error() {
  return Error(500, "internal_error", "Internal Server Error",
               "The server met an unexpected condition. Quote the request id to the "
               "administrator; the details are in the server's log.");
}

}  // namespace huying::http
