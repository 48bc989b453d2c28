// Which Stripe mode a secret key belongs to.
#include "domain/payments_rules.hpp"

#include <gtest/gtest.h>

namespace plumbline::domain {
namespace {

TEST(PaymentsRules, OnlyLiveKeysAreLive) {
  EXPECT_TRUE(stripe_key_is_live("sk_live_51Habc"));
  EXPECT_TRUE(stripe_key_is_live("rk_live_51Habc"));
  EXPECT_FALSE(stripe_key_is_live("sk_test_51Habc"));
  EXPECT_FALSE(stripe_key_is_live("rk_test_51Habc"));
  EXPECT_FALSE(stripe_key_is_live(""));  // test-payments mode
  EXPECT_FALSE(stripe_key_is_live("sk_livex"));
  EXPECT_FALSE(stripe_key_is_live("pk_live_51Habc"));  // a publishable key is no secret key
}

}  // namespace
}  // namespace plumbline::domain
