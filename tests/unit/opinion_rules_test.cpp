#include <gtest/gtest.h>

#include <set>

#include "core/masking.hpp"
#include "core/opinion_rules.hpp"

namespace huying::opinion_rules {
namespace {

TEST(OpinionRules, TrackingCodesUseOnlyUnambiguousCharacters) {
  for (int i = 0; i < 200; ++i) {
    auto code = new_tracking_code();
    ASSERT_EQ(code.size(), code_length);
    for (char c : code) EXPECT_NE(code_alphabet.find(c), std::string_view::npos) << code;
    for (char c : std::string_view("0O1IL")) EXPECT_EQ(code.find(c), std::string::npos) << code;
  }
}

TEST(OpinionRules, TrackingCodesDoNotRepeat) {
  std::set<std::string> seen;
  for (int i = 0; i < 10'000; ++i) EXPECT_TRUE(seen.insert(new_tracking_code()).second);
}

TEST(OpinionRules, CodesAreShownInThreeGroupsAndReadBackHoweverTyped) {
  EXPECT_EQ(format_tracking_code("K7QXM2PA9D"), "K7QX-M2PA-9D");
  EXPECT_EQ(normalize_tracking_code("k7qx-m2pa-9d"), "K7QXM2PA9D");
  EXPECT_EQ(normalize_tracking_code("K7QX M2PA 9D"), "K7QXM2PA9D");
  EXPECT_FALSE(normalize_tracking_code("K7QX-M2PA-9"));    // too short
  EXPECT_FALSE(normalize_tracking_code("K7QX-M2PA-9O"));   // O is not in the alphabet
  EXPECT_FALSE(normalize_tracking_code("K7QX-M2PA-9D1"));  // too long
}

TEST(OpinionRules, HandlersAcceptOrRejectOnlyWhatWasReceived) {
  EXPECT_TRUE(state_admits(Action::accept, State::received));
  EXPECT_TRUE(state_admits(Action::reject, State::received));
  EXPECT_FALSE(state_admits(Action::accept, State::accepted));
  EXPECT_EQ(actor_of(Action::accept), Actor::handler);
}

TEST(OpinionRules, AnAcceptedOpinionIsAnsweredReferredOrEscalated) {
  for (auto a : {Action::answer_on_spot, Action::refer, Action::escalate})
    EXPECT_TRUE(state_admits(a, State::accepted)) << action_name(a);
  EXPECT_EQ(actor_of(Action::escalate), Actor::deputy);
  EXPECT_FALSE(state_admits(Action::refer, State::received));
}

TEST(OpinionRules, OnlyTheReferredUnitRepliesToAReferral) {
  EXPECT_EQ(actor_of(Action::unit_reply), Actor::unit);
  EXPECT_TRUE(state_admits(Action::unit_reply, State::referred));
  EXPECT_TRUE(state_admits(Action::reply, State::referred));
  EXPECT_FALSE(state_admits(Action::reply, State::accepted));
}

TEST(OpinionRules, ChannelsAndRejectionReasons) {
  EXPECT_TRUE(is_public_channel("online"));
  EXPECT_TRUE(is_public_channel("qr"));
  EXPECT_FALSE(is_public_channel("hotline"));
  EXPECT_TRUE(is_channel("letter"));
  EXPECT_FALSE(is_channel("wechat"));
  EXPECT_TRUE(is_reject_reason("arbitration"));
  EXPECT_FALSE(is_reject_reason("boring"));
}

TEST(OpinionRules, StatesHaveChineseLabels) {
  EXPECT_EQ(state_label(State::accepted), "已受理");
  EXPECT_EQ(state_label(State::closed), "已办结");
  for (const auto& name : state_names()) EXPECT_TRUE(parse_state(name)) << name;
}

TEST(Masking, NamesKeepTheirFirstCharacter) {
  EXPECT_EQ(mask_name("张三"), "张*");
  EXPECT_EQ(mask_name("欧阳娜娜"), "欧***");
  EXPECT_EQ(mask_name("Li"), "L*");
  EXPECT_EQ(mask_name(""), "");
}

TEST(Masking, MobilesKeepTheFirstThreeAndLastFourDigits) {
  EXPECT_EQ(mask_mobile("13812341234"), "138****1234");
  EXPECT_TRUE(is_mobile_number("13812341234"));
  EXPECT_FALSE(is_mobile_number("12812341234"));
  EXPECT_FALSE(is_mobile_number("1381234123"));
  EXPECT_FALSE(is_mobile_number("1381234123a"));
}

}  // namespace
}  // namespace huying::opinion_rules
