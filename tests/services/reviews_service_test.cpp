// Issue 17 with a fixed clock on SQLite and PostgreSQL: the hired choice (won outcome, refusals),
// the review e-mail's timing through the worker job, the single-use expiring link, one review per
// hire, the plumber's one reply, staff hiding (audited, never for "negative") and the public
// profile's figures (410 for suspended or closed accounts).
#include <boost/json.hpp>

#include "marketplace_fixture.hpp"
#include "services/public_profiles.hpp"
#include "services/reviews.hpp"
#include "worker/review_request_job.hpp"

namespace plumbline::reviews_service_test {
using namespace market_test;

namespace {

using domain::ErrorCode;

class Reviews : public MarketTest {
 protected:
  void SetUp() override {
    MarketTest::SetUp();
    if (IsSkipped()) return;
    services::MarketplaceContext market{*store_, clock_, *catalog_, events_, notify_, settings_};
    reviews_ = std::make_unique<services::ReviewService>(market);
    job_ = std::make_unique<worker::ReviewRequestJob>(*reviews_, std::chrono::hours(1));
    profiles_public_ = std::make_unique<services::PublicProfileService>(*store_, zips(), *catalog_);
  }

  // The token in a review_request message's sealed link.
  static std::string token_of(const domain::OutboxMessage& m) {
    auto all = everything(m);
    auto at = all.find("/reviews/");
    if (at == std::string::npos) return "";
    auto start = at + 9;
    return all.substr(start, all.find('"', start) - start);
  }

  // The review link's token sent about request `lead`.
  std::string token_for(domain::LeadId lead) {
    for (const auto& m : messages("review_request"))
      if (m.lead_id == domain::LeadId{lead}) return token_of(m);
    return "";
  }

  // ann and bob claim a request; the homeowner hires `who`; returns the request.
  services::SubmittedLead hired(domain::UserId who, domain::UserId other) {
    auto lead = submit();
    EXPECT_TRUE(claims_->claim(who, lead.id).ok());
    EXPECT_TRUE(claims_->claim(other, lead.id).ok());
    EXPECT_TRUE(homeowners_->mark_hired(lead.tracking_token, {who}).ok());
    return lead;
  }

  std::unique_ptr<services::ReviewService> reviews_;
  std::unique_ptr<worker::ReviewRequestJob> job_;
  std::unique_ptr<services::PublicProfileService> profiles_public_;
};

TEST_P(Reviews, HiredChoiceWinsTheClaimAndClosesTheRequest) {
  auto ann = plumber("ann"), bob = plumber("bob"), cat = plumber("cat");
  auto lead = submit();
  ASSERT_TRUE(claims_->claim(ann, lead.id).ok());
  ASSERT_TRUE(claims_->claim(bob, lead.id).ok());
  // A plumber who did not claim it cannot be chosen; nothing changes.
  auto refused = homeowners_->mark_hired(lead.tracking_token, {cat});
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::invalid_input);
  EXPECT_EQ(this->lead(lead.id).status, domain::LeadStatus::open);

  auto r = homeowners_->mark_hired(lead.tracking_token, {bob});
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->lead.status, domain::LeadStatus::closed);
  EXPECT_EQ(r->lead.closed_reason, "hired");
  auto claim_of = [&](domain::UserId p) {
    return store_->read<domain::Claim>([&](store::Tx& tx) { return *tx.claim_for(lead.id, p); });
  };
  EXPECT_EQ(claim_of(bob).outcome, domain::ClaimOutcome::won);
  EXPECT_EQ(claim_of(ann).outcome, domain::ClaimOutcome::new_);  // as ann recorded it
  auto hire = store_->read<std::optional<domain::LeadHire>>(
      [&](store::Tx& tx) { return tx.lead_hire(lead.id); });
  ASSERT_TRUE(hire);
  EXPECT_EQ(hire->plumber_id, std::optional<domain::UserId>(bob));
  // A second choice changes nothing.
  EXPECT_TRUE(homeowners_->mark_hired(lead.tracking_token, {ann}).ok());
  EXPECT_EQ(claim_of(ann).outcome, domain::ClaimOutcome::new_);
  EXPECT_EQ(store_
                ->read<std::optional<domain::LeadHire>>(
                    [&](store::Tx& tx) { return tx.lead_hire(lead.id); })
                ->plumber_id,
            std::optional<domain::UserId>(bob));
  // The history says whom.
  EXPECT_EQ(r->history.back().note, "The homeowner hired bob Plumbing");
}

TEST_P(Reviews, ReviewEmailGoesOnceAfterTheSettingsDelay) {
  auto ann = plumber("ann"), bob = plumber("bob");
  hired(ann, bob);
  auto someone_else = submit();
  ASSERT_TRUE(claims_->claim(bob, someone_else.id).ok());
  ASSERT_TRUE(homeowners_->mark_hired(someone_else.tracking_token).ok());  // nobody to review

  clock_.advance_ms(7 * day - 1);
  EXPECT_EQ(job_->run_once(), 0);
  EXPECT_TRUE(messages("review_request").empty());
  clock_.advance_ms(1);
  EXPECT_EQ(job_->run_once(), 1);
  auto sent = messages("review_request");
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_NE(sent[0].recipient.find("@example.com"), std::string::npos);
  EXPECT_NE(sent[0].data_json.find("ann Plumbing"), std::string::npos);
  EXPECT_EQ(sent[0].data_json.find("/reviews/"), std::string::npos);  // the link is sealed
  EXPECT_FALSE(token_of(sent[0]).empty());
  clock_.advance_ms(day);
  EXPECT_EQ(job_->run_once(), 0);  // one per hire
  EXPECT_EQ(messages("review_request").size(), 1u);

  // The setting is read at use time: one day now.
  settings_.edit().review_request_delay_ms = day;
  auto cat = plumber("cat");
  hired(cat, bob);
  EXPECT_EQ(job_->run_once(), 0);
  clock_.advance_ms(day);
  EXPECT_EQ(job_->run_once(), 1);
}

TEST_P(Reviews, OneReviewPerHireWithASingleUseLinkThatExpires) {
  auto ann = plumber("ann"), bob = plumber("bob");
  hired(ann, bob);
  clock_.advance_ms(7 * day);
  ASSERT_EQ(job_->run_once(), 1);
  auto token = token_of(messages("review_request")[0]);
  auto inv = reviews_->invitation(token);
  ASSERT_TRUE(inv.ok());
  EXPECT_EQ(inv->business_name, "ann Plumbing");
  EXPECT_EQ(reviews_->invitation("not-a-token").error().code, ErrorCode::not_found);

  EXPECT_EQ(reviews_->submit(token, {0, 5, 5, "x"}).error().code, ErrorCode::invalid_input);
  auto r = reviews_->submit(token, {5, 4, 3, "  Fixed the leak the same day.  "});
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->plumber_id, ann);
  EXPECT_EQ(r->body, "Fixed the leak the same day.");
  auto again = reviews_->submit(token, {1, 1, 1, "Changed my mind"});
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, ErrorCode::conflict);  // single use
  EXPECT_EQ(reviews_->for_plumber(ann)->size(), 1u);
  EXPECT_TRUE(reviews_->for_plumber(bob)->empty());  // bob was not hired: nothing about him

  // Another hire's link expires after 30 days unused.
  auto cat = plumber("cat");
  auto second = hired(cat, bob);
  clock_.advance_ms(7 * day);
  ASSERT_EQ(job_->run_once(), 1);
  auto late = token_for(second.id);
  ASSERT_FALSE(late.empty());
  ASSERT_TRUE(reviews_->invitation(late).ok());  // usable until it expires
  clock_.advance_ms(30 * day);
  EXPECT_EQ(reviews_->submit(late, {5, 5, 5, ""}).error().code, ErrorCode::conflict);
  EXPECT_TRUE(reviews_->for_plumber(cat)->empty());
}

TEST_P(Reviews, ReplyOnceAndHideOnlyForAListedReason) {
  auto ann = plumber("ann"), bob = plumber("bob");
  hired(ann, bob);
  clock_.advance_ms(7 * day);
  ASSERT_EQ(job_->run_once(), 1);
  auto review = reviews_->submit(token_of(messages("review_request")[0]), {1, 2, 1, "Late."});
  ASSERT_TRUE(review.ok());
  auto id = review->id;
  EXPECT_EQ(reviews_->reply(bob, id, "Hi").error().code, ErrorCode::not_found);
  EXPECT_EQ(reviews_->reply(ann, id, "  ").error().code, ErrorCode::invalid_input);
  auto replied = reviews_->reply(ann, id, "Sorry about the delay.");
  ASSERT_TRUE(replied.ok());
  EXPECT_EQ(replied->reply, "Sorry about the delay.");
  EXPECT_EQ(reviews_->reply(ann, id, "Again").error().code, ErrorCode::conflict);

  domain::Actor staff{admin_, "admin@example.com", domain::Role::admin, "203.0.113.1"};
  auto negative = reviews_->hide(staff, id, "negative", "");
  ASSERT_FALSE(negative.ok());
  EXPECT_EQ(negative.error().code, ErrorCode::invalid_input);
  EXPECT_FALSE(reviews_->for_plumber(ann)->front().hidden());
  auto audit = [&] {
    domain::AuditFilter f;
    f.action = "review.hide";
    return store_->read<std::vector<domain::AuditEntry>>(
        [&](store::Tx& tx) { return tx.list_audit(f); });
  };
  EXPECT_TRUE(audit().empty());
  auto hidden = reviews_->hide(staff, id, "personal_data", "Named the neighbour");
  ASSERT_TRUE(hidden.ok());
  EXPECT_TRUE(hidden->hidden());
  EXPECT_EQ(hidden->hidden_reason, "personal_data");
  auto rows = audit();
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].target_id, std::to_string(id));
  EXPECT_EQ(rows[0].actor_user_id, std::optional<domain::UserId>(admin_));
  EXPECT_EQ(rows[0].reason, "Personal data: Named the neighbour");
  EXPECT_EQ(reviews_->hide(staff, id, "abuse", "").error().code, ErrorCode::conflict);
  EXPECT_EQ(audit().size(), 1u);
}

TEST_P(Reviews, PublicProfileFigures) {
  auto ann = plumber("ann"), bob = plumber("bob");
  (void)bob;
  const std::string slug = domain::profile_slug("ann Plumbing", ann.value);
  auto empty = profiles_public_->profile(slug);
  ASSERT_TRUE(empty.ok()) << empty.error().message;
  EXPECT_EQ(empty->rating.count, 0);
  EXPECT_EQ(empty->city, "San Francisco");
  EXPECT_EQ(empty->plumber.profile.radius_miles, 25);
  EXPECT_EQ(empty->service_labels.size(), 3u);
  EXPECT_EQ(empty->plumber.review.licence_verified_on, "2027-01-10");

  // Three hires, three reviews; one hidden.
  std::vector<std::int64_t> ids;
  for (int stars : {5, 3, 1}) {
    auto lead = submit();
    clock_.advance_ms(10 * 60'000);  // ann claims each 10 minutes after its alert
    ASSERT_TRUE(claims_->claim(ann, lead.id).ok());
    ASSERT_TRUE(homeowners_->mark_hired(lead.tracking_token, {ann}).ok());
    clock_.advance_ms(7 * day);
    ASSERT_EQ(job_->run_once(), 1);
    auto r = reviews_->submit(token_for(lead.id),
                              {stars, stars, stars, "Review " + std::to_string(stars)});
    ASSERT_TRUE(r.ok()) << r.error().message;
    ids.push_back(r->id);
  }
  domain::Actor staff{admin_, "admin@example.com", domain::Role::admin, ""};
  ASSERT_TRUE(reviews_->hide(staff, ids[2], "abuse", "").ok());
  auto p = profiles_public_->profile(slug);
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->rating.count, 2);
  EXPECT_EQ(p->rating.overall_x10, 40);  // (5 + 3) / 2
  EXPECT_EQ(p->hidden_count, 1);
  ASSERT_EQ(p->reviews.size(), 2u);
  EXPECT_EQ(p->reviews[0].body, "Review 3");  // newest first
  EXPECT_EQ(p->response_samples, 3);
  EXPECT_EQ(p->median_response_ms, 10 * 60'000);
  // An old address after a rename still finds the plumber, under its current slug.
  auto old = profiles_public_->profile("ann-the-old-name-" + std::to_string(ann.value));
  ASSERT_TRUE(old.ok());
  EXPECT_EQ(old->slug, slug);

  EXPECT_EQ(profiles_public_->profile("nobody-999999").error().code, ErrorCode::not_found);
  EXPECT_EQ(profiles_public_->profile("no-id").error().code, ErrorCode::not_found);
  auto pending = plumber("dan", {.approve = false});
  EXPECT_EQ(
      profiles_public_->profile(domain::profile_slug("dan Plumbing", pending.value)).error().code,
      ErrorCode::not_found);
  // Suspended and closed accounts: gone.
  ASSERT_TRUE(
      admin_tools_
          ->review(domain::Actor{admin_}, bob,
                   {domain::PlumberStatus::suspended, "Complaints", "", "", std::nullopt, 0})
          .ok());
  EXPECT_EQ(profiles_public_->profile(domain::profile_slug("bob Plumbing", bob.value)).error().code,
            ErrorCode::gone);
  store_->write_tx([&](store::Tx& tx) { return tx.close_user(ann, "Retired", {}, t0); });
  EXPECT_EQ(profiles_public_->profile(slug).error().code, ErrorCode::gone);
}

INSTANTIATE_TEST_SUITE_P(Backends, Reviews, ::testing::Values("sqlite", "postgres"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace plumbline::reviews_service_test
