#include "core/opinion_rules.hpp"

#include <sodium.h>

#include <algorithm>
#include <array>
#include <utility>

namespace huying::opinion_rules {

namespace {

struct StateRow {
  State state;
  std::string_view name, label;
};
constexpr std::array<StateRow, 8> states{{
    {State::received, "received", "已登记"},
    {State::accepted, "accepted", "已受理"},
    {State::rejected, "rejected", "不予受理"},
    {State::answered_on_spot, "answered_on_spot", "当场答复"},
    {State::referred, "referred", "已转办"},
    {State::escalated, "escalated", "转为建议"},
    {State::replied, "replied", "已答复"},
    {State::closed, "closed", "已办结"},
}};

struct ActionRow {
  Action action;
  std::string_view name;
  Actor actor;
  State from;
};
constexpr std::array<ActionRow, 7> actions{{
    {Action::accept, "accept", Actor::handler, State::received},
    {Action::reject, "reject", Actor::handler, State::received},
    {Action::answer_on_spot, "answer-on-spot", Actor::handler, State::accepted},
    {Action::refer, "refer", Actor::handler, State::accepted},
    {Action::unit_reply, "unit-reply", Actor::unit, State::referred},
    {Action::reply, "reply", Actor::handler, State::referred},
    {Action::escalate, "escalate", Actor::deputy, State::accepted},
}};

const ActionRow& row_of(Action a) {
  for (const auto& r : actions)
    if (r.action == a) return r;
  throw std::logic_error("an action without a rule");
}

}  // namespace

std::string_view state_name(State s) {
  for (const auto& r : states)
    if (r.state == s) return r.name;
  return "";
}

std::string_view state_label(State s) {
  for (const auto& r : states)
    if (r.state == s) return r.label;
  return "";
}

std::optional<State> parse_state(std::string_view name) {
  for (const auto& r : states)
    if (r.name == name) return r.state;
  return std::nullopt;
}

const std::vector<std::string>& state_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> out;
    for (const auto& r : states) out.emplace_back(r.name);
    return out;
  }();
  return names;
}

std::string_view action_name(Action a) { return row_of(a).name; }

const std::vector<Action>& all_actions() {
  static const std::vector<Action> all = [] {
    std::vector<Action> out;
    for (const auto& r : actions) out.push_back(r.action);
    return out;
  }();
  return all;
}

Actor actor_of(Action a) { return row_of(a).actor; }
bool state_admits(Action a, State s) { return row_of(a).from == s; }

bool is_channel(std::string_view c) {
  return c == "online" || c == "qr" || c == "reception" || c == "phone" || c == "letter" || c == "hotline";
}
std::string_view channel_label(std::string_view c) {
  if (c == "online") return "网上联络站";
  if (c == "qr") return "代表码";
  if (c == "reception") return "接待日";
  if (c == "phone") return "电话";
  if (c == "letter") return "来信";
  if (c == "hotline") return "12345热线";
  return c;
}

bool is_public_channel(std::string_view c) { return c == "online" || c == "qr"; }
bool is_reject_reason(std::string_view r) {
  return r == "court" || r == "arbitration" || r == "review" || r == "other";
}

std::string new_tracking_code() {
  std::string code;
  for (std::size_t i = 0; i < code_length; ++i)
    code += code_alphabet[randombytes_uniform(static_cast<std::uint32_t>(code_alphabet.size()))];
  return code;
}

std::string format_tracking_code(std::string_view code) {
  if (code.size() != code_length) return std::string(code);
  return std::string(code.substr(0, 4)) + "-" + std::string(code.substr(4, 4)) + "-" +
         std::string(code.substr(8));
}

std::optional<std::string> normalize_tracking_code(std::string_view typed) {
  std::string code;
  for (char c : typed) {
    if (c == '-' || c == ' ') continue;
    char upper = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    if (code_alphabet.find(upper) == std::string_view::npos) return std::nullopt;
    code += upper;
  }
  if (code.size() != code_length) return std::nullopt;
  return code;
}

}  // namespace huying::opinion_rules
