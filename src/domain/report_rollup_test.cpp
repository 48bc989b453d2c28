// Rollup coverage: which days of a period come from rollups, which raw; merging a day's rows.
#include "domain/report_rollup.hpp"

#include <gtest/gtest.h>

namespace plumbline::domain {
namespace {

constexpr Millis rollup_day = 86'400'000;

std::vector<ReportBucket> rollup_test_days(Millis from, int n) {
  std::vector<ReportBucket> out;
  for (int i = 0; i < n; ++i)
    out.push_back({{from + i * rollup_day, from + (i + 1) * rollup_day}, ""});
  return out;
}

TEST(RollupCoverage, BuiltDaysAreRolledAndTheRestIsReadRaw) {
  const Millis d0 = 20'000 * rollup_day;
  const ReportSpan period{d0, d0 + 5 * rollup_day};
  std::vector<RollupDay> built = {{{d0 + rollup_day, d0 + 2 * rollup_day}, false},
                                  {{d0 + 2 * rollup_day, d0 + 3 * rollup_day}, false},
                                  {{d0 + 3 * rollup_day, d0 + 4 * rollup_day}, true}};
  auto c = plan_rollup_coverage(period, rollup_test_days(d0, 5), 3'600'000, built);
  ASSERT_EQ(c.rolled.size(), 2u);
  EXPECT_EQ(c.rolled[0].from_ms, d0 + rollup_day);
  EXPECT_EQ(c.rolled[1].to_ms, d0 + 3 * rollup_day);
  ASSERT_EQ(c.raw.size(), 2u);  // the first day, and the stale day merged with the last
  EXPECT_EQ(c.raw[0].from_ms, d0);
  EXPECT_EQ(c.raw[0].to_ms, d0 + rollup_day);
  EXPECT_EQ(c.raw[1].from_ms, d0 + 3 * rollup_day);
  EXPECT_EQ(c.raw[1].to_ms, d0 + 5 * rollup_day);
}

TEST(RollupCoverage, DaysAcrossABucketOrOffTheSlotGridOrOverlappingAreReadRaw) {
  const Millis d0 = 20'000 * rollup_day;
  const ReportSpan period{d0, d0 + 3 * rollup_day};
  const Millis half = rollup_day / 2;
  std::vector<RollupDay> built = {{{d0 + half, d0 + rollup_day + half}, false},  // straddles
                                  {{d0 + 2 * rollup_day + 1, d0 + 3 * rollup_day}, false}};
  auto c = plan_rollup_coverage(period, rollup_test_days(d0, 3), 3'600'000, built);
  EXPECT_TRUE(c.rolled.empty());
  ASSERT_EQ(c.raw.size(), 1u);
  EXPECT_EQ(c.raw[0].from_ms, d0);
  EXPECT_EQ(c.raw[0].to_ms, d0 + 3 * rollup_day);

  // Two built days overlapping (a zone change): only the first is taken.
  built = {{{d0, d0 + rollup_day}, false}, {{d0 + 3'600'000, d0 + rollup_day + 3'600'000}, false}};
  std::vector<ReportBucket> whole = {{{d0, d0 + 3 * rollup_day}, ""}};
  c = plan_rollup_coverage(period, whole, 3'600'000, built);
  ASSERT_EQ(c.rolled.size(), 1u);
  EXPECT_EQ(c.rolled[0].from_ms, d0);
  ASSERT_EQ(c.raw.size(), 1u);
  EXPECT_EQ(c.raw[0].from_ms, d0 + rollup_day);
}

TEST(RollupRows, TheHoursOfADayFoldIntoOneRowPerKey) {
  RollupRow a, b, c;
  a.text[0] = "drain";
  a.num = {7, 1, 2};
  b.text[0] = "drain";
  b.num = {7, 10, 20};
  c.text[0] = "leak";
  c.num = {7, 5, 5};
  auto merged = merge_rollup_rows({a, b, c}, 1);
  ASSERT_EQ(merged.size(), 2u);
  EXPECT_EQ(merged[0].text[0], "drain");
  EXPECT_EQ(merged[0].num[1], 11);
  EXPECT_EQ(merged[0].num[2], 22);
  EXPECT_EQ(merged[1].num[1], 5);
  // A different key integer keeps rows apart.
  b.num[0] = 8;
  EXPECT_EQ(merge_rollup_rows({a, b}, 1).size(), 2u);
}

TEST(RollupDaysDue, SettledLocalDaysNewestFirst) {
  const auto zone = geo::TimeZone::from_posix_rule("la", "PST8PDT,M3.2.0,M11.1.0");
  const Millis saturday_0100 = 1'796'461'200'000;  // 2026-12-05 01:00 PST
  auto days = rollup_days_due(saturday_0100, zone);
  ASSERT_FALSE(days.empty());
  // Friday ended an hour ago: not settled yet, so Thursday comes first.
  EXPECT_EQ(geo::local_iso_date(days.front().from_ms, zone), "2026-12-03");
  EXPECT_EQ(days.front().to_ms - days.front().from_ms, rollup_day);
  EXPECT_EQ(days.size(), static_cast<std::size_t>(rollup_history_days - 1));
  EXPECT_GT(days.front().from_ms, days.back().from_ms);
}

}  // namespace
}  // namespace plumbline::domain
