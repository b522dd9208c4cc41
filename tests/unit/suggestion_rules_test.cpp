#include <gtest/gtest.h>

#include "core/suggestion_rules.hpp"

namespace huying::suggestion_rules {
namespace {

using std::chrono::year_month_day;

year_month_day d(const char* text) { return *calendar::parse_date(text); }

TEST(SuggestionRules, EveryStateHasOneName) {
  for (const auto& name : state_names()) {
    auto s = parse_state(name);
    ASSERT_TRUE(s) << name;
    EXPECT_EQ(state_name(*s), name);
  }
  EXPECT_FALSE(parse_state("archived"));
}

TEST(SuggestionRules, DeputiesEditOnlyDraftsAndReturnedItems) {
  for (const auto& name : state_names()) {
    auto s = *parse_state(name);
    bool editable = s == State::draft || s == State::returned;
    EXPECT_EQ(state_admits(Action::edit, s), editable) << name;
    EXPECT_EQ(state_admits(Action::submit, s), editable) << name;
  }
}

TEST(SuggestionRules, WithdrawalIsAllowedUntilAssignment) {
  EXPECT_TRUE(state_admits(Action::withdraw, State::submitted));
  EXPECT_TRUE(state_admits(Action::withdraw, State::registered));
  EXPECT_FALSE(state_admits(Action::withdraw, State::assigned));
  EXPECT_FALSE(state_admits(Action::withdraw, State::answered));
}

TEST(SuggestionRules, StaffReviewOnlySubmittedItems) {
  for (auto a : {Action::return_item, Action::reject, Action::register_item}) {
    EXPECT_EQ(actor_of(a), Actor::staff);
    EXPECT_TRUE(state_admits(a, State::submitted));
    EXPECT_FALSE(state_admits(a, State::draft));
    EXPECT_FALSE(state_admits(a, State::registered));
  }
  EXPECT_TRUE(state_admits(Action::assign, State::registered));
  EXPECT_FALSE(state_admits(Action::assign, State::submitted));
}

TEST(SuggestionRules, UnitsAnswerWhileAssignedOrRehandling) {
  EXPECT_EQ(actor_of(Action::answer), Actor::unit);
  EXPECT_TRUE(state_admits(Action::answer, State::assigned));
  EXPECT_TRUE(state_admits(Action::answer, State::rehandling));
  EXPECT_FALSE(state_admits(Action::answer, State::answered));
  // Reassignment and extension are first-round matters.
  EXPECT_FALSE(state_admits(Action::request_reassignment, State::rehandling));
  EXPECT_FALSE(state_admits(Action::request_extension, State::rehandling));
}

TEST(SuggestionRules, OnlyTheLeadEvaluatesAnAnswer) {
  EXPECT_EQ(actor_of(Action::evaluate), Actor::lead);
  EXPECT_TRUE(state_admits(Action::evaluate, State::answered));
  EXPECT_FALSE(state_admits(Action::evaluate, State::closed));
}

TEST(SuggestionRules, ActionNamesAreThePathSegments) {
  EXPECT_EQ(action_name(Action::return_item), "return");
  EXPECT_EQ(action_name(Action::register_item), "register");
  EXPECT_EQ(action_name(Action::request_reassignment), "request-reassignment");
  EXPECT_EQ(all_actions().size(), 20u);
}

TEST(SuggestionRules, HenanDefaultsFollowTheHandlingRules) {
  auto s = Settings::henan_defaults();
  EXPECT_EQ(s.assign_working_days, 10);
  EXPECT_EQ(s.reassign_window_working_days, 10);
  EXPECT_EQ(s.cohandler_view_months, 2);
  EXPECT_EQ(s.answer_months, 3);
  EXPECT_EQ(s.extension_max_months, 6);
  EXPECT_EQ(s.evaluation_working_days, 10);
  EXPECT_EQ(s.rehandling_months, 1);
  EXPECT_EQ(s.due_soon_days, 15);
  ASSERT_TRUE(s.answer_class("B"));
  EXPECT_EQ(s.answer_class("B")->requires_, "plan");
  EXPECT_EQ(s.answer_class("C")->requires_, "reasons");
  EXPECT_EQ(s.answer_class("A")->requires_, "");
  EXPECT_FALSE(s.answer_class("E"));
  EXPECT_TRUE(s.not_accepted_reason("pending_case"));
  EXPECT_TRUE(s.category("education"));
}

TEST(SuggestionRules, DeadlinesAreYellowWithinFifteenDaysAndRedWhenPast) {
  EXPECT_EQ(due_status(d("2026-03-20"), d("2026-03-02"), 15), DueStatus::normal);
  EXPECT_EQ(due_status(d("2026-03-17"), d("2026-03-02"), 15), DueStatus::due_soon);
  EXPECT_EQ(due_status(d("2026-03-02"), d("2026-03-02"), 15), DueStatus::due_soon);
  EXPECT_EQ(due_status(d("2026-03-01"), d("2026-03-02"), 15), DueStatus::overdue);
  EXPECT_EQ(due_status_name(DueStatus::due_soon), "due_soon");
}

TEST(SuggestionRules, NumbersAreWrittenWithFourDigits) {
  EXPECT_EQ(number_label(123), "第0123号");
  EXPECT_EQ(number_label(12345), "第12345号");
}

TEST(SuggestionRules, RatingsAreTheThreeLevels) {
  EXPECT_TRUE(is_rating("satisfied"));
  EXPECT_TRUE(is_rating("basically_satisfied"));
  EXPECT_TRUE(is_rating("unsatisfied"));
  EXPECT_FALSE(is_rating("ok"));
}

}  // namespace
}  // namespace huying::suggestion_rules
