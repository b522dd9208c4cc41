#include <gtest/gtest.h>

#include "core/error.hpp"
#include "core/policy.hpp"

using namespace huying;
using namespace huying::policy;

namespace {

Principal with(std::string role, std::string scope_type, std::optional<std::int64_t> scope,
               std::optional<std::int64_t> user_id = 100) {
  Principal p;
  p.actor = "user:" + std::to_string(user_id.value_or(0));
  p.user_id = user_id;
  p.grants = {{1, std::move(role), std::move(scope_type), scope}};
  return p;
}

int status_of(const Principal& p, Action a, const Scope& s) {
  try {
    enforce(p, a, s, "such record");
    return 200;
  } catch (const Error& e) {
    return e.status();
  }
}

}  // namespace

TEST(Policy, AdministratorMayDoEverything) {
  auto admin = with("admin", "global", std::nullopt);
  for (auto a : {Action::user_manage, Action::unit_manage, Action::audit_view, Action::token_manage,
                 Action::region_manage})
    EXPECT_TRUE(decide(admin, a, {7}).allowed());
  EXPECT_EQ(decide(admin, Action::user_view, {7}).grant, "admin@global");
}

TEST(Policy, StaffSeeTheirCongressOnlyAndOthersAreHidden) {
  auto staff = with("staff", "congress", 20);
  EXPECT_EQ(status_of(staff, Action::user_view, {20, {}, {}, 5}), 200);
  EXPECT_EQ(status_of(staff, Action::user_view, {23, {}, {}, 5}), 404);
  EXPECT_EQ(status_of(staff, Action::unit_view, {23, 2}), 404);
  EXPECT_EQ(decide(staff, Action::user_manage, {20}).grant, "staff@congress:20");
}

TEST(Policy, UnitHandlersSeeTheirOwnUnitOnlyAndMayNotManageIt) {
  auto handler = with("unit_handler", "unit", 1);
  EXPECT_EQ(status_of(handler, Action::unit_view, {1, 1}), 200);
  EXPECT_EQ(status_of(handler, Action::unit_view, {1, 2}), 404);
  EXPECT_EQ(status_of(handler, Action::unit_manage, {1, 1}), 403);
}

TEST(Policy, EveryoneSeesAndEditsTheirOwnAccountButDoesNotManageIt) {
  auto deputy = with("deputy", "congress", 1, 7);
  EXPECT_EQ(status_of(deputy, Action::user_view, {1, {}, {}, 7}), 200);
  EXPECT_EQ(status_of(deputy, Action::user_edit_self, {1, {}, {}, 7}), 200);
  EXPECT_EQ(status_of(deputy, Action::user_manage, {1, {}, {}, 7}), 403);
  EXPECT_EQ(status_of(deputy, Action::user_edit_self, {1, {}, {}, 8}), 404);
  EXPECT_EQ(status_of(deputy, Action::user_manage, {1, {}, {}, 8}), 404);
}

TEST(Policy, AdministrativeActionsAreForbiddenNotHidden) {
  auto staff = with("staff", "congress", 1);
  EXPECT_EQ(status_of(staff, Action::token_manage, {}), 403);
  EXPECT_EQ(status_of(staff, Action::region_manage, {}), 403);
}

TEST(Policy, AnonymousCallersAreAskedToSignInAndToldWhenTheirSessionEnded) {
  Principal anonymous;
  EXPECT_EQ(status_of(anonymous, Action::user_view, {1}), 401);
  anonymous.anonymous_reason = "session_expired";
  try {
    enforce(anonymous, Action::user_view, {1}, "x");
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), "session_expired");
  }
}

TEST(Policy, ListScopesFollowTheGrants) {
  auto staff = with("staff", "congress", 20);
  auto users = list_scope(staff, Action::user_view);
  EXPECT_FALSE(users.all);
  EXPECT_EQ(users.congress_ids, std::vector<std::int64_t>{20});
  EXPECT_EQ(users.user_id, 100);
  auto keeper = with("station_keeper", "station", 3);
  auto stations = list_scope(keeper, Action::station_view);
  EXPECT_EQ(stations.station_ids, std::vector<std::int64_t>{3});
  EXPECT_TRUE(stations.congress_ids.empty());
  EXPECT_TRUE(list_scope(with("admin", "global", std::nullopt), Action::audit_view).all);
  EXPECT_TRUE(list_scope(with("deputy", "congress", 1), Action::audit_view).nothing());
}
