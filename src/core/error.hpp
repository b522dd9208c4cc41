#pragma once
// The one exception type for every expected failure. It carries the HTTP status and a
// stable machine code; the HTTP edge turns it into RFC 9457 problem+json.
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace huying {

// One invalid input field. `pointer` is a JSON pointer into the request body
// ("/name", "/terms/0/start_date"); `parameter` names a query or path parameter instead.
struct FieldError {
  std::string pointer;
  std::string parameter;
  std::string detail;
};

class Error : public std::runtime_error {
 public:
  Error(int status, std::string code, std::string title, std::string detail,
        std::vector<FieldError> fields = {})
      : std::runtime_error(detail),
        status_(status),
        code_(std::move(code)),
        title_(std::move(title)),
        fields_(std::move(fields)) {}

  int status() const { return status_; }
  // Stable, documented machine code; the problem type URI is derived from it.
  const std::string& code() const { return code_; }
  const std::string& title() const { return title_; }
  std::string detail() const { return what(); }
  const std::vector<FieldError>& fields() const { return fields_; }
  // Extra response headers (Allow on 405, Retry-After on 429).
  const std::vector<std::pair<std::string, std::string>>& headers() const { return headers_; }
  Error& with_header(std::string name, std::string value) {
    headers_.emplace_back(std::move(name), std::move(value));
    return *this;
  }
  // Extra members of the problem ("current_state" on a refused transition).
  const std::vector<std::pair<std::string, std::string>>& members() const { return members_; }
  Error& with_member(std::string name, std::string value) {
    members_.emplace_back(std::move(name), std::move(value));
    return *this;
  }

  static Error bad_request(std::string code, std::string detail) {
    return {400, std::move(code), "Bad Request", std::move(detail)};
  }
  static Error unauthorized(std::string detail) {
    return {401, "unauthenticated", "Unauthorized", std::move(detail)};
  }
  static Error forbidden(std::string detail) {
    return {403, "forbidden", "Forbidden", std::move(detail)};
  }
  static Error not_found(std::string detail) {
    return {404, "not_found", "Not Found", std::move(detail)};
  }
  static Error conflict(std::string code, std::string detail) {
    return {409, std::move(code), "Conflict", std::move(detail)};
  }
  static Error precondition_required(std::string detail) {
    return {428, "precondition_required", "Precondition Required", std::move(detail)};
  }
  static Error validation(std::vector<FieldError> fields) {
    return {422, "validation_failed", "Unprocessable Content",
            "One or more fields are invalid.", std::move(fields)};
  }

 private:
  int status_;
  std::string code_;
  std::string title_;
  std::vector<FieldError> fields_;
  std::vector<std::pair<std::string, std::string>> headers_;
  std::vector<std::pair<std::string, std::string>> members_;
};

// Collects field errors during validation and throws them all at once.
class Validator {
 public:
  void field(std::string pointer, std::string detail) {
    errors_.push_back({std::move(pointer), {}, std::move(detail)});
  }
  void parameter(std::string name, std::string detail) {
    errors_.push_back({{}, std::move(name), std::move(detail)});
  }
  bool ok() const { return errors_.empty(); }
  // Whether a body field already has an error (so that later checks do not pile on).
  bool has_field(std::string_view pointer) const {
    for (const auto& e : errors_)
      if (e.pointer == pointer) return true;
    return false;
  }
  void throw_if_any() {
    if (!errors_.empty()) throw Error::validation(std::move(errors_));
  }

 private:
  std::vector<FieldError> errors_;
};

}  // namespace huying
