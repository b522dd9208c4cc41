#pragma once
// Reading JSON request bodies: 415 unless the body is declared JSON, 400 when it does not
// parse, and field-by-field reading that collects every invalid field for one 422.
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>

#include "core/error.hpp"
#include "http/message.hpp"

namespace huying::http {

// `allow_invalid_utf8`: strings with invalid UTF-8 parse, and BodyReader::text names the
// field instead of the whole body failing (forms that citizens fill in).
boost::json::value parse_json_body(const Request& req, bool allow_invalid_utf8 = false);

class BodyReader {
 public:
  // Throws a 422 at "" when the body is not a JSON object.
  explicit BodyReader(boost::json::value body);

  // Trimmed text; an absent or empty required field is an error at "/<name>".
  std::optional<std::string> text(std::string_view name, bool required, std::size_t max_chars);
  std::optional<std::int64_t> integer(std::string_view name, bool required);
  // An id: a string of digits (as the API writes ids) or a positive integer.
  std::optional<std::int64_t> id(std::string_view name, bool required);
  std::optional<bool> boolean(std::string_view name);
  std::optional<double> number(std::string_view name);
  // A nested object, for reading its fields with a pointer prefix.
  const boost::json::value* member(std::string_view name) const;
  bool has(std::string_view name) const { return object_.contains(name); }
  // Fields the endpoint does not know are errors too: a typo must not pass silently.
  void allow_only(std::initializer_list<std::string_view> names);
  Validator& validator() { return validator_; }
  void finish() { validator_.throw_if_any(); }

 private:
  boost::json::value body_;
  const boost::json::object& object_;  // into body_
  Validator validator_;
};

std::optional<std::int64_t> parse_id(const boost::json::value& value);
std::optional<std::int64_t> parse_id(std::string_view text);
// The id in a path parameter; 404 naming `what` when it is not one.
std::int64_t path_id(const Request& req, const std::string& name, const std::string& what);


}  // namespace huying::http
