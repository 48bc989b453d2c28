// Unit tests for the two-factor rules.
#include "domain/two_factor.hpp"

#include <gtest/gtest.h>

namespace plumbline::domain {
namespace {

TEST(TwoFactorRules, DelaysStartAtTheFifthFailureAndStopAtFifteenMinutes) {
  EXPECT_EQ(two_factor_delay_ms(0), 0);
  EXPECT_EQ(two_factor_delay_ms(4), 0);
  EXPECT_EQ(two_factor_delay_ms(5), 30'000);
  EXPECT_EQ(two_factor_delay_ms(6), 60'000);
  EXPECT_EQ(two_factor_delay_ms(9), 480'000);
  EXPECT_EQ(two_factor_delay_ms(10), 900'000);
  EXPECT_EQ(two_factor_delay_ms(50), 900'000);
}

TEST(TwoFactorRules, RecoveryCodeForm) {
  EXPECT_EQ(normalize_recovery_code(" ABCD-efgh 23 "), "abcdefgh23");
  EXPECT_TRUE(looks_like_totp("123 456"));
  EXPECT_FALSE(looks_like_totp("abcd-1234"));
  EXPECT_FALSE(looks_like_totp(""));
}

}  // namespace
}  // namespace plumbline::domain
