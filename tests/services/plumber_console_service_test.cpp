// The plumbers console's service against a real database with a fixed clock: each action needs a
// reason (nothing changes without one), e-mails the plumber and writes its audit row in the same
// transaction; reactivation, an edit that widens the area (late matching runs), the password-reset
// link, ending every session; a negative credit adjustment never takes the balance below zero.
#include <boost/json.hpp>

#include "marketplace_fixture.hpp"
#include "services/plumber_console.hpp"

namespace plumbline::plumber_console_test {
using namespace market_test;

namespace {

class PlumberConsoleTest : public MarketTest {
 protected:
  void SetUp() override {
    MarketTest::SetUp();
    if (IsSkipped()) return;
    console_ = std::make_unique<services::PlumberConsoleService>(*store_, clock_, zips(), *catalog_,
                                                                 *matching_, events_, notify_);
    actor_ = {admin_, "admin@example.com", domain::Role::admin, "203.0.113.7"};
  }
  std::vector<domain::AuditEntry> audit(const std::string& action) {
    domain::AuditFilter f;
    f.action = action;
    return store_->read<std::vector<domain::AuditEntry>>(
        [&](store::Tx& tx) { return tx.list_audit(f); });
  }
  std::string status_of(domain::UserId id) {
    return store_->read<std::string>([&](store::Tx& tx) {
      return std::string(domain::to_string(tx.plumber_profile(id)->review.status));
    });
  }
  void suspend(domain::UserId id) {
    ASSERT_TRUE(
        admin_tools_
            ->review(domain::Actor{admin_}, id,
                     {domain::PlumberStatus::suspended, "Complaints", "", "", std::nullopt, 0})
            .ok());
  }

  std::unique_ptr<services::PlumberConsoleService> console_;
  domain::Actor actor_;
};

TEST_P(PlumberConsoleTest, ReactivateNeedsAReasonThenApprovesEmailsAndAudits) {
  auto p = plumber("rita");
  suspend(p);
  auto before = messages("plumber_account_notice").size();
  auto refused = console_->reactivate(actor_, p, "   ");
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, domain::ErrorCode::invalid_input);
  EXPECT_EQ(status_of(p), domain::PlumberStatus::suspended) << "nothing changed without a reason";
  EXPECT_TRUE(audit("plumber.reactivate").empty());

  auto r = console_->reactivate(actor_, p, "Complaint withdrawn");
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(status_of(p), domain::PlumberStatus::approved);
  auto mail = messages("plumber_account_notice");
  ASSERT_EQ(mail.size(), before + 1);
  EXPECT_EQ(mail.front().recipient, "rita@example.com");
  EXPECT_NE(mail.front().data_json.find("Complaint withdrawn"), std::string::npos);
  auto rows = audit("plumber.reactivate");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].reason, "Complaint withdrawn");
  EXPECT_EQ(rows[0].target_id, std::to_string(p.value));
  EXPECT_EQ(rows[0].actor_user_id, std::optional<domain::UserId>(admin_));

  auto again = console_->reactivate(actor_, p, "Twice");
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, domain::ErrorCode::conflict) << "only a suspended plumber";
}

TEST_P(PlumberConsoleTest, AnEditTakesEffectAtOnceAndRunsLateMatching) {
  auto p = plumber("ed", {.zip = "90012", .radius = 5});
  auto lead = submit("drain_cleaning", "flexible", "94103");  // San Francisco: out of reach
  auto sent = [&] {
    return store_->read<std::size_t>(
        [&](store::Tx& tx) { return tx.lead_matches(lead.id).size(); });
  };
  ASSERT_EQ(sent(), 0u);
  services::PlumberEdit e{"Ed's Drains",      "Ed Smith", "(415) 555-0188",
                          {"drain_cleaning"}, "94110",    10};
  auto refused = console_->edit(actor_, p, e, "");
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(sent(), 0u);
  auto bad = e;
  bad.base_zip = "00000";
  ASSERT_FALSE(console_->edit(actor_, p, bad, "Moved").ok()) << "the profile rules apply";

  auto r = console_->edit(actor_, p, e, "Moved to San Francisco");
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->plumber.profile.business_name, "Ed's Drains");
  EXPECT_EQ(r->plumber.profile.phone_e164, "+14155550188");
  EXPECT_EQ(r->plumber.profile.base_zip, "94110");
  EXPECT_EQ(sent(), 1u) << "the open lead now in reach was sent (late matching)";
  auto rows = audit("plumber.edit");
  ASSERT_EQ(rows.size(), 1u);
  auto before = boost::json::parse(rows[0].before_json).as_object();
  auto after = boost::json::parse(rows[0].after_json).as_object();
  EXPECT_EQ(before.at("base_zip").as_string(), "90012");
  EXPECT_EQ(after.at("base_zip").as_string(), "94110");
  EXPECT_FALSE(after.contains("licence_number")) << "only the changed fields";
  EXPECT_EQ(messages("plumber_account_notice").size(), 1u);
}

TEST_P(PlumberConsoleTest, APasswordResetLinkIsQueuedAndAudited) {
  auto p = plumber("pat");
  ASSERT_FALSE(console_->send_password_reset(actor_, p, "").ok());
  EXPECT_TRUE(messages("password_reset").empty());
  ASSERT_TRUE(console_->send_password_reset(actor_, p, "Locked out, asked by phone").ok());
  auto mail = messages("password_reset");
  ASSERT_EQ(mail.size(), 1u);
  EXPECT_EQ(mail[0].recipient, "pat@example.com");
  EXPECT_NE(everything(mail[0]).find("/password/reset/"), std::string::npos);
  ASSERT_EQ(audit("plumber.password_reset").size(), 1u);
  EXPECT_EQ(console_->send_password_reset(actor_, domain::UserId{999999}, "x").error().code,
            domain::ErrorCode::not_found);
}

TEST_P(PlumberConsoleTest, EndSessionsRevokesSessionsAndRefreshTokens) {
  auto p = plumber("sam");
  store_->write_tx([&](store::Tx& tx) {
    for (int i = 0; i < 2; ++i) {
      domain::Session s;
      s.id_hash = std::string(63, 'a') + static_cast<char>('0' + i);
      s.user_id = p;
      s.created_at = s.last_seen_at = t0;
      s.absolute_expires_at = t0 + day;
      s.idle_timeout_ms = hour;
      tx.insert_session(s);
    }
    domain::RefreshToken rt;
    rt.token_hash = std::string(64, 'b');
    rt.user_id = p;
    rt.family_id = "fam";
    rt.created_at = t0;
    rt.expires_at = t0 + day;
    tx.insert_refresh_token(rt);
    return true;
  });
  ASSERT_FALSE(console_->end_sessions(actor_, p, " ").ok());
  auto r = console_->end_sessions(actor_, p, "Shared password");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(*r, 2);
  auto left =
      store_->read<std::size_t>([&](store::Tx& tx) { return tx.sessions_of_user(p).size(); });
  EXPECT_EQ(left, 0u);
  auto token = store_->read<std::optional<domain::RefreshToken>>(
      [&](store::Tx& tx) { return tx.refresh_token_by_hash(std::string(64, 'b')); });
  ASSERT_TRUE(token);
  EXPECT_TRUE(token->revoked_at.has_value());
  // Issue 15: access tokens of the old generation are refused from now on.
  auto standing = store_->read<std::optional<domain::TokenStanding>>(
      [&](store::Tx& tx) { return tx.user_token_standing(p); });
  ASSERT_TRUE(standing);
  EXPECT_EQ(standing->generation, 1);
  ASSERT_EQ(audit("plumber.end_sessions").size(), 1u);
  EXPECT_EQ(messages("plumber_account_notice").size(), 1u);
}

TEST_P(PlumberConsoleTest, ANegativeAdjustmentNeverTakesTheBalanceBelowZero) {
  auto p = plumber("neg", {.credits = 5});
  auto r = admin_tools_->adjust_credits(domain::Actor{admin_}, p, -6, "Correction");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, domain::ErrorCode::invalid_input);
  EXPECT_EQ(balance(p), 5) << "refused: nothing changed";
  ASSERT_TRUE(admin_tools_->adjust_credits(domain::Actor{admin_}, p, -5, "Correction").ok());
  EXPECT_EQ(balance(p), 0);
}

TEST_P(PlumberConsoleTest, SearchReadsTheFiltersAndPagesWithACursor) {
  for (const char* n : {"anna", "bert", "cleo"}) plumber(n);
  services::PlumberSearchRequest q;
  q.limit = 2;
  auto first = console_->search(q);
  ASSERT_TRUE(first.ok());
  ASSERT_EQ(first->rows.size(), 2u);
  ASSERT_FALSE(first->next.empty());
  q.after = first->next;
  auto second = console_->search(q);
  ASSERT_TRUE(second.ok());
  ASSERT_EQ(second->rows.size(), 1u);
  EXPECT_TRUE(second->next.empty());
  EXPECT_LT(second->rows[0].id, first->rows[1].id);
  for (auto bad : std::vector<std::pair<std::string, services::PlumberSearchRequest>>{
           {"status", {.status = "gold"}},
           {"plan", {.plan_status = "gold"}},
           {"service", {.service = "roofing"}},
           {"zip", {.zip = "00000"}},
           {"sort", {.sort = "age"}},
           {"after", {.after = "x"}}}) {
    auto r = console_->search(bad.second);
    ASSERT_FALSE(r.ok()) << bad.first;
    EXPECT_EQ(r.error().code, domain::ErrorCode::invalid_input) << bad.first;
  }
  services::PlumberSearchRequest area;
  area.zip = "94607";  // Oakland, ~8 miles from the plumbers' base 94110 (radius 25)
  EXPECT_EQ(console_->search(area)->rows.size(), 3u);
  area.within_miles = 2;
  EXPECT_TRUE(console_->search(area)->rows.empty());
}

TEST_P(PlumberConsoleTest, TheDossierGathersTheSections) {
  auto p = plumber("dora");
  suspend(p);
  ASSERT_TRUE(console_->reactivate(actor_, p, "Cleared").ok());
  auto d = console_->dossier(p);
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->balance, 20);
  EXPECT_FALSE(d->ledger.empty());
  ASSERT_FALSE(d->history.empty());
  EXPECT_EQ(d->history[0].action, "plumber.reactivate");
  EXPECT_FALSE(d->messages.empty()) << "the review and reactivation e-mails";
  EXPECT_EQ(console_->dossier(domain::UserId{999999}).error().code, domain::ErrorCode::not_found);
}

INSTANTIATE_TEST_SUITE_P(Backends, PlumberConsoleTest, ::testing::Values("sqlite", "postgres"));

}  // namespace
}  // namespace plumbline::plumber_console_test
