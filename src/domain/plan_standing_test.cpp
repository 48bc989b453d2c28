// Unit tests for the plan standing and the purchase that fixes a refusal.
#include "domain/plan_standing.hpp"

#include <gtest/gtest.h>

#include "domain/marketplace_rules.hpp"  // day_ms

namespace plumbline::domain {
namespace {

const std::vector<PaymentPlan> offer_plans = {
    {"pro", "Pro", 12900, 15, "price_pro", true},
    {"starter", "Starter", 4900, 5, "price_starter", true}};
const std::vector<CreditPack> offer_packs = {{"pack_50", 50, 40000, "price_50", true},
                                             {"pack_5", 5, 5000, "price_5", true},
                                             {"pack_20", 20, 18000, "price_20", true}};
constexpr Millis standing_now = 1'800'000'000'000;

PlumberProfile approved_on(PlanStatus plan_status) {
  PlumberProfile p;
  p.review.status = PlumberStatus::approved;
  p.plan_status = plan_status;
  p.plan_changed_at = standing_now - 30 * day_ms;
  return p;
}

PlanStanding standing_of(PlanStatus status, const std::string& plan_id = "") {
  PlumberBilling b;
  b.plan_status = status;
  b.plan_id = plan_id;
  std::optional<PaymentPlan> plan;
  for (const auto& p : offer_plans)
    if (p.id == plan_id) plan = p;
  return plan_standing(b, plan);
}

TEST(PlanStanding, AStatusSetByHandIsAPlanEvenWithoutAPlanId) {
  // The demo plumbers' case: /billing said "No plan yet" while /billing/done said "Active".
  auto s = standing_of(PlanStatus::active);
  EXPECT_TRUE(s.has_plan());
  EXPECT_EQ(s.plan_name, plan_set_by_admin_name);
  EXPECT_EQ(s.credits_per_period, 0);
  EXPECT_EQ(plan_status_label(s.status), "Active");
}

TEST(PlanStanding, NamesThePlanItsPriceAndCredits) {
  auto s = standing_of(PlanStatus::active, "starter");
  EXPECT_EQ(s.plan_name, "Starter");
  EXPECT_EQ(s.price_cents, 4900);
  EXPECT_EQ(s.credits_per_period, 5);
  EXPECT_FALSE(s.ends_at_period_end);
  EXPECT_TRUE(standing_of(PlanStatus::canceled, "starter").ends_at_period_end);
}

TEST(PlanStanding, NoStatusMeansNoPlanWhateverThePlanId) {
  auto s = standing_of(PlanStatus::none, "pro");
  EXPECT_FALSE(s.has_plan());
  EXPECT_TRUE(s.plan_name.empty());
}

TEST(PurchaseFix, WithoutAPlanTheCheapestPlanCoveringTheLead) {
  auto p = approved_on(PlanStatus::none);
  auto fix = purchase_fix(p, standing_of(PlanStatus::none), 0, 3, offer_plans, offer_packs,
                          standing_now, 7 * day_ms);
  ASSERT_TRUE(fix);
  EXPECT_EQ(fix->kind, fix_plan);
  EXPECT_EQ(fix->plan->id, "starter");
  EXPECT_EQ(fix->shortfall, 3);
  // A lead costing more than Starter's monthly credits needs Pro.
  fix = purchase_fix(p, standing_of(PlanStatus::none), 0, 8, offer_plans, offer_packs, standing_now,
                     7 * day_ms);
  EXPECT_EQ(fix->plan->id, "pro");
  // Beyond every plan: the cheapest one still.
  fix = purchase_fix(p, standing_of(PlanStatus::none), 0, 99, offer_plans, offer_packs,
                     standing_now, 7 * day_ms);
  EXPECT_EQ(fix->plan->id, "starter");
}

TEST(PurchaseFix, APastDuePlanNeedsItsCardAfterTheGrace) {
  auto p = approved_on(PlanStatus::past_due);
  auto fix = purchase_fix(p, standing_of(PlanStatus::past_due, "pro"), 0, 3, offer_plans,
                          offer_packs, standing_now, day_ms);
  ASSERT_TRUE(fix);
  EXPECT_EQ(fix->kind, fix_card);
  EXPECT_EQ(fix->plan->id, "pro");
  // Within the grace period the plan still allows claiming: the fix is credits.
  fix = purchase_fix(p, standing_of(PlanStatus::past_due, "pro"), 0, 3, offer_plans, offer_packs,
                     standing_now, 60 * day_ms);
  EXPECT_EQ(fix->kind, fix_pack);
}

TEST(PurchaseFix, TooFewCreditsTheSmallestPackCoveringTheShortfall) {
  auto p = approved_on(PlanStatus::active);
  auto s = standing_of(PlanStatus::active, "starter");
  auto fix = purchase_fix(p, s, 1, 4, offer_plans, offer_packs, standing_now, day_ms);
  ASSERT_TRUE(fix);
  EXPECT_EQ(fix->kind, fix_pack);
  EXPECT_EQ(fix->pack->id, "pack_5");
  EXPECT_EQ(fix->shortfall, 3);
  EXPECT_EQ(purchase_fix(p, s, 0, 6, offer_plans, offer_packs, standing_now, day_ms)->pack->id,
            "pack_20");
  EXPECT_EQ(purchase_fix(p, s, 0, 70, offer_plans, offer_packs, standing_now, day_ms)->pack->id,
            "pack_50");
  EXPECT_FALSE(purchase_fix(p, s, 4, 4, offer_plans, offer_packs, standing_now, day_ms))
      << "enough credits";
}

TEST(PurchaseFix, NothingToBuyWhenAPurchaseCannotHelp) {
  auto pending = approved_on(PlanStatus::none);
  pending.review.status = PlumberStatus::pending;
  EXPECT_FALSE(purchase_fix(pending, standing_of(PlanStatus::none), 0, 3, offer_plans, offer_packs,
                            standing_now, day_ms));
  auto p = approved_on(PlanStatus::none);
  EXPECT_FALSE(
      purchase_fix(p, standing_of(PlanStatus::none), 0, 3, {}, offer_packs, standing_now, day_ms))
      << "no plan on sale";
  auto active = approved_on(PlanStatus::active);
  EXPECT_FALSE(purchase_fix(active, standing_of(PlanStatus::active), 0, 3, offer_plans, {},
                            standing_now, day_ms))
      << "no pack on sale";
}

}  // namespace
}  // namespace plumbline::domain
