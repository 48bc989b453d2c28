// The overview report's reads on SQLite and PostgreSQL: sums per slot over [from, to) (requests
// and matched ones, claims, payments, ledger movements), distinct active plumbers, and the credits
// outstanding, which must equal the ledger's sum.
#include "store_fixture.hpp"

namespace plumbline::store::market_test {
namespace {

constexpr Millis hour = 3'600'000;
// A slot boundary: t0 is not one, and the slots below are counted from it.
constexpr Millis base = (t0 / hour + 1) * hour;

class ReportOverviewStore : public Market {
 protected:
  void pay(std::int64_t user, const std::string& id, domain::Cents cents, Millis at) {
    write([&](Tx& tx) {
      domain::Payment p;
      p.user_id = domain::UserId{user};
      p.kind = "pack";
      p.stripe_id = id;
      p.amount_cents = cents;
      p.credits = 10;
      p.created_at = p.updated_at = at;
      ASSERT_TRUE(tx.insert_payment(p));
    });
  }
  void ledger(std::int64_t user, const char* kind, domain::Credits amount, Millis at) {
    write([&](Tx& tx) {
      domain::LedgerEntry e;
      e.user_id = domain::UserId{user};
      e.kind = kind;
      e.amount = amount;
      e.reason = "test";
      e.created_at = at;
      ASSERT_TRUE(tx.append_ledger_entry(e));
    });
  }
  using Slots = std::vector<domain::OverviewSlot>;
  static std::vector<std::array<std::int64_t, 3>> flat(const Slots& s) {
    std::vector<std::array<std::int64_t, 3>> out;
    for (const auto& x : s) out.push_back({x.slot, x.first, x.second});
    return out;
  }
};

TEST_P(ReportOverviewStore, SumsPerSlotOverAHalfOpenRange) {
  auto a = plumber(1), b = plumber(2), c = plumber(3);
  auto l1 = lead(market_lead(1, "10001", "leak_repair", base));             // slot 0
  auto l2 = lead(market_lead(2, "10001", "leak_repair", base + hour - 1));  // slot 0
  lead(market_lead(3, "10001", "leak_repair", base + 2 * hour));            // slot 2, unmatched
  lead(market_lead(4, "10001", "leak_repair", base + 3 * hour));            // outside: to is open
  lead(market_lead(5, "10001", "leak_repair", base - 1));                   // outside: before
  write([&](Tx& tx) {
    tx.insert_lead_matches({store::lead_match_row(l1, a, 1, base),
                            store::lead_match_row(l1, b, 2, base),
                            store::lead_match_row(l2, a, 1, base)});
  });
  claim(l1, a, base + 10);
  claim(l1, b, base + 2 * hour + 5);
  claim(l2, a, base + 3 * hour);  // outside
  pay(a, "cs_1", 1999, base + 1);
  pay(a, "cs_2", 501, base + 2);
  pay(c, "cs_3", 10000, base + 2 * hour);
  pay(c, "cs_4", 7, base + 3 * hour);  // outside

  const Millis from = base, to = base + 3 * hour, s = hour;
  const auto slot0 = base / hour;
  auto got = read<std::tuple<Slots, Slots, Slots>>([&](Tx& tx) {
    return std::tuple{tx.overview_request_slots(from, to, s), tx.overview_claim_slots(from, to, s),
                      tx.overview_payment_slots(from, to, s)};
  });
  using Row = std::array<std::int64_t, 3>;
  EXPECT_EQ(flat(std::get<0>(got)), (std::vector<Row>{{slot0, 2, 2}, {slot0 + 2, 1, 0}}));
  EXPECT_EQ(flat(std::get<1>(got)), (std::vector<Row>{{slot0, 1, 0}, {slot0 + 2, 1, 0}}));
  EXPECT_EQ(flat(std::get<2>(got)), (std::vector<Row>{{slot0, 2, 2500}, {slot0 + 2, 1, 10000}}));

  // Active: a (claim and payments: once), b (claim), c (payment) in the range; only a in the
  // first hour (b claimed in slot 2).
  EXPECT_EQ(read<std::int64_t>([&](Tx& tx) { return tx.overview_active_plumbers(from, to); }), 3);
  EXPECT_EQ(
      read<std::int64_t>([&](Tx& tx) { return tx.overview_active_plumbers(from, base + hour); }),
      1);
  EXPECT_EQ(read<std::int64_t>([&](Tx& tx) { return tx.overview_active_plumbers(to, to + hour); }),
            2);  // a's claim and c's payment at `to`
  EXPECT_EQ(read<std::int64_t>([&](Tx& tx) { return tx.overview_active_plumbers(0, 1); }), 0);
  // An empty or reversed range and a zero slot give nothing (and no division by zero).
  EXPECT_TRUE(read<Slots>([&](Tx& tx) { return tx.overview_request_slots(to, from, s); }).empty());
  EXPECT_TRUE(read<Slots>([&](Tx& tx) { return tx.overview_request_slots(from, to, 0); }).empty());
}

TEST_P(ReportOverviewStore, CreditsOutstandingEqualTheLedgerAndItsMovementsUndoThem) {
  auto a = plumber(1), b = plumber(2);
  ledger(a, "grant", 50, base);
  ledger(a, "claim", -2, base + hour);
  ledger(b, "purchase", 20, base + hour + 1);
  ledger(b, "claim", -3, base + 2 * hour);
  ledger(a, "refund", 2, base + 5 * hour);
  auto outstanding = read<std::int64_t>([](Tx& tx) { return tx.overview_credits_outstanding(); });
  auto ledger_total = read<std::int64_t>(
      [&](Tx& tx) { return tx.ledger_sum(domain::UserId{a}) + tx.ledger_sum(domain::UserId{b}); });
  EXPECT_EQ(outstanding, 67);
  EXPECT_EQ(outstanding, ledger_total);
  EXPECT_EQ(read<std::int64_t>([&](Tx& tx) { return tx.overview_ledger_since(base + hour); }), 17);
  EXPECT_EQ(read<std::int64_t>([&](Tx& tx) { return tx.overview_ledger_since(base + 6 * hour); }),
            0);
  auto moved =
      read<Slots>([&](Tx& tx) { return tx.overview_ledger_slots(base, base + 3 * hour, hour); });
  using Row = std::array<std::int64_t, 3>;
  const auto slot0 = base / hour;
  EXPECT_EQ(flat(moved),
            (std::vector<Row>{{slot0, 50, 0}, {slot0 + 1, 18, 0}, {slot0 + 2, -3, 0}}));
}

INSTANTIATE_TEST_SUITE_P(Backends, ReportOverviewStore, ::testing::Values("sqlite", "postgres"),
                         backend_name);

}  // namespace
}  // namespace plumbline::store::market_test
