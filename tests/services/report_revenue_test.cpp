// The revenue report on SQLite and PostgreSQL: an exact fixture of payments, refunds and a lost
// chargeback (through the Stripe webhook's own path), subscriptions, grants, claims and credit
// refunds in New York time across a month end and a DST change gives known figures in every KPI
// and table; and on generated data the report's totals agree with the payments table and the
// ledger.
#include "services/report_revenue.hpp"

#include <boost/json.hpp>

#include "../store/store_fixture.hpp"
#include "database_test.hpp"
#include "services/clock.hpp"
#include "services/payments.hpp"

namespace plumbline::report_revenue_test {
namespace {

namespace json = boost::json;
using domain::Millis;
using store::Tx;

constexpr Millis minute = 60'000, hour = 3'600'000;

class RevenueReportTest : public testing::DatabaseTest {
 protected:
  void SetUp() override {
    open_database();
    if (IsSkipped()) return;
    zone_ = zones_.find("America/New_York");
    write([&](Tx& tx) {
      for (int n = 1; n <= 4; ++n)
        plumbers_.push_back(store::market_test::add_plumber(tx, n, {}, at("2026-09-01", 9)));
    });
  }

  // A local time in New York.
  Millis at(const char* date, int hours, int minutes = 0) const {
    return *geo::local_midnight_ms(date, *zone_) + hours * hour + minutes * minute;
  }
  void write(const std::function<void(Tx&)>& fn) {
    store_->write_tx([&](Tx& tx) {
      fn(tx);
      return true;
    });
  }
  void pay(std::int64_t user, const char* kind, const std::string& id, domain::Cents cents,
           Millis when, const std::string& intent = "") {
    domain::Payment p;
    p.user_id = domain::UserId{user};
    p.kind = kind;
    p.stripe_id = id;
    p.payment_intent = intent;
    p.amount_cents = cents;
    p.created_at = p.updated_at = when;
    write([&](Tx& tx) { ASSERT_TRUE(tx.insert_payment(p)); });
  }
  // Appends a ledger entry; `must` fails the test when the balance refuses it.
  void ledger(std::int64_t user, const char* kind, domain::Credits amount, Millis when,
              bool must = true) {
    domain::LedgerEntry e;
    e.user_id = domain::UserId{user};
    e.kind = kind;
    e.amount = amount;
    e.reason = "test";
    e.created_at = when;
    bool ok = false;
    write([&](Tx& tx) { ok = tx.append_ledger_entry(e); });
    if (must) EXPECT_TRUE(ok);
  }
  // A subscription state as the webhook saves it; `must` fails the test when the store's guard
  // (an older state, a canceled subscription) refuses it.
  void bill(std::int64_t user, const std::string& plan, const std::string& status_word,
            std::int64_t period_end, Millis when, bool must = true) {
    bool ok = false;
    write([&](Tx& tx) {
      auto b = *tx.plumber_billing(domain::UserId{user});
      b.plan_id = plan;
      b.plan_status = *domain::parse<domain::PlanStatus>(status_word);
      b.current_period_end = period_end;
      b.stripe_state_at = when / 1000;
      ok = tx.save_plumber_billing(b, when);
    });
    if (must) EXPECT_TRUE(ok);
  }
  void claim(std::int64_t user, int lead_n, Millis when) {
    write([&](Tx& tx) {
      auto lead = tx.insert_lead(store::outbox_test::make_lead(lead_n));
      tx.insert_claim(store::market_test::make_claim(lead.value, user, when));
    });
  }
  // A Stripe charge event applied by the payment service at `when`, as the webhook would.
  void stripe(const std::string& id, const std::string& type, json::object object, Millis when) {
    services::FixedClock clock(when);
    services::PaymentService payments(*store_, clock);
    json::value event{
        {"id", id}, {"type", type}, {"created", when / 1000}, {"data", {{"object", object}}}};
    auto r = payments.apply_event(event);
    ASSERT_TRUE(r.ok());
  }
  domain::Report report(const char* from, const char* to) {
    auto range = domain::resolve_report_range("custom", from, to, now_, *zone_);
    EXPECT_TRUE(range.ok());
    return services::RevenueReport(*store_, zones_).build(range.value());
  }

  geo::TimeZones zones_ = geo::TimeZones::load("/usr/share/zoneinfo", {"America/New_York"});
  const geo::TimeZone* zone_ = nullptr;
  std::vector<std::int64_t> plumbers_;
  Millis now_ = 0;
};

std::vector<std::int64_t> column(const domain::Report& r, const std::string& table,
                                 const std::string& key) {
  const auto* t = r.table(table);
  EXPECT_NE(t, nullptr) << table;
  if (!t) return {};
  std::size_t c = 0;
  while (c < t->columns.size() && t->columns[c].key != key) ++c;
  EXPECT_LT(c, t->columns.size()) << key;
  std::vector<std::int64_t> out;
  for (const auto& row : t->rows) out.push_back(c < row.size() ? row[c].number : 0);
  return out;
}

const domain::ReportKpi& kpi(const domain::Report& r, const std::string& key) {
  for (const auto& k : r.kpis)
    if (k.key == key) return k;
  throw std::runtime_error("no KPI " + key);
}

std::int64_t total(const std::vector<std::int64_t>& v) {
  std::int64_t s = 0;
  for (auto x : v) s += x;
  return s;
}

TEST_P(RevenueReportTest, AnExactFixtureGivesExactFiguresInEveryTable) {
  auto a = plumbers_[0], b = plumbers_[1], c = plumbers_[2], d = plumbers_[3];
  // The previous period (2026-10-11 to 10-24).
  pay(a, "pack", "cs_prev", 5000, at("2026-10-20", 10));
  ledger(a, domain::ledger_purchase, 5, at("2026-10-20", 10));
  // The period: 2026-10-25 to 11-07, New York; 11-01 is 25 hours long (DST ends).
  pay(a, "pack", "cs_a", 18000, at("2026-10-25", 9), "pi_a");
  ledger(a, domain::ledger_purchase, 20, at("2026-10-25", 9));
  pay(b, "subscription", "in_b1", 12900, at("2026-10-26", 12));
  bill(b, "pro", "active", 1000, at("2026-10-26", 12));
  ledger(b, domain::ledger_grant, 15, at("2026-10-26", 12));
  pay(c, "pack", "cs_c", 40000, at("2026-10-31", 23, 30), "pi_c");  // 11-01 03:30 UTC
  ledger(c, domain::ledger_purchase, 50, at("2026-10-31", 23, 30));
  pay(a, "subscription", "in_a1", 4900, at("2026-11-01", 0, 30));
  bill(a, "starter", "active", 1000, at("2026-11-01", 0, 30));
  ledger(a, domain::ledger_grant, 5, at("2026-11-01", 0, 30));
  ledger(a, domain::ledger_claim, -2, at("2026-11-02", 10));
  ledger(a, domain::ledger_refund, 2, at("2026-11-02", 11));
  claim(d, 1, at("2026-11-03", 10));
  stripe("evt_r", "charge.refunded",
         {{"id", "ch_a"}, {"payment_intent", "pi_a"}, {"amount_refunded", 3000}},
         at("2026-11-03", 15));
  json::object disputed{{"id", "dp_c"},
                        {"charge", "ch_c"},
                        {"payment_intent", "pi_c"},
                        {"status", "needs_response"},
                        {"reason", "fraudulent"}};
  stripe("evt_d1", "charge.dispute.created", disputed, at("2026-11-04", 10));
  bill(b, "pro", "active", 2000, at("2026-11-05", 10));  // renewed
  disputed["status"] = "lost";
  stripe("evt_d2", "charge.dispute.closed", disputed, at("2026-11-06", 10));
  bill(a, "starter", "canceled", 1000, at("2026-11-06", 12));  // churned
  ledger(c, domain::ledger_adjustment, -1, at("2026-11-07", 9));
  // After the period.
  ledger(b, domain::ledger_grant, 15, at("2026-11-09", 10));
  pay(b, "subscription", "in_b2", 12900, at("2026-11-09", 10));
  now_ = at("2026-11-10", 12);

  auto r = report("2026-10-25", "2026-11-07");
  ASSERT_EQ(r.range.buckets.size(), 14u);
  EXPECT_EQ(r.name, "revenue");
  EXPECT_EQ(column(r, "revenue", "subscriptions"),
            (std::vector<std::int64_t>{0, 12900, 0, 0, 0, 0, 0, 4900, 0, 0, 0, 0, 0, 0}));
  EXPECT_EQ(column(r, "revenue", "packs"),
            (std::vector<std::int64_t>{18000, 0, 0, 0, 0, 0, 40000, 0, 0, 0, 0, 0, 0, 0}));
  EXPECT_EQ(column(r, "revenue", "refunds")[9], 3000);
  EXPECT_EQ(column(r, "revenue", "disputed")[10], 40000);
  EXPECT_EQ(column(r, "revenue", "chargebacks")[12], 40000);
  EXPECT_EQ(column(r, "revenue", "net"),
            (std::vector<std::int64_t>{18000, 12900, 0, 0, 0, 0, 40000, 4900, 0, -3000, 0, 0,
                                       -40000, 0}));
  // Calendar months in New York: the pack at 23:30 on 10-31 is October's.
  EXPECT_EQ(r.table("by_month")->rows[0][0].text, "2026-10");
  EXPECT_EQ(r.table("by_month")->rows[1][0].text, "2026-11");
  EXPECT_EQ(column(r, "by_month", "subscriptions"), (std::vector<std::int64_t>{12900, 4900}));
  EXPECT_EQ(column(r, "by_month", "packs"), (std::vector<std::int64_t>{58000, 0}));
  EXPECT_EQ(column(r, "by_month", "net"), (std::vector<std::int64_t>{70900, -38100}));
  // MRR and subscriptions.
  EXPECT_EQ(column(r, "subscriptions", "mrr"),
            (std::vector<std::int64_t>{0, 12900, 12900, 12900, 12900, 12900, 12900, 17800, 17800,
                                       17800, 17800, 17800, 12900, 12900}));
  EXPECT_EQ(column(r, "subscriptions", "new"),
            (std::vector<std::int64_t>{0, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0}));
  EXPECT_EQ(column(r, "subscriptions", "renewed")[11], 1);
  EXPECT_EQ(total(column(r, "subscriptions", "renewed")), 1);
  EXPECT_EQ(column(r, "subscriptions", "churned")[12], 1);
  EXPECT_EQ(total(column(r, "subscriptions", "churned")), 1);
  // Credits.
  EXPECT_EQ(total(column(r, "credits", "sold")), 70);
  EXPECT_EQ(total(column(r, "credits", "granted")), 20);
  EXPECT_EQ(total(column(r, "credits", "spent")), 2);
  EXPECT_EQ(total(column(r, "credits", "refunded")), 2);
  EXPECT_EQ(total(column(r, "credits", "adjusted")), -1);
  EXPECT_EQ(column(r, "credits", "outstanding"),
            (std::vector<std::int64_t>{25, 40, 40, 40, 40, 40, 90, 95, 95, 95, 95, 95, 95, 94}));
  // Per active plumber: a, b, c paid; d claimed. Before: a alone.
  EXPECT_EQ(column(r, "per_active_plumber", "active_plumbers"), (std::vector<std::int64_t>{4, 1}));
  EXPECT_EQ(column(r, "per_active_plumber", "per_active_plumber"),
            (std::vector<std::int64_t>{8200, 5000}));
  // KPIs with the previous period.
  EXPECT_EQ(kpi(r, "net_revenue").value, 32800);
  EXPECT_EQ(kpi(r, "net_revenue").previous, 5000);
  EXPECT_EQ(kpi(r, "net_revenue").trend, column(r, "revenue", "net"));
  EXPECT_EQ(kpi(r, "mrr").value, 12900);
  EXPECT_EQ(kpi(r, "mrr").previous, 0);
  EXPECT_EQ(kpi(r, "refunds").value, 3000);
  EXPECT_FALSE(kpi(r, "refunds").higher_is_better);
  EXPECT_EQ(kpi(r, "credits_outstanding").value, 94);
  EXPECT_EQ(kpi(r, "credits_outstanding").previous, 5);
  EXPECT_EQ(kpi(r, "revenue_per_active_plumber").value, 8200);
  EXPECT_EQ(kpi(r, "revenue_per_active_plumber").previous, 5000);
  // Every chart draws a table of the report, from its columns.
  for (const auto& chart : r.charts) {
    const auto* t = r.table(chart.table_key);
    ASSERT_NE(t, nullptr) << chart.key;
    for (const auto& v : chart.value_columns) EXPECT_FALSE(column(r, chart.table_key, v).empty());
  }
}

// Generated payments, refunds in steps, disputes won and lost, plan changes and ledger moves over
// six weeks: over a period holding all of them, net revenue is the payments table's sum less its
// refunds and lost disputes; credits outstanding is the balances' sum and the whole ledger's; MRR
// is the plans of the plumbers paying now.
TEST_P(RevenueReportTest, TotalsAgreeWithThePaymentsTableAndTheLedger) {
  std::uint64_t seed = 12345;
  auto next = [&](std::uint64_t n) {
    seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<std::int64_t>((seed >> 33) % n);
  };
  Millis start = at("2026-10-01", 0);
  const char* plans[] = {"starter", "pro"};
  const char* statuses[] = {"active", "past_due", "canceled", "trialing", "active"};
  for (int i = 0; i < 80; ++i) {
    auto user = plumbers_[next(4)];
    Millis when = start + next(39 * 24) * hour + next(60) * minute;
    std::string id = "pay_" + std::to_string(i);
    bool pack = next(2) == 0;
    domain::Cents cents = 1000 + next(40000);
    pay(user, pack ? "pack" : "subscription", id, cents, when, "pi_" + std::to_string(i));
    if (pack) ledger(user, domain::ledger_purchase, 1 + next(20), when);
    if (!pack) {
      bill(user, plans[next(2)], statuses[next(5)], 1000 + i, when, false);
      ledger(user, domain::ledger_grant, 5, when);
    }
    auto kind = next(6);
    if (kind == 0 || kind == 1) {  // refunded in one or two steps
      domain::Cents first = 1 + next(cents);
      stripe("evt_r1_" + id, "charge.refunded",
             {{"id", "ch_" + id},
              {"payment_intent", "pi_" + std::to_string(i)},
              {"amount_refunded", first}},
             when + hour);
      if (kind == 1)
        stripe("evt_r2_" + id, "charge.refunded",
               {{"id", "ch_" + id},
                {"payment_intent", "pi_" + std::to_string(i)},
                {"amount_refunded", cents}},
               when + 2 * hour);
    } else if (kind == 2) {  // disputed, then won or lost
      json::object dp{{"id", "dp_" + id},
                      {"charge", "ch_" + id},
                      {"payment_intent", "pi_" + std::to_string(i)},
                      {"status", "needs_response"}};
      stripe("evt_d1_" + id, "charge.dispute.created", dp, when + hour);
      dp["status"] = next(2) == 0 ? "won" : "lost";
      stripe("evt_d2_" + id, "charge.dispute.closed", dp, when + 3 * hour);
    }
    if (next(3) == 0) ledger(user, domain::ledger_claim, -1, when + 4 * hour, false);
  }
  now_ = at("2026-11-10", 23);
  auto r = report("2026-10-01", "2026-11-10");

  domain::Cents paid = 0, refunded = 0, lost = 0;
  domain::PaymentListQuery q;
  q.limit = 1000;
  auto payments =
      store_->read<std::vector<domain::Payment>>([&](Tx& tx) { return tx.list_payments(q); });
  ASSERT_EQ(payments.size(), 80u);
  for (const auto& p : payments) {
    paid += p.amount_cents;
    refunded += p.amount_refunded_cents;
    if (p.dispute_status == "lost") lost += p.amount_cents - p.amount_refunded_cents;
  }
  EXPECT_GT(refunded, 0);
  EXPECT_GT(lost, 0);
  EXPECT_EQ(kpi(r, "net_revenue").value, paid - refunded - lost);
  EXPECT_EQ(total(column(r, "revenue", "net")), paid - refunded - lost);
  EXPECT_EQ(total(column(r, "by_month", "net")), paid - refunded - lost);
  EXPECT_EQ(total(column(r, "revenue", "refunds")), refunded);
  EXPECT_EQ(total(column(r, "revenue", "chargebacks")), lost);

  domain::Credits balances = 0, ledger_total = 0;
  domain::Cents mrr = 0;
  store_->read<int>([&](Tx& tx) {
    for (auto id : plumbers_) {
      balances += tx.credit_balance(domain::UserId{id});
      ledger_total += tx.ledger_sum(domain::UserId{id});
      auto b = *tx.plumber_billing(domain::UserId{id});
      if (b.plan_status == "active" || b.plan_status == "past_due")
        mrr += tx.plan_by_id(b.plan_id)->price_cents;
    }
    return 0;
  });
  EXPECT_GT(balances, 0);
  EXPECT_EQ(kpi(r, "credits_outstanding").value, balances);
  EXPECT_EQ(kpi(r, "credits_outstanding").value, ledger_total);
  EXPECT_EQ(kpi(r, "mrr").value, mrr);
}

INSTANTIATE_TEST_SUITE_P(Backends, RevenueReportTest, ::testing::Values("sqlite", "postgres"),
                         store::outbox_test::backend_name);

}  // namespace
}  // namespace plumbline::report_revenue_test
