#include "core/suggestion_rules.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <utility>

namespace huying::suggestion_rules {

namespace {

constexpr std::array<std::pair<State, std::string_view>, 10> state_table{{
    {State::draft, "draft"},
    {State::submitted, "submitted"},
    {State::registered, "registered"},
    {State::assigned, "assigned"},
    {State::answered, "answered"},
    {State::closed, "closed"},
    {State::returned, "returned"},
    {State::not_accepted, "not_accepted"},
    {State::withdrawn, "withdrawn"},
    {State::rehandling, "rehandling"},
}};

struct ActionRule {
  Action action;
  std::string_view name;
  Actor actor;
  std::vector<State> from;
};

const std::vector<ActionRule>& action_table() {
  using enum State;
  // A co-signer may still answer an invitation while the item is being handled: co-signing
  // is about the deputy's name on it, not about the handling step.
  static const std::vector<ActionRule> table{
      {Action::edit, "edit", Actor::lead, {draft, returned}},
      {Action::invite, "invite", Actor::lead, {draft, returned}},
      {Action::uninvite, "uninvite", Actor::lead, {draft, returned}},
      {Action::cosign, "cosign", Actor::cosigner,
       {draft, submitted, registered, assigned, answered, returned, rehandling}},
      {Action::decline, "decline", Actor::cosigner,
       {draft, submitted, registered, assigned, answered, returned, rehandling}},
      {Action::submit, "submit", Actor::lead, {draft, returned}},
      {Action::withdraw, "withdraw", Actor::lead, {draft, submitted, returned, registered}},
      {Action::return_item, "return", Actor::staff, {submitted}},
      {Action::reject, "reject", Actor::staff, {submitted}},
      {Action::register_item, "register", Actor::staff, {submitted}},
      {Action::assign, "assign", Actor::staff, {registered}},
      {Action::accept, "accept", Actor::unit, {assigned, rehandling}},
      {Action::request_reassignment, "request-reassignment", Actor::unit, {assigned}},
      {Action::decide_reassignment, "decide-reassignment", Actor::staff, {assigned, rehandling}},
      {Action::record_contact, "record-contact", Actor::unit, {assigned, rehandling}},
      {Action::submit_view, "submit-view", Actor::unit, {assigned, rehandling}},
      {Action::answer, "answer", Actor::unit, {assigned, rehandling}},
      {Action::request_extension, "request-extension", Actor::unit, {assigned}},
      {Action::decide_extension, "decide-extension", Actor::staff, {assigned}},
      {Action::evaluate, "evaluate", Actor::lead, {answered}},
  };
  return table;
}

const ActionRule& rule_of(Action a) {
  for (const auto& r : action_table())
    if (r.action == a) return r;
  throw std::logic_error("an action without a rule");
}

}  // namespace

std::string_view state_name(State s) {
  for (const auto& [state, name] : state_table)
    if (state == s) return name;
  return "";
}

std::optional<State> parse_state(std::string_view name) {
  for (const auto& [state, n] : state_table)
    if (n == name) return state;
  return std::nullopt;
}

const std::vector<std::string>& state_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> out;
    for (const auto& entry : state_table) out.emplace_back(entry.second);
    return out;
  }();
  return names;
}

std::string_view action_name(Action a) { return rule_of(a).name; }

const std::vector<Action>& all_actions() {
  static const std::vector<Action> actions = [] {
    std::vector<Action> out;
    for (const auto& r : action_table()) out.push_back(r.action);
    return out;
  }();
  return actions;
}

Actor actor_of(Action a) { return rule_of(a).actor; }

bool state_admits(Action a, State s) {
  const auto& from = rule_of(a).from;
  return std::find(from.begin(), from.end(), s) != from.end();
}

Settings Settings::henan_defaults() {
  Settings s;
  s.categories = {{"economy", "经济发展", ""},       {"agriculture", "农业农村", ""},
                  {"education", "教育", ""},         {"health", "医疗卫生", ""},
                  {"transport", "交通建设", ""},     {"environment", "生态环境", ""},
                  {"social", "社会保障", ""},        {"urban", "城乡建设", ""},
                  {"culture", "文化旅游", ""},       {"governance", "政法与社会治理", ""},
                  {"other", "其他", ""}};
  s.answer_classes = {{"A", "所提问题已经解决或基本解决", ""},
                      {"B", "正在解决或列入计划逐步解决", "plan"},
                      {"C", "因目前条件限制或其他原因需待以后解决", "reasons"},
                      {"D", "留作参考", ""}};
  s.not_accepted_reasons = {{"personal_affairs", "涉及代表本人或亲属个人事务", ""},
                            {"forwarded_petition", "转交来信来访", ""},
                            {"academic", "学术探讨或产品推介", ""},
                            {"no_content", "没有实际内容", ""},
                            {"pending_case", "涉及已进入诉讼程序的案件", ""},
                            {"conflict_of_interest", "涉及利益冲突", ""}};
  return s;
}

namespace {
const Choice* find_choice(const std::vector<Choice>& list, std::string_view code) {
  for (const auto& c : list)
    if (c.code == code) return &c;
  return nullptr;
}
}  // namespace

const Choice* Settings::category(std::string_view code) const { return find_choice(categories, code); }
const Choice* Settings::answer_class(std::string_view code) const {
  return find_choice(answer_classes, code);
}
const Choice* Settings::not_accepted_reason(std::string_view code) const {
  return find_choice(not_accepted_reasons, code);
}

DueStatus due_status(Date due, Date today, int due_soon_days) {
  auto days = (std::chrono::sys_days(due) - std::chrono::sys_days(today)).count();
  if (days < 0) return DueStatus::overdue;
  if (days <= due_soon_days) return DueStatus::due_soon;
  return DueStatus::normal;
}

std::string_view due_status_name(DueStatus s) {
  switch (s) {
    case DueStatus::normal: return "normal";
    case DueStatus::due_soon: return "due_soon";
    case DueStatus::overdue: return "overdue";
  }
  return "";
}

bool is_rating(std::string_view rating) {
  return rating == "satisfied" || rating == "basically_satisfied" || rating == "unsatisfied";
}

std::string number_label(std::int64_t number) { return fmt::format("第{:04d}号", number); }

}  // namespace huying::suggestion_rules
