#pragma once
// The rules of a suggestion's handling (DOMAIN.md §2) without I/O: its states, which action
// each role may take in which state, the per-congress settings with Henan's defaults, the
// deadlines and their colour. The service asks these functions and stores the answers.
#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/calendar.hpp"

namespace huying::suggestion_rules {

using Date = std::chrono::year_month_day;

enum class State {
  draft, submitted, registered, assigned, answered, closed, returned, not_accepted, withdrawn,
  rehandling
};
std::string_view state_name(State s);
std::optional<State> parse_state(std::string_view name);
const std::vector<std::string>& state_names();

// Each transition, by its path segment (`POST /suggestions/{id}/<name>`).
enum class Action {
  edit, invite, uninvite, cosign, decline, submit, withdraw, return_item, reject, register_item,
  assign, accept, request_reassignment, decide_reassignment, record_contact, submit_view, answer,
  request_extension, decide_extension, evaluate
};
std::string_view action_name(Action a);
const std::vector<Action>& all_actions();

// Who takes an action: the lead deputy, an invited co-signer, staff of the congress, or a
// unit with an assignment on the item.
enum class Actor { lead, cosigner, staff, unit };
Actor actor_of(Action a);

// Whether the item's state admits the action at all (409 otherwise).
bool state_admits(Action a, State s);

struct Choice {
  std::string code, label;
  std::string requires_;  // answer classes: "plan", "reasons" or ""
};

// Per-congress settings; numbers are working days (WD), months or calendar days.
struct Settings {
  int assign_working_days = 10;
  int reassign_window_working_days = 10;
  int reassign_decision_working_days = 10;
  int cohandler_view_months = 2;
  int answer_months = 3;
  int extension_max_months = 6;
  int evaluation_working_days = 10;
  int rehandling_months = 1;
  int due_soon_days = 15;
  std::vector<Choice> categories, answer_classes, not_accepted_reasons;

  static Settings henan_defaults();
  const Choice* category(std::string_view code) const;
  const Choice* answer_class(std::string_view code) const;
  const Choice* not_accepted_reason(std::string_view code) const;
};

enum class DueStatus { normal, due_soon, overdue };
DueStatus due_status(Date due, Date today, int due_soon_days);
std::string_view due_status_name(DueStatus s);

// The satisfaction scale of an evaluation.
bool is_rating(std::string_view rating);  // satisfied, basically_satisfied, unsatisfied

// "第0123号"
std::string number_label(std::int64_t number);

}  // namespace huying::suggestion_rules
