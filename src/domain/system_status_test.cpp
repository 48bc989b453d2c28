// Unit tests for the system status rules.
#include "domain/system_status.hpp"

#include <gtest/gtest.h>

namespace plumbline::domain {
namespace {

TEST(SystemStatus, HeartbeatIsStaleAfterAMinute) {
  EXPECT_FALSE(heartbeat_is_stale(1'000'000, 1'000'000 + heartbeat_stale_ms));
  EXPECT_TRUE(heartbeat_is_stale(1'000'000, 1'000'001 + heartbeat_stale_ms));
}

TEST(SystemStatus, LongErrorsAreCutOnACharacterBoundary) {
  EXPECT_EQ(short_integration_error("550 no"), "550 no");
  std::string long_error(499, 'x');
  long_error += "\u00e9\u00e9";  // two 2-byte characters across the 500-byte mark
  auto cut = short_integration_error(long_error);
  EXPECT_EQ(cut.size(), 499u);
  EXPECT_EQ(short_integration_error(std::string(900, 'y')).size(), 500u);
}

}  // namespace
}  // namespace plumbline::domain
