// The Plumbers page with more plumbers than it shows, on SQLite and PostgreSQL: ranked by claims
// with matches and credits read only for the plumbers at or above the cut, its rows, KPIs and
// active plumbers per day are the full build's, cell for cell, ties at the cut included.
#include "../store/report_activity_seed.hpp"
#include "database_test.hpp"
#include "services/report_plumbers.hpp"

namespace plumbline::report_plumbers_page_test {
namespace {

using namespace store::report_activity_test;

// Plumber i of `count` (after the five of the seed) claims 1 + i % 5 requests in the period, is
// matched to 0–3 more, buys credits when i % 3 != 0 and pays for its claims: 28 plumbers at each
// claim count for 140, so the hundredth row falls among the 2-claim plumbers (a tie at the cut
// that matches, then ids, decide). `claimless` more are matched only.
void seed_many(store::Store& store, int count, int claimless) {
  store.write_tx([&](store::Tx& tx) {
    int lead_n = 1000;
    for (int i = 0; i < count + claimless; ++i) {
      const auto plumber = store::market_test::add_plumber(tx, 100 + i, {}, T - 20 * day);
      const int claims = i < count ? 1 + i % 5 : 0;
      const int matches = claims + (i * 7) % 4 + (i < count ? 0 : 1);
      const Millis base = T + (i % 10) * day + (i % 7) * hour;
      if (i % 3 != 0) ledger(tx, plumber, "purchase", 20, base, "cs_many_" + std::to_string(i));
      for (int k = 0; k < matches; ++k) {
        const Millis at = base + k * hour;
        const auto lead = tx.insert_lead(channel_lead(++lead_n, at, "web", "", "", "", "", 2));
        tx.insert_lead_matches({store::lead_match_row(lead.value, plumber, 1, at + 1000)});
        if (k >= claims) continue;
        std::int64_t claim = 0;
        add_claim(tx, claim, lead.value, plumber, at + 1000 + (k + 1 + i % 4) * 30'000, 2);
        if (i % 3 != 0) ledger(tx, plumber, "claim", -2, at + 2000, std::to_string(claim));
        if (k == 0 && i % 2 == 0)
          set_outcome(tx, claim, plumber, domain::ClaimOutcome::won, at + day);
      }
    }
    return true;
  });
}

class ReportPlumbersPageTest : public testing::DatabaseTest {
 protected:
  void SetUp() override {
    open_database();
    if (IsSkipped()) return;
    seed = seed_report_activity(*store_);
  }
  // The full build and the page's over `range`, and their per-plumber tables.
  void build_both(const domain::ReportRange& range) {
    services::PlumbersReport plumbers(*store_);
    full = plumbers.build(range);
    page = plumbers.build_page(range);
    f = full.table("by_plumber");
    p = page.table("by_plumber");
    ASSERT_NE(f, nullptr);
    ASSERT_NE(p, nullptr);
  }
  ReportActivitySeed seed;
  domain::Report full, page;
  const domain::ReportTable *f = nullptr, *p = nullptr;
};

void expect_same_cells(const domain::ReportTable& page, const domain::ReportTable& full,
                       std::size_t rows) {
  SCOPED_TRACE(page.key);
  ASSERT_GE(page.rows.size(), rows);
  ASSERT_GE(full.rows.size(), rows);
  for (std::size_t r = 0; r < rows; ++r) {
    SCOPED_TRACE(r);
    ASSERT_EQ(page.rows[r].size(), full.rows[r].size());
    for (std::size_t c = 0; c < page.rows[r].size(); ++c) {
      EXPECT_EQ(page.rows[r][c].text, full.rows[r][c].text) << page.columns[c].key;
      EXPECT_EQ(page.rows[r][c].number, full.rows[r][c].number) << page.columns[c].key;
      EXPECT_EQ(page.rows[r][c].missing, full.rows[r][c].missing) << page.columns[c].key;
    }
  }
}

void expect_same_kpis(const domain::Report& page, const domain::Report& full) {
  ASSERT_EQ(page.kpis.size(), full.kpis.size());
  for (std::size_t i = 0; i < page.kpis.size(); ++i) {
    EXPECT_EQ(page.kpis[i].value, full.kpis[i].value) << page.kpis[i].key;
    EXPECT_EQ(page.kpis[i].previous, full.kpis[i].previous) << page.kpis[i].key;
    EXPECT_EQ(page.kpis[i].trend, full.kpis[i].trend) << page.kpis[i].key;
  }
}

std::int64_t cell(const domain::ReportTable& t, std::size_t row, std::string_view key) {
  for (std::size_t c = 0; c < t.columns.size(); ++c)
    if (t.columns[c].key == key) return t.rows[row][c].number;
  ADD_FAILURE() << key;
  return 0;
}

TEST_P(ReportPlumbersPageTest, ThePageRanksByClaimsAndGivesTheFullBuildsFirstRows) {
  seed_many(*store_, 140, 6);
  ASSERT_NO_FATAL_FAILURE(build_both(seed_range()));
  // The seed's 5 plumbers and the 146 added: every one a row of the CSV.
  EXPECT_EQ(f->rows.size(), 151u);
  EXPECT_TRUE(f->rows_counted);
  // The page read only the candidates' figures: its hundred rows, the count of all unknown.
  EXPECT_FALSE(p->rows_counted);
  ASSERT_EQ(p->rows.size(), services::PlumbersReport::shown_plumbers);
  // The cut splits a tie of claims, and within it matches differ (so they decide the rows).
  EXPECT_EQ(cell(*f, 99, "claimed"), cell(*f, 100, "claimed"));
  EXPECT_EQ(cell(*f, 99, "claimed"), 2);
  bool matches_differ = false;
  for (std::size_t r = 85; r < 100; ++r)
    if (cell(*f, 99, "claimed") == cell(*f, r, "claimed") &&
        cell(*f, r, "matched") != cell(*f, 99, "matched"))
      matches_differ = true;
  EXPECT_TRUE(matches_differ);
  expect_same_cells(*p, *f, services::PlumbersReport::shown_plumbers);
  expect_same_cells(*page.table("active_by_bucket"), *full.table("active_by_bucket"), 10);
  expect_same_kpis(page, full);
  // Credits and names are read for the shown rows: the first row has both.
  EXPECT_FALSE(p->rows[0][0].text.empty());
}

TEST_P(ReportPlumbersPageTest, FewerThanAHundredClaimantsReadEveryMatch) {
  // 5 + 90 plumbers, 93 of them claim: the rows after the claimants are ranked by matches, so the
  // page reads them all and knows how many rows the CSV holds.
  seed_many(*store_, 90, 12);
  ASSERT_NO_FATAL_FAILURE(build_both(seed_range()));
  EXPECT_TRUE(p->rows_counted);
  EXPECT_EQ(p->rows.size(), f->rows.size());
  EXPECT_EQ(f->rows.size(), 107u);
  EXPECT_EQ(cell(*f, 99, "claimed"), 0);  // matched only: ranked by their matches
  expect_same_cells(*p, *f, services::PlumbersReport::shown_plumbers);
  expect_same_kpis(page, full);
}

TEST_P(ReportPlumbersPageTest, APeriodWithoutTheClaimsReadsEveryMatch) {
  // The previous period has one claimant: the page reads every match then too.
  seed_many(*store_, 140, 6);
  auto range = seed_range();
  std::swap(range.current, range.previous);
  range.buckets = range.previous_buckets;
  ASSERT_NO_FATAL_FAILURE(build_both(range));
  EXPECT_TRUE(p->rows_counted);
  expect_same_cells(*p, *f, f->rows.size());
  expect_same_kpis(page, full);
}

INSTANTIATE_TEST_SUITE_P(Backends, ReportPlumbersPageTest, ::testing::Values("sqlite", "postgres"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace plumbline::report_plumbers_page_test
