// Calendar months of a report's period in the operator's zone, and finding a time's bucket.
#include "domain/report_revenue.hpp"

#include <gtest/gtest.h>

namespace plumbline::domain {
namespace {

const geo::TimeZone& revenue_new_york() {
  static const geo::TimeZones zones =
      geo::TimeZones::load("/usr/share/zoneinfo", {"America/New_York"});
  return *zones.find("America/New_York");
}

TEST(ReportMonths, CutTheMonthsToThePeriodAtLocalMidnight) {
  const auto& zone = revenue_new_york();
  Millis now = *geo::local_midnight_ms("2026-12-05", zone);
  auto range = resolve_report_range("custom", "2026-10-25", "2026-12-02", now, zone);
  ASSERT_TRUE(range.ok());
  auto months = report_months(range.value(), zone);
  ASSERT_EQ(months.size(), 3u);
  EXPECT_EQ(months[0].label, "2026-10");
  EXPECT_EQ(months[1].label, "2026-11");
  EXPECT_EQ(months[2].label, "2026-12");
  EXPECT_EQ(months[0].span.from_ms, range.value().current.from_ms);
  EXPECT_EQ(months[0].span.to_ms, *geo::local_midnight_ms("2026-11-01", zone));
  EXPECT_EQ(months[1].span.to_ms, *geo::local_midnight_ms("2026-12-01", zone));
  EXPECT_EQ(months[2].span.to_ms, range.value().current.to_ms);
  // 23:30 on 31 October in New York is November in UTC, and October here.
  Millis late = *geo::local_midnight_ms("2026-10-31", zone) + 23 * 3'600'000 + 30 * 60'000;
  EXPECT_EQ(report_bucket_index(months, late), 0);
  EXPECT_EQ(report_bucket_index(months, months[1].span.from_ms), 1);
  EXPECT_EQ(report_bucket_index(months, range.value().current.from_ms - 1), -1);
  EXPECT_EQ(report_bucket_index(months, range.value().current.to_ms), -1);
}

TEST(ReportMonths, OneMonthWhenThePeriodIsInside) {
  const auto& zone = revenue_new_york();
  Millis now = *geo::local_midnight_ms("2026-12-05", zone);
  auto range = resolve_report_range("custom", "2026-11-03", "2026-11-09", now, zone);
  ASSERT_TRUE(range.ok());
  auto months = report_months(range.value(), zone);
  ASSERT_EQ(months.size(), 1u);
  EXPECT_EQ(months[0].label, "2026-11");
  EXPECT_EQ(months[0].span.from_ms, range.value().current.from_ms);
  EXPECT_EQ(months[0].span.to_ms, range.value().current.to_ms);
}

}  // namespace
}  // namespace plumbline::domain
