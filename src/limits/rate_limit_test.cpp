// Unit tests for the token-bucket limiter with an injected clock.
#include "limits/rate_limit.hpp"

#include <gtest/gtest.h>

namespace plumbline::limits {
namespace {

TEST(RateLimit, AllowsBurstThenRefills) {
  double now = 1000;
  RateLimiter rl(60, 3, [&] { return now; });  // one per second, burst 3
  EXPECT_TRUE(rl.take("ip").allowed);
  EXPECT_TRUE(rl.take("ip").allowed);
  EXPECT_TRUE(rl.take("ip").allowed);
  auto d = rl.take("ip");
  EXPECT_FALSE(d.allowed);
  EXPECT_EQ(d.retry_after_seconds, 1);
  EXPECT_TRUE(rl.take("other").allowed);  // keys are independent
  now += 1.0;
  EXPECT_TRUE(rl.take("ip").allowed);
  EXPECT_FALSE(rl.take("ip").allowed);
  now += 100;
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(rl.take("ip").allowed);  // never more than the burst
  EXPECT_FALSE(rl.take("ip").allowed);
}

TEST(RateLimit, RetryAfterReflectsSlowRates) {
  double now = 0;
  RateLimiter rl(2, 1, [&] { return now; });  // one per 30 s
  EXPECT_TRUE(rl.take("k").allowed);
  EXPECT_EQ(rl.take("k").retry_after_seconds, 30);
}

}  // namespace
}  // namespace plumbline::limits
