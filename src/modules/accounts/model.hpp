#pragma once
// Accounts, their role grants, sessions and API tokens.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/caller.hpp"
#include "core/clock.hpp"
#include "core/masking.hpp"  // mask_mobile, is_mobile_number

namespace huying::accounts {

struct GrantView {
  Grant grant;
  std::string scope_name;  // the congress, unit or station, for people to read
};

struct User {
  std::int64_t id = 0;
  std::string username;
  std::optional<std::string> mobile;
  std::string display_name;
  std::optional<std::int64_t> congress_id;
  std::optional<std::int64_t> person_id;  // a deputy's account acts for this person
  std::string password_hash;
  bool must_change_password = true;
  bool disabled = false;
  std::int64_t version = 1;
  TimePoint created_at;
  std::vector<GrantView> grants;
};

// A serving mandate of the account's person, for the deputy's workbench.
struct MandateLink {
  std::int64_t id = 0, congress_id = 0, term_number = 0;
  std::string congress_name;
};

struct Session {
  std::int64_t id = 0;
  std::int64_t user_id = 0;
  std::string csrf_token;
  TimePoint created_at, last_seen_at, expires_at;
  std::optional<TimePoint> revoked_at;
  std::string client_address, user_agent;
};

struct Token {
  std::int64_t id = 0;
  std::string name;
  Grant grant;
  TimePoint created_at;
  std::optional<TimePoint> expires_at, revoked_at;
};

}  // namespace huying::accounts
