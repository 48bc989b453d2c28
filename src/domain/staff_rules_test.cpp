// Unit tests of the staff rules: roles, self-changes and the last admin.
#include "domain/staff_rules.hpp"

#include <gtest/gtest.h>

namespace plumbline::domain {
namespace {

User staff_user(std::int64_t id, Role role) {
  User u;
  u.id = domain::UserId{id};
  u.email = "s" + std::to_string(id) + "@example.com";
  u.role = role;
  return u;
}

std::optional<ErrorCode> refusal(std::int64_t actor, const User& target, bool closed,
                                 std::optional<std::string> role, int admins) {
  auto e = staff_change_refusal(actor, target, closed, role, admins);
  return e ? std::optional(e->code) : std::nullopt;
}

TEST(StaffRules, RolesAndLabels) {
  EXPECT_TRUE(valid_staff_role("admin"));
  EXPECT_TRUE(valid_staff_role("support"));
  EXPECT_FALSE(valid_staff_role("plumber"));
  EXPECT_FALSE(valid_staff_role(""));
  EXPECT_EQ(staff_role_label(Role::support), "Support");
  EXPECT_EQ(staff_role_label(Role::admin), "Admin");
}

TEST(StaffRules, ChangesAndRemovalsOfOthersAreAllowed) {
  EXPECT_EQ(refusal(1, staff_user(2, Role::support), false, "admin", 1), std::nullopt);
  EXPECT_EQ(refusal(1, staff_user(2, Role::admin), false, "support", 2), std::nullopt);
  EXPECT_EQ(refusal(1, staff_user(2, Role::admin), false, std::nullopt, 2), std::nullopt);
}

TEST(StaffRules, NobodyChangesOrRemovesThemselves) {
  EXPECT_EQ(refusal(1, staff_user(1, Role::admin), false, "support", 3), ErrorCode::forbidden);
  EXPECT_EQ(refusal(1, staff_user(1, Role::admin), false, std::nullopt, 3), ErrorCode::forbidden);
}

TEST(StaffRules, TheLastAdminStays) {
  EXPECT_EQ(refusal(9, staff_user(2, Role::admin), false, "support", 1), ErrorCode::conflict);
  EXPECT_EQ(refusal(9, staff_user(2, Role::admin), false, std::nullopt, 1), ErrorCode::conflict);
  EXPECT_EQ(refusal(9, staff_user(2, Role::admin), false, "admin", 1), std::nullopt);
}

TEST(StaffRules, OnlyOpenStaffAndKnownRoles) {
  EXPECT_EQ(refusal(1, staff_user(2, Role::plumber), false, "admin", 2), ErrorCode::not_found);
  EXPECT_EQ(refusal(1, staff_user(2, Role::support), true, "admin", 2), ErrorCode::not_found);
  EXPECT_EQ(refusal(1, staff_user(2, Role::support), false, "owner", 2), ErrorCode::invalid_input);
}

}  // namespace
}  // namespace plumbline::domain
