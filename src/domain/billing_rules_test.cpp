// Unit tests for the admin's plan and credit pack checks.
#include "domain/billing_rules.hpp"

#include <gtest/gtest.h>

namespace plumbline::domain {
namespace {

PaymentPlan good_plan() {
  return {"starter", "Starter", 4900, 5, "price_123abc", true};
}

std::vector<std::string> fields(const std::vector<FieldError>& errs) {
  std::vector<std::string> out;
  for (const auto& e : errs) out.push_back(e.field);
  return out;
}

TEST(BillingRules, AcceptsAGoodPlanAndAnInactiveOne) {
  EXPECT_TRUE(plan_problems(good_plan()).empty());
  auto p = good_plan();
  p.active = false;
  EXPECT_TRUE(plan_problems(p).empty());
}

TEST(BillingRules, ThePriceIdIsRequired) {
  auto p = good_plan();
  p.stripe_price_id = "";
  ASSERT_EQ(plan_problems(p).size(), 1u);
  EXPECT_EQ(plan_problems(p)[0].field, "stripe_price_id");
}

TEST(BillingRules, SlugIdOnly) {
  for (const char* id :
       {"", "Starter", "pro-plan", "a b", "x/y", "a12345678901234567890123456789012345678901"}) {
    auto p = good_plan();
    p.id = id;
    EXPECT_EQ(fields(plan_problems(p)), std::vector<std::string>{"id"}) << id;
  }
  auto p = good_plan();
  p.id = std::string(40, 'a');
  EXPECT_TRUE(plan_problems(p).empty());
}

TEST(BillingRules, BoundsOnNamePriceCreditsAndPriceId) {
  auto p = good_plan();
  p.name = "   ";
  p.price_cents = 0;
  p.monthly_credits = 1001;
  p.stripe_price_id = "prod_123";
  EXPECT_EQ(fields(plan_problems(p, "plans[1].")),
            (std::vector<std::string>{"plans[1].name", "plans[1].price_cents",
                                      "plans[1].monthly_credits", "plans[1].stripe_price_id"}));
  p = good_plan();
  p.name = std::string(60, 'x');
  p.price_cents = 10'000'000;
  p.monthly_credits = 1000;
  EXPECT_TRUE(plan_problems(p).empty());
  p.name += "x";
  p.price_cents = 10'000'001;
  EXPECT_EQ(fields(plan_problems(p)), (std::vector<std::string>{"name", "price_cents"}));
  // 60 characters, more bytes: counted as characters.
  p = good_plan();
  std::string accented;
  for (int i = 0; i < 60; ++i) accented += "\xc3\xad";
  p.name = accented;
  EXPECT_TRUE(plan_problems(p).empty());
  p.stripe_price_id = "price_" + std::string(250, 'a');
  EXPECT_EQ(fields(plan_problems(p)), std::vector<std::string>{"stripe_price_id"});
  p.stripe_price_id = "price_ab c";
  EXPECT_EQ(fields(plan_problems(p)), std::vector<std::string>{"stripe_price_id"});
}

TEST(BillingRules, PackChecks) {
  CreditPack pack{"pack_5", 5, 5000, "price_5", true};
  EXPECT_TRUE(pack_problems(pack).empty());
  pack.credits = 0;
  pack.price_cents = -1;
  EXPECT_EQ(fields(pack_problems(pack)), (std::vector<std::string>{"price_cents", "credits"}));
}

}  // namespace
}  // namespace plumbline::domain
