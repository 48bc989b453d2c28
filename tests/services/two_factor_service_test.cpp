// Two-factor sign-in against a real database (SQLite, and PostgreSQL with TEST_PG_URL) and a fixed
// clock: enrolment, the log-in's second step, replay, recovery codes, admins' forced enrolment,
// API tokens, and the new-device notice.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <cstdlib>

#include "crypto/sealed.hpp"
#include "crypto/tokens.hpp"
#include "crypto/totp.hpp"
#include "database_test.hpp"
#include "services/accounts.hpp"
#include "store/store.hpp"

namespace plumbline::two_factor_test {
namespace {

const std::string tf_secret = "test-secret-0123456789abcdef0123456789";
constexpr domain::Millis tf_t0 = 1'800'000'000'000;
const std::string tf_password = "correct horse battery";

class TwoFactorTest : public testing::DatabaseTest {
 protected:
  void SetUp() override {
    open_database();
    if (IsSkipped()) return;
    services::AccountSettings s;
    s.base_url = "http://plumbline.test";
    s.secret_key = tf_secret;
    s.jwt_keys = {{"k1", std::string(40, 'k')}};
    s.password_params = {1, 8192};
    accounts_ = std::make_unique<services::AccountService>(*store_, clock_, policy_, s);
  }

  // A verified plumber, signed in once (the account's first device).
  domain::User plumber(const std::string& email = "pat@example.com") {
    auto u = accounts_->signup_plumber(
        {"Pat's Plumbing", "Pat Lee", email, "(415) 555-0134", tf_password});
    EXPECT_TRUE(u.ok());
    auto s = accounts_->login(email, tf_password, false, client_);
    EXPECT_TRUE(s.ok());
    device_ = s.ok() ? s->device_cookie : "";
    store_->write_tx([&](store::Tx& tx) {
      tx.set_user_email_verified(u->id, tf_t0);
      return true;
    });
    return *accounts_->user(domain::UserId{u->id});
  }

  // Sets up two-factor; returns the raw TOTP key and keeps the recovery codes.
  std::string enrol(std::int64_t id) {
    domain::UserId user_id{id};
    EXPECT_TRUE(accounts_->start_two_factor(user_id).ok());
    auto st = accounts_->two_factor_status(user_id);
    EXPECT_TRUE(st.pending);
    EXPECT_NE(st.otpauth_uri.find("otpauth://totp/Plumbline:"), std::string::npos);
    auto key = crypto::base32_decode(st.secret_base32);
    EXPECT_TRUE(key && key->size() == 20);
    auto codes = accounts_->confirm_two_factor(user_id, code(*key), client_);
    EXPECT_TRUE(codes.ok());
    if (codes.ok()) recovery_ = codes.value();
    clock_.advance_ms(30'000);  // the enrolment spent this step's code
    return *key;
  }

  std::string code(const std::string& key) { return crypto::totp(key, clock_.now_ms() / 1000); }

  int messages(const std::string& kind) {
    auto all = store_->read<std::vector<domain::OutboxMessage>>(
        [](store::Tx& tx) { return tx.messages_by_status("", 1000); });
    return static_cast<int>(
        std::count_if(all.begin(), all.end(), [&](const auto& m) { return m.kind == kind; }));
  }

  services::ClientInfo on_device() { return {"203.0.113.5", "test", device_}; }

  services::FixedClock clock_{tf_t0};
  crypto::PasswordPolicy policy_ = crypto::PasswordPolicy::from_list({"password"});
  std::unique_ptr<services::AccountService> accounts_;
  services::ClientInfo client_{"203.0.113.5", "test"};
  std::string device_;
  std::vector<std::string> recovery_;
};

TEST_P(TwoFactorTest, EnrolmentNeedsACurrentCodeAndStoresTheKeySealed) {
  auto u = plumber();
  EXPECT_FALSE(accounts_->two_factor_status(domain::UserId{u.id}).enabled);
  ASSERT_TRUE(accounts_->start_two_factor(domain::UserId{u.id}).ok());
  auto st = accounts_->two_factor_status(domain::UserId{u.id});
  auto key = *crypto::base32_decode(st.secret_base32);
  auto stored = store_->read<std::optional<domain::TwoFactor>>(
      [&](store::Tx& tx) { return tx.two_factor(u.id); });
  ASSERT_TRUE(stored);
  EXPECT_EQ(stored->secret_sealed.find(st.secret_base32), std::string::npos);  // never in clear
  EXPECT_EQ(crypto::unseal(tf_secret, stored->secret_sealed), st.secret_base32);
  auto wrong = accounts_->confirm_two_factor(domain::UserId{u.id},
                                             "000000" == code(key) ? "111111" : "000000", client_);
  ASSERT_FALSE(wrong.ok());
  EXPECT_EQ(wrong.error().code, domain::ErrorCode::invalid_input);
  auto codes = accounts_->confirm_two_factor(domain::UserId{u.id}, code(key), client_);
  ASSERT_TRUE(codes.ok());
  EXPECT_EQ(codes->size(), 10u);
  // The audit row of the change carries the address it came from.
  domain::AuditFilter enabled;
  enabled.action = "auth.two_factor_enabled";
  enabled.target_id = std::to_string(u.id.value);
  auto rows = store_->read<std::vector<domain::AuditEntry>>(
      [&](store::Tx& tx) { return tx.list_audit(enabled); });
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].ip, "203.0.113.5");
  st = accounts_->two_factor_status(domain::UserId{u.id});
  EXPECT_TRUE(st.enabled);
  EXPECT_FALSE(st.pending);
  EXPECT_EQ(st.recovery_codes_left, 10);
  EXPECT_EQ(accounts_->start_two_factor(domain::UserId{u.id}).error().code,
            domain::ErrorCode::conflict);
}

TEST_P(TwoFactorTest, LogInNeedsTheCodeAndACodeWorksOnce) {
  auto u = plumber();
  auto key = enrol(u.id.value);
  auto first = accounts_->login(u.email, tf_password, false, on_device());
  ASSERT_TRUE(first.ok());
  EXPECT_TRUE(first->cookie_value.empty());  // no session before the second step
  ASSERT_FALSE(first->challenge.empty());
  EXPECT_FALSE(accounts_->session_user(first->challenge).has_value());
  auto bad = accounts_->complete_login(first->challenge, "12345", on_device());
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, domain::ErrorCode::unauthorized);
  auto c = code(key);
  auto ok = accounts_->complete_login(first->challenge, c, on_device());
  ASSERT_TRUE(ok.ok()) << ok.error().message;
  EXPECT_TRUE(accounts_->session_user(ok->cookie_value).has_value());
  // The challenge is spent; the same code is refused for a new log-in (replay).
  EXPECT_FALSE(accounts_->complete_login(first->challenge, c, on_device()).ok());
  auto second = accounts_->login(u.email, tf_password, false, on_device());
  ASSERT_TRUE(second.ok());
  auto replay = accounts_->complete_login(second->challenge, c, on_device());
  ASSERT_FALSE(replay.ok());
  EXPECT_EQ(replay.error().code, domain::ErrorCode::unauthorized);
  clock_.advance_ms(30'000);
  EXPECT_TRUE(accounts_->complete_login(second->challenge, code(key), on_device()).ok());
}

TEST_P(TwoFactorTest, RecoveryCodesWorkOnceEach) {
  auto u = plumber();
  enrol(u.id.value);
  ASSERT_EQ(recovery_.size(), 10u);
  auto a = accounts_->login(u.email, tf_password, false, on_device());
  auto upper = recovery_[0];
  for (auto& ch : upper) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  ASSERT_TRUE(accounts_->complete_login(a->challenge, " " + upper + " ", on_device()).ok());
  EXPECT_EQ(accounts_->two_factor_status(domain::UserId{u.id}).recovery_codes_left, 9);
  auto b = accounts_->login(u.email, tf_password, false, on_device());
  EXPECT_FALSE(accounts_->complete_login(b->challenge, recovery_[0], on_device()).ok());
  EXPECT_TRUE(accounts_->complete_login(b->challenge, recovery_[1], on_device()).ok());
}

TEST_P(TwoFactorTest, WrongCodesEndTheChallengeAndAreThrottled) {
  auto u = plumber();
  auto key = enrol(u.id.value);
  auto a = accounts_->login(u.email, tf_password, false, on_device());
  for (int i = 0; i < 4; ++i)
    EXPECT_EQ(accounts_->complete_login(a->challenge, "abcde-fghij", on_device()).error().code,
              domain::ErrorCode::unauthorized);
  // The fifth wrong code ends the challenge: the password is asked again.
  EXPECT_EQ(accounts_->complete_login(a->challenge, "abcde-fghij", on_device()).error().code,
            domain::ErrorCode::not_found);
  auto b = accounts_->login(u.email, tf_password, false, on_device());
  auto waited = accounts_->complete_login(b->challenge, code(key), on_device());
  ASSERT_FALSE(waited.ok());
  EXPECT_EQ(waited.error().code, domain::ErrorCode::rate_limited);
  EXPECT_GT(waited.error().retry_after_seconds, 0);
  clock_.advance_ms(31'000);
  EXPECT_TRUE(accounts_->complete_login(b->challenge, code(key), on_device()).ok());
}

TEST_P(TwoFactorTest, ChallengeExpires) {
  auto u = plumber();
  auto key = enrol(u.id.value);
  auto a = accounts_->login(u.email, tf_password, false, on_device());
  EXPECT_TRUE(accounts_->two_factor_challenge_alive(a->challenge));
  clock_.advance_ms(domain::two_factor_challenge_ttl_ms + 1);
  EXPECT_FALSE(accounts_->two_factor_challenge_alive(a->challenge));
  EXPECT_EQ(accounts_->complete_login(a->challenge, code(key), on_device()).error().code,
            domain::ErrorCode::not_found);
}

TEST_P(TwoFactorTest, AdminsMustEnrolBeforeAnythingElse) {
  auto admin = accounts_->create_admin("boss@example.com", "an admin passphrase");
  ASSERT_TRUE(admin.ok());
  auto s = accounts_->login("boss@example.com", "an admin passphrase", false, client_);
  ASSERT_TRUE(s.ok());
  EXPECT_TRUE(s->challenge.empty());
  EXPECT_TRUE(s->must_enrol_two_factor);
  EXPECT_TRUE(accounts_->session_user(s->cookie_value)->must_enrol_two_factor);
  EXPECT_TRUE(accounts_->two_factor_status(domain::UserId{admin->id}).required);
  auto t = accounts_->issue_tokens("boss@example.com", "an admin passphrase", client_);
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.error().code, domain::ErrorCode::two_factor_setup_required);
  auto key = enrol(admin->id.value);
  EXPECT_FALSE(accounts_->session_user(s->cookie_value)->must_enrol_two_factor);
  // Admins cannot turn it off.
  EXPECT_EQ(
      accounts_
          ->disable_two_factor(domain::UserId{admin->id}, "an admin passphrase", code(key), client_)
          .error()
          .code,
      domain::ErrorCode::forbidden);
  // Plumbers are never forced.
  auto u = plumber();
  auto ps = accounts_->login(u.email, tf_password, false, on_device());
  EXPECT_FALSE(ps->must_enrol_two_factor);
}

TEST_P(TwoFactorTest, TokensNeedTheSecondFactor) {
  auto admin = accounts_->create_admin("boss@example.com", "an admin passphrase");
  auto key = enrol(admin->id.value);
  auto none = accounts_->issue_tokens("boss@example.com", "an admin passphrase", client_);
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.error().code, domain::ErrorCode::two_factor_required);
  auto wrong = accounts_->issue_tokens("boss@example.com", "an admin passphrase", client_, "1");
  ASSERT_FALSE(wrong.ok());
  EXPECT_EQ(wrong.error().code, domain::ErrorCode::unauthorized);
  auto c = code(key);
  auto ok = accounts_->issue_tokens("boss@example.com", "an admin passphrase", client_, c);
  ASSERT_TRUE(ok.ok()) << ok.error().message;
  EXPECT_FALSE(accounts_->issue_tokens("boss@example.com", "an admin passphrase", client_, c).ok());
  EXPECT_TRUE(
      accounts_->issue_tokens("boss@example.com", "an admin passphrase", client_, recovery_[3])
          .ok());
}

TEST_P(TwoFactorTest, PlumbersMayTurnItOffWithPasswordAndCode) {
  auto u = plumber();
  auto key = enrol(u.id.value);
  EXPECT_FALSE(
      accounts_->disable_two_factor(domain::UserId{u.id}, "wrong password!", code(key), client_)
          .ok());
  EXPECT_FALSE(
      accounts_->disable_two_factor(domain::UserId{u.id}, tf_password, "000", client_).ok());
  clock_.advance_ms(3000);
  ASSERT_TRUE(
      accounts_->disable_two_factor(domain::UserId{u.id}, tf_password, code(key), client_).ok());
  EXPECT_FALSE(accounts_->two_factor_status(domain::UserId{u.id}).enabled);
  EXPECT_EQ(accounts_->two_factor_status(domain::UserId{u.id}).recovery_codes_left, 0);
  auto s = accounts_->login(u.email, tf_password, false, on_device());
  ASSERT_TRUE(s.ok());
  EXPECT_FALSE(s->cookie_value.empty());
}

TEST_P(TwoFactorTest, ClosingAnAccountWithTwoFactorNeedsTheCodeToo) {
  auto u = plumber();
  auto key = enrol(u.id.value);
  clock_.advance_ms(31'000);  // the enrolment code's step is spent
  auto no_code = accounts_->close_account(domain::UserId{u.id}, tf_password, std::nullopt, client_);
  ASSERT_FALSE(no_code.ok());
  ASSERT_FALSE(no_code.error().details.empty());
  EXPECT_EQ(no_code.error().details.front().field, "code");
  clock_.advance_ms(31'000);
  EXPECT_FALSE(
      accounts_->close_account(domain::UserId{u.id}, tf_password, std::string("000000"), client_)
          .ok());
  EXPECT_FALSE(accounts_->account_closed(domain::UserId{u.id}));
  clock_.advance_ms(31'000);
  ASSERT_TRUE(accounts_->close_account(domain::UserId{u.id}, tf_password, code(key), client_).ok());
  EXPECT_TRUE(accounts_->account_closed(domain::UserId{u.id}));
}

TEST_P(TwoFactorTest, NewDeviceNoticeOncePerDeviceNotOnTheFirstSignIn) {
  auto u = plumber();  // sign-up signs in: the account's first device, no notice
  EXPECT_EQ(messages("new_device"), 0);
  auto again = accounts_->login(u.email, tf_password, false, on_device());  // known device
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(messages("new_device"), 0);
  auto elsewhere = accounts_->login(u.email, tf_password, false, client_);  // no device cookie
  ASSERT_TRUE(elsewhere.ok());
  EXPECT_FALSE(elsewhere->device_cookie.empty());
  EXPECT_EQ(messages("new_device"), 1);
  services::ClientInfo that{"198.51.100.7", "other", elsewhere->device_cookie};
  EXPECT_TRUE(accounts_->login(u.email, tf_password, false, that).ok());
  EXPECT_EQ(messages("new_device"), 1);
  // With two-factor, the device is new only once the code is right.
  auto key = enrol(u.id.value);
  auto a = accounts_->login(u.email, tf_password, false, client_);
  ASSERT_TRUE(a->device_cookie.empty());
  EXPECT_EQ(messages("new_device"), 1);
  auto done = accounts_->complete_login(a->challenge, code(key), client_);
  ASSERT_TRUE(done.ok());
  EXPECT_FALSE(done->device_cookie.empty());
  EXPECT_EQ(messages("new_device"), 2);
}

INSTANTIATE_TEST_SUITE_P(Backends, TwoFactorTest, ::testing::Values("sqlite", "postgres"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace plumbline::two_factor_test
