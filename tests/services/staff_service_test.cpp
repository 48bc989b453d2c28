// The staff service against a real database (SQLite, and PostgreSQL with TEST_PG_URL) and a fixed
// clock: invitations (refusals, the 72-hour single-use link), accepting one, role changes and
// removal with their audit rows, each refusal changing nothing.
#include <gtest/gtest.h>

#include <algorithm>
#include <boost/json.hpp>
#include <cstdlib>

#include "crypto/sealed.hpp"
#include "database_test.hpp"
#include "services/staff.hpp"
#include "store/store.hpp"

namespace plumbline::staff_service_test {
namespace {

const std::string staff_secret = "test-secret-0123456789abcdef0123456789";
constexpr domain::Millis staff_t0 = 1'800'000'000'000;

class StaffTest : public testing::DatabaseTest {
 protected:
  void SetUp() override {
    open_database();
    if (IsSkipped()) return;
    services::AccountSettings s;
    s.base_url = "http://plumbline.test";
    s.secret_key = staff_secret;
    s.password_params = {1, 8192};  // cheap hashes keep the suite fast
    staff_ = std::make_unique<services::StaffService>(*store_, clock_, policy_, s);
    admin_ = add_user("boss@example.com", domain::Role::admin);
    actor_ = {domain::UserId{admin_}, "boss@example.com", domain::Role::admin, "203.0.113.7"};
  }

  std::int64_t add_user(const std::string& email, domain::Role role) {
    domain::User u;
    u.email = email;
    u.password_hash = "!";
    u.role = role;
    u.email_verified_at = staff_t0;
    u.created_at = u.updated_at = staff_t0;
    std::int64_t id = 0;
    store_->write_tx([&](store::Tx& tx) {
      id = tx.insert_user(u).value;
      return true;
    });
    return id;
  }
  std::optional<domain::User> user(std::int64_t id) {
    return store_->read<std::optional<domain::User>>(
        [&](store::Tx& tx) { return tx.user_by_id(domain::UserId{id}); });
  }
  std::vector<std::string> actions() {
    auto rows = store_->read<std::vector<domain::AuditEntry>>(
        [](store::Tx& tx) { return tx.list_audit({}); });
    std::vector<std::string> out;
    for (auto it = rows.rbegin(); it != rows.rend(); ++it) out.push_back(it->action);
    return out;
  }
  // The raw token of the newest invitation e-mailed to `to` (links are sealed in the outbox).
  std::string invite_token(const std::string& to) {
    auto all = store_->read<std::vector<domain::OutboxMessage>>(
        [](store::Tx& tx) { return tx.messages_by_status("", 1000); });
    std::string token;
    std::int64_t newest = 0;
    for (const auto& m : all) {
      if (m.kind != "staff_invite" || m.recipient != to || m.id < newest) continue;
      newest = m.id;
      auto opened = crypto::unseal(staff_secret, m.sealed_json);
      if (!opened) continue;
      std::string link(boost::json::parse(*opened).at("link").as_string());
      token = link.substr(link.rfind('/') + 1);
    }
    return token;
  }

  services::FixedClock clock_{staff_t0};
  crypto::PasswordPolicy policy_ = crypto::PasswordPolicy::from_list({"password"});
  std::unique_ptr<services::StaffService> staff_;
  std::int64_t admin_ = 0;
  domain::Actor actor_;
};

TEST_P(StaffTest, AnInvitationIsAccepted_OnceAndWithin72Hours) {
  auto u = staff_->invite(actor_, " Helper@Example.com ", "support");
  ASSERT_TRUE(u.ok()) << u.error().message;
  EXPECT_EQ(u->email, "helper@example.com");
  EXPECT_FALSE(user(u->id.value)->verified());
  auto token = invite_token("helper@example.com");
  ASSERT_FALSE(token.empty());
  EXPECT_EQ(staff_->invitation_email(token).value(), "helper@example.com");
  EXPECT_EQ(staff_->accept(token, "password", "").error().code, domain::ErrorCode::invalid_input);
  auto accepted = staff_->accept(token, "Support-Desk-Quarry-4471", "198.51.100.2");
  ASSERT_TRUE(accepted.ok()) << accepted.error().message;
  EXPECT_TRUE(user(u->id.value)->verified());
  EXPECT_EQ(staff_->accept(token, "Another-Long-Pass-7781", "").error().code,
            domain::ErrorCode::not_found);
  EXPECT_EQ(actions(), (std::vector<std::string>{"staff.invite", "auth.password_set"}));

  ASSERT_TRUE(staff_->invite(actor_, "late@example.com", "admin").ok());
  auto late = invite_token("late@example.com");
  clock_.advance_ms(72LL * 3600 * 1000);
  EXPECT_EQ(staff_->invitation_email(late).error().code, domain::ErrorCode::not_found);
}

TEST_P(StaffTest, TakenAddressesAndUnknownRolesAreRefusedWithNothingWritten) {
  add_user("plumber@example.com", domain::Role::plumber);
  auto plumber = staff_->invite(actor_, "plumber@example.com", "support");
  EXPECT_EQ(plumber.error().code, domain::ErrorCode::conflict);
  EXPECT_NE(plumber.error().message.find("plumber account"), std::string::npos);
  EXPECT_EQ(staff_->invite(actor_, "x@example.com", "owner").error().code,
            domain::ErrorCode::invalid_input);
  EXPECT_EQ(staff_->invite(actor_, "nope", "support").error().code,
            domain::ErrorCode::invalid_input);
  EXPECT_TRUE(actions().empty());
  EXPECT_TRUE(invite_token("x@example.com").empty());
}

TEST_P(StaffTest, RoleChangesAndRemovalAreAuditedAndSelfChangesRefused) {
  auto helper = add_user("helper@example.com", domain::Role::support);
  EXPECT_EQ(staff_->change_role(actor_, domain::UserId{admin_}, "support", "").error().code,
            domain::ErrorCode::forbidden);
  EXPECT_EQ(staff_->remove(actor_, domain::UserId{admin_}, "").error().code,
            domain::ErrorCode::forbidden);
  EXPECT_TRUE(actions().empty());
  ASSERT_TRUE(staff_->change_role(actor_, domain::UserId{helper}, "admin", "covers billing").ok());
  EXPECT_EQ(user(helper)->role, "admin");
  // Issue 15: the role change ends the API tokens issued for the old role (generation 0 -> 1).
  auto standing = store_->read<std::optional<domain::TokenStanding>>(
      [&](store::Tx& tx) { return tx.user_token_standing(domain::UserId{helper}); });
  ASSERT_TRUE(standing);
  EXPECT_EQ(standing->generation, 1);
  ASSERT_TRUE(staff_->remove(actor_, domain::UserId{helper}, "left").ok());
  EXPECT_EQ(staff_->remove(actor_, domain::UserId{helper}, "again").error().code,
            domain::ErrorCode::not_found);
  EXPECT_EQ(actions(), (std::vector<std::string>{"staff.role_change", "staff.remove"}));
  auto listed = staff_->list();
  ASSERT_TRUE(listed.ok());
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ(listed->front().user.id, domain::UserId{admin_});
}

TEST_P(StaffTest, ARemovedStaffMemberInvitedAgainGetsTheirAccountBackWithNothingOfBefore) {
  auto first = staff_->invite(actor_, "back@example.com", "support");
  ASSERT_TRUE(first.ok()) << first.error().message;
  ASSERT_TRUE(
      staff_->accept(invite_token("back@example.com"), "Support-Desk-Quarry-4471", "").ok());
  store_->write_tx([&](store::Tx& tx) {  // two-factor as enrolment leaves it
    tx.put_two_factor_secret(first->id, "sealed-key", staff_t0);
    tx.replace_recovery_codes(first->id, {std::string(64, 'a'), std::string(64, 'b')});
    return true;
  });
  ASSERT_TRUE(staff_->remove(actor_, domain::UserId{first->id}, "left the company").ok());
  auto open_again = staff_->invite(actor_, "someone@example.com", "support");
  ASSERT_TRUE(open_again.ok());
  EXPECT_EQ(staff_->invite(actor_, "someone@example.com", "admin").error().code,
            domain::ErrorCode::conflict);  // an open staff account is not invited twice

  clock_.advance_ms(3'600'000);
  auto again = staff_->invite(actor_, "back@example.com", "admin");
  ASSERT_TRUE(again.ok()) << again.error().message;
  EXPECT_EQ(again->id, first->id);  // one id per person in the audit trail
  auto u = user(first->id.value);
  EXPECT_EQ(u->role, "admin");
  EXPECT_EQ(u->password_hash, "!invited");  // the old password no longer signs in
  store_->read<bool>([&](store::Tx& tx) {
    EXPECT_FALSE(tx.user_closure(first->id).has_value());
    EXPECT_FALSE(tx.two_factor(first->id).has_value());  // enrols again before the console
    EXPECT_EQ(tx.count_unused_recovery_codes(first->id), 0);
    return true;
  });
  auto listed = staff_->list();
  ASSERT_TRUE(listed.ok());
  EXPECT_EQ(listed->size(), 3u);  // the admin, someone@ and back@
  auto token = invite_token("back@example.com");
  auto accepted = staff_->accept(token, "Back-Again-Ledger-9320", "");
  ASSERT_TRUE(accepted.ok()) << accepted.error().message;
  EXPECT_EQ(accepted->id, first->id);
  const auto a = actions();
  EXPECT_EQ(std::count(a.begin(), a.end(), "staff.invite"), 3);
  EXPECT_EQ(a.back(), "auth.password_set");
}

INSTANTIATE_TEST_SUITE_P(Backends, StaffTest, ::testing::Values("sqlite", "postgres"));

}  // namespace
}  // namespace plumbline::staff_service_test
