#pragma once
// A citizen's opinion as stored, its timeline, reception records and outbound messages.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace huying::opinions {

struct Opinion {
  std::int64_t id = 0;
  std::string tracking_code;
  std::int64_t congress_id = 0;
  std::optional<std::int64_t> station_id, mandate_id, deputy_person_id, reception_id;
  std::string station_name, deputy_name;
  std::string channel, category, title, content, citizen_name, citizen_mobile, mobile_last4, location;
  bool publish = false;
  std::string state, reject_reason, guidance;
  std::optional<std::int64_t> unit_id;
  std::string unit_name;
  std::optional<std::string> referral_due, unit_reply;
  std::optional<std::int64_t> unit_replied_at_ms;
  std::optional<std::string> reply;
  std::optional<std::int64_t> replied_at_ms;
  std::optional<std::string> replied_on;
  std::optional<std::int64_t> suggestion_id;
  std::optional<std::string> rating;
  std::string rating_comment;
  std::optional<std::int64_t> rated_at_ms;
  bool reopened = false;
  std::string accept_due;
  std::optional<std::string> due_date;
  std::int64_t received_at_ms = 0;
  std::optional<std::int64_t> first_response_at_ms;
  std::int64_t updated_at_ms = 0;
  std::string created_by;
  std::int64_t version = 1;
};

struct Event {
  std::int64_t at_ms = 0;
  std::string actor, actor_name, role, action, state, note, public_note;
};

struct Reception {
  std::int64_t id = 0, station_id = 0;
  std::string date;
  std::vector<std::pair<std::int64_t, std::string>> attendees;  // mandate id, name
  std::int64_t people_received = 0;
  std::string note;
  std::int64_t opinion_count = 0;
};

struct Delivery {
  std::int64_t id = 0;
  std::optional<std::int64_t> opinion_id;
  std::string recipient, text, state;
  std::int64_t attempts = 0, next_attempt_at_ms = 0;
  std::string last_error;
  std::int64_t created_at_ms = 0;
  std::optional<std::int64_t> sent_at_ms;
};

}  // namespace huying::opinions
