// The Plumbers report over the known marketplace of report_activity_seed.hpp, on SQLite and
// PostgreSQL: every KPI, the active plumbers per day and every cell of the per-plumber table, and
// its credits agreeing with the ledger.
#include "services/report_plumbers.hpp"

#include "../store/report_activity_seed.hpp"
#include "database_test.hpp"

namespace plumbline::report_plumbers_test {
namespace {

using namespace store::report_activity_test;

class ReportPlumbersTest : public testing::DatabaseTest {
 protected:
  void SetUp() override {
    open_database();
    if (IsSkipped()) return;
    seed = seed_report_activity(*store_);
    report = services::PlumbersReport(*store_).build(seed_range());
  }
  // A column of a table as numbers (-1 for a missing cell).
  static std::vector<std::int64_t> column(const domain::ReportTable& t, std::string_view key) {
    std::size_t c = 0;
    while (c < t.columns.size() && t.columns[c].key != key) ++c;
    EXPECT_LT(c, t.columns.size()) << key;
    std::vector<std::int64_t> out;
    for (const auto& row : t.rows) out.push_back(row[c].missing ? -1 : row[c].number);
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

TEST_P(ReportPlumbersTest, KpisCompareThePeriodWithThePreviousOne) {
  EXPECT_EQ(report.name, "plumbers");
  const auto& active = kpi("active_plumbers");
  EXPECT_EQ(active.value, 4);  // A B C claimed, D paid; E was only matched
  EXPECT_EQ(active.previous, 1);
  EXPECT_EQ(active.trend, (std::vector<std::int64_t>{2, 1, 2, 1, 0, 0, 1, 0, 0, 0}));
  const auto& per_active = kpi("claims_per_active");
  EXPECT_EQ(per_active.unit, domain::ReportUnit::hundredths);
  EXPECT_EQ(per_active.value, 150);  // 6 claims / 4 active
  EXPECT_EQ(per_active.previous, 100);
  EXPECT_EQ(per_active.trend, (std::vector<std::int64_t>{150, 0, 100, 100, 0, 0, 0, 0, 0, 0}));
  const auto& median = kpi("median_response_ms");
  EXPECT_FALSE(median.higher_is_better);
  EXPECT_EQ(median.value, 90'000);  // 30 60 90 | 120 600 s, 2 d 1 h: nearest rank 3 of 6
  EXPECT_EQ(median.previous, 10'000);
  EXPECT_EQ(kpi("win_rate_bp").value, 5'000);  // 3 won of 6
  EXPECT_EQ(kpi("win_rate_bp").previous, 10'000);
  EXPECT_EQ(kpi("approved_plumbers").value, 4);     // C approved during the period, E pending
  EXPECT_EQ(kpi("approved_plumbers").previous, 3);  // at the previous period's end
}

TEST_P(ReportPlumbersTest, ActivePerDayCountsAPlumberOncePerDay) {
  const auto* t = report.table("active_by_bucket");
  ASSERT_NE(t, nullptr);
  ASSERT_EQ(t->rows.size(), 10u);
  EXPECT_EQ(t->rows[0][0].text, "day 0");
  EXPECT_EQ(column(*t, "active_plumbers"),
            (std::vector<std::int64_t>{2, 1, 2, 1, 0, 0, 1, 0, 0, 0}));
  EXPECT_EQ(column(*t, "claims"), (std::vector<std::int64_t>{3, 0, 2, 1, 0, 0, 0, 0, 0, 0}));
  ASSERT_EQ(report.charts.size(), 1u);
  EXPECT_EQ(report.charts[0].table_key, "active_by_bucket");
}

TEST_P(ReportPlumbersTest, PerPlumberRowsAreSortedByClaimsWithEveryFigure) {
  const auto* t = report.table("by_plumber");
  ASSERT_NE(t, nullptr);
  EXPECT_EQ(t->shown_rows, 100u);
  ASSERT_EQ(t->rows.size(), 5u);  // A B C, then E (matched) before D (paid only)
  std::vector<std::string> names;
  for (const auto& r : t->rows) names.push_back(r[0].text);
  EXPECT_EQ(names,
            (std::vector<std::string>{"Pipes & Drains #1", "Pipes & Drains #2", "Pipes & Drains #3",
                                      "Pipes & Drains #5", "Pipes & Drains #4"}));
  using V = std::vector<std::int64_t>;
  EXPECT_EQ(column(*t, "matched"), (V{3, 2, 1, 1, 0}));
  EXPECT_EQ(column(*t, "claimed"), (V{3, 2, 1, 0, 0}));
  EXPECT_EQ(column(*t, "claim_rate_bp"), (V{10'000, 10'000, 10'000, 0, -1}));
  EXPECT_EQ(column(*t, "median_response_ms"), (V{60'000, 120'000, 600'000, -1, -1}));
  EXPECT_EQ(column(*t, "won"), (V{1, 1, 1, 0, 0}));
  EXPECT_EQ(column(*t, "lost"), (V{1, 0, 0, 0, 0}));
  EXPECT_EQ(column(*t, "open"), (V{1, 1, 0, 0, 0}));
  EXPECT_EQ(column(*t, "win_rate_bp"), (V{3'333, 5'000, 10'000, -1, -1}));
  EXPECT_EQ(column(*t, "cost_per_won_credits"), (V{9, 5, 2, -1, -1}));
  EXPECT_EQ(column(*t, "credits_bought"), (V{20, 0, 5, 0, 0}));
  EXPECT_EQ(column(*t, "credits_spent"), (V{9, 5, 2, 0, 0}));
}

TEST_P(ReportPlumbersTest, CreditsAgreeWithTheLedger) {
  // Every ledger row of the period, read back plainly, against the table's two credit columns.
  std::int64_t bought = 0, spent = 0;
  store_->read_tx([&](store::Tx& tx) {
    for (auto id : {seed.a, seed.b, seed.c, seed.d, seed.e})
      for (const auto& e : tx.ledger_entries(domain::UserId{id}, 1000, 0)) {
        if (e.created_at < T || e.created_at >= T + period) continue;
        if (e.kind == "purchase") bought += e.amount;
        if (e.kind == "claim") spent -= e.amount;
      }
  });
  const auto* t = report.table("by_plumber");
  ASSERT_NE(t, nullptr);
  std::int64_t table_bought = 0, table_spent = 0;
  for (auto v : column(*t, "credits_bought")) table_bought += v;
  for (auto v : column(*t, "credits_spent")) table_spent += v;
  EXPECT_EQ(table_bought, bought);
  EXPECT_EQ(table_spent, spent);
  EXPECT_EQ(bought, 25);
  EXPECT_EQ(spent, 16);
}

TEST_P(ReportPlumbersTest, ThePageHasTheSameFiguresAndNamesForTheRowsItShows) {
  // build_page reads names only for the first shown_plumbers rows; here all five are shown, so
  // the page's report is the whole one, cell for cell.
  auto page = services::PlumbersReport(*store_).build_page(seed_range());
  ASSERT_EQ(page.tables.size(), report.tables.size());
  for (std::size_t i = 0; i < page.tables.size(); ++i) {
    const auto &a = page.tables[i], &b = report.tables[i];
    SCOPED_TRACE(a.key);
    ASSERT_EQ(a.rows.size(), b.rows.size());
    for (std::size_t r = 0; r < a.rows.size(); ++r) {
      ASSERT_EQ(a.rows[r].size(), b.rows[r].size());
      for (std::size_t c = 0; c < a.rows[r].size(); ++c) {
        EXPECT_EQ(a.rows[r][c].text, b.rows[r][c].text);
        EXPECT_EQ(a.rows[r][c].number, b.rows[r][c].number);
        EXPECT_EQ(a.rows[r][c].missing, b.rows[r][c].missing);
      }
    }
  }
  ASSERT_EQ(page.kpis.size(), report.kpis.size());
  for (std::size_t i = 0; i < page.kpis.size(); ++i) {
    EXPECT_EQ(page.kpis[i].value, report.kpis[i].value) << page.kpis[i].key;
    EXPECT_EQ(page.kpis[i].previous, report.kpis[i].previous) << page.kpis[i].key;
    EXPECT_EQ(page.kpis[i].trend, report.kpis[i].trend) << page.kpis[i].key;
  }
}

TEST_P(ReportPlumbersTest, AnEmptyPeriodHasNoRowsAndMissingFigures) {
  auto range = seed_range();
  range.current = {T + 100 * day, T + 110 * day};
  for (int i = 0; i < 10; ++i) range.buckets[i].span = {T + (100 + i) * day, T + (101 + i) * day};
  auto empty = services::PlumbersReport(*store_).build(range);
  ASSERT_NE(empty.table("by_plumber"), nullptr);
  EXPECT_TRUE(empty.table("by_plumber")->rows.empty());
  for (const auto& k : empty.kpis)
    if (k.key != "approved_plumbers") EXPECT_EQ(k.value, 0) << k.key;
}

INSTANTIATE_TEST_SUITE_P(Backends, ReportPlumbersTest, ::testing::Values("sqlite", "postgres"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace plumbline::report_plumbers_test
