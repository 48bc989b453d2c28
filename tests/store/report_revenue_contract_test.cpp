// The revenue report's store reads on SQLite and PostgreSQL: the rows migration 0027's triggers
// keep (refunds, disputes and chargebacks by when they were recorded; subscription changes with
// their MRR) agree with payments and plumbers, and the grouped sums, balances and active plumbers
// are exact.
#include <map>

#include "store_fixture.hpp"

namespace plumbline::store::market_test {
namespace {

constexpr Millis revenue_hour = 3'600'000;
constexpr Millis far = 4'000'000'000'000;  // after every row of these tests

struct KindTotal {
  std::int64_t sum = 0, count = 0;
  bool operator==(const KindTotal&) const = default;
};

class ReportRevenue : public Market {
 protected:
  using Totals = std::map<std::string, KindTotal>;
  using SlotRead = std::function<std::vector<domain::ReportSlotSum>(Tx&, Millis, Millis, Millis)>;

  domain::Payment pay(std::int64_t user, const char* kind, const std::string& stripe_id,
                      domain::Cents amount, Millis at) {
    domain::Payment p;
    p.user_id = domain::UserId{user};
    p.kind = kind;
    p.stripe_id = stripe_id;
    p.amount_cents = amount;
    p.created_at = at;
    p.updated_at = at;
    write([&](Tx& tx) { EXPECT_TRUE(tx.insert_payment(p)); });
    return *read<std::optional<domain::Payment>>(
        [&](Tx& tx) { return tx.payment_by_stripe_id(stripe_id); });
  }
  // What the webhook does on charge.refunded / charge.dispute.*: the cumulative refund or the
  // dispute's status, recorded at `at`.
  void refund(domain::Payment& p, domain::Cents total, Millis at) {
    p.amount_refunded_cents = total;
    p.updated_at = at;
    write([&](Tx& tx) { tx.update_payment(p); });
  }
  void dispute(domain::Payment& p, const std::string& status, Millis at) {
    p.dispute_status = status;
    p.updated_at = at;
    write([&](Tx& tx) { tx.update_payment(p); });
  }
  // A subscription state as save_plumber_billing writes it (stripe_state_at rising).
  void bill(std::int64_t user, const std::string& plan, const std::string& status,
            std::int64_t period_end, Millis at) {
    write([&](Tx& tx) {
      auto b = *tx.plumber_billing(domain::UserId{user});
      b.plan_id = plan;
      b.plan_status = *domain::parse<domain::PlanStatus>(status);
      b.current_period_end = period_end;
      b.stripe_state_at = at / 1000;
      EXPECT_TRUE(tx.save_plumber_billing(b, at));
    });
  }
  void ledger(std::int64_t user, const char* kind, domain::Credits amount, Millis at) {
    domain::LedgerEntry e;
    e.user_id = domain::UserId{user};
    e.kind = kind;
    e.amount = amount;
    e.reason = "test";
    e.created_at = at;
    write([&](Tx& tx) { EXPECT_TRUE(tx.append_ledger_entry(e)); });
  }
  // Every group of [from, to) by kind (the slots summed).
  Totals totals(const SlotRead& f, Millis from = 0, Millis to = far) {
    auto rows = read<std::vector<domain::ReportSlotSum>>(
        [&](Tx& tx) { return f(tx, from, to, revenue_hour); });
    Totals out;
    for (const auto& r : rows) {
      out[r.kind].sum += r.sum;
      out[r.kind].count += r.count;
    }
    return out;
  }
  std::vector<domain::ReportSlotSum> slots(const SlotRead& f, Millis from, Millis to) {
    auto rows = read<std::vector<domain::ReportSlotSum>>(
        [&](Tx& tx) { return f(tx, from, to, revenue_hour); });
    std::sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) {
      return std::tie(a.slot, a.kind) < std::tie(b.slot, b.kind);
    });
    return rows;
  }
  static std::vector<domain::ReportSlotSum> reversals(Tx& tx, Millis f, Millis t, Millis s) {
    return tx.revenue_reversals_by_slot(f, t, s);
  }
  static std::vector<domain::ReportSlotSum> subscriptions(Tx& tx, Millis f, Millis t, Millis s) {
    return tx.revenue_subscriptions_by_slot(f, t, s);
  }
  static std::vector<domain::ReportSlotSum> payments(Tx& tx, Millis f, Millis t, Millis s) {
    return tx.revenue_payments_by_slot(f, t, s);
  }
  static std::vector<domain::ReportSlotSum> ledger_rows(Tx& tx, Millis f, Millis t, Millis s) {
    return tx.revenue_ledger_by_slot(f, t, s);
  }
  std::int64_t mrr_before(Millis at) {
    return read<std::int64_t>([&](Tx& tx) { return tx.revenue_mrr_before(at); });
  }
};

TEST_P(ReportRevenue, RefundsDisputesAndChargebacksAreDatedWhenRecorded) {
  auto a = plumber(1);
  auto pack = pay(a, "pack", "cs_1", 18000, t0);
  auto invoice = pay(a, "subscription", "in_1", 12900, t0 + revenue_hour);
  refund(pack, 5000, t0 + 2 * revenue_hour);
  refund(pack, 8000, t0 + 3 * revenue_hour);  // cumulative: 3,000 more
  refund(pack, 8000, t0 + 4 * revenue_hour);  // a repeated event: nothing more
  dispute(invoice, "needs_response", t0 + 5 * revenue_hour);
  dispute(invoice, "under_review", t0 + 5 * revenue_hour + 10);  // still the same dispute
  dispute(invoice, "lost", t0 + 6 * revenue_hour);
  // Recorded at insert already (a payment that arrived refunded and lost).
  auto late = pay(a, "pack", "cs_2", 5000, t0 + 7 * revenue_hour);
  late.amount_refunded_cents = 1000;
  late.dispute_status = "lost";
  late.stripe_id = "cs_3";
  late.created_at = late.updated_at = t0 + 8 * revenue_hour;
  write([&](Tx& tx) { EXPECT_TRUE(tx.insert_payment(late)); });

  auto s = t0 / revenue_hour;
  auto rows = slots(reversals, t0, t0 + 10 * revenue_hour);
  ASSERT_EQ(rows.size(), 7u);
  EXPECT_EQ(std::tie(rows[0].slot, rows[0].kind, rows[0].sum),
            std::make_tuple(s + 2, std::string("refund"), std::int64_t{5000}));
  EXPECT_EQ(std::tie(rows[1].slot, rows[1].kind, rows[1].sum),
            std::make_tuple(s + 3, std::string("refund"), std::int64_t{3000}));
  EXPECT_EQ(std::tie(rows[2].slot, rows[2].kind, rows[2].sum),
            std::make_tuple(s + 5, std::string("dispute"), std::int64_t{12900}));
  EXPECT_EQ(std::tie(rows[3].slot, rows[3].kind, rows[3].sum),
            std::make_tuple(s + 6, std::string("chargeback"), std::int64_t{12900}));
  EXPECT_EQ(rows[4].kind, "chargeback");  // the late one: 5,000 less 1,000 refunded
  EXPECT_EQ(rows[4].sum, 4000);
  EXPECT_EQ(rows[5].kind, "dispute");
  EXPECT_EQ(rows[5].sum, 4000);
  EXPECT_EQ(rows[6].kind, "refund");
  EXPECT_EQ(rows[6].sum, 1000);
  EXPECT_EQ(totals(reversals)["refund"], (KindTotal{9000, 3}));

  // The refunds agree with the payments table, and a lost dispute recorded otherwise later is
  // taken back.
  dispute(invoice, "won", t0 + 9 * revenue_hour);
  auto all = totals(reversals);
  std::int64_t refunded = 0;
  for (const auto& p :
       read<std::vector<domain::Payment>>([](Tx& tx) { return tx.list_payments({}); }))
    refunded += p.amount_refunded_cents;
  EXPECT_EQ(all["refund"].sum, refunded);
  EXPECT_EQ(all["chargeback"], (KindTotal{4000, 3}));
  // Payments group by slot and kind; the range is half-open.
  auto paid = totals(payments, t0, t0 + 8 * revenue_hour);
  EXPECT_EQ(paid["pack"], (KindTotal{23000, 2}));
  EXPECT_EQ(paid["subscription"], (KindTotal{12900, 1}));
}

TEST_P(ReportRevenue, SubscriptionChangesFollowTheBillingStateAndSumToMrr) {
  auto a = plumber(1), b = plumber(2), c = plumber(3);
  bill(a, "starter", "active", 100, t0);                     // new +4,900
  bill(a, "starter", "active", 200, t0 + revenue_hour);      // renewed
  bill(a, "starter", "active", 200, t0 + revenue_hour + 1);  // nothing moved
  bill(a, "pro", "active", 200, t0 + 2 * revenue_hour);      // changed +8,000
  bill(a, "pro", "past_due", 200, t0 + 3 * revenue_hour);    // still counted: nothing
  bill(a, "pro", "canceled", 200, t0 + 4 * revenue_hour);    // churned -12,900
  bill(b, "starter", "trialing", 100, t0);                   // not paying yet
  bill(b, "starter", "active", 100, t0 + revenue_hour);      // new +4,900
  bill(c, "pro", "active", 100, t0 + 2 * revenue_hour);      // new +12,900
  write([&](Tx& tx) {
    tx.set_plumber_plan(domain::UserId{b}, domain::PlanStatus::canceled, t0 + 5 * revenue_hour);
  });  // churned

  auto all = totals(subscriptions);
  EXPECT_EQ(all["new"], (KindTotal{4900 + 4900 + 12900, 3}));
  EXPECT_EQ(all["renewed"], (KindTotal{0, 1}));
  EXPECT_EQ(all["changed"], (KindTotal{8000, 1}));
  EXPECT_EQ(all["churned"], (KindTotal{-12900 - 4900, 2}));
  EXPECT_EQ(mrr_before(t0), 0);
  EXPECT_EQ(mrr_before(t0 + 1), 4900);
  EXPECT_EQ(mrr_before(t0 + revenue_hour + 1), 9800);
  EXPECT_EQ(mrr_before(t0 + 2 * revenue_hour + 1), 4900 + 8000 + 4900 + 12900);
  // Today's MRR equals the plans of the plumbers paying now (only c).
  EXPECT_EQ(mrr_before(far), 12900);
}

TEST_P(ReportRevenue, LedgerSumsBalancesAndActivePlumbersAreExact) {
  auto a = plumber(1), b = plumber(2), c = plumber(3), d = plumber(4);
  ledger(a, domain::ledger_purchase, 20, t0);
  ledger(a, domain::ledger_grant, 5, t0 + revenue_hour);
  ledger(a, domain::ledger_claim, -2, t0 + 2 * revenue_hour);
  ledger(a, domain::ledger_refund, 2, t0 + 3 * revenue_hour);
  ledger(b, domain::ledger_grant, 10, t0 + 3 * revenue_hour);
  ledger(b, domain::ledger_adjustment, -1, t0 + 4 * revenue_hour);
  auto all = totals(ledger_rows, t0, t0 + 4 * revenue_hour);  // the adjustment is outside
  EXPECT_EQ(all["purchase"], (KindTotal{20, 1}));
  EXPECT_EQ(all["grant"], (KindTotal{15, 2}));
  EXPECT_EQ(all["claim"], (KindTotal{-2, 1}));
  EXPECT_EQ(all["refund"], (KindTotal{2, 1}));
  EXPECT_EQ(all.count("adjustment"), 0u);
  EXPECT_EQ(read<domain::Credits>([](Tx& tx) { return tx.revenue_credits_outstanding(); }), 34);
  EXPECT_EQ(read<domain::Credits>(
                [](Tx& tx) { return tx.revenue_ledger_between(t0 + 2 * revenue_hour, far); }),
            -2 + 2 + 10 - 1);

  EXPECT_EQ(read<domain::Credits>([](Tx& tx) {
              return tx.revenue_ledger_between(t0 + revenue_hour, t0 + 3 * revenue_hour);
            }),
            5 - 2);
  // Active: a claim or a payment in [from, to); d's are outside it.
  auto l1 = lead(market_lead(1, "10001", "leak_repair", t0));
  auto l2 = lead(market_lead(2, "10001", "leak_repair", t0));
  claim(l1, a, t0 + revenue_hour);
  claim(l2, a, t0 + revenue_hour);
  pay(b, "pack", "cs_b", 5000, t0 + 2 * revenue_hour);
  claim(l1, c, t0 + 3 * revenue_hour);
  pay(c, "pack", "cs_c", 5000, t0 + 3 * revenue_hour);
  claim(l2, d, t0 + 10 * revenue_hour);
  pay(d, "pack", "cs_d", 5000, t0 - 1);
  auto active = [&](Millis from, Millis to) {
    return read<std::int64_t>([&](Tx& tx) { return tx.revenue_active_plumbers(from, to); });
  };
  EXPECT_EQ(active(t0, t0 + 10 * revenue_hour), 3);
  EXPECT_EQ(active(t0, t0 + 10 * revenue_hour + 1), 4);
  EXPECT_EQ(active(t0 + 2 * revenue_hour, t0 + 3 * revenue_hour), 1);
}

INSTANTIATE_TEST_SUITE_P(Backends, ReportRevenue, ::testing::Values("sqlite", "postgres"),
                         backend_name);

}  // namespace
}  // namespace plumbline::store::market_test
