// How plans, packs, standings and purchase fixes are worded on pages.
#include "web/present/plan_view.hpp"

#include <gtest/gtest.h>

namespace plumbline::web {

TEST(PlanView, MoneyAndPricePerCredit) {
  EXPECT_EQ(money(4900), "$49");
  EXPECT_EQ(money(4950), "$49.50");
  EXPECT_EQ(money(4905), "$49.05");
  EXPECT_EQ(per_credit(4900, 5), "$9.80");
  EXPECT_EQ(per_credit(12900, 15), "$8.60");
  EXPECT_EQ(per_credit(1000, 3), "$3.33");
  EXPECT_EQ(per_credit(1000, 0), "—");
}

TEST(PlanView, NamesPlansAndPacks) {
  domain::PaymentPlan starter{"starter", "Starter", 4900, 5, "price_s", true};
  EXPECT_EQ(plan_offer_text(starter), "Starter, $49/month, 5 credits");
  domain::CreditPack pack{"pack_20", 20, 18000, "price_20", true};
  EXPECT_EQ(pack_offer_text(pack), "20-credit pack, $180");
}

TEST(PlanView, StandingSummarySaysRenewsOrEnds) {
  domain::PlanStanding s;
  s.status = domain::PlanStatus::active;
  s.plan_id = "pro";
  s.plan_name = "Pro";
  s.period_end = 1'798'761'600;  // 2027-01-01
  EXPECT_EQ(plan_standing_context(s)["summary"].as_string(), "Pro: Active, renews on 2027-01-01");
  s.ends_at_period_end = true;
  EXPECT_EQ(plan_standing_context(s)["summary"].as_string(), "Pro: Active, ends on 2027-01-01");
  EXPECT_EQ(plan_standing_context(domain::PlanStanding{})["summary"].as_string(), "No plan");
  EXPECT_FALSE(plan_standing_context(domain::PlanStanding{})["has_plan"].as_bool());
}

TEST(PlanView, EveryFixNamesWhatToBuyAndLinksToIt) {
  domain::PurchaseFix plan{domain::fix_plan,
                           domain::PaymentPlan{"starter", "Starter", 4900, 5, "p", true},
                           std::nullopt, 2};
  auto c = purchase_fix_context(plan);
  EXPECT_EQ(c["text"].as_string(),
            "What fixes it: Starter, $49/month, 5 credits a month. You need 2 credits more for "
            "this lead.");
  EXPECT_EQ(c["link_url"].as_string(), "/billing#plan-starter");
  EXPECT_EQ(c["link_text"].as_string(), "Choose Starter on the Billing page");
  EXPECT_EQ(c["plan_id"].as_string(), "starter");
  EXPECT_EQ(c["price_cents"].as_int64(), 4900);
  EXPECT_EQ(c["credits"].as_int64(), 5);
  EXPECT_FALSE(c.contains("pack_id"));
  domain::PurchaseFix pack{domain::fix_pack, std::nullopt,
                           domain::CreditPack{"pack_5", 5, 5000, "p", true}, 1};
  c = purchase_fix_context(pack);
  EXPECT_EQ(c["text"].as_string(),
            "What fixes it: the 5-credit pack, $50. You need 1 credit more for this lead.");
  EXPECT_EQ(c["link_url"].as_string(), "/billing#pack-pack_5");
  EXPECT_EQ(c["pack_id"].as_string(), "pack_5");
  EXPECT_EQ(c["price_cents"].as_int64(), 5000);
  EXPECT_EQ(c["credits"].as_int64(), 5);
  EXPECT_FALSE(c.contains("plan_id"));
  domain::PurchaseFix card{domain::fix_card, std::nullopt, std::nullopt, 0};
  c = purchase_fix_context(card);
  EXPECT_EQ(c["link_url"].as_string(), "/billing");
  EXPECT_EQ(c["link_text"].as_string(), "Update your card on the Billing page");
  EXPECT_FALSE(c.contains("price_cents"));  // no plan known: nothing to price
}

}  // namespace plumbline::web
