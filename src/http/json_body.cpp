#include "http/json_body.hpp"

#include <boost/json.hpp>

#include <charconv>

#include "core/text.hpp"

namespace huying::http {

namespace {

const boost::json::object& as_object(const boost::json::value& body) {
  if (!body.is_object())
    throw Error::validation({{"", "", "The body must be a JSON object."}});
  return body.get_object();
}

std::string trim(std::string_view s) {
  auto first = s.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return {};
  auto last = s.find_last_not_of(" \t\r\n");
  return std::string(s.substr(first, last - first + 1));
}

}  // namespace

boost::json::value parse_json_body(const Request& req, bool allow_invalid_utf8) {
  auto type = req.header("Content-Type").value_or("");
  auto semicolon = type.find(';');
  std::string media = type.substr(0, semicolon);
  for (char& c : media) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  media = trim(media);
  if (media != "application/json")
    throw Error(415, "unsupported_media_type", "Unsupported Media Type",
                "Send the body as application/json.");
  boost::system::error_code ec;
  boost::json::parse_options options;
  options.allow_invalid_utf8 = allow_invalid_utf8;
  boost::json::value value = boost::json::parse(req.body, ec, {}, options);
  if (ec)
    throw Error::bad_request("malformed_json", "The body is not valid JSON: " + ec.message() + ".");
  return value;
}

BodyReader::BodyReader(boost::json::value body)
    : body_(std::move(body)), object_(as_object(body_)) {}

std::optional<std::string> BodyReader::text(std::string_view name, bool required,
                                            std::size_t max_chars) {
  std::string pointer = "/" + std::string(name);
  auto it = object_.find(name);
  if (it == object_.end() || it->value().is_null()) {
    if (required) validator_.field(pointer, "This field is required.");
    return std::nullopt;
  }
  if (!it->value().is_string()) {
    validator_.field(pointer, "Must be a string.");
    return std::nullopt;
  }
  if (!is_valid_utf8(it->value().get_string())) {
    validator_.field(pointer, "Must be valid UTF-8 text.");
    return std::nullopt;
  }
  std::string value = trim(it->value().get_string());
  if (value.empty()) {
    if (required) validator_.field(pointer, "Must not be empty.");
    return std::nullopt;
  }
  if (utf8_length(value) > max_chars) {
    validator_.field(pointer, "Must be at most " + std::to_string(max_chars) + " characters.");
    return std::nullopt;
  }
  return value;
}

std::optional<std::int64_t> BodyReader::integer(std::string_view name, bool required) {
  std::string pointer = "/" + std::string(name);
  auto it = object_.find(name);
  if (it == object_.end() || it->value().is_null()) {
    if (required) validator_.field(pointer, "This field is required.");
    return std::nullopt;
  }
  if (it->value().is_int64()) return it->value().get_int64();
  if (it->value().is_uint64() && it->value().get_uint64() <= INT64_MAX)
    return static_cast<std::int64_t>(it->value().get_uint64());
  validator_.field(pointer, "Must be an integer.");
  return std::nullopt;
}

std::optional<std::int64_t> BodyReader::id(std::string_view name, bool required) {
  std::string pointer = "/" + std::string(name);
  auto it = object_.find(name);
  if (it == object_.end() || it->value().is_null()) {
    if (required) validator_.field(pointer, "This field is required.");
    return std::nullopt;
  }
  if (auto parsed = parse_id(it->value())) return parsed;
  validator_.field(pointer, "Must be an id (a string of digits).");
  return std::nullopt;
}

std::optional<bool> BodyReader::boolean(std::string_view name) {
  auto it = object_.find(name);
  if (it == object_.end() || it->value().is_null()) return std::nullopt;
  if (it->value().is_bool()) return it->value().get_bool();
  validator_.field("/" + std::string(name), "Must be true or false.");
  return std::nullopt;
}

std::optional<double> BodyReader::number(std::string_view name) {
  auto it = object_.find(name);
  if (it == object_.end() || it->value().is_null()) return std::nullopt;
  if (it->value().is_number()) return it->value().to_number<double>();
  validator_.field("/" + std::string(name), "Must be a number.");
  return std::nullopt;
}

const boost::json::value* BodyReader::member(std::string_view name) const {
  auto it = object_.find(name);
  return it == object_.end() ? nullptr : &it->value();
}

std::optional<std::int64_t> parse_id(const boost::json::value& value) {
  if (value.is_int64() && value.get_int64() > 0) return value.get_int64();
  if (value.is_uint64() && value.get_uint64() <= INT64_MAX) return std::int64_t(value.get_uint64());
  if (value.is_string()) return parse_id(std::string_view(value.get_string()));
  return std::nullopt;
}

std::optional<std::int64_t> parse_id(std::string_view text) {
  std::int64_t n = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (ec != std::errc{} || end != text.data() + text.size() || n <= 0) return std::nullopt;
  return n;
}

std::int64_t path_id(const Request& req, const std::string& name, const std::string& what) {
  if (auto id = parse_id(std::string_view(req.param(name)))) return *id;
  throw Error::not_found("There is no " + what + ".");
}

void BodyReader::allow_only(std::initializer_list<std::string_view> names) {
  for (const auto& [key, value] : object_) {
    bool known = std::find(names.begin(), names.end(), std::string_view(key)) != names.end();
    if (!known) validator_.field("/" + std::string(key), "Unknown field.");
  }
}


}  // namespace huying::http
