// The Lead sources report over the known marketplace of report_activity_seed.hpp, on SQLite and
// PostgreSQL: KPIs, the table per intake source (and its chart), per campaign and per referrer
// host, and the credits agreeing with the claims rows.
#include "services/report_sources.hpp"

#include "../store/report_activity_seed.hpp"
#include "database_test.hpp"

namespace plumbline::report_sources_test {
namespace {

using namespace store::report_activity_test;
using V = std::vector<std::int64_t>;

class ReportSourcesTest : public testing::DatabaseTest {
 protected:
  void SetUp() override {
    open_database();
    if (IsSkipped()) return;
    seed = seed_report_activity(*store_);
    report = services::SourcesReport(*store_).build(seed_range());
  }
  static std::size_t index_of(const domain::ReportTable& t, std::string_view key) {
    std::size_t c = 0;
    while (c < t.columns.size() && t.columns[c].key != key) ++c;
    EXPECT_LT(c, t.columns.size()) << key;
    return c;
  }
  static V column(const domain::ReportTable& t, std::string_view key) {
    auto c = index_of(t, key);
    V out;
    for (const auto& row : t.rows) out.push_back(row[c].number);
    return out;
  }
  static std::vector<std::string> words(const domain::ReportTable& t, std::string_view key) {
    auto c = index_of(t, key);
    std::vector<std::string> out;
    for (const auto& row : t.rows) out.push_back(row[c].text);
    return out;
  }
  const domain::ReportKpi& kpi(std::string_view key) {
    for (const auto& k : report.kpis)
      if (k.key == key) return k;
    throw std::runtime_error("no kpi " + std::string(key));
  }
  ReportActivitySeed seed;
  domain::Report report;
};

TEST_P(ReportSourcesTest, KpisCountRequestsPaidCampaignsAndHires) {
  EXPECT_EQ(report.name, "sources");
  EXPECT_EQ(kpi("requests").value, 5);
  EXPECT_EQ(kpi("requests").previous, 1);
  EXPECT_EQ(kpi("paid_share_bp").value, 4'000);  // 2 of 5 from google / cpc
  EXPECT_EQ(kpi("paid_share_bp").previous, 10'000);
  EXPECT_EQ(kpi("hired_share_bp").value, 4'000);  // L1 and L5
  EXPECT_EQ(kpi("hired_share_bp").previous, 0);
  EXPECT_EQ(kpi("credits_spent").value, 14);  // L1 3+3, L2 2+2, L3 4
  EXPECT_EQ(kpi("credits_spent").previous, 4);
}

TEST_P(ReportSourcesTest, EveryIntakeSourceHasARowAndTheChartDrawsIt) {
  const auto* t = report.table("by_source");
  ASSERT_NE(t, nullptr);
  EXPECT_EQ(words(*t, "source"), (std::vector<std::string>{"Web form", "API", "Staff", "Phone"}));
  EXPECT_EQ(column(*t, "requests"), (V{3, 1, 0, 1}));
  EXPECT_EQ(column(*t, "matched"), (V{3, 1, 0, 0}));
  EXPECT_EQ(column(*t, "claimed"), (V{2, 1, 0, 0}));
  EXPECT_EQ(column(*t, "hired"), (V{2, 0, 0, 0}));
  EXPECT_EQ(column(*t, "hired_share_bp"), (V{6'667, 0, 0, 0}));
  EXPECT_EQ(column(*t, "credits_spent"), (V{10, 4, 0, 0}));
  EXPECT_EQ(column(*t, "disputes"), (V{2, 0, 0, 0}));
  ASSERT_EQ(report.charts.size(), 1u);
  EXPECT_EQ(report.charts[0].kind, "bar");
  EXPECT_EQ(report.charts[0].table_key, "by_source");
  EXPECT_EQ(report.charts[0].value_columns, (std::vector<std::string>{"requests", "hired"}));
}

TEST_P(ReportSourcesTest, CampaignsGroupSourceAndUtmMostRequestsFirst) {
  const auto* t = report.table("by_campaign");
  ASSERT_NE(t, nullptr);
  EXPECT_EQ(words(*t, "channel"),
            (std::vector<std::string>{
                "Web form · google / cpc / spring", "API · partner / referral / (none)",
                "Phone · (none) / (none) / (none)", "Web form · newsletter / email / autumn"}));
  EXPECT_EQ(words(*t, "utm_medium"), (std::vector<std::string>{"cpc", "referral", "", "email"}));
  EXPECT_EQ(words(*t, "paid"), (std::vector<std::string>{"yes", "no", "no", "no"}));
  EXPECT_EQ(column(*t, "requests"), (V{2, 1, 1, 1}));
  EXPECT_EQ(column(*t, "claimed"), (V{2, 1, 0, 0}));
  EXPECT_EQ(column(*t, "hired"), (V{1, 0, 0, 1}));
  EXPECT_EQ(column(*t, "credits_spent"), (V{10, 4, 0, 0}));
  EXPECT_EQ(column(*t, "disputes"), (V{2, 0, 0, 0}));
}

TEST_P(ReportSourcesTest, ReferrersFoldIntoTheirHosts) {
  const auto* t = report.table("by_referrer");
  ASSERT_NE(t, nullptr);
  EXPECT_EQ(words(*t, "referrer_host"),
            (std::vector<std::string>{"(none)", "google.com", "mail.example.com"}));
  EXPECT_EQ(column(*t, "requests"), (V{2, 2, 1}));
  EXPECT_EQ(column(*t, "hired"), (V{0, 1, 1}));
  EXPECT_EQ(column(*t, "credits_spent"), (V{4, 10, 0}));
}

TEST_P(ReportSourcesTest, CreditsAgreeWithTheClaimsOfThePeriodsRequests) {
  std::int64_t credits = 0;
  store_->read_tx([&](store::Tx& tx) {
    for (auto lead : {seed.l1, seed.l2, seed.l3, seed.l4, seed.l5})
      for (const auto& c : tx.claims_for_lead(domain::LeadId{lead})) credits += c.price_credits;
  });
  for (const char* key : {"by_source", "by_campaign", "by_referrer"}) {
    std::int64_t sum = 0;
    for (auto v : column(*report.table(key), "credits_spent")) sum += v;
    EXPECT_EQ(sum, credits) << key;
  }
  EXPECT_EQ(credits, 14);
}

INSTANTIATE_TEST_SUITE_P(Backends, ReportSourcesTest, ::testing::Values("sqlite", "postgres"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace plumbline::report_sources_test
