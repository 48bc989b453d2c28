// Report periods: presets, custom dates, the previous period, buckets across a change of offset.
#include "domain/report.hpp"

#include <gtest/gtest.h>

namespace plumbline::domain {
namespace {

const geo::TimeZone& los_angeles() {
  static const auto zone = geo::TimeZone::from_posix_rule("la", "PST8PDT,M3.2.0,M11.1.0");
  return zone;
}

// 2026-12-05 12:00 PST.
constexpr Millis range_saturday_noon = 1'796'500'800'000;

ReportRange resolve(std::string_view preset, std::string_view from = {}, std::string_view to = {},
                    Millis now = range_saturday_noon) {
  auto r = resolve_report_range(preset, from, to, now, los_angeles());
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().details.at(0).message);
  return r.ok() ? r.value() : ReportRange{};
}

TEST(ReportRange, SevenDaysEndTodayAndCompareWithTheSevenBefore) {
  auto r = resolve("7d");
  EXPECT_EQ(r.from_date, "2026-11-29");
  EXPECT_EQ(r.to_date, "2026-12-05");
  EXPECT_EQ(r.previous_from_date, "2026-11-22");
  EXPECT_EQ(r.previous_to_date, "2026-11-28");
  EXPECT_EQ(r.grain, ReportGrain::day);
  ASSERT_EQ(r.buckets.size(), 7u);
  EXPECT_EQ(r.buckets.front().label, "2026-11-29");
  EXPECT_EQ(r.current.to_ms - r.current.from_ms, 7 * 86'400'000LL);
  EXPECT_EQ(r.current.from_ms, r.previous.to_ms);
  EXPECT_EQ(r.slot_ms, 3'600'000);
}

TEST(ReportRange, EmptyPresetIsThirtyDays) {
  auto r = resolve("");
  EXPECT_EQ(r.preset, "30d");
  EXPECT_EQ(r.from_date, "2026-11-06");
  EXPECT_EQ(r.buckets.size(), 30u);
}

TEST(ReportRange, ThisMonthComparesWithTheSameDaysOfTheMonthBefore) {
  auto r = resolve("this_month");
  EXPECT_EQ(r.from_date, "2026-12-01");
  EXPECT_EQ(r.previous_from_date, "2026-11-01");
  EXPECT_EQ(r.previous_to_date, "2026-11-05");
}

TEST(ReportRange, ThisMonthOnTheThirtyFirstStopsAtTheShorterMonthsEnd) {
  auto r = resolve("this_month", {}, {}, range_saturday_noon + 26LL * 86'400'000);  // 31 Dec
  EXPECT_EQ(r.previous_from_date, "2026-11-01");
  EXPECT_EQ(r.previous_to_date, "2026-11-30");
}

TEST(ReportRange, LastMonthIsTheWholeMonthBefore) {
  auto r = resolve("last_month");
  EXPECT_EQ(r.from_date, "2026-11-01");
  EXPECT_EQ(r.to_date, "2026-11-30");
  EXPECT_EQ(r.previous_from_date, "2026-10-01");
  EXPECT_EQ(r.previous_to_date, "2026-10-31");
  // 1 November 2026 is the change back to standard time: that day has 25 hours.
  EXPECT_EQ(r.buckets[0].span.to_ms - r.buckets[0].span.from_ms, 25 * 3'600'000LL);
  EXPECT_EQ(r.current.to_ms - r.current.from_ms, 30 * 86'400'000LL + 3'600'000);
}

TEST(ReportRange, CustomTakesDatesAndAPreviousPeriodOfTheSameLength) {
  auto r = resolve("custom", "2026-01-01", "2026-06-30");
  EXPECT_EQ(r.grain, ReportGrain::week);
  EXPECT_EQ(r.previous_to_date, "2025-12-31");
  EXPECT_EQ(r.previous_from_date, "2025-07-04");  // 181 days before
  // Weeks start on Monday: 1 Jan 2026 is a Thursday, so the first bucket holds 4 days.
  EXPECT_EQ(r.buckets[0].label, "2026-01-01");
  EXPECT_EQ(r.buckets[1].label, "2026-01-05");
  EXPECT_EQ(r.buckets.back().span.to_ms, r.current.to_ms);
}

TEST(ReportRange, LongCustomRangesGoByMonth) {
  auto r = resolve("custom", "2025-01-01", "2026-12-05");
  EXPECT_EQ(r.grain, ReportGrain::month);
  EXPECT_EQ(r.buckets[0].label, "2025-01");
  EXPECT_EQ(r.buckets.size(), 24u);
}

TEST(ReportRange, RefusesBadInputNamingTheField) {
  auto field_of = [](std::string_view p, std::string_view f, std::string_view t) {
    auto r = resolve_report_range(p, f, t, range_saturday_noon, los_angeles());
    return r.ok() ? std::string("ok") : r.error().details.at(0).field;
  };
  EXPECT_EQ(field_of("1y", "", ""), "preset");
  EXPECT_EQ(field_of("custom", "2026-02-30", "2026-03-01"), "from");
  EXPECT_EQ(field_of("custom", "2026-03-01", ""), "to");
  EXPECT_EQ(field_of("custom", "2026-03-02", "2026-03-01"), "to");
  EXPECT_EQ(field_of("custom", "2026-12-01", "2026-12-06"), "to");  // tomorrow
  EXPECT_EQ(field_of("custom", "2024-12-01", "2026-12-05"), "to");  // over two years
}

TEST(ReportRange, BucketOfFindsTheBucketAndNothingOutside) {
  auto r = resolve("7d");
  EXPECT_EQ(r.bucket_of(r.current.from_ms), 0);
  EXPECT_EQ(r.bucket_of(range_saturday_noon), 6);
  EXPECT_EQ(r.bucket_of(r.current.from_ms - 1), -1);
  EXPECT_EQ(r.bucket_of(r.current.to_ms), -1);
  EXPECT_EQ(r.previous_bucket_of(r.current.from_ms - 1), 6);
}

TEST(ReportRange, HalfHourZonesGroupByQuarterHours) {
  auto zone = geo::TimeZone::from_posix_rule("nf", "NST3:30NDT,M3.2.0,M11.1.0");
  auto r = resolve_report_range("7d", {}, {}, range_saturday_noon, zone);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->slot_ms, 900'000);
}

TEST(ReportArithmetic, ShareAndNearestRank) {
  EXPECT_EQ(share_bp(1, 3), 3333);
  EXPECT_EQ(share_bp(2, 3), 6667);
  EXPECT_EQ(share_bp(5, 0), 0);
  std::vector<std::int64_t> v{10, 20, 30, 40, 50, 60, 70, 80, 90, 100};
  EXPECT_EQ(nearest_rank(v, 0.5), 50);
  EXPECT_EQ(nearest_rank(v, 0.9), 90);
  EXPECT_FALSE(nearest_rank({}, 0.5).has_value());
}

}  // namespace
}  // namespace plumbline::domain
