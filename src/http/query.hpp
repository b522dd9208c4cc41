#pragma once
// Reading query parameters with validation: every bad parameter ends up in one 422.
#include <boost/json/object.hpp>

#include <optional>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "core/paging.hpp"
#include "http/message.hpp"

namespace huying::http {

// page (≥ 1) and page_size (1..200); errors go to the validator.
PageRequest read_page(const Request& req, Validator& v);

// One of the allowed values, or the default when absent.
std::string read_choice(const Request& req, Validator& v, const std::string& name,
                        const std::vector<std::string>& allowed, const std::string& fallback);

// The version a client edited, from If-Match ("3", W/"3" or 3): 428 when absent, so that
// no one's change is silently overwritten; 400 when malformed.
std::int64_t read_if_match(const Request& req);
// The ETag a client sends back in If-Match: the record's version, quoted.
void set_etag(Response& res, std::int64_t version);

// {"items": [...], "total": N, "page": P, "page_size": S}
template <class T, class ToJson>
boost::json::object page_json(const Page<T>& page, ToJson to_json) {
  boost::json::array items;
  for (const auto& item : page.items) items.push_back(to_json(item));
  return {{"items", std::move(items)},
          {"total", page.total},
          {"page", page.request.page},
          {"page_size", page.request.page_size}};
}

}  // namespace huying::http
