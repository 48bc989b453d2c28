// Account services against a real database (SQLite, and PostgreSQL with TEST_PG_URL) and a fixed
// clock: sign-up, verification, lockout, delays, sessions, reset, unlock, e-mail change, admins,
// API tokens.
#include <gtest/gtest.h>

#include <atomic>
#include <boost/json.hpp>
#include <cstdlib>
#include <thread>

#include "crypto/sealed.hpp"
#include "crypto/tokens.hpp"
#include "database_test.hpp"
#include "services/accounts.hpp"
#include "store/store.hpp"

namespace plumbline::accounts_service_test {
namespace {

const std::string secret = "test-secret-0123456789abcdef0123456789";
constexpr domain::Millis t0 = 1'800'000'000'000;

std::vector<std::string> common_list() {
  std::vector<std::string> v = {"password", "password1", "qwertyuiop", "letmein123"};
  for (int i = 0; i < 10000; ++i) v.push_back("common" + std::to_string(i));
  return v;
}

class AccountsTest : public testing::DatabaseTest {
 protected:
  void SetUp() override {
    open_database();
    if (IsSkipped()) return;
    services::AccountSettings s;
    s.base_url = "http://plumbline.test";
    s.secret_key = secret;
    s.jwt_keys = {{"k1", std::string(40, 'k')}};
    s.password_params = {
        1, 8192};  // cheap hashes keep the suite fast; production uses OWASP's minimum
    accounts_ = std::make_unique<services::AccountService>(*store_, clock_, policy_, s);
  }

  domain::User signup(const std::string& email = "pat@example.com") {
    auto u = accounts_->signup_plumber(
        {"Pat's Plumbing", "Pat Lee", email, "(415) 555-0134", "correct horse battery"});
    EXPECT_TRUE(u.ok()) << (u.ok() ? "" : u.error().message);
    return u.value();
  }

  // The newest link e-mailed with this kind to this address (links are sealed in the outbox).
  std::string link_token(const std::string& kind, const std::string& to) {
    auto all = store_->read<std::vector<domain::OutboxMessage>>(
        [](store::Tx& tx) { return tx.messages_by_status("", 1000); });
    for (const auto& m : all) {
      if (m.kind != kind || m.recipient != to) continue;
      auto opened = crypto::unseal(secret, m.sealed_json);
      if (!opened) continue;
      std::string link(boost::json::parse(*opened).at("link").as_string());
      return link.substr(link.rfind('/') + 1);
    }
    return {};
  }

  int messages(const std::string& kind) {
    auto all = store_->read<std::vector<domain::OutboxMessage>>(
        [](store::Tx& tx) { return tx.messages_by_status("", 1000); });
    return static_cast<int>(
        std::count_if(all.begin(), all.end(), [&](const auto& m) { return m.kind == kind; }));
  }

  services::FixedClock clock_{t0};
  crypto::PasswordPolicy policy_ = crypto::PasswordPolicy::from_list(common_list());
  std::unique_ptr<services::AccountService> accounts_;
  services::ClientInfo client_{"203.0.113.5", "test"};
};

TEST_P(AccountsTest, SignupCreatesUnverifiedPlumberAndSendsOneVerificationLink) {
  auto u = signup("Pat@Example.com");
  EXPECT_EQ(u.email, "pat@example.com");
  EXPECT_FALSE(u.verified());
  EXPECT_EQ(u.role, "plumber");
  EXPECT_EQ(accounts_->plumber(domain::UserId{u.id})->phone_e164, "+14155550134");
  EXPECT_EQ(messages("verify_email"), 1);
  auto again = accounts_->signup_plumber(
      {"Bo's Pipes", "Bo Bo", "pat@example.com", "4155550135", "another good one"});
  EXPECT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, domain::ErrorCode::conflict);
}

TEST_P(AccountsTest, SignupRejectsWeakPasswords) {
  for (std::string pw : {"short", "Password1", "pat@example.com"}) {
    auto r = accounts_->signup_plumber(
        {"Pat's Plumbing", "Pat Lee", "pat@example.com", "4155550134", pw});
    ASSERT_FALSE(r.ok()) << pw;
    EXPECT_EQ(r.error().details.back().field, "password") << pw;
  }
}

TEST_P(AccountsTest, VerificationLinkIsSingleUseAndExpires) {
  auto u = signup();
  auto token = link_token("verify_email", u.email);
  ASSERT_FALSE(token.empty());
  EXPECT_FALSE(accounts_->verify_email("wrong" + token).ok());
  EXPECT_TRUE(accounts_->verify_email(token).ok());
  EXPECT_TRUE(accounts_->user(domain::UserId{u.id})->verified());
  EXPECT_FALSE(accounts_->verify_email(token).ok());  // single use

  auto v = signup("late@example.com");
  auto late = link_token("verify_email", v.email);
  clock_.advance_ms(24LL * 3600 * 1000 + 1);
  EXPECT_FALSE(accounts_->verify_email(late).ok());
}

TEST_P(AccountsTest, ResendMakesOlderVerificationLinksInvalid) {
  auto u = signup();
  auto first = link_token("verify_email", u.email);
  clock_.advance_ms(1000);
  ASSERT_TRUE(accounts_->resend_verification(domain::UserId{u.id}).ok());
  auto second = link_token("verify_email", u.email);
  EXPECT_NE(first, second);
  EXPECT_FALSE(accounts_->verify_email(first).ok());
  EXPECT_TRUE(accounts_->verify_email(second).ok());
}

TEST_P(AccountsTest, EleventhFailureLocksEvenWithTheRightPasswordUntilUnlocked) {
  auto u = signup();
  for (int i = 1; i <= 10; ++i) {
    clock_.advance_ms(31'000);  // past every progressive delay
    auto r = accounts_->login(u.email, "wrong password", false, client_);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code,
              i < 10 ? domain::ErrorCode::unauthorized : domain::ErrorCode::forbidden)
        << i;
  }
  clock_.advance_ms(31'000);
  auto locked = accounts_->login(u.email, "correct horse battery", false, client_);
  ASSERT_FALSE(locked.ok());
  EXPECT_EQ(locked.error().code, domain::ErrorCode::forbidden);
  auto token = link_token("account_locked", u.email);
  ASSERT_FALSE(token.empty());
  EXPECT_TRUE(accounts_->unlock(token).ok());
  EXPECT_FALSE(accounts_->unlock(token).ok());
  EXPECT_TRUE(accounts_->login(u.email, "correct horse battery", false, client_).ok());
}

TEST_P(AccountsTest, FailuresOutsideTheWindowDoNotLock) {
  auto u = signup();
  for (int i = 0; i < 9; ++i) {
    clock_.advance_ms(31'000);
    ASSERT_FALSE(accounts_->login(u.email, "wrong password", false, client_).ok());
  }
  clock_.advance_ms(15LL * 60 * 1000);
  auto r = accounts_->login(u.email, "wrong password", false, client_);
  EXPECT_EQ(r.error().code, domain::ErrorCode::unauthorized);
}

TEST_P(AccountsTest, ProgressiveDelayRefusesQuickRetries) {
  auto u = signup();
  for (int i = 0; i < 3; ++i) ASSERT_FALSE(accounts_->login(u.email, "wrong", false, client_).ok());
  auto r = accounts_->login(u.email, "correct horse battery", false, client_);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, domain::ErrorCode::rate_limited);
  EXPECT_GE(r.error().retry_after_seconds, 1);
  clock_.advance_ms(2000);
  EXPECT_TRUE(accounts_->login(u.email, "correct horse battery", false, client_).ok());
}

TEST_P(AccountsTest, UnknownEmailAndWrongPasswordLookTheSame) {
  signup();
  auto a = accounts_->login("nobody@example.com", "whatever123", false, client_);
  auto b = accounts_->login("pat@example.com", "whatever123", false, client_);
  EXPECT_EQ(a.error().code, b.error().code);
  EXPECT_EQ(a.error().message, b.error().message);
}

TEST_P(AccountsTest, UnknownAddressesGetTheSameDelaysAndLockAnswers) {
  signup();
  auto codes = [&](const std::string& email) {
    std::vector<domain::ErrorCode> out;
    for (int i = 0; i < 4; ++i)
      out.push_back(accounts_->login(email, "wrong guess", false, client_).error().code);
    for (int i = 0; i < 8; ++i) {
      clock_.advance_ms(31'000);
      out.push_back(accounts_->login(email, "wrong guess", false, client_).error().code);
    }
    return out;
  };
  auto known = codes("pat@example.com");
  auto unknown = codes("nobody@example.com");
  EXPECT_EQ(known, unknown);
  EXPECT_EQ(known[3], domain::ErrorCode::rate_limited);
  EXPECT_EQ(known.back(), domain::ErrorCode::forbidden);
}

TEST_P(AccountsTest, ParallelGuessesAreCountedBeforeAnyIsChecked) {
  auto u = signup();
  std::vector<std::thread> threads;
  std::atomic<int> checked{0}, throttled{0};
  for (int i = 0; i < 40; ++i)
    threads.emplace_back([&] {
      auto r = accounts_->login(u.email, "a wrong guess", false, client_);
      if (!r.ok() && r.error().code == domain::ErrorCode::unauthorized) ++checked;
      if (!r.ok() && r.error().code == domain::ErrorCode::rate_limited) ++throttled;
    });
  for (auto& t : threads) t.join();
  // Three free failures, then a wait: however many arrive at once, only three are compared.
  EXPECT_EQ(checked.load(), 3);
  EXPECT_EQ(throttled.load(), 37);
}

TEST_P(AccountsTest, AFloodOfFailuresDoesNotLockTheOwnerOutOfAKnownDevice) {
  auto u = signup();
  auto first = accounts_->login(u.email, "correct horse battery", false, client_);
  ASSERT_TRUE(first.ok());
  ASSERT_FALSE(first->device_cookie.empty());  // this browser is now a known device
  services::ClientInfo owner{"198.51.100.7", "owner's browser", first->device_cookie};
  services::ClientInfo attacker{"203.0.113.66", "attacker"};
  for (int i = 0; i < 10; ++i) {
    clock_.advance_ms(31'000);
    ASSERT_FALSE(accounts_->login(u.email, "guess " + std::to_string(i), false, attacker).ok());
  }
  clock_.advance_ms(31'000);
  EXPECT_EQ(accounts_->login(u.email, "correct horse battery", false, attacker).error().code,
            domain::ErrorCode::forbidden);  // locked for unknown devices
  EXPECT_EQ(accounts_->login(u.email, "correct horse battery", false, client_).error().code,
            domain::ErrorCode::forbidden);  // a browser without the device cookie too
  auto again = accounts_->login(u.email, "correct horse battery", false, owner);
  ASSERT_TRUE(again.ok()) << again.error().message;
  EXPECT_TRUE(again->device_cookie.empty());  // still the same known device
  // A known device has its own small budget: five wrong passwords, then it waits too.
  for (int i = 0; i < 5; ++i) ASSERT_FALSE(accounts_->login(u.email, "oops", false, owner).ok());
  EXPECT_EQ(accounts_->login(u.email, "correct horse battery", false, owner).error().code,
            domain::ErrorCode::rate_limited);
  // A device cookie of another account, or a made-up one, is just an unknown device.
  services::ClientInfo forged{"198.51.100.7", "forger", std::string(32, 'x')};
  EXPECT_EQ(accounts_->login(u.email, "correct horse battery", false, forged).error().code,
            domain::ErrorCode::forbidden);
}

TEST_P(AccountsTest, OneClientAddressHasABudgetAcrossAccounts) {
  auto u = signup();
  services::ClientInfo sprayer{"203.0.113.99", "sprayer"};
  for (int i = 0; i < domain::address_failures; ++i)
    ASSERT_FALSE(
        accounts_->login("nobody" + std::to_string(i) + "@example.com", "pw", false, sprayer).ok());
  auto r = accounts_->login(u.email, "correct horse battery", false, sprayer);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, domain::ErrorCode::rate_limited);
  EXPECT_EQ(accounts_->login("nobody-else@example.com", "pw", false, sprayer).error().code,
            domain::ErrorCode::rate_limited);
  EXPECT_TRUE(accounts_->login(u.email, "correct horse battery", false, client_)
                  .ok());  // others are served
  clock_.advance_ms(domain::lockout_window_ms + 1);
  EXPECT_TRUE(accounts_->login(u.email, "correct horse battery", false, sprayer).ok());
}

TEST_P(AccountsTest, CurrentPasswordChecksCountLikeFailedLogins) {
  auto u = signup();
  auto s = accounts_->login(u.email, "correct horse battery", false, client_);
  ASSERT_TRUE(s.ok());
  auto here = crypto::sha256_hex(s->cookie_value);
  for (int i = 0; i < 3; ++i) {
    auto r = accounts_->change_password(domain::UserId{u.id}, "guess " + std::to_string(i),
                                        "a brand new passphrase", here, client_);
    EXPECT_EQ(r.error().code, domain::ErrorCode::invalid_input);
  }
  auto waited = accounts_->request_email_change(domain::UserId{u.id}, "new@example.com",
                                                "correct horse battery", client_);
  ASSERT_FALSE(waited.ok());
  EXPECT_EQ(waited.error().code, domain::ErrorCode::rate_limited);
  EXPECT_FALSE(waited.error().details.empty());
  for (int i = 3; i < 10; ++i) {
    clock_.advance_ms(31'000);
    ASSERT_FALSE(accounts_
                     ->change_password(domain::UserId{u.id}, "guess " + std::to_string(i),
                                       "a brand new passphrase", here, client_)
                     .ok());
  }
  clock_.advance_ms(31'000);
  EXPECT_EQ(accounts_->login(u.email, "correct horse battery", false, client_).error().code,
            domain::ErrorCode::forbidden);
  EXPECT_EQ(messages("account_locked"), 1);
}

TEST_P(AccountsTest, SessionsExpireWhenIdleAndAtTheAbsoluteLimit) {
  auto u = signup();
  auto s = accounts_->login(u.email, "correct horse battery", false, client_);
  ASSERT_TRUE(s.ok());
  EXPECT_TRUE(accounts_->session_user(s->cookie_value).has_value());
  clock_.advance_ms(12LL * 3600 * 1000 + 1);
  EXPECT_FALSE(accounts_->session_user(s->cookie_value).has_value());  // idle

  auto r = accounts_->login(u.email, "correct horse battery", false, client_);
  for (int h = 0; h < 23; ++h) {
    clock_.advance_ms(3600LL * 1000);
    ASSERT_TRUE(accounts_->session_user(r->cookie_value).has_value()) << h;
  }
  clock_.advance_ms(3600LL * 1000);
  EXPECT_FALSE(accounts_->session_user(r->cookie_value).has_value());  // 24 h absolute

  auto remember = accounts_->login(u.email, "correct horse battery", true, client_);
  clock_.advance_ms(11LL * 3600 * 1000);
  EXPECT_TRUE(accounts_->session_user(remember->cookie_value).has_value());
}

TEST_P(AccountsTest, LoginGivesANewSessionEachTimeAndLogoutEndsIt) {
  auto u = signup();
  auto a = accounts_->login(u.email, "correct horse battery", false, client_);
  auto b = accounts_->login(u.email, "correct horse battery", false, client_);
  EXPECT_NE(a->cookie_value, b->cookie_value);
  auto sa = accounts_->session_user(a->cookie_value);
  accounts_->logout(sa->session.id_hash);
  EXPECT_FALSE(accounts_->session_user(a->cookie_value).has_value());
  EXPECT_TRUE(accounts_->session_user(b->cookie_value).has_value());
  auto sb = accounts_->session_user(b->cookie_value);
  auto c = accounts_->login(u.email, "correct horse battery", false, client_);
  EXPECT_EQ(accounts_->logout_everywhere(domain::UserId{u.id}, sb->session.id_hash), 1);
  EXPECT_FALSE(accounts_->session_user(c->cookie_value).has_value());
  EXPECT_TRUE(accounts_->session_user(b->cookie_value).has_value());
}

// Issue 15: "log out everywhere" also ends API access tokens at once (the token generation moves
// on); a token issued afterwards works, and so does one of another user.
TEST_P(AccountsTest, LogoutEverywhereEndsAccessTokensAtOnce) {
  auto u = signup();
  ASSERT_TRUE(accounts_->verify_email(link_token("verify_email", u.email)).ok());
  auto before = accounts_->issue_tokens(u.email, "correct horse battery", client_);
  ASSERT_TRUE(before.ok());
  ASSERT_TRUE(accounts_->verify_access_token(before->access_token).ok());
  accounts_->logout_everywhere(domain::UserId{u.id}, "");
  auto refused = accounts_->verify_access_token(before->access_token);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, domain::ErrorCode::sessions_ended);
  EXPECT_FALSE(accounts_->refresh(before->refresh_token).ok());
  auto after = accounts_->issue_tokens(u.email, "correct horse battery", client_);
  ASSERT_TRUE(after.ok());
  auto claims = accounts_->verify_access_token(after->access_token);
  ASSERT_TRUE(claims.ok()) << claims.error().message;
  EXPECT_EQ(claims->generation, 1);
  auto refreshed = accounts_->refresh(after->refresh_token);
  ASSERT_TRUE(refreshed.ok());
  EXPECT_TRUE(accounts_->verify_access_token(refreshed->access_token).ok());
}

TEST_P(AccountsTest, PasswordResetIsSingleUseExpiresAndEndsEverySession) {
  auto u = signup();
  EXPECT_TRUE(accounts_->request_password_reset("nobody@example.com").ok());
  EXPECT_EQ(messages("password_reset"), 0);
  auto session = accounts_->login(u.email, "correct horse battery", false, client_);
  ASSERT_TRUE(accounts_->request_password_reset("PAT@example.com").ok());
  auto token = link_token("password_reset", u.email);
  EXPECT_FALSE(accounts_->reset_password(token, "password").ok());  // common: refused, link kept
  EXPECT_TRUE(accounts_->reset_password(token, "a brand new passphrase").ok());
  EXPECT_FALSE(accounts_->reset_password(token, "another new passphrase").ok());
  EXPECT_FALSE(accounts_->session_user(session->cookie_value).has_value());
  EXPECT_EQ(messages("password_changed"), 1);
  EXPECT_FALSE(accounts_->login(u.email, "correct horse battery", false, client_).ok());
  clock_.advance_ms(2000);
  EXPECT_TRUE(accounts_->login(u.email, "a brand new passphrase", false, client_).ok());

  clock_.advance_ms(1000);
  ASSERT_TRUE(accounts_->request_password_reset(u.email).ok());
  auto late = link_token("password_reset", u.email);
  clock_.advance_ms(3600LL * 1000 + 1);
  EXPECT_FALSE(accounts_->reset_password(late, "yet another passphrase").ok());
  // A link for another purpose is not a reset link.
  EXPECT_FALSE(
      accounts_->reset_password(link_token("verify_email", u.email), "yet another passphrase")
          .ok());
}

TEST_P(AccountsTest, EmailChangeNeedsThePasswordAndAConfirmationFromTheNewAddress) {
  auto u = signup();
  EXPECT_FALSE(
      accounts_->request_email_change(domain::UserId{u.id}, "new@example.com", "wrong", client_)
          .ok());
  ASSERT_TRUE(accounts_
                  ->request_email_change(domain::UserId{u.id}, "New@Example.com",
                                         "correct horse battery", client_)
                  .ok());
  EXPECT_EQ(accounts_->user(domain::UserId{u.id})->email, "pat@example.com");
  auto token = link_token("email_change", "new@example.com");
  ASSERT_TRUE(accounts_->confirm_email_change(token).ok());
  EXPECT_EQ(accounts_->user(domain::UserId{u.id})->email, "new@example.com");
  EXPECT_FALSE(accounts_->confirm_email_change(token).ok());
  EXPECT_EQ(messages("email_changed"), 1);
}

TEST_P(AccountsTest, ChangePasswordChecksTheCurrentOneAndEndsOtherSessions) {
  auto u = signup();
  auto here = accounts_->login(u.email, "correct horse battery", false, client_);
  auto there = accounts_->login(u.email, "correct horse battery", false, client_);
  auto here_hash = accounts_->session_user(here->cookie_value)->session.id_hash;
  auto wrong = accounts_->change_password(domain::UserId{u.id}, "not it", "a brand new passphrase",
                                          here_hash, client_);
  ASSERT_FALSE(wrong.ok());
  EXPECT_EQ(wrong.error().details.front().field, "current_password");
  auto weak = accounts_->change_password(domain::UserId{u.id}, "correct horse battery", "password1",
                                         here_hash, client_);
  ASSERT_FALSE(weak.ok());
  EXPECT_EQ(weak.error().details.front().field, "new_password");
  ASSERT_TRUE(accounts_
                  ->change_password(domain::UserId{u.id}, "correct horse battery",
                                    "a brand new passphrase", here_hash, client_)
                  .ok());
  EXPECT_TRUE(accounts_->session_user(here->cookie_value).has_value());
  EXPECT_FALSE(accounts_->session_user(there->cookie_value).has_value());
  EXPECT_EQ(messages("password_changed"), 1);
  clock_.advance_ms(2000);
  EXPECT_TRUE(accounts_->login(u.email, "a brand new passphrase", false, client_).ok());
}

TEST_P(AccountsTest, CreateAdminMakesAVerifiedAdminOrPromotes) {
  auto a = accounts_->create_admin("Boss@Example.com", "an admin passphrase");
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->role, "admin");
  EXPECT_TRUE(a->verified());
  auto u = signup();
  auto promoted = accounts_->create_admin(u.email, "a new admin passphrase");
  ASSERT_TRUE(promoted.ok());
  EXPECT_EQ(promoted->id, u.id);
  EXPECT_EQ(promoted->role, "admin");
  EXPECT_FALSE(accounts_->create_admin("x@example.com", "password").ok());
}

// A promotion from the command line is a role change like one in the console: one audit row,
// naming the command as who did it, with the role before and after; running it again on an admin
// changes no role and adds no row.
TEST_P(AccountsTest, CreateAdminPromotionIsAudited) {
  auto u = signup();
  ASSERT_TRUE(accounts_->create_admin(u.email, "a new admin passphrase").ok());
  auto rows_of = [&] {
    domain::AuditFilter f;
    f.action = "staff.role_change";
    f.target_type = "user";
    f.target_id = std::to_string(u.id.value);
    return store_->read<std::vector<domain::AuditEntry>>(
        [&](store::Tx& tx) { return tx.list_audit(f); });
  };
  auto rows = rows_of();
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].actor_role, "system");
  EXPECT_FALSE(rows[0].actor_user_id.has_value());
  EXPECT_NE(rows[0].reason.find("create-admin"), std::string::npos);
  EXPECT_EQ(rows[0].before_json, "{\"role\":\"plumber\"}");
  EXPECT_EQ(rows[0].after_json, "{\"role\":\"admin\"}");
  ASSERT_TRUE(accounts_->create_admin(u.email, "another admin passphrase").ok());
  EXPECT_EQ(rows_of().size(), 1u);
}

TEST_P(AccountsTest, ApiTokensRotateAndReuseRevokesTheFamily) {
  auto u = signup();
  EXPECT_EQ(accounts_->issue_tokens(u.email, "correct horse battery", client_).error().code,
            domain::ErrorCode::forbidden);
  ASSERT_TRUE(accounts_->verify_email(link_token("verify_email", u.email)).ok());
  auto p = accounts_->issue_tokens(u.email, "correct horse battery", client_);
  ASSERT_TRUE(p.ok());
  auto claims = accounts_->verify_access_token(p->access_token);
  ASSERT_TRUE(claims);
  EXPECT_EQ(claims->user_id, u.id.value);
  auto next = accounts_->refresh(p->refresh_token);
  ASSERT_TRUE(next.ok());
  EXPECT_NE(next->refresh_token, p->refresh_token);
  EXPECT_FALSE(accounts_->refresh(p->refresh_token).ok());     // reuse of the rotated token
  EXPECT_FALSE(accounts_->refresh(next->refresh_token).ok());  // … revoked the whole family
  clock_.advance_ms(15LL * 60 * 1000 + 1000);
  EXPECT_FALSE(accounts_->verify_access_token(p->access_token).ok());  // expired
}

INSTANTIATE_TEST_SUITE_P(Backends, AccountsTest, ::testing::Values("sqlite", "postgres"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace plumbline::accounts_service_test
