// The health report's folding: slots into local buckets and periods, percentiles per bucket, and
// ratios in hundredths.
#include "domain/report_health.hpp"

#include <gtest/gtest.h>

namespace plumbline::domain {
namespace {

const geo::TimeZone& health_test_zone() {
  static const auto zone = geo::TimeZone::from_posix_rule("la", "PST8PDT,M3.2.0,M11.1.0");
  return zone;
}

// 2026-12-05 12:00 PST; "7d" is 2026-11-29 .. 2026-12-05, local days of 24 hours.
constexpr Millis health_test_now = 1'796'500'800'000;
constexpr Millis health_test_hour = 3'600'000;

ReportRange health_week() {
  auto r = resolve_report_range("7d", {}, {}, health_test_now, health_test_zone());
  EXPECT_TRUE(r.ok());
  return r.value();
}

HealthRequestCounts requests_of(std::int64_t n, std::int64_t matched, std::int64_t hired) {
  HealthRequestCounts c;
  c.requests = n;
  c.matched = matched;
  c.matches = 2 * matched;
  c.hired = hired;
  return c;
}

TEST(HealthFold, SlotsLandInTheirLocalDayAndOutsideSlotsAreLeftOut) {
  auto range = health_week();
  ASSERT_EQ(range.slot_ms, health_test_hour);
  const std::int64_t first =
      range.current.from_ms / health_test_hour;  // local midnight of 2026-11-29
  HealthPeriodRows rows;
  rows.requests = {{first - 1, requests_of(100, 100, 100)},  // the day before: previous period
                   {first, requests_of(3, 2, 1)},
                   {first + 23, requests_of(1, 1, 0)},        // 23:00 local, still the first day
                   {first + 24, requests_of(4, 0, 0)},        // the second day
                   {first + 7 * 24, requests_of(50, 0, 0)}};  // after the period
  HealthClaimCounts claims{5, 1, 0, 0}, disputes{0, 0, 2, 1};
  rows.claims = {{first + 30, claims}};
  rows.disputes = {{first + 30, disputes}};
  auto p = fold_health_period(range, false, rows);
  ASSERT_EQ(p.buckets.size(), 7u);
  EXPECT_EQ(p.buckets[0].requests.requests, 4);
  EXPECT_EQ(p.buckets[0].requests.matched, 3);
  EXPECT_EQ(p.buckets[0].requests.matches, 6);
  EXPECT_EQ(p.buckets[0].requests.hired, 1);
  EXPECT_EQ(p.buckets[1].requests.requests, 4);
  EXPECT_EQ(p.total.requests.requests, 8);
  EXPECT_EQ(p.buckets[1].claims, (HealthClaimCounts{5, 1, 2, 1}));
  EXPECT_EQ(p.total.claims, (HealthClaimCounts{5, 1, 2, 1}));
  EXPECT_FALSE(p.total.first_claim_p50.has_value());

  // The same rows read as the previous period keep only the slot of the day before.
  auto before = fold_health_period(range, true, rows);
  ASSERT_EQ(before.buckets.size(), 7u);
  EXPECT_EQ(before.total.requests.requests, 100);
  EXPECT_EQ(before.buckets[6].requests.requests, 100);
  EXPECT_EQ(before.total.claims, HealthClaimCounts{});
}

TEST(HealthFold, PercentilesAreNearestRankPerBucketAndOverThePeriod) {
  auto range = health_week();
  const std::int64_t first = range.current.from_ms / health_test_hour;
  HealthPeriodRows rows;
  // Day 1: 10, 20, 30, 40 minutes; day 3: 5 minutes; unsorted, as a store may return them.
  const Millis minute = 60'000;
  rows.delays = {
      {first + 2, 30 * minute}, {first, 10 * minute},
      {first + 5, 40 * minute}, {first + 1, 20 * minute},
      {first + 50, 5 * minute}, {first - 3, 999 * minute}};  // previous period: not in this one
  auto p = fold_health_period(range, false, rows);
  EXPECT_EQ(p.buckets[0].first_claim_p50, 20 * minute);  // rank ceil(0.5 * 4) = 2
  EXPECT_EQ(p.buckets[0].first_claim_p90, 40 * minute);  // rank ceil(0.9 * 4) = 4
  EXPECT_EQ(p.buckets[2].first_claim_p50, 5 * minute);
  EXPECT_EQ(p.buckets[2].first_claim_p90, 5 * minute);
  EXPECT_FALSE(p.buckets[1].first_claim_p50.has_value());
  // Over the period: 5, 10, 20, 30, 40 → p50 rank 3, p90 rank 5.
  EXPECT_EQ(p.total.first_claim_p50, 20 * minute);
  EXPECT_EQ(p.total.first_claim_p90, 40 * minute);
  auto before = fold_health_period(range, true, rows);
  EXPECT_EQ(before.total.first_claim_p50, 999 * minute);
}

TEST(HealthHundredths, RoundsHalfUpAndIsZeroForNothing) {
  EXPECT_EQ(health_hundredths(295, 100), 295);
  EXPECT_EQ(health_hundredths(1, 3), 33);
  EXPECT_EQ(health_hundredths(2, 3), 67);
  EXPECT_EQ(health_hundredths(1, 200), 1);  // 0.005 → 0.01
  EXPECT_EQ(health_hundredths(1, 201), 0);
  EXPECT_EQ(health_hundredths(7, 0), 0);
}

TEST(HealthCounts, AddEveryField) {
  HealthRequestCounts a{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11};
  a += HealthRequestCounts{1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1};
  EXPECT_EQ(a, (HealthRequestCounts{2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}));
  HealthClaimCounts c{1, 2, 3, 4};
  c += HealthClaimCounts{4, 3, 2, 1};
  EXPECT_EQ(c, (HealthClaimCounts{5, 5, 5, 5}));
}

}  // namespace
}  // namespace plumbline::domain
