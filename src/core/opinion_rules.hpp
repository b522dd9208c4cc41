#pragma once
// The rules of a citizen's opinion (DOMAIN.md §4) without I/O: its states, which action
// each role may take in which state, the channels and the tracking code (查询码).
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace huying::opinion_rules {

enum class State { received, accepted, rejected, answered_on_spot, referred, escalated, replied, closed };
std::string_view state_name(State s);
std::optional<State> parse_state(std::string_view name);
const std::vector<std::string>& state_names();
// "已受理": what the citizen's status page calls a state.
std::string_view state_label(State s);

enum class Action { accept, reject, answer_on_spot, refer, unit_reply, reply, escalate };
std::string_view action_name(Action a);  // the path segment: "answer-on-spot"
const std::vector<Action>& all_actions();

// Who takes an action: those handling the opinion (its station's keeper, the deputy it is
// addressed to, staff of the congress), the unit it was referred to, or the deputy alone.
enum class Actor { handler, unit, deputy };
Actor actor_of(Action a);
bool state_admits(Action a, State s);

bool is_channel(std::string_view channel);
std::string_view channel_label(std::string_view channel);  // "网上联络站"
// The channels a citizen uses without an account.
bool is_public_channel(std::string_view channel);
bool is_reject_reason(std::string_view reason);  // court, arbitration, review, other

// Tracking codes: 10 characters from an alphabet without look-alikes (no 0/O, 1/I/L).
inline constexpr std::string_view code_alphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
inline constexpr std::size_t code_length = 10;
std::string new_tracking_code();
// "K7QXM2PA9D" → "K7QX-M2PA-9D"
std::string format_tracking_code(std::string_view code);
// What a citizen typed ("k7qx-m2pa 9d") as stored, or nothing when it cannot be a code.
std::optional<std::string> normalize_tracking_code(std::string_view typed);

}  // namespace huying::opinion_rules
