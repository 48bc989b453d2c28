// The per-lead report facts (migration 0023) on SQLite and PostgreSQL: kept by the store's writes
// of matches and claims, and rebuilt from the raw rows to prove they agree.
#include "store_fixture.hpp"

namespace plumbline::store::market_test {
namespace {

class ReportFacts : public Market {
 protected:
  std::int64_t mismatches() {
    return read<std::int64_t>([](Tx& tx) { return tx.count_report_fact_mismatches(); });
  }
  void claim_slot(std::int64_t lead_id, std::int64_t plumber_id, Millis at) {
    write([&](Tx& tx) {
      ASSERT_TRUE(tx.take_claim_slot(domain::LeadId{lead_id}, at).has_value());
      tx.insert_claim(make_claim(lead_id, plumber_id, at));
    });
  }
};

TEST_P(ReportFacts, MatchesAndClaimsKeepTheFactsThatTheRawRowsGive) {
  auto a = plumber(1), b = plumber(2), c = plumber(3);
  auto first = lead(market_lead(1, "10001", "leak_repair", t0));
  auto second = lead(market_lead(2, "10001", "leak_repair", t0 + 10));
  auto lonely = lead(market_lead(3, "10001", "leak_repair", t0 + 20));
  // One batch for two leads (late matching), then another for the first.
  write([&](Tx& tx) {
    tx.insert_lead_matches(
        {store::lead_match_row(first, a, 1, t0), store::lead_match_row(second, a, 1, t0 + 10)});
  });
  write([&](Tx& tx) {
    tx.insert_lead_matches(
        {store::lead_match_row(first, b, 2, t0 + 1), store::lead_match_row(first, c, 3, t0 + 1)});
  });
  claim_slot(first, b, t0 + 500);
  claim_slot(first, a, t0 + 300);  // an earlier time written later: the first claim is now 300
  EXPECT_EQ(mismatches(), 0);
  EXPECT_EQ(get_lead(first).claims_count, 2);

  // A writer that bypasses the store is caught: each fact on its own.
  EXPECT_EQ(raw("UPDATE leads SET match_count = 2 WHERE id = " + std::to_string(first)), "");
  EXPECT_EQ(mismatches(), 1);
  EXPECT_EQ(raw("UPDATE leads SET match_count = 3 WHERE id = " + std::to_string(first)), "");
  EXPECT_EQ(raw("UPDATE leads SET first_claim_at = 1 WHERE id = " + std::to_string(lonely)), "");
  EXPECT_EQ(mismatches(), 1);
  EXPECT_EQ(raw("UPDATE leads SET first_claim_at = NULL WHERE id = " + std::to_string(lonely)), "");
  EXPECT_EQ(raw("INSERT INTO lead_matches (lead_id, plumber_id, distance_miles, matched_at) "
                "VALUES (" +
                std::to_string(lonely) + ", " + std::to_string(c) + ", 1, 5)"),
            "");
  EXPECT_EQ(mismatches(), 1);
}

TEST_P(ReportFacts, FactsRollBackWithTheirTransaction) {
  auto a = plumber(1);
  auto l = lead(market_lead(1, "10001", "leak_repair", t0));
  store_->write_tx([&](Tx& tx) {
    tx.insert_lead_matches({store::lead_match_row(l, a, 1, t0)});
    EXPECT_TRUE(tx.take_claim_slot(domain::LeadId{l}, t0 + 5).has_value());
    tx.insert_claim(make_claim(l, a, t0 + 5));
    return false;
  });
  EXPECT_EQ(mismatches(), 0);
}

INSTANTIATE_TEST_SUITE_P(Backends, ReportFacts, ::testing::Values("sqlite", "postgres"),
                         backend_name);

}  // namespace
}  // namespace plumbline::store::market_test
