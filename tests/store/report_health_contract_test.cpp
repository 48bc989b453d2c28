// The Marketplace health report's store reads on SQLite and PostgreSQL: requests by what became of
// them, claims and refunds, disputes by their claim's slot, and delays to a first claim, each over
// [from, to) grouped by created_at / slot_ms.
#include "store_fixture.hpp"

namespace plumbline::store::market_test {
namespace {

constexpr Millis rh_hour = 3'600'000;
constexpr Millis rh_h0 = (t0 / rh_hour + 1) * rh_hour;  // a slot boundary just after t0
constexpr std::int64_t rh_s0 = rh_h0 / rh_hour;         // its slot

class ReportHealth : public Market {
 protected:
  std::int64_t claim_slot(std::int64_t lead_id, std::int64_t plumber_id, Millis at) {
    std::int64_t id = 0;
    write([&](Tx& tx) {
      ASSERT_TRUE(tx.take_claim_slot(domain::LeadId{lead_id}, at).has_value());
      id = tx.insert_claim(make_claim(lead_id, plumber_id, at)).value;
    });
    return id;
  }
  void close(std::int64_t lead_id, domain::LeadStatus from, const std::string& reason) {
    write([&](Tx& tx) {
      ASSERT_TRUE(tx.update_lead_status(domain::LeadId{lead_id}, from, domain::LeadStatus::closed,
                                        reason, rh_h0));
    });
  }
  std::int64_t dispute(std::int64_t claim_id, Millis at, domain::DisputeStatus status) {
    auto c = get_claim(claim_id);
    std::int64_t id = 0;
    write([&](Tx& tx) {
      domain::Dispute d;
      d.claim_id = domain::ClaimId{claim_id};
      d.plumber_id = c.plumber_id;
      d.lead_id = c.lead_id;
      d.reason = domain::dispute_never_requested;
      d.created_at = at;
      id = tx.insert_dispute(d).value;
      if (status != domain::DisputeStatus::pending)
        ASSERT_TRUE(
            tx.resolve_dispute(domain::DisputeId{id}, status, "checked", std::nullopt, at + 1));
    });
    return id;
  }
  void match(std::int64_t lead_id, std::vector<std::int64_t> plumbers) {
    write([&](Tx& tx) {
      std::vector<domain::LeadMatch> ms;
      for (auto p : plumbers) ms.push_back(store::lead_match_row(lead_id, p, 1, rh_h0));
      tx.insert_lead_matches(ms);
    });
  }
  std::int64_t at(int n, Millis created, int max_claims = 3) {
    return lead(market_lead(n, "10001", "leak_repair", created, "within_24h", 2, max_claims));
  }

  // The scenario every test reads: two slots [rh_h0, rh_h0 + 2 h) with rows just outside on both
  // sides.
  void seed() {
    a_ = plumber(1), b_ = plumber(2), c_ = plumber(3);
    // Slot 0: a request filled to its cap of 2, and one hired after one claim.
    auto full = at(1, rh_h0 + 10, 2);
    match(full, {a_, b_, c_});
    full_a_ = claim_slot(full, a_, rh_h0 + 10 + 60'000);
    full_b_ = claim_slot(full, b_, rh_h0 + 10 + 120'000);
    auto hired = at(2, rh_h0 + 20);
    match(hired, {a_});
    hired_c_ = claim_slot(hired, c_, rh_h0 + 20 + 300'000);
    close(hired, domain::LeadStatus::open, "hired");
    // Slot 1: expired unclaimed, cancelled, never requested, closed by staff as fraud, and one
    // filled to its cap of 1 and then hired.
    auto expired = at(3, rh_h0 + rh_hour + 5);
    write([&](Tx& tx) {
      ASSERT_TRUE(tx.update_lead_status(domain::LeadId{expired}, domain::LeadStatus::open,
                                        domain::LeadStatus::expired, "", rh_h0));
    });
    auto cancelled = at(4, rh_h0 + rh_hour + 6);
    match(cancelled, {a_});
    close(cancelled, domain::LeadStatus::open, "cancelled");
    close(at(5, rh_h0 + rh_hour + 7), domain::LeadStatus::open, "never_requested");
    close(at(6, rh_h0 + rh_hour + 8), domain::LeadStatus::open, "fraud");
    auto one = at(9, rh_h0 + rh_hour + 9, 1);
    match(one, {b_});
    one_b_ = claim_slot(one, b_, rh_h0 + rh_hour + 9 + 1'000);
    close(one, domain::LeadStatus::full, "hired");
    // Outside: a request a millisecond before the period, one claimed before and inside it, and
    // one at the period's end.
    at(10, rh_h0 - 1);
    auto before = at(7, rh_h0 - 1'000);
    before_a_ = claim_slot(before, a_, rh_h0 - 500);
    before_b_ = claim_slot(before, b_, rh_h0 + 500);
    auto after = at(8, rh_h0 + 2 * rh_hour);
    claim_slot(after, a_, rh_h0 + 2 * rh_hour + 100);
    // A refund and disputes: two on slot 0's claims (one approved), one opened after the period
    // on slot 1's claim, one inside the period on a claim from before it (not counted).
    write([&](Tx& tx) {
      ASSERT_TRUE(tx.mark_claim_refunded(domain::ClaimId{full_b_}, rh_h0 + 1'000'000));
    });
    dispute(full_a_, rh_h0 + 200'000, domain::DisputeStatus::pending);
    dispute(hired_c_, rh_h0 + 400'000, domain::DisputeStatus::approved);
    dispute(one_b_, rh_h0 + 3 * rh_hour, domain::DisputeStatus::pending);
    dispute(before_a_, rh_h0 + 100, domain::DisputeStatus::denied);
  }

  template <typename T, typename F>
  T read_health(F fn) {
    return read<T>([&](Tx& tx) { return fn(tx, rh_h0, rh_h0 + 2 * rh_hour, rh_hour); });
  }

  std::int64_t a_ = 0, b_ = 0, c_ = 0;
  std::int64_t full_a_ = 0, full_b_ = 0, hired_c_ = 0, one_b_ = 0, before_a_ = 0, before_b_ = 0;
};

TEST_P(ReportHealth, RequestsAreCountedInTheirSlotByWhatBecameOfThem) {
  seed();
  auto rows = read_health<std::vector<domain::HealthRequestSlot>>(
      [](Tx& tx, Millis f, Millis t, Millis s) { return tx.report_health_requests(f, t, s); });
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].slot, rh_s0);
  domain::HealthRequestCounts first;
  first.requests = 2;
  first.matched = 2;
  first.matches = 4;
  first.claims = 3;
  first.claimed = 2;
  first.filled = 1;
  first.hired = 1;
  EXPECT_EQ(rows[0].counts, first);
  EXPECT_EQ(rows[1].slot, rh_s0 + 1);
  domain::HealthRequestCounts second;
  second.requests = 5;
  second.matched = 2;
  second.matches = 2;
  second.claims = 1;
  second.claimed = 1;
  second.filled = 1;  // closed as hired, its claims at the cap
  second.expired_unclaimed = 1;
  second.hired = 1;
  second.never_requested = 1;
  second.cancelled = 1;
  second.removed = 1;
  EXPECT_EQ(rows[1].counts, second);
}

TEST_P(ReportHealth, ClaimsAndRefundsByTheClaimsOwnTime) {
  seed();
  auto rows = read_health<std::vector<domain::HealthClaimSlot>>(
      [](Tx& tx, Millis f, Millis t, Millis s) { return tx.report_health_claims(f, t, s); });
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].slot, rh_s0);
  // Three on slot 0's requests and one on the request from before the period.
  EXPECT_EQ(rows[0].counts, (domain::HealthClaimCounts{4, 1, 0, 0}));
  EXPECT_EQ(rows[1].slot, rh_s0 + 1);
  EXPECT_EQ(rows[1].counts, (domain::HealthClaimCounts{1, 0, 0, 0}));
}

TEST_P(ReportHealth, DisputesCountInTheirClaimsSlotWheneverOpened) {
  seed();
  auto rows = read_health<std::vector<domain::HealthClaimSlot>>(
      [](Tx& tx, Millis f, Millis t, Millis s) { return tx.report_health_disputes(f, t, s); });
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].slot, rh_s0);
  EXPECT_EQ(rows[0].counts, (domain::HealthClaimCounts{0, 0, 2, 1}));
  EXPECT_EQ(rows[1].slot, rh_s0 + 1);
  EXPECT_EQ(rows[1].counts, (domain::HealthClaimCounts{0, 0, 1, 0}));
}

TEST_P(ReportHealth, FirstClaimDelaysOfClaimedRequestsOnly) {
  seed();
  auto rows =
      read_health<std::vector<domain::HealthClaimDelay>>([](Tx& tx, Millis f, Millis t, Millis s) {
        return tx.report_health_first_claim_delays(f, t, s);
      });
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0].slot, rh_s0);
  EXPECT_EQ(rows[0].delay_ms, 60'000);  // the earlier of its two claims
  EXPECT_EQ(rows[1].slot, rh_s0);
  EXPECT_EQ(rows[1].delay_ms, 300'000);
  EXPECT_EQ(rows[2].slot, rh_s0 + 1);
  EXPECT_EQ(rows[2].delay_ms, 1'000);
}

TEST_P(ReportHealth, AnEmptyPeriodHasNoRows) {
  seed();
  read<bool>([](Tx& tx) {
    const Millis from = rh_h0 + 10 * rh_hour, to = rh_h0 + 20 * rh_hour;
    EXPECT_TRUE(tx.report_health_requests(from, to, rh_hour).empty());
    EXPECT_TRUE(tx.report_health_claims(from, to, rh_hour).empty());
    EXPECT_TRUE(tx.report_health_disputes(from, to, rh_hour).empty());
    EXPECT_TRUE(tx.report_health_first_claim_delays(from, to, rh_hour).empty());
    return true;
  });
}

INSTANTIATE_TEST_SUITE_P(Backends, ReportHealth, ::testing::Values("sqlite", "postgres"),
                         backend_name);

}  // namespace
}  // namespace plumbline::store::market_test
