// The Demand report on both databases over an exact fixture: requests across services, urgencies,
// sources, ZIPs and local days (just before and after the operator's midnight), duplicates and
// unmatched ones, in the period and the one before → every KPI, table, chart and map point.
#include "services/report_demand.hpp"

#include "../store/store_fixture.hpp"
#include "database_test.hpp"

namespace plumbline::report_demand_test {
namespace {

using domain::Millis;
using store::Tx;
using Counts = std::vector<std::int64_t>;

constexpr Millis hour = 3'600'000;
constexpr Millis minute = 60'000;
// 2026-12-05 12:00 EST: "7d" is 2026-11-29 … 2026-12-05, the previous 2026-11-22 … 2026-11-28.
constexpr Millis saturday_noon = 1'796'490'000'000;

class ReportDemandTest : public testing::DatabaseTest {
 protected:
  void SetUp() override {
    open_database();
    if (IsSkipped()) return;
    zones_ = geo::TimeZones::load("/usr/share/zoneinfo", {"America/New_York"});
    zone_ = zones_.find("America/New_York");
    auto r = domain::resolve_report_range("7d", "", "", saturday_noon, *zone_);
    ASSERT_TRUE(r.ok());
    range_ = r.value();
    report_ =
        std::make_unique<services::DemandReport>(*store_, store::market_test::zip_table(), zones_);
    seed();
  }

  // Local midnight of a date in New York.
  Millis midnight(const char* date) { return *geo::local_midnight_ms(date, *zone_); }

  std::int64_t add(int n, const char* zip5, const char* service, Millis at, const char* urgency,
                   const char* source, bool matched, std::optional<std::int64_t> dup = {}) {
    auto l = store::market_test::market_lead(n, zip5, service, at, urgency);
    l.source = source;
    if (dup) l.duplicate_of = domain::LeadId{*dup};
    std::int64_t id = 0;
    store_->write_tx([&](Tx& tx) {
      id = tx.insert_lead(l).value;
      if (matched) tx.insert_lead_matches({store::lead_match_row(id, plumber_, 1, at + 1)});
      return true;
    });
    return id;
  }

  void seed() {
    store_->write_tx([&](Tx& tx) {
      plumber_ = store::market_test::add_plumber(tx, 1, {});
      // A service no longer offered keeps its column while it has requests in the period.
      auto catalog = tx.catalog();
      for (auto s : catalog.services)
        if (s.slug == "water_heater") {
          s.active = false;
          tx.put_service_type(s);
        }
      return true;
    });
    // The period, day by day (bucket index in brackets).
    auto a = add(1, "10001", "leak_repair", midnight("2026-11-30") - 1, "emergency", "web",
                 true);                                                                  // [0]
    add(2, "10001", "leak_repair", midnight("2026-11-30"), "within_24h", "api", false);  // [1]
    add(3, "10001", "leak_repair", midnight("2026-11-30") + hour, "emergency", "web", false,
        a);  // [1] a duplicate: not counted as unmatched
    add(4, "59001", "water_heater", midnight("2026-12-02") + 10 * hour, "flexible", "phone",
        false);  // [3]
    add(5, "59001", "drain_cleaning", midnight("2026-12-02") + 11 * hour, "within_24h", "web",
        false);  // [3]
    add(6, "60601", "drain_cleaning", midnight("2026-12-05") - minute, "emergency", "web",
        true);  // [5]
    add(7, "59001", "water_heater", midnight("2026-12-05") + 9 * hour, "within_24h", "admin",
        false);  // [6]
    // The previous period.
    add(11, "59001", "water_heater", midnight("2026-11-25") + 5 * hour, "flexible", "web", false);
    auto p = add(12, "10001", "leak_repair", midnight("2026-11-25") + 6 * hour, "emergency", "web",
                 true);
    add(13, "10001", "leak_repair", midnight("2026-11-29") - 1, "emergency", "web", false, p);
    // Outside both.
    add(21, "59001", "sewer_line", midnight("2026-11-22") - 1, "emergency", "web", false);
    add(22, "59001", "sewer_line", midnight("2026-12-06"), "emergency", "web", false);
  }

  const domain::ReportKpi& kpi(const domain::Report& r, const std::string& key) {
    for (const auto& k : r.kpis)
      if (k.key == key) return k;
    throw std::runtime_error("no kpi " + key);
  }
  static std::vector<std::string> keys(const domain::ReportTable& t) {
    std::vector<std::string> out;
    for (const auto& c : t.columns) out.push_back(c.key);
    return out;
  }
  // Column `key` of every row, as numbers.
  static Counts column(const domain::ReportTable& t, const std::string& key) {
    auto k = keys(t);
    auto i = static_cast<std::size_t>(std::find(k.begin(), k.end(), key) - k.begin());
    Counts out;
    for (const auto& row : t.rows) out.push_back(i < row.size() ? row[i].number : -1);
    return out;
  }
  static std::vector<std::string> texts(const domain::ReportTable& t, std::size_t row) {
    std::vector<std::string> out;
    for (const auto& cell : t.rows.at(row)) out.push_back(cell.text);
    return out;
  }

  geo::TimeZones zones_;
  const geo::TimeZone* zone_ = nullptr;
  domain::ReportRange range_;
  std::unique_ptr<services::DemandReport> report_;
  std::int64_t plumber_ = 0;
};

TEST_P(ReportDemandTest, KpisCountThePeriodAndThePreviousOne) {
  auto r = report_->build(range_);
  EXPECT_EQ(r.name, "demand");
  ASSERT_EQ(r.kpis.size(), 5u);
  const auto& requests = kpi(r, "requests");
  EXPECT_EQ(requests.value, 7);
  EXPECT_EQ(requests.previous, 3);
  EXPECT_EQ(requests.trend, (Counts{1, 2, 0, 2, 0, 1, 1}));
  const auto& dups = kpi(r, "duplicate_share");
  EXPECT_EQ(dups.value, 1429);     // 1 of 7
  EXPECT_EQ(dups.previous, 3333);  // 1 of 3
  EXPECT_FALSE(dups.higher_is_better);
  EXPECT_EQ(dups.trend, (Counts{0, 5000, 0, 0, 0, 0, 0}));
  const auto& unmatched = kpi(r, "unmatched");
  EXPECT_EQ(unmatched.value, 4);  // the duplicate is not one
  EXPECT_EQ(unmatched.previous, 1);
  EXPECT_EQ(unmatched.trend, (Counts{0, 1, 0, 2, 0, 0, 1}));
  EXPECT_EQ(kpi(r, "unmatched_share").value, 5714);
  EXPECT_EQ(kpi(r, "unmatched_share").previous, 3333);
  EXPECT_EQ(kpi(r, "unmatched_areas").value, 2);
  EXPECT_EQ(kpi(r, "unmatched_areas").previous, 1);
}

TEST_P(ReportDemandTest, RequestsPerLocalDayByServiceUrgencyAndSource) {
  auto r = report_->build(range_);
  const auto* by_service = r.table("by_service");
  ASSERT_NE(by_service, nullptr);
  // Catalog order; only services with requests in the period, the withdrawn one included.
  EXPECT_EQ(keys(*by_service), (std::vector<std::string>{"bucket", "leak_repair", "drain_cleaning",
                                                         "water_heater", "total"}));
  EXPECT_EQ(texts(*by_service, 0).at(0), "2026-11-29");
  EXPECT_EQ(texts(*by_service, 6).at(0), "2026-12-05");
  EXPECT_EQ(column(*by_service, "leak_repair"), (Counts{1, 2, 0, 0, 0, 0, 0}));
  EXPECT_EQ(column(*by_service, "drain_cleaning"), (Counts{0, 0, 0, 1, 0, 1, 0}));
  EXPECT_EQ(column(*by_service, "water_heater"), (Counts{0, 0, 0, 1, 0, 0, 1}));
  EXPECT_EQ(column(*by_service, "total"), (Counts{1, 2, 0, 2, 0, 1, 1}));

  const auto* by_urgency = r.table("by_urgency");
  ASSERT_NE(by_urgency, nullptr);
  EXPECT_EQ(column(*by_urgency, "emergency"), (Counts{1, 1, 0, 0, 0, 1, 0}));
  EXPECT_EQ(column(*by_urgency, "within_24h"), (Counts{0, 1, 0, 1, 0, 0, 1}));
  EXPECT_EQ(column(*by_urgency, "flexible"), (Counts{0, 0, 0, 1, 0, 0, 0}));
  EXPECT_EQ(keys(*by_urgency).size(), 5u);  // this_week has no requests

  const auto* by_source = r.table("by_source");
  ASSERT_NE(by_source, nullptr);
  EXPECT_EQ(keys(*by_source),
            (std::vector<std::string>{"bucket", "web", "api", "admin", "phone", "total"}));
  EXPECT_EQ(column(*by_source, "web"), (Counts{1, 1, 0, 1, 0, 1, 0}));
  EXPECT_EQ(column(*by_source, "api"), (Counts{0, 1, 0, 0, 0, 0, 0}));
  EXPECT_EQ(column(*by_source, "admin"), (Counts{0, 0, 0, 0, 0, 0, 1}));
  EXPECT_EQ(column(*by_source, "phone"), (Counts{0, 0, 0, 1, 0, 0, 0}));

  for (const char* key : {"by_service", "by_urgency", "by_source"}) {
    auto chart = std::find_if(r.charts.begin(), r.charts.end(),
                              [&](const domain::ReportChart& c) { return c.table_key == key; });
    ASSERT_NE(chart, r.charts.end()) << key;
    EXPECT_EQ(chart->kind, "stacked-bar");
    EXPECT_EQ(chart->label_column, "bucket");
    EXPECT_EQ(std::find(chart->value_columns.begin(), chart->value_columns.end(), "total"),
              chart->value_columns.end());
  }
}

TEST_P(ReportDemandTest, DuplicatesAndUnmatchedPerDay) {
  auto r = report_->build(range_);
  const auto* t = r.table("duplicates_unmatched");
  ASSERT_NE(t, nullptr);
  EXPECT_EQ(column(*t, "requests"), (Counts{1, 2, 0, 2, 0, 1, 1}));
  EXPECT_EQ(column(*t, "duplicates"), (Counts{0, 1, 0, 0, 0, 0, 0}));
  EXPECT_EQ(column(*t, "duplicate_share"), (Counts{0, 5000, 0, 0, 0, 0, 0}));
  EXPECT_EQ(column(*t, "unmatched"), (Counts{0, 1, 0, 2, 0, 0, 1}));
  EXPECT_EQ(column(*t, "unmatched_share"), (Counts{0, 5000, 0, 10000, 0, 0, 10000}));
}

TEST_P(ReportDemandTest, AreasRankedWithThePreviousPeriodAndTheMap) {
  auto r = report_->build(range_);
  const auto* cities = r.table("by_city");
  ASSERT_NE(cities, nullptr);
  ASSERT_EQ(cities->rows.size(), 3u);
  EXPECT_EQ(texts(*cities, 0).at(0), "Absarokee");  // ties with New York: by state
  EXPECT_EQ(texts(*cities, 1).at(0), "New York");
  EXPECT_EQ(texts(*cities, 2).at(0), "Chicago");
  EXPECT_EQ(column(*cities, "requests"), (Counts{3, 3, 1}));
  EXPECT_EQ(column(*cities, "share"), (Counts{4286, 4286, 1429}));
  EXPECT_EQ(column(*cities, "previous_requests"), (Counts{1, 2, 0}));

  const auto* zips = r.table("by_zip");
  ASSERT_NE(zips, nullptr);
  ASSERT_EQ(zips->rows.size(), 3u);
  EXPECT_EQ(texts(*zips, 0), (std::vector<std::string>{"10001", "New York", "NY", "", "", ""}));
  EXPECT_EQ(texts(*zips, 1).at(0), "59001");
  EXPECT_EQ(texts(*zips, 2).at(0), "60601");
  EXPECT_EQ(column(*zips, "requests"), (Counts{3, 3, 1}));
  EXPECT_EQ(column(*zips, "previous_requests"), (Counts{2, 1, 0}));

  ASSERT_EQ(r.maps.size(), 1u);
  EXPECT_EQ(r.maps[0].table_key, "by_zip");
  ASSERT_EQ(r.maps[0].points.size(), 3u);
  EXPECT_EQ(r.maps[0].points[0].label, "10001 New York");
  EXPECT_EQ(r.maps[0].points[0].value, 3);
  EXPECT_NEAR(r.maps[0].points[0].lat, 40.75065, 1e-9);
  EXPECT_NEAR(r.maps[0].points[1].lng, -109.53999, 1e-9);
}

TEST_P(ReportDemandTest, RecruitingListsTheAreasNoPlumberCovers) {
  auto r = report_->build(range_);
  const auto* t = r.table("recruiting");
  ASSERT_NE(t, nullptr);
  ASSERT_EQ(t->rows.size(), 2u);
  EXPECT_EQ(texts(*t, 0),
            (std::vector<std::string>{"59001", "Absarokee", "MT", "", "", "2026-12-05",
                                      "Water heater (2), Drain cleaning (1)"}));
  EXPECT_EQ(texts(*t, 1), (std::vector<std::string>{"10001", "New York", "NY", "", "", "2026-11-30",
                                                    "Leak repair (1)"}));
  EXPECT_EQ(column(*t, "unmatched"), (Counts{3, 1}));
  EXPECT_EQ(column(*t, "previous_unmatched"), (Counts{1, 0}));
  EXPECT_FALSE(t->note.empty());
}

TEST_P(ReportDemandTest, AnEmptyPeriodHasZeroesAndEmptyLists) {
  auto r =
      domain::resolve_report_range("custom", "2025-01-01", "2025-01-07", saturday_noon, *zone_);
  ASSERT_TRUE(r.ok());
  auto report = report_->build(r.value());
  EXPECT_EQ(kpi(report, "requests").value, 0);
  EXPECT_EQ(kpi(report, "duplicate_share").value, 0);
  EXPECT_EQ(report.table("by_service")->rows.size(), 7u);
  EXPECT_EQ(keys(*report.table("by_service")), (std::vector<std::string>{"bucket", "total"}));
  EXPECT_TRUE(report.table("recruiting")->rows.empty());
  EXPECT_TRUE(report.maps.at(0).points.empty());
}

INSTANTIATE_TEST_SUITE_P(Backends, ReportDemandTest, ::testing::Values("sqlite", "postgres"),
                         store::outbox_test::backend_name);

}  // namespace
}  // namespace plumbline::report_demand_test
