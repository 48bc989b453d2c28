// Privacy services on both databases with a fixed clock: "Delete my details", the retention job,
// plumber account closure (self and admin) and its anonymisation 30 days later, the data export.
#include <gtest/gtest.h>

#include "crypto/password.hpp"
#include "marketplace_fixture.hpp"
#include "services/accounts.hpp"
#include "services/data_export.hpp"
#include "worker/privacy_job.hpp"

namespace plumbline::privacy_test {
using namespace market_test;

namespace {

const std::string privacy_password = "correct horse battery";

std::vector<std::string> privacy_common_list() {
  std::vector<std::string> v;
  for (int i = 0; i < 10000; ++i) v.push_back("common" + std::to_string(i));
  return v;
}

class PrivacyTest : public MarketTest {
 protected:
  void SetUp() override {
    MarketTest::SetUp();
    if (IsSkipped()) return;
    services::AccountSettings s;
    s.base_url = "https://plumbline.test";
    s.secret_key = secret;
    s.jwt_keys = {{"k1", std::string(40, 'k')}};
    s.password_params = {1, 8192};
    accounts_ = std::make_unique<services::AccountService>(*store_, clock_, policy_, s);
    job_ = std::make_unique<worker::PrivacyJob>(*accounts_, *retention_, std::chrono::hours(1));
  }

  // A plumber with a password (signed up through the account service), approved, with a plan.
  domain::UserId member(const std::string& name) {
    auto u = accounts_->signup_plumber(
        {name + " Plumbing", name, name + "@example.com", "(415) 555-0177", privacy_password});
    EXPECT_TRUE(u.ok());
    auto id = u->id;
    store_->write_tx([&](store::Tx& tx) {
      tx.set_user_email_verified(id, clock_.now_ms());
      return true;
    });
    domain::PlumberProfileInput p;
    p.business_name = name + " Plumbing";
    p.contact_name = name;
    p.phone_e164 = "+14155550177";
    p.licence_number = "C36-777777";
    p.licence_state = "CA";
    p.insurance_carrier = "Acme Mutual";
    p.insurance_expires_on = "2027-12-31";
    p.services = {"drain_cleaning"};
    p.base_zip = "94110";
    domain::UserId user{id};
    EXPECT_TRUE(profiles_->save_profile(user, p).ok());
    EXPECT_TRUE(admin_tools_->review(domain::Actor{admin_}, user, approval()).ok());
    EXPECT_TRUE(admin_tools_->set_plan(domain::Actor{admin_}, user, "active").ok());
    EXPECT_TRUE(admin_tools_->adjust_credits(domain::Actor{admin_}, user, 20, "Start").ok());
    return user;
  }

  std::vector<domain::LeadMatch> matches(domain::LeadId lead_id) {
    return store_->read<std::vector<domain::LeadMatch>>(
        [&](store::Tx& tx) { return tx.lead_matches(lead_id); });
  }

  crypto::PasswordPolicy policy_ = crypto::PasswordPolicy::from_list(privacy_common_list());
  std::unique_ptr<services::AccountService> accounts_;
  std::unique_ptr<worker::PrivacyJob> job_;
  services::ClientInfo client_{"203.0.113.5", "test", ""};
};

TEST_P(PrivacyTest, HomeownerDeletesDetailsOnceTheRequestIsFinishedAndClaimantsKeepTheirCopy) {
  auto p = plumber("ada");
  auto s = submit();
  auto claim = claims_->claim(p, s.id);
  ASSERT_TRUE(claim.ok());
  auto running = homeowners_->delete_homeowner_details(s.tracking_token);
  ASSERT_FALSE(running.ok());
  EXPECT_EQ(running.error().code, domain::ErrorCode::conflict);
  EXPECT_EQ(lead(s.id).name, "Maria Lopez");

  ASSERT_TRUE(homeowners_->mark_hired(s.tracking_token).ok());
  auto phone = lead(s.id).phone_e164;
  auto done = homeowners_->delete_homeowner_details(s.tracking_token);
  ASSERT_TRUE(done.ok());
  EXPECT_TRUE(domain::lead_anonymised(done->lead));
  auto l = lead(s.id);
  EXPECT_EQ(l.name, "Deleted homeowner");
  EXPECT_EQ(l.phone_e164, "");
  EXPECT_EQ(l.email, "");
  EXPECT_EQ(l.address, "");
  EXPECT_EQ(done->history.back().note, "The homeowner deleted their contact details");
  // The claimant still sees what it bought, on the claim page and in its list.
  auto detail = claims_->claim_detail(p, claim->claim.id);
  ASSERT_TRUE(detail.ok());
  EXPECT_EQ(detail->lead.name, "Maria Lopez");
  EXPECT_EQ(detail->lead.phone_e164, phone);
  EXPECT_EQ(detail->lead.address, "1 Valencia St");
  auto list = claims_->claims(p, 10, 0);
  ASSERT_TRUE(list.ok());
  EXPECT_EQ(list->claims.at(0).lead.name, "Maria Lopez");
  // Idempotent: a second click changes nothing and adds no history.
  auto again = homeowners_->delete_homeowner_details(s.tracking_token);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->history.size(), done->history.size());
}

TEST_P(PrivacyTest, RetentionJobAnonymisesRequestsFinishedLongerAgoThanTheSetting) {
  auto a = submit(), b = submit(), open = submit();
  ASSERT_TRUE(homeowners_->mark_hired(a.tracking_token).ok());
  clock_.advance_ms(100 * day);
  ASSERT_TRUE(homeowners_->mark_hired(b.tracking_token).ok());
  clock_.advance_ms(265 * day);  // a: 365 days, exactly: not yet
  EXPECT_EQ(job_->run_once().leads, 0);
  clock_.advance_ms(1);
  EXPECT_EQ(job_->run_once().leads, 1);
  EXPECT_TRUE(domain::lead_anonymised(lead(a.id)));
  EXPECT_FALSE(domain::lead_anonymised(lead(b.id)));
  EXPECT_EQ(lead(open.id).name, "Maria Lopez") << "open requests are never touched";
  EXPECT_EQ(job_->run_once().leads, 0) << "idempotent";
  clock_.advance_ms(100 * day);
  EXPECT_EQ(job_->run_once().leads, 1);
  EXPECT_TRUE(domain::lead_anonymised(lead(b.id)));
  EXPECT_EQ(lead(open.id).name, "Maria Lopez");
}

TEST_P(PrivacyTest, AStoppingWorkerEndsTheRetentionCatchUpBetweenBatches) {
  // More finished requests than one batch (200): a worker asked to stop ends after the batch it
  // is in, and the next run takes the rest.
  for (int i = 0; i < 201; ++i) ASSERT_TRUE(homeowners_->mark_hired(submit().tracking_token).ok());
  clock_.advance_ms(366 * day);
  job_->stop();  // never started: only asks the run to end early
  EXPECT_EQ(job_->run_once().leads, 200);
  EXPECT_EQ(retention_->anonymise_old_leads().value(), 1) << "the next run goes on";
  EXPECT_EQ(retention_->anonymise_old_leads().value(), 0);
}

TEST_P(PrivacyTest, ClosingTheAccountChecksThePasswordEndsAccessStopsMatchingAndAnonymisesLater) {
  auto id = member("Bea");
  auto session = accounts_->login("bea@example.com", privacy_password, false, client_);
  ASSERT_TRUE(session.ok());
  auto tokens = accounts_->issue_tokens("bea@example.com", privacy_password, client_);
  ASSERT_TRUE(tokens.ok());
  EXPECT_EQ(matches(submit().id).size(), 1u);

  auto wrong = accounts_->close_account(id, "not my password", std::nullopt, client_);
  ASSERT_FALSE(wrong.ok());
  EXPECT_EQ(wrong.error().code, domain::ErrorCode::invalid_input);
  EXPECT_EQ(wrong.error().details.at(0).field, "password");
  EXPECT_FALSE(accounts_->account_closed(id));

  ASSERT_TRUE(accounts_->close_account(id, privacy_password, std::nullopt, client_).ok());
  EXPECT_TRUE(accounts_->account_closed(id));
  EXPECT_FALSE(accounts_->session_user(session->cookie_value)) << "sessions end";
  EXPECT_FALSE(accounts_->verify_access_token(tokens->access_token)) << "access tokens end";
  EXPECT_FALSE(accounts_->refresh(tokens->refresh_token).ok()) << "refresh tokens end";
  EXPECT_FALSE(accounts_->login("bea@example.com", privacy_password, false, client_).ok());
  auto resets = messages("password_reset").size();
  EXPECT_TRUE(accounts_->request_password_reset("bea@example.com").ok());
  EXPECT_EQ(messages("password_reset").size(), resets) << "no reset link for a closed account";
  EXPECT_TRUE(matches(submit("drain_cleaning", "flexible", "94110").id).empty())
      << "the profile stops matching at once";
  EXPECT_EQ(accounts_->close_account(id, privacy_password, std::nullopt, client_).error().code,
            domain::ErrorCode::conflict);

  clock_.advance_ms(30 * day);  // exactly 30 days: kept
  EXPECT_EQ(job_->run_once().accounts, 0);
  EXPECT_EQ(accounts_->user(id)->email, "bea@example.com");
  clock_.advance_ms(1);
  EXPECT_EQ(job_->run_once().accounts, 1);
  EXPECT_EQ(job_->run_once().accounts, 0) << "idempotent";
  EXPECT_EQ(accounts_->user(id)->email, domain::anonymised_email(id.value));
  auto p = accounts_->plumber(id);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->business_name, "Bea Plumbing") << "kept for invoices";
  EXPECT_EQ(p->contact_name, "Deleted account");
  EXPECT_EQ(p->phone_e164, "");
  EXPECT_EQ(balance(id), 20) << "the ledger stays";
}

TEST_P(PrivacyTest, AdminClosesAPlumberWithAReason) {
  auto id = member("Di");
  auto no_reason = accounts_->admin_close_account(domain::Actor{admin_}, id, " ");
  ASSERT_FALSE(no_reason.ok());
  EXPECT_EQ(no_reason.error().code, domain::ErrorCode::invalid_input);
  EXPECT_EQ(accounts_->admin_close_account(domain::Actor{admin_}, admin_, "Not a plumber account")
                .error()
                .code,
            domain::ErrorCode::not_found);
  ASSERT_TRUE(accounts_->admin_close_account(domain::Actor{admin_}, id, "Fake licence").ok());
  auto c = store_->read<std::optional<domain::AccountClosure>>(
      [&](store::Tx& tx) { return tx.user_closure(id); });
  ASSERT_TRUE(c);
  EXPECT_EQ(c->reason, "Fake licence");
  EXPECT_EQ(c->closed_by, admin_.value);
  EXPECT_EQ(accounts_->admin_close_account(domain::Actor{admin_}, id, "Again, twice").error().code,
            domain::ErrorCode::conflict);
}

TEST_P(PrivacyTest, ExportHoldsProfileClaimsWithContactLedgerAndMessages) {
  auto id = member("Eve");
  auto s = submit("drain_cleaning", "flexible", "94110");
  ASSERT_TRUE(claims_->claim(id, s.id).ok());
  ASSERT_TRUE(homeowners_->mark_hired(s.tracking_token).ok());
  ASSERT_TRUE(homeowners_->delete_homeowner_details(s.tracking_token).ok());
  auto r = services::export_plumber_data(*store_, clock_, id);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->filename, "plumbline-export-" + domain::to_string(id) + "-2027-01-15.zip");
  const auto& z = r->zip;  // stored entries: the contents are readable in the bytes
  EXPECT_EQ(z.substr(0, 4), std::string("PK\x03\x04", 4));
  for (const char* name :
       {"profile.json", "verification.json", "claims.json", "claims.csv", "ledger.json",
        "ledger.csv", "payments.json", "payments.csv", "messages.json", "sessions.json"})
    EXPECT_NE(z.find(name), std::string::npos) << name;
  EXPECT_NE(z.find("\"business_name\":\"Eve Plumbing\""), std::string::npos);
  EXPECT_NE(z.find("Maria Lopez"), std::string::npos) << "the contact bought, after deletion";
  EXPECT_NE(z.find("\"licence_verified_on\":\"2027-01-10\""), std::string::npos);
  EXPECT_NE(z.find("eve@example.com"), std::string::npos);
  EXPECT_EQ(services::export_plumber_data(*store_, clock_, domain::UserId{999999}).error().code,
            domain::ErrorCode::not_found);
}

INSTANTIATE_TEST_SUITE_P(Backends, PrivacyTest, ::testing::Values("sqlite", "postgres"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace plumbline::privacy_test
