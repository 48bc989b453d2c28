// Unit tests of the services' clocks: the system clock and its test offset.
#include "services/clock.hpp"

#include <gtest/gtest.h>

namespace plumbline {

TEST(Clock, ASystemClockWithAnOffsetRunsThatFarAhead) {
  services::SystemClock now, week_ahead(7LL * 24 * 3600 * 1000);
  auto a = now.now_ms();
  auto b = week_ahead.now_ms();
  EXPECT_GE(b - a, 7LL * 24 * 3600 * 1000);
  EXPECT_LT(b - a, 7LL * 24 * 3600 * 1000 + 60 * 1000);
}

}  // namespace plumbline
