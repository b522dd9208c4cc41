#pragma once
// A suggestion as stored, with everything that happened to it. Deadlines are civil dates
// as text ("YYYY-MM-DD") the way the database keeps them.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace huying::suggestions {

struct Deputy {
  std::int64_t mandate_id = 0, person_id = 0;
  std::string name;
};

struct Cosigner {
  std::int64_t mandate_id = 0, person_id = 0;
  std::string name, state;  // invited, confirmed, declined
};

struct Assignment {
  std::int64_t id = 0, unit_id = 0;
  std::string unit_name, role, state;  // role: lead, co, separate; state: pending, accepted, answered, reassigned
  std::string assigned_on, reassign_until;
  std::optional<std::string> view_due, answer_due;
  bool extended = false;
  std::optional<std::string> view_text;
  std::optional<std::int64_t> view_at_ms;
  bool answers() const { return role != "co"; }
  bool open() const { return state == "pending" || state == "accepted"; }
};

struct Answer {
  std::int64_t id = 0, assignment_id = 0, unit_id = 0;
  std::string unit_name;
  std::int64_t round = 1;
  std::string answer_class, text, plan;
  std::optional<std::string> plan_date;
  std::string reasons, signed_by, answered_on;
  std::optional<std::int64_t> attachment_id;
};

struct Contact {
  std::int64_t id = 0, assignment_id = 0;
  std::string unit_name, method, date, note, recorded_by;
};

struct HandlingRequest {
  std::int64_t id = 0, assignment_id = 0;
  std::string unit_name, kind, reason;  // kind: reassignment, extension
  std::optional<std::string> until;
  std::string state, decide_due, note;  // state: pending, approved, rejected
  std::optional<std::int64_t> decided_at_ms;
};

struct Evaluation {
  std::int64_t round = 1;
  std::string attitude, result, comment, evaluated_on;
};

struct Linked {
  std::int64_t id = 0;
  std::optional<std::int64_t> number;
  std::string title;
};

struct Suggestion {
  std::int64_t id = 0, congress_id = 0, year = 0;
  std::optional<std::int64_t> number;
  std::string title, content, category, period;
  std::optional<std::int64_t> session_id;
  std::string publication;
  std::optional<std::int64_t> proposed_unit_id;
  std::string proposed_unit_name;
  Deputy lead;
  std::string state;
  std::optional<std::string> handling_mode;
  std::optional<std::int64_t> merge_group;
  std::int64_t round = 1;
  std::string return_reason, not_accepted_reason, not_accepted_note;
  std::optional<std::string> assign_due, evaluation_due, rehandling_due, due_date;
  bool assessment_flag = false;
  std::string close_reason;
  std::int64_t created_at_ms = 0, updated_at_ms = 0;
  std::optional<std::int64_t> submitted_at_ms, registered_at_ms, assigned_at_ms, closed_at_ms;
  std::int64_t version = 1;
  std::optional<std::int64_t> source_opinion_id;  // a citizen's opinion escalated into it

  // Loaded for the detail view and for transitions.
  std::vector<Cosigner> cosigners;
  std::vector<Assignment> assignments;
  std::vector<Answer> answers;
  std::vector<Contact> contacts;
  std::vector<HandlingRequest> requests;
  std::vector<Evaluation> evaluations;
  std::vector<Linked> merged_with;
};

struct Event {
  std::int64_t at_ms = 0;
  std::string actor, actor_name, role, action, note;
};

}  // namespace huying::suggestions
