// The demand report's folding and ranking: slots into local-day buckets, ZIPs and cities ranked
// with the previous period's counts, and the recruiting list.
#include "domain/report_demand.hpp"

#include <gtest/gtest.h>

namespace plumbline::domain {
namespace {

const geo::TimeZone& new_york() {
  static const auto zone = geo::TimeZone::from_posix_rule("ny", "EST5EDT,M3.2.0,M11.1.0");
  return zone;
}

// 2026-12-05 12:00 EST.
constexpr Millis saturday_noon = 1'796'490'000'000;

ReportRange seven_days() {
  auto r = resolve_report_range("7d", "", "", saturday_noon, new_york());
  EXPECT_TRUE(r.ok());
  return r.ok() ? r.value() : ReportRange{};
}

TEST(DemandFold, SlotsLandInTheirLocalDay) {
  auto range = seven_days();
  ASSERT_EQ(range.buckets.size(), 7u);
  const Millis day2 = range.buckets[1].span.from_ms;  // local midnight
  const std::int64_t last_slot_of_day1 = day2 / range.slot_ms - 1;
  const std::int64_t first_slot_of_day2 = day2 / range.slot_ms;
  auto b = fold_demand_slots(range, {{last_slot_of_day1, "leak_repair", 2, 1},
                                     {first_slot_of_day2, "leak_repair", 3, 0},
                                     {first_slot_of_day2, "drain_cleaning", 4, 4},
                                     {range.current.to_ms / range.slot_ms, "leak_repair", 9, 9}});
  EXPECT_EQ(b.requests["leak_repair"], (std::vector<std::int64_t>{2, 3, 0, 0, 0, 0, 0}));
  EXPECT_EQ(b.requests["drain_cleaning"], (std::vector<std::int64_t>{0, 4, 0, 0, 0, 0, 0}));
  EXPECT_EQ(b.total, (std::vector<std::int64_t>{2, 7, 0, 0, 0, 0, 0}));
  EXPECT_EQ(b.unmatched, (std::vector<std::int64_t>{1, 4, 0, 0, 0, 0, 0}));
}

TEST(DemandFold, NoRowsGiveZeroBucketsAndNoKeys) {
  auto range = seven_days();
  auto b = fold_demand_slots(range, {});
  EXPECT_TRUE(b.requests.empty());
  EXPECT_EQ(b.total, std::vector<std::int64_t>(7, 0));
}

TEST(DemandFold, UrgencyAndSourceSplitFromOneMixedCount) {
  std::vector<DemandSlotMix> mix{{7, "emergency", "web", 2}, {7, "flexible", "api", 1}};
  auto u = demand_urgency_slots(mix);
  auto s = demand_source_slots(mix);
  ASSERT_EQ(u.size(), 2u);
  EXPECT_EQ(u[1].key, "flexible");
  EXPECT_EQ(u[1].requests, 1);
  EXPECT_EQ(s[0].key, "web");
  EXPECT_EQ(s[0].slot, 7);
  EXPECT_EQ(s[0].requests, 2);
}

std::pair<std::string, std::string> demand_test_names(const std::string& zip) {
  if (zip == "10001") return {"New York", "NY"};
  if (zip == "60601") return {"Chicago", "IL"};
  if (zip == "60602") return {"Chicago", "IL"};
  if (zip == "94103") return {"San Francisco", "CA"};
  if (zip == "73301") return {"Austin", "TX"};
  return {};
}

TEST(DemandAreas, ZipsJoinTheirUnmatchedCountsAndNames) {
  auto areas = demand_areas({{"10001", 4}, {"94103", 1}},
                            {{"10001", "leak_repair", 1, 500}, {"10001", "drain_cleaning", 2, 700}},
                            demand_test_names);
  ASSERT_EQ(areas.size(), 2u);
  EXPECT_EQ(areas[0].zip, "10001");
  EXPECT_EQ(areas[0].city, "New York");
  EXPECT_EQ(areas[0].requests, 4);
  EXPECT_EQ(areas[0].unmatched, 3);
  EXPECT_EQ(areas[0].latest_unmatched_at, 700);
  EXPECT_EQ(areas[1].unmatched, 0);
  EXPECT_EQ(areas[1].latest_unmatched_at, 0);
}

TEST(DemandAreas, ZipsAndCitiesRankedWithThePreviousPeriod) {
  auto now = demand_areas({{"10001", 4}, {"60601", 3}, {"60602", 1}, {"94103", 1}},
                          {{"10001", "leak_repair", 2, 700}}, demand_test_names);
  auto before = demand_areas({{"10001", 2}, {"73301", 5}}, {}, demand_test_names);
  auto zips = rank_demand_zips(now, before, 10);
  ASSERT_EQ(zips.size(), 4u);
  EXPECT_EQ(zips[0].zip, "10001");
  EXPECT_EQ(zips[0].count, 4);
  EXPECT_EQ(zips[0].previous, 2);
  EXPECT_EQ(zips[1].zip, "60601");
  EXPECT_EQ(zips[1].previous, 0);
  EXPECT_EQ(zips[2].zip, "60602");  // ties with 94103: by ZIP
  EXPECT_EQ(rank_demand_zips(now, before, 1).size(), 1u);

  auto cities = rank_demand_cities(now, before, 10);
  ASSERT_EQ(cities.size(), 3u);
  EXPECT_EQ(cities[0].city, "Chicago");  // ties with New York: by state
  EXPECT_EQ(cities[0].count, 4);
  EXPECT_EQ(cities[1].city, "New York");
  EXPECT_EQ(cities[1].previous, 2);
  EXPECT_TRUE(cities[1].zip.empty());

  auto t = demand_totals(now);
  EXPECT_EQ(t.requests, 9);
  EXPECT_EQ(t.unmatched, 2);
  EXPECT_EQ(t.unmatched_areas, 1);
}

TEST(DemandAreas, RecruitingListsUnmatchedZipsWithTheirServices) {
  std::vector<DemandAreaCount> now{{"10001", "New York", "NY", 5, 2, 700},
                                   {"59001", "Absarokee", "MT", 3, 3, 900},
                                   {"60601", "Chicago", "IL", 4, 0, 0}};
  std::vector<DemandAreaCount> before{{"59001", "Absarokee", "MT", 1, 1, 10}};
  std::vector<DemandUnmatched> asked{{"59001", "water_heater", 1, 900},
                                     {"59001", "drain_cleaning", 1, 800},
                                     {"59001", "leak_repair", 1, 700},
                                     {"59001", "sewer_line", 0, 0},
                                     {"10001", "leak_repair", 2, 700}};
  auto list = demand_recruiting_list(now, before, asked, 2);
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(list[0].zip, "59001");
  EXPECT_EQ(list[0].count, 3);
  EXPECT_EQ(list[0].previous, 1);
  EXPECT_EQ(list[0].latest, 900);
  ASSERT_EQ(list[0].services.size(), 2u);  // ties by slug, cut at two
  EXPECT_EQ(list[0].services[0].first, "drain_cleaning");
  EXPECT_EQ(list[0].services[1].first, "leak_repair");
  EXPECT_EQ(list[1].zip, "10001");
  EXPECT_EQ(list[1].previous, 0);
  EXPECT_EQ(list[1].services.at(0), (std::pair<std::string, std::int64_t>{"leak_repair", 2}));
}

}  // namespace
}  // namespace plumbline::domain
