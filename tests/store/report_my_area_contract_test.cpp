// The "Demand in my area" store methods on SQLite and PostgreSQL: intake records the first rule
// each covering plumber fails (plan, pause, cap) and nobody else, and the report counts a
// plumber's area requests by fate and their own matches and claims per slot, identically.
#include <map>

#include "domain/marketplace_rules.hpp"
#include "store_fixture.hpp"

namespace plumbline::store::market_test {
namespace {

using domain::MyAreaLeadCount;

class ReportMyArea : public Market {
 protected:
  // The fates of q.plumber_id's area requests in [t0 - 1 day, t0 + 1 day), as "fate:count" by slot.
  std::vector<MyAreaLeadCount> fates(std::int64_t plumber_id) {
    domain::MyAreaQuery q{plumber_id, t0 - domain::day_ms, t0 + domain::day_ms, 3'600'000};
    return read<std::vector<MyAreaLeadCount>>([&](Tx& tx) { return tx.my_area_leads(q); });
  }
  // The single fate of the one request in range, or "none".
  std::string fate(std::int64_t plumber_id) {
    auto rows = fates(plumber_id);
    if (rows.empty()) return "none";
    EXPECT_EQ(rows.size(), 1u);
    EXPECT_EQ(rows[0].requests, 1);
    EXPECT_EQ(rows[0].slot, t0 / 3'600'000);
    return rows[0].fate;
  }
};

TEST_P(ReportMyArea, IntakeRecordsWhyEachCoveringPlumberWasLeftOut) {
  auto spec = [](auto change) {
    PlumberSpec s;
    change(s);
    return s;
  };
  auto eligible = plumber(1);
  auto no_plan = plumber(2, spec([](PlumberSpec& s) { s.plan = domain::PlanStatus::none; }));
  auto paused = plumber(3, spec([](PlumberSpec& s) { s.paused = true; }));
  auto cap_zero = plumber(4, spec([](PlumberSpec& s) { s.daily_cap = 0; }));
  auto capped = plumber(5, spec([](PlumberSpec& s) { s.daily_cap = 1; }));
  auto other_service = plumber(6, spec([](PlumberSpec& s) { s.services = {"drain_cleaning"}; }));
  auto far = plumber(7, spec([](PlumberSpec& s) { s.base_zip = "90012"; }));
  auto extra_zip = plumber(8, spec([](PlumberSpec& s) {
                             s.base_zip = "90012";
                             s.extra_zips = {"10001"};
                             s.paused = true;
                           }));
  auto suspended =
      plumber(9, spec([](PlumberSpec& s) { s.status = domain::PlumberStatus::suspended; }));
  // The capped plumber's claim of the day, on an older request outside the report's range.
  auto old = lead(market_lead(1, "10001", "leak_repair", t0 - 30 * domain::day_ms));
  claim(old, capped, t0 - 3'600'000);

  auto l = lead(market_lead(2, "10001", "leak_repair", t0));
  const auto& z = zip("10001");
  domain::MatchQuery q{z.lat, z.lng, "10001", "leak_repair", t0 - domain::day_ms, t0};
  EXPECT_EQ(match_ids(q), std::vector<std::int64_t>{eligible});
  int written = 0;
  write([&](Tx& tx) { written = tx.record_match_misses(domain::LeadId{l}, q); });
  EXPECT_EQ(written, 5);

  EXPECT_EQ(fate(eligible), domain::fate_not_recorded);  // not matched in this test, no reason
  EXPECT_EQ(fate(no_plan), domain::miss_plan);
  EXPECT_EQ(fate(paused), domain::miss_paused);
  EXPECT_EQ(fate(cap_zero), domain::miss_daily_cap);
  EXPECT_EQ(fate(capped), domain::miss_daily_cap);
  EXPECT_EQ(fate(other_service), domain::fate_not_offered);
  EXPECT_EQ(fate(far), "none");                     // outside the radius
  EXPECT_EQ(fate(extra_zip), domain::miss_paused);  // at an extra ZIP
  EXPECT_EQ(fate(suspended), domain::fate_not_recorded);
  // A second run writes nothing twice.
  write([&](Tx& tx) { written = tx.record_match_misses(domain::LeadId{l}, q); });
  EXPECT_EQ(written, 0);
}

TEST_P(ReportMyArea, MatchedFatesAndTheOwnActivityPerSlot) {
  auto me = plumber(1);
  auto rival = plumber(2);
  auto mine = lead(market_lead(1, "10001", "leak_repair", t0));
  auto filled = lead(market_lead(2, "10001", "leak_repair", t0 + 1, "within_24h", 2, 1));
  auto open = lead(market_lead(3, "10001", "leak_repair", t0 + 2));
  auto expired = lead(market_lead(4, "10001", "leak_repair", t0 + 3));
  auto refunded = lead(market_lead(5, "10001", "leak_repair", t0 + 4));
  write([&](Tx& tx) {
    for (auto id : {mine, filled, open, expired, refunded})
      tx.insert_lead_matches({store::lead_match_row(id, me, 1.0, t0 + 10),
                              store::lead_match_row(id, rival, 1.0, t0 + 10)});
    ASSERT_TRUE(tx.take_claim_slot(domain::LeadId{mine}, t0 + 20));
    ASSERT_TRUE(tx.take_claim_slot(domain::LeadId{filled}, t0 + 20));
    ASSERT_TRUE(tx.take_claim_slot(domain::LeadId{refunded}, t0 + 20));
  });
  claim(mine, me, t0 + 20, 3);
  claim(filled, rival, t0 + 20);
  auto back = claim(refunded, me, t0 + 20, 5);
  write([&](Tx& tx) { ASSERT_TRUE(tx.mark_claim_refunded(domain::ClaimId{back}, t0 + 30)); });
  write([&](Tx& tx) {
    ASSERT_TRUE(tx.update_lead_status(domain::LeadId{expired}, domain::LeadStatus::open,
                                      domain::LeadStatus::expired, "expired", t0 + 40));
  });
  std::map<std::string, std::int64_t> by_fate;
  for (const auto& r : fates(me)) by_fate[r.fate] += r.requests;
  EXPECT_EQ(by_fate, (std::map<std::string, std::int64_t>{
                         {"claimed", 2}, {"filled", 1}, {"open", 1}, {"unclaimed", 1}}));
  domain::MyAreaQuery q{me, t0 - domain::day_ms, t0 + domain::day_ms, 3'600'000};
  auto activity =
      read<std::vector<domain::MyAreaActivity>>([&](Tx& tx) { return tx.my_area_activity(q); });
  ASSERT_EQ(activity.size(), 1u);
  EXPECT_EQ(activity[0].slot, t0 / 3'600'000);
  EXPECT_EQ(activity[0].matches, 5);
  EXPECT_EQ(activity[0].claims, 2);
  EXPECT_EQ(activity[0].credits_spent, 3);  // the refunded claim cost nothing
  EXPECT_EQ(activity[0].jobs_won, 0);
}

INSTANTIATE_TEST_SUITE_P(Backends, ReportMyArea, ::testing::Values("sqlite", "postgres"));

}  // namespace
}  // namespace plumbline::store::market_test
