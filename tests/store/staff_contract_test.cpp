// The staff storage contract on SQLite and PostgreSQL: migration 0015 lets users.role be
// 'support' and auth_tokens.purpose be 'staff_invite' (and still refuses unknown values); the
// staff list and the open-admin count.
#include "store_fixture.hpp"

namespace plumbline::store::staff_store_test {
namespace {

using namespace accounts_test;  // the shared fixture (store_fixture.hpp)

class StaffStore : public AccountsFixture {
 protected:
  std::vector<domain::StaffMember> staff() {
    return read<std::vector<domain::StaffMember>>([](Tx& tx) { return tx.list_staff(); });
  }
  int open_admins() {
    return read<int>([](Tx& tx) { return tx.count_open_users_with_role(domain::Role::admin); });
  }
};

TEST_P(StaffStore, SupportRoleIsAcceptedAndUnknownRolesStillRefused) {
  auto id = add_user(make_user("helper@example.com", domain::Role::support));
  EXPECT_EQ(user(id).role, "support");
  EXPECT_EQ(failure([](Tx& tx) { tx.insert_user(make_user("boss@example.com", unknown_role)); }),
            std::optional(StoreErrorKind::check_violation));
  // A role can be changed to support and back; an unknown one is refused.
  auto other = add_user("later@example.com");
  write([&](Tx& tx) { tx.set_user_role(domain::UserId{other}, domain::Role::support, t0 + 1); });
  EXPECT_EQ(user(other).role, "support");
  EXPECT_EQ(failure([&](Tx& tx) { tx.set_user_role(domain::UserId{other}, unknown_role, t0 + 2); }),
            std::optional(StoreErrorKind::check_violation));
  EXPECT_EQ(user(other).role, "support");
}

TEST_P(StaffStore, StaffInviteTokensAreAcceptedAndUnknownPurposesRefused) {
  auto id = add_user(make_user("invitee@example.com", domain::Role::support));
  domain::AuthToken t{std::string(64, 'a'), domain::UserId{id}, "staff_invite", "", t0, t0 + 1000,
                      std::nullopt};
  write([&](Tx& tx) { tx.insert_auth_token(t); });
  auto back = read<std::optional<domain::AuthToken>>(
      [&](Tx& tx) { return tx.auth_token_by_hash(std::string(64, 'a')); });
  ASSERT_TRUE(back);
  EXPECT_EQ(back->purpose, "staff_invite");
  t.token_hash = std::string(64, 'b');
  t.purpose = "free_credits";
  EXPECT_EQ(failure([&](Tx& tx) { tx.insert_auth_token(t); }),
            std::optional(StoreErrorKind::check_violation));
}

TEST_P(StaffStore, ListsOpenStaffWithSecondFactorAndLastSignIn) {
  auto admin = add_user(make_user("zed-admin@example.com", domain::Role::admin));
  auto helper = add_user(make_user("amy-support@example.com", domain::Role::support));
  add_user("plumber@example.com");
  auto gone = add_user(make_user("gone@example.com", domain::Role::support));
  write([&](Tx& tx) {
    tx.close_user(domain::UserId{gone}, "staff access removed", admin, t0 + 1);
    tx.put_two_factor_secret(domain::UserId{admin}, "sealed", t0);
    tx.enable_two_factor(domain::UserId{admin}, 10, t0 + 2);
    domain::AuditEntry e;
    e.actor_user_id = domain::UserId{admin};
    e.action = "auth.sign_in";
    e.at = t0 + 50;
    tx.append_audit(e);
    e.at = t0 + 70;
    tx.append_audit(e);
    e.action = "lead.close";  // not a sign-in
    e.at = t0 + 90;
    tx.append_audit(e);
  });
  auto rows = staff();
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].user.id, domain::UserId{helper});  // by e-mail
  EXPECT_FALSE(rows[0].two_factor_on);
  EXPECT_FALSE(rows[0].last_sign_in_at.has_value());
  EXPECT_EQ(rows[1].user.id, domain::UserId{admin});
  EXPECT_TRUE(rows[1].two_factor_on);
  EXPECT_EQ(rows[1].last_sign_in_at, std::optional<Millis>(t0 + 70));
  EXPECT_EQ(open_admins(), 1);
  write([&](Tx& tx) { tx.set_user_role(domain::UserId{helper}, domain::Role::admin, t0 + 3); });
  EXPECT_EQ(open_admins(), 2);
}

INSTANTIATE_TEST_SUITE_P(Backends, StaffStore, ::testing::Values("sqlite", "postgres"),
                         backend_name);

}  // namespace
}  // namespace plumbline::store::staff_store_test
