#pragma once
// Who is asking, as services see it: the authenticated principal with its role grants, and
// where the request came from, for authorization and the audit trail.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace huying {

namespace roles {
inline constexpr std::string_view admin = "admin";
inline constexpr std::string_view staff = "staff";
inline constexpr std::string_view leader = "leader";
inline constexpr std::string_view committee_member = "committee_member";
inline constexpr std::string_view deputy = "deputy";
inline constexpr std::string_view unit_handler = "unit_handler";
inline constexpr std::string_view unit_head = "unit_head";
inline constexpr std::string_view station_keeper = "station_keeper";
}  // namespace roles

// A role held within a scope: global, one congress, one unit or one station.
struct Grant {
  std::int64_t id = 0;
  std::string role;
  std::string scope_type;  // "global", "congress", "unit", "station"
  std::optional<std::int64_t> scope_id;
  std::string label() const {
    return role + "@" + scope_type + (scope_id ? ":" + std::to_string(*scope_id) : "");
  }
};

struct Principal {
  std::string actor;  // "user:12", "token:3", "operator"; empty when anonymous
  std::optional<std::int64_t> user_id;
  std::optional<std::int64_t> session_id;
  std::vector<Grant> grants;
  // Why an anonymous request has no principal although it sent credentials
  // ("session_expired"), so that a 401 can say so.
  std::string anonymous_reason;

  bool authenticated() const { return !actor.empty(); }
};

struct Caller {
  Principal principal;
  std::string request_id;
  std::string client_address;
  std::string user_agent;
};

}  // namespace huying
