// The Marketplace health report over an exact fixture built through the real flows (intake and
// matching, claims at known delays, a dispute approved and one denied, a "never requested"
// refund, hired, cancelled, closed as spam, expiry), on SQLite and PostgreSQL: every KPI, every
// table cell and the previous period's figures.
#include "services/report_health.hpp"

#include <algorithm>
#include <stdexcept>

#include "marketplace_fixture.hpp"
#include "services/lead_admin.hpp"

namespace plumbline::report_health_test {
using namespace market_test;

namespace {

constexpr Millis health_minute = 60'000;

class HealthReportTest : public MarketTest {
 protected:
  void SetUp() override {
    MarketTest::SetUp();
    if (IsSkipped()) return;
    services::MarketplaceContext market{*store_, clock_, *catalog_, events_, notify_, settings_};
    lead_admin_ = std::make_unique<services::LeadAdminService>(market);
    builder_ = std::make_unique<services::HealthReportBuilder>(*store_);
  }

  // Moves the fixed clock forward to t0 + offset.
  void at(Millis offset) {
    ASSERT_GE(t0 + offset, clock_.now_ms());
    clock_.advance_ms(t0 + offset - clock_.now_ms());
  }
  domain::ClaimId claim(domain::UserId who, const services::SubmittedLead& lead) {
    auto r = claims_->claim(who, lead.id);
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
    return r.ok() ? r->claim.id : domain::ClaimId{};
  }
  void dispute_and_decide(domain::UserId who, domain::ClaimId claim, bool approve) {
    auto d = disputes_->dispute(who, claim, "wrong_contact", "The number does not answer.");
    ASSERT_TRUE(d.ok()) << d.error().message;
    auto r = disputes_->resolve_dispute(domain::Actor{admin_}, d->id, approve,
                                        approve ? "Confirmed" : "The number works");
    ASSERT_TRUE(r.ok()) << r.error().message;
  }
  services::SubmittedLead matched_lead() {
    auto l = submit("drain_cleaning", "flexible", "94103");
    EXPECT_EQ(l.matched, 3);
    return l;
  }
  services::SubmittedLead unmatched_lead() {
    auto l = submit("drain_cleaning", "flexible", "10001");  // nobody covers New York
    EXPECT_EQ(l.matched, 0);
    return l;
  }

  // t0 is 2027-01-15 00:00 in Los Angeles. The previous period is 14–16 January, the report's
  // 17–19 January; the report is read on the 20th.
  domain::Report seed_and_build() {
    auto p1 = plumber("pat"), p2 = plumber("quinn"), p3 = plumber("ros");
    // Previous period, 15 January: one request claimed after 10 minutes, one nobody covers; both
    // expire later (only the unclaimed one counts as expired without a claim).
    at(1 * hour);
    auto a = matched_lead();
    at(1 * hour + 10 * health_minute);
    claim(p1, a);
    at(2 * hour);
    unmatched_lead();
    // 17 January.
    at(49 * hour);
    auto c = matched_lead();  // claimed at 5, 20 and 60 minutes: full, then hired
    at(49 * hour + 5 * health_minute);
    claim(p1, c);
    at(49 * hour + 20 * health_minute);
    claim(p2, c);
    at(50 * hour);
    claim(p3, c);
    EXPECT_TRUE(homeowners_->mark_hired(c.tracking_token).ok());
    auto d = matched_lead();  // claimed after 30 minutes; its dispute approved (refunded)
    at(50 * hour + 30 * health_minute);
    dispute_and_decide(p2, claim(p2, d), true);
    at(51 * hour);
    auto e = matched_lead();  // claimed after 2 hours, then "never requested" (refunded)
    at(52 * hour);
    auto f = unmatched_lead();  // cancelled by the homeowner
    EXPECT_TRUE(leads_->cancel(f.tracking_token).ok());
    at(53 * hour);
    claim(p3, e);
    at(53 * hour + 30 * health_minute);
    matched_lead();  // stays open
    at(54 * hour);
    EXPECT_TRUE(homeowners_->never_requested(e.tracking_token).ok());
    at(55 * hour);
    auto i = matched_lead();  // closed by staff as spam
    EXPECT_TRUE(lead_admin_->close_lead(domain::Actor{admin_}, i.id, "spam", "Spam").ok());
    // 18 January: claimed after an hour; its dispute denied.
    at(73 * hour);
    auto g = matched_lead();
    at(74 * hour);
    dispute_and_decide(p1, claim(p1, g), false);
    at(80 * hour);
    auto expired = retention_->expire_leads();
    EXPECT_TRUE(expired.ok());
    EXPECT_EQ(expired.value(), 2);  // both of 15 January
    // Read on 20 January, 01:00.
    at(121 * hour);
    const auto* zone = zones().find("America/Los_Angeles");
    EXPECT_NE(zone, nullptr);
    auto range =
        domain::resolve_report_range("custom", "2027-01-17", "2027-01-19", clock_.now_ms(), *zone);
    EXPECT_TRUE(range.ok());
    return builder_->build(range.value());
  }

  static std::vector<std::int64_t> numbers(const std::vector<domain::ReportCell>& row) {
    std::vector<std::int64_t> out;
    for (std::size_t i = 1; i < row.size(); ++i) out.push_back(row[i].missing ? -1 : row[i].number);
    return out;
  }
  static const domain::ReportTable& table(const domain::Report& r, std::string_view key) {
    const auto* t = r.table(key);
    if (!t) throw std::runtime_error("no table " + std::string(key));
    return *t;
  }
  static const domain::ReportKpi& kpi(const domain::Report& r, std::string_view key) {
    for (const auto& k : r.kpis)
      if (k.key == key) return k;
    throw std::runtime_error("no KPI " + std::string(key));
  }

  std::unique_ptr<services::LeadAdminService> lead_admin_;
  std::unique_ptr<services::HealthReportBuilder> builder_;
};

TEST_P(HealthReportTest, KpisOverThePeriodAndTheOneBefore) {
  auto r = seed_and_build();
  EXPECT_EQ(r.name, "health");
  ASSERT_EQ(r.kpis.size(), 5u);

  const auto& match = kpi(r, "match_rate");  // 6 of 7; 1 of 2
  EXPECT_EQ(match.value, 8571);
  EXPECT_EQ(match.previous, 5000);
  EXPECT_EQ(match.trend, (std::vector<std::int64_t>{8333, 10000, 0}));
  EXPECT_TRUE(match.higher_is_better);

  const auto& median = kpi(r, "first_claim_median");  // 5 min, 30 min, 1 h, 2 h; 10 min
  EXPECT_EQ(median.unit, domain::ReportUnit::millis);
  EXPECT_EQ(median.value, 30 * health_minute);
  EXPECT_EQ(median.previous, 10 * health_minute);
  EXPECT_TRUE(median.has_previous);
  EXPECT_FALSE(median.higher_is_better);
  EXPECT_EQ(median.trend, (std::vector<std::int64_t>{30 * health_minute, 60 * health_minute, 0}));

  const auto& per_request = kpi(r, "claims_per_request");  // 6 claims on 7; 1 on 2
  EXPECT_EQ(per_request.value, 86);
  EXPECT_EQ(per_request.previous, 50);

  const auto& disputes = kpi(r, "dispute_share");  // 2 of 6 claims; 0 of 1
  EXPECT_EQ(disputes.value, 3333);
  EXPECT_EQ(disputes.previous, 0);
  EXPECT_FALSE(disputes.higher_is_better);
  EXPECT_EQ(disputes.trend, (std::vector<std::int64_t>{2000, 10000, 0}));

  const auto& hired = kpi(r, "hired_share");  // 1 of 7; 0 of 2
  EXPECT_EQ(hired.value, 1429);
  EXPECT_EQ(hired.previous, 0);
}

TEST_P(HealthReportTest, EveryTableCellPerDay) {
  auto r = seed_and_build();
  const auto& req = table(r, "requests");
  ASSERT_EQ(req.rows.size(), 3u);
  EXPECT_EQ(req.rows[0][0].text, "2027-01-17");
  EXPECT_EQ(req.rows[2][0].text, "2027-01-19");
  // requests, matched, match rate, matches/request, claims/request, filled, share, expired
  // unclaimed, share.
  EXPECT_EQ(numbers(req.rows[0]), (std::vector<std::int64_t>{6, 5, 8333, 250, 83, 1, 1667, 0, 0}));
  EXPECT_EQ(numbers(req.rows[1]), (std::vector<std::int64_t>{1, 1, 10000, 300, 100, 0, 0, 0, 0}));
  EXPECT_EQ(numbers(req.rows[2]), (std::vector<std::int64_t>{0, 0, 0, 0, 0, 0, 0, 0, 0}));

  const auto& first = table(r, "first_claim");  // claimed, p50, p90 (-1: no value)
  ASSERT_EQ(first.rows.size(), 3u);
  EXPECT_EQ(numbers(first.rows[0]),
            (std::vector<std::int64_t>{3, 30 * health_minute, 120 * health_minute}));
  EXPECT_EQ(numbers(first.rows[1]),
            (std::vector<std::int64_t>{1, 60 * health_minute, 60 * health_minute}));
  EXPECT_EQ(numbers(first.rows[2]), (std::vector<std::int64_t>{0, -1, -1}));

  // claims, disputed, share, approved, share, refunded (approved dispute, never requested), share.
  const auto& disputes = table(r, "disputes");
  ASSERT_EQ(disputes.rows.size(), 3u);
  EXPECT_EQ(numbers(disputes.rows[0]), (std::vector<std::int64_t>{5, 1, 2000, 1, 2000, 2, 4000}));
  EXPECT_EQ(numbers(disputes.rows[1]), (std::vector<std::int64_t>{1, 1, 10000, 0, 0, 0, 0}));
  EXPECT_EQ(numbers(disputes.rows[2]), (std::vector<std::int64_t>{0, 0, 0, 0, 0, 0, 0}));
}

TEST_P(HealthReportTest, HomeownerOutcomesAndBothPeriods) {
  auto r = seed_and_build();
  const auto& outcomes = table(r, "outcomes");
  ASSERT_EQ(outcomes.rows.size(), 5u);
  std::vector<std::string> labels;
  for (const auto& row : outcomes.rows) labels.push_back(row[0].text);
  EXPECT_EQ(labels, (std::vector<std::string>{"Hired", "Never requested", "Cancelled",
                                              "Removed by staff", "No outcome yet"}));
  // requests, share, previous requests, previous share.
  EXPECT_EQ(numbers(outcomes.rows[0]), (std::vector<std::int64_t>{1, 1429, 0, 0}));
  EXPECT_EQ(numbers(outcomes.rows[1]), (std::vector<std::int64_t>{1, 1429, 0, 0}));
  EXPECT_EQ(numbers(outcomes.rows[2]), (std::vector<std::int64_t>{1, 1429, 0, 0}));
  EXPECT_EQ(numbers(outcomes.rows[3]), (std::vector<std::int64_t>{1, 1429, 0, 0}));
  EXPECT_EQ(numbers(outcomes.rows[4]), (std::vector<std::int64_t>{3, 4286, 2, 10000}));

  const auto& periods = table(r, "periods");
  ASSERT_EQ(periods.rows.size(), 2u);
  EXPECT_EQ(periods.rows[0][0].text, "2027-01-17 to 2027-01-19");
  EXPECT_EQ(periods.rows[1][0].text, "2027-01-14 to 2027-01-16 (previous)");
  // requests, match rate, matches/request, claims/request, filled, expired unclaimed, p50, p90,
  // claims, disputed, refunded, hired.
  EXPECT_EQ(numbers(periods.rows[0]),
            (std::vector<std::int64_t>{7, 8571, 257, 86, 1429, 0, 30 * health_minute,
                                       120 * health_minute, 6, 3333, 3333, 1429}));
  EXPECT_EQ(numbers(periods.rows[1]),
            (std::vector<std::int64_t>{2, 5000, 150, 50, 0, 5000, 10 * health_minute,
                                       10 * health_minute, 1, 0, 0, 0}));
}

TEST_P(HealthReportTest, ChartsDrawColumnsOfTheirTables) {
  auto r = seed_and_build();
  ASSERT_FALSE(r.charts.empty());
  for (const auto& c : r.charts) {
    const auto& t = table(r, c.table_key);
    auto has = [&](const std::string& key) {
      return std::any_of(t.columns.begin(), t.columns.end(),
                         [&](const domain::ReportColumn& col) { return col.key == key; });
    };
    EXPECT_TRUE(has(c.label_column)) << c.key;
    EXPECT_EQ(t.columns.front().key, c.label_column) << c.key;
    for (const auto& v : c.value_columns) EXPECT_TRUE(has(v)) << c.key << " " << v;
  }
  EXPECT_EQ(r.charts.back().kind, "doughnut");
}

INSTANTIATE_TEST_SUITE_P(Backends, HealthReportTest, ::testing::Values("sqlite", "postgres"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace plumbline::report_health_test
