#include "http/query.hpp"

#include <charconv>

namespace huying::http {

namespace {

std::optional<int> read_int(const Request& req, Validator& v, const std::string& name, int min,
                            int max) {
  auto text = req.query_param(name);
  if (!text) return std::nullopt;
  int n = 0;
  auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), n);
  if (ec != std::errc{} || end != text->data() + text->size() || n < min || n > max) {
    v.parameter(name, "Must be an integer from " + std::to_string(min) + " to " +
                          std::to_string(max) + ".");
    return std::nullopt;
  }
  return n;
}

}  // namespace

PageRequest read_page(const Request& req, Validator& v) {
  PageRequest page;
  if (auto n = read_int(req, v, "page", 1, 1'000'000)) page.page = *n;
  if (auto n = read_int(req, v, "page_size", 1, PageRequest::max_page_size)) page.page_size = *n;
  return page;
}

std::string read_choice(const Request& req, Validator& v, const std::string& name,
                        const std::vector<std::string>& allowed, const std::string& fallback) {
  auto text = req.query_param(name);
  if (!text) return fallback;
  if (std::find(allowed.begin(), allowed.end(), *text) != allowed.end()) return *text;
  std::string list;
  for (const auto& a : allowed) list += (list.empty() ? "" : ", ") + a;
  v.parameter(name, "Must be one of: " + list + ".");
  return fallback;
}

void set_etag(Response& res, std::int64_t version) {
  res.set_header("ETag", "\"" + std::to_string(version) + "\"");
}

std::int64_t read_if_match(const Request& req) {
  auto header = req.header("If-Match");
  if (!header)
    throw Error::precondition_required(
        "Send If-Match with the version (ETag) you edited, so that no one's change is lost.");
  std::string_view value = *header;
  if (value.starts_with("W/")) value.remove_prefix(2);
  if (value.size() >= 2 && value.front() == '"' && value.back() == '"')
    value = value.substr(1, value.size() - 2);
  std::int64_t version = 0;
  auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), version);
  if (ec == std::errc{} && end == value.data() + value.size() && version > 0) return version;
  throw Error::bad_request("malformed_if_match", "If-Match must be an ETag such as \"3\".");
}

}  // namespace huying::http
