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

}  // namespace huying::http
