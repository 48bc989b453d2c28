// Unit tests for the plumber's decision before a claim: the effective price per credit and its
// dollar rounding, the match reason, the quality signals and the refund sentence.
#include "domain/lead_decision.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <limits>

#include "domain/marketplace_rules.hpp"

namespace plumbline::domain {
namespace {

PaymentPlan starter() {
  return {"starter", "Starter", 4900, 5, "price_starter", true};
}

Payment pack(Credits credits, Cents cents, Cents refunded = 0) {
  Payment p;
  p.kind = "pack";
  p.credits = credits;
  p.amount_cents = cents;
  p.amount_refunded_cents = refunded;
  return p;
}

Payment invoice() {
  Payment p;
  p.kind = "subscription";
  p.credits = 15;
  p.amount_cents = 12900;
  return p;
}

TEST(EffectiveCreditPrice, ThePlanWinsOverPacks) {
  auto p = effective_credit_price(starter(), {pack(20, 18000)});
  ASSERT_TRUE(p);
  EXPECT_TRUE(p->from_plan);
  EXPECT_EQ(p->price_cents, 4900);
  EXPECT_EQ(p->credits, 5);
  EXPECT_EQ(p->label, "Starter plan");
}

TEST(EffectiveCreditPrice, WithoutAPlanTheNewestPackCounts) {
  // Newest first: the 20-credit pack was bought after the 5-credit one; invoices are no packs.
  auto p = effective_credit_price(std::nullopt, {invoice(), pack(20, 18000), pack(5, 5000)});
  ASSERT_TRUE(p);
  EXPECT_FALSE(p->from_plan);
  EXPECT_EQ(p->price_cents, 18000);
  EXPECT_EQ(p->credits, 20);
  EXPECT_EQ(p->label, "20-credit pack");
}

TEST(EffectiveCreditPrice, APackRefundedInFullIsSkipped) {
  auto p = effective_credit_price(std::nullopt, {pack(20, 18000, 18000), pack(5, 5000)});
  ASSERT_TRUE(p);
  EXPECT_EQ(p->credits, 5);
  auto partly = effective_credit_price(std::nullopt, {pack(20, 18000, 100)});
  ASSERT_TRUE(partly);
  EXPECT_EQ(partly->credits, 20);
}

TEST(EffectiveCreditPrice, NoneWhenNothingWasBought) {
  EXPECT_FALSE(effective_credit_price(std::nullopt, {}));
  EXPECT_FALSE(effective_credit_price(std::nullopt, {invoice()}));
  auto free_plan = starter();
  free_plan.monthly_credits = 0;
  EXPECT_FALSE(effective_credit_price(free_plan, {}));
}

TEST(EffectiveCreditPrice, PlanIsCurrentWhileItRuns) {
  Millis now = 1'800'000'000'000;
  for (auto s : {PlanStatus::active, PlanStatus::trialing, PlanStatus::past_due})
    EXPECT_TRUE(plan_is_current(s, 0, now)) << to_string(s);
  EXPECT_FALSE(plan_is_current(PlanStatus::none, 0, now));
  EXPECT_TRUE(plan_is_current(PlanStatus::canceled, now / 1000 + 60, now));
  EXPECT_FALSE(plan_is_current(PlanStatus::canceled, now / 1000 - 60, now));
}

TEST(CreditsInCents, RoundsHalfUp) {
  CreditPrice starter_rate{4900, 5, true, "Starter plan"};  // $9.80 a credit
  EXPECT_EQ(credits_in_cents(3, starter_rate), 2940);
  CreditPrice thirds{1000, 3, false, "3-credit pack"};  // $3.333… a credit
  EXPECT_EQ(credits_in_cents(1, thirds), 333);
  EXPECT_EQ(credits_in_cents(2, thirds), 667);
  CreditPrice halves{1, 2, false, ""};
  EXPECT_EQ(credits_in_cents(1, halves), 1);  // 0.5 cent rounds up
  EXPECT_EQ(credits_in_cents(0, starter_rate), 0);
}

TEST(CreditsInCents, RefusesWhatItCannotCompute) {
  EXPECT_FALSE(credits_in_cents(3, CreditPrice{4900, 0, true, ""}));
  EXPECT_FALSE(
      credits_in_cents(std::numeric_limits<Credits>::max(), CreditPrice{4900, 5, true, ""}));
}

TEST(MatchReason, NamesTheRuleThatMatched) {
  PlumberProfileInput p;
  p.services = {"leak_repair", "drain_cleaning"};
  p.base_zip = "94110";
  p.radius_miles = 25;
  p.extra_zips = {"95814"};
  auto near = match_reason(p, "leak_repair", "94103", 2.5);
  EXPECT_TRUE(near.service_offered);
  EXPECT_TRUE(near.within_radius);
  EXPECT_FALSE(near.extra_zip);
  EXPECT_EQ(near.radius_miles, 25);
  auto far = match_reason(p, "drain_cleaning", "95814", 75.2);
  EXPECT_FALSE(far.within_radius);
  EXPECT_TRUE(far.extra_zip);
  auto dropped = match_reason(p, "water_heater", "10001", 2500);
  EXPECT_FALSE(dropped.service_offered);
  EXPECT_FALSE(dropped.within_radius);
  EXPECT_FALSE(dropped.extra_zip);
  p.base_zip.clear();  // no base point: only extra ZIPs match
  EXPECT_FALSE(match_reason(p, "leak_repair", "95814", 0).within_radius);
}

TEST(QualitySignals, OnlyTheChecksThatHold) {
  EXPECT_TRUE(quality_signals({}).empty());
  auto both = quality_signals({true, true});
  ASSERT_EQ(both.size(), 2u);
  EXPECT_EQ(both[0].slug, "duplicate_check_passed");
  EXPECT_NE(both[0].detail.find("7 days"), std::string::npos);
  EXPECT_EQ(both[1].slug, "consent_recorded");
  auto consent_only = quality_signals({false, true});
  ASSERT_EQ(consent_only.size(), 1u);
  EXPECT_EQ(consent_only[0].slug, "consent_recorded");
}

TEST(QualitySignals, FromTheStoredLead) {
  NewLead l;
  EXPECT_FALSE(quality_of(l).consent_recorded);
  EXPECT_TRUE(quality_of(l).duplicate_check_passed);
  l.consent_text = "I agree";
  l.consent_at = 1;
  l.duplicate_of = domain::LeadId{12};
  EXPECT_TRUE(quality_of(l).consent_recorded);
  EXPECT_FALSE(quality_of(l).duplicate_check_passed);
}

TEST(RefundRule, OneSentenceWithTheWindow) {
  auto s = refund_rule_sentence(14 * day_ms);
  EXPECT_NE(s.find("within 14 days"), std::string::npos);
  EXPECT_EQ(s.back(), '.');
  EXPECT_EQ(std::count(s.begin(), s.end(), '.'), 1);
  EXPECT_NE(refund_rule_sentence(day_ms).find("within 1 day:"), std::string::npos);
}

}  // namespace
}  // namespace plumbline::domain
