// The revenue report: grouped sums per time slot from the store, folded into the period's buckets
// and calendar months in the operator's zone; KPIs, tables and charts for the report pages.
#include "services/report_revenue.hpp"

#include <functional>
#include <limits>

#include "domain/report_revenue.hpp"

namespace plumbline::services {

namespace {

using domain::Millis;
using domain::ReportCell;
using domain::ReportSlotSum;
using domain::ReportUnit;

// Everything one period needs, read in the report's one transaction. The previous period only
// feeds the KPIs' earlier values, so its credits and subscriptions are not read per slot.
struct RevenuePeriodRows {
  std::vector<ReportSlotSum> payments, reversals, subscriptions, ledger;
  std::int64_t mrr_before_from = 0;  // MRR (cents) when the period starts
  std::int64_t mrr_before_to = 0;    // MRR (cents) when it ends
  // Credits moved after the period: until now for the current one; for the previous one, until
  // the current one starts (nothing when they are adjacent, as for the 7/30/90-day presets).
  std::int64_t ledger_after = 0;
  std::int64_t active_plumbers = 0;
};

struct RevenueRead {
  RevenuePeriodRows current, previous;
  std::int64_t outstanding_now = 0;  // the sum of credit_balances today
};

domain::RollupRow encode_revenue_sum(const ReportSlotSum& s) {
  domain::RollupRow r;
  r.text[0] = s.kind;
  r.num[0] = s.sum;
  r.num[1] = s.count;
  return r;
}
ReportSlotSum decode_revenue_sum(const domain::RollupRow& r, std::int64_t slot) {
  return {slot, r.text[0], r.num[0], r.num[1]};
}

// The sums per slot and kind, through the daily rollups.
#define PLUMBLINE_REVENUE_ROLLED(variable, key, method)                \
  const RolledStatement<ReportSlotSum> variable{                       \
      key, 0,                                                          \
      [](store::Tx& tx, const domain::ReportSpan& s, Millis slot_ms) { \
        return tx.method(s.from_ms, s.to_ms, slot_ms);                 \
      },                                                               \
      encode_revenue_sum, decode_revenue_sum};
PLUMBLINE_REVENUE_ROLLED(revenue_payments, "revenue_payments", revenue_payments_by_slot)
PLUMBLINE_REVENUE_ROLLED(revenue_reversals, "revenue_reversals", revenue_reversals_by_slot)
PLUMBLINE_REVENUE_ROLLED(revenue_subscriptions, "revenue_subscriptions",
                         revenue_subscriptions_by_slot)
PLUMBLINE_REVENUE_ROLLED(revenue_ledger, "revenue_ledger", revenue_ledger_by_slot)
#undef PLUMBLINE_REVENUE_ROLLED

RevenuePeriodRows read_revenue_period(store::Tx& tx, const domain::ReportSpan& span,
                                      const std::vector<domain::ReportBucket>& buckets, Millis slot,
                                      bool per_slot_credits, Millis after_until) {
  const RollupReader through(tx, span, buckets, slot);
  RevenuePeriodRows p;
  p.payments = through.rows(revenue_payments);
  p.reversals = through.rows(revenue_reversals);
  if (per_slot_credits) {
    p.subscriptions = through.rows(revenue_subscriptions);
    p.ledger = through.rows(revenue_ledger);
    p.mrr_before_from = tx.revenue_mrr_before(span.from_ms);
  }
  p.mrr_before_to = tx.revenue_mrr_before(span.to_ms);
  if (after_until > span.to_ms) p.ledger_after = tx.revenue_ledger_between(span.to_ms, after_until);
  p.active_plumbers = tx.revenue_active_plumbers(span.from_ms, span.to_ms);
  return p;
}

// Money of one bucket, in cents. Refunds and chargebacks count when Stripe told us of them.
struct RevenueMoney {
  std::int64_t subscriptions = 0, packs = 0, refunds = 0, chargebacks = 0, disputed = 0;
  std::int64_t net() const { return subscriptions + packs - refunds - chargebacks; }
};

struct SubscriptionMoves {
  std::int64_t started = 0, renewed = 0, changed = 0, churned = 0, mrr_delta = 0;
  std::int64_t mrr_end = 0;  // filled after folding
};

struct CreditMoves {
  std::int64_t sold = 0, granted = 0, spent = 0, refunded = 0, adjusted = 0;
  std::int64_t outstanding_end = 0;  // filled after folding
  std::int64_t net() const { return sold + granted - spent + refunded + adjusted; }
};

using BucketIndex = std::function<int(Millis)>;

// Adds each slot's sum to the bucket holding the slot's start (slots never straddle a bucket).
template <typename Cell, typename Add>
void fold_revenue_slots(const std::vector<ReportSlotSum>& rows, Millis slot_ms,
                        const BucketIndex& index, std::vector<Cell>& cells, Add add) {
  for (const auto& r : rows) {
    int i = index(r.slot * slot_ms);
    if (i >= 0 && static_cast<std::size_t>(i) < cells.size()) add(cells[i], r);
  }
}

void add_money(std::vector<RevenueMoney>& cells, const RevenuePeriodRows& p, Millis slot_ms,
               const BucketIndex& index) {
  fold_revenue_slots(p.payments, slot_ms, index, cells, [](RevenueMoney& m, const auto& r) {
    (r.kind == "subscription" ? m.subscriptions : m.packs) += r.sum;
  });
  fold_revenue_slots(p.reversals, slot_ms, index, cells, [](RevenueMoney& m, const auto& r) {
    if (r.kind == "refund") m.refunds += r.sum;
    if (r.kind == "chargeback") m.chargebacks += r.sum;
    if (r.kind == "dispute") m.disputed += r.sum;
  });
}

std::vector<SubscriptionMoves> subscription_moves(const RevenuePeriodRows& p, std::size_t n,
                                                  Millis slot_ms, const BucketIndex& index) {
  std::vector<SubscriptionMoves> cells(n);
  fold_revenue_slots(p.subscriptions, slot_ms, index, cells,
                     [](SubscriptionMoves& m, const auto& r) {
                       m.mrr_delta += r.sum;
                       if (r.kind == "new") m.started += r.count;
                       if (r.kind == "renewed") m.renewed += r.count;
                       if (r.kind == "changed") m.changed += r.count;
                       if (r.kind == "churned") m.churned += r.count;
                     });
  std::int64_t mrr = p.mrr_before_from;
  for (auto& m : cells) m.mrr_end = mrr += m.mrr_delta;
  return cells;
}

// Credits per bucket; the outstanding balance at each bucket's end is walked back from today's
// balances: what plumbers hold at the period's end, less what moved in the buckets after.
std::vector<CreditMoves> credit_moves(const RevenuePeriodRows& p, std::size_t n, Millis slot_ms,
                                      const BucketIndex& index, std::int64_t outstanding_now) {
  std::vector<CreditMoves> cells(n);
  fold_revenue_slots(p.ledger, slot_ms, index, cells, [](CreditMoves& m, const auto& r) {
    if (r.kind == "purchase") m.sold += r.sum;
    if (r.kind == "grant") m.granted += r.sum;
    if (r.kind == "claim") m.spent -= r.sum;  // claim debits are negative in the ledger
    if (r.kind == "refund") m.refunded += r.sum;
    if (r.kind == "adjustment") m.adjusted += r.sum;
  });
  std::int64_t balance = outstanding_now - p.ledger_after;
  for (auto it = cells.rbegin(); it != cells.rend(); ++it) {
    it->outstanding_end = balance;
    balance -= it->net();
  }
  return cells;
}

std::int64_t sum_net(const std::vector<RevenueMoney>& cells) {
  std::int64_t total = 0;
  for (const auto& m : cells) total += m.net();
  return total;
}

// a / b rounded half away from zero; 0 when b is 0.
std::int64_t revenue_divide(std::int64_t a, std::int64_t b) {
  if (b == 0) return 0;
  std::int64_t q = a / b, r = a % b;
  if (2 * (r < 0 ? -r : r) >= b) q += a < 0 ? -1 : 1;
  return q;
}

ReportCell revenue_num(std::int64_t v) {
  return ReportCell{v, {}, false};
}
ReportCell revenue_label(std::string s) {
  return ReportCell{0, std::move(s), false};
}

domain::ReportColumn revenue_column(const char* key, const char* label, ReportUnit unit) {
  return {key, label, unit};
}

std::vector<domain::ReportColumn> money_columns(const char* first_key, const char* first_label) {
  return {revenue_column(first_key, first_label, ReportUnit::text),
          revenue_column("subscriptions", "Subscriptions", ReportUnit::cents),
          revenue_column("packs", "Credit packs", ReportUnit::cents),
          revenue_column("refunds", "Refunds", ReportUnit::cents),
          revenue_column("chargebacks", "Chargebacks lost", ReportUnit::cents),
          revenue_column("disputed", "Disputed", ReportUnit::cents),
          revenue_column("net", "Net revenue", ReportUnit::cents)};
}

std::vector<ReportCell> money_row(std::string label, const RevenueMoney& m) {
  return {revenue_label(std::move(label)),
          revenue_num(m.subscriptions),
          revenue_num(m.packs),
          revenue_num(m.refunds),
          revenue_num(m.chargebacks),
          revenue_num(m.disputed),
          revenue_num(m.net())};
}

const char* money_note =
    "Payments count when they were paid; refunds, disputes and chargebacks when Stripe told us of "
    "them (they may be of earlier payments). Net = subscriptions + packs − refunds − chargebacks "
    "(disputes lost); disputed = the amount put in dispute, not subtracted unless lost.";

domain::ReportChart revenue_chart(const char* key, const char* title, const char* kind,
                                  const char* table, std::vector<std::string> values) {
  domain::ReportChart c;
  c.key = key;
  c.title = title;
  c.kind = kind;
  c.table_key = table;
  c.label_column = "period";
  c.value_columns = std::move(values);
  return c;
}

}  // namespace

std::vector<RollupEntry> revenue_rollups() {
  return {rollup_entry(revenue_payments), rollup_entry(revenue_reversals),
          rollup_entry(revenue_subscriptions), rollup_entry(revenue_ledger)};
}

domain::Report RevenueReport::build(const domain::ReportRange& range) const {
  const Millis slot = range.slot_ms;
  auto data = store_.read<RevenueRead>([&](store::Tx& tx) {
    RevenueRead r;
    r.current = read_revenue_period(tx, range.current, range.buckets, slot, true,
                                    std::numeric_limits<Millis>::max());
    r.previous = read_revenue_period(tx, range.previous, range.previous_buckets, slot, false,
                                     range.current.from_ms);
    r.outstanding_now = tx.revenue_credits_outstanding();
    return r;
  });
  const auto& zone = zones_.get_or_utc(range.zone);
  auto months = domain::report_months(range, zone);
  BucketIndex current_index = [&](Millis t) { return range.bucket_of(t); };
  BucketIndex previous_index = [&](Millis t) { return range.previous_bucket_of(t); };
  BucketIndex month_index = [&](Millis t) { return domain::report_bucket_index(months, t); };
  std::size_t n = range.buckets.size(), pn = range.previous_buckets.size();

  std::vector<RevenueMoney> money(n), previous_money(pn), monthly(months.size());
  add_money(money, data.current, slot, current_index);
  add_money(previous_money, data.previous, slot, previous_index);
  add_money(monthly, data.current, slot, month_index);
  auto subs = subscription_moves(data.current, n, slot, current_index);
  auto credits = credit_moves(data.current, n, slot, current_index, data.outstanding_now);

  domain::Report rep;
  rep.name = name();
  rep.title = title();
  rep.summary =
      "What we earned (subscriptions and credit packs, less refunds and lost chargebacks), the "
      "monthly recurring revenue, and what we owe: the credits plumbers hold.";
  rep.range = range;
  std::string grain = domain::to_string(range.grain);

  // KPIs.
  auto trend_of = [&](auto get) {
    std::vector<std::int64_t> t;
    for (std::size_t i = 0; i < n; ++i) t.push_back(get(i));
    return t;
  };
  std::int64_t net = sum_net(money), previous_net = sum_net(previous_money);
  std::int64_t refunds = 0, previous_refunds = 0;
  for (const auto& m : money) refunds += m.refunds;
  for (const auto& m : previous_money) previous_refunds += m.refunds;
  // What plumbers held at the end of each period, walked back from today's balances.
  std::int64_t outstanding_end = data.outstanding_now - data.current.ledger_after;
  std::int64_t outstanding_start = outstanding_end;
  for (const auto& c : credits) outstanding_start -= c.net();
  std::int64_t previous_outstanding_end = outstanding_start - data.previous.ledger_after;
  std::int64_t per_plumber = revenue_divide(net, data.current.active_plumbers);
  std::int64_t previous_per_plumber = revenue_divide(previous_net, data.previous.active_plumbers);
  rep.kpis.push_back({"net_revenue", "Net revenue", ReportUnit::cents, net, previous_net, true,
                      true, trend_of([&](std::size_t i) { return money[i].net(); })});
  rep.kpis.push_back({"mrr", "MRR at the end", ReportUnit::cents, data.current.mrr_before_to,
                      data.previous.mrr_before_to, true, true,
                      trend_of([&](std::size_t i) { return subs[i].mrr_end; })});
  rep.kpis.push_back({"refunds", "Refunds", ReportUnit::cents, refunds, previous_refunds, true,
                      false, trend_of([&](std::size_t i) { return money[i].refunds; })});
  // A liability: more outstanding credits is more owed, so a rise is not shown as good news.
  rep.kpis.push_back({"credits_outstanding", "Credits outstanding", ReportUnit::credits,
                      outstanding_end, previous_outstanding_end, true, false,
                      trend_of([&](std::size_t i) { return credits[i].outstanding_end; })});
  rep.kpis.push_back({"revenue_per_active_plumber",
                      "Revenue per active plumber",
                      ReportUnit::cents,
                      per_plumber,
                      previous_per_plumber,
                      true,
                      true,
                      {}});

  // Revenue per bucket.
  domain::ReportTable revenue{
      "revenue", "Revenue per " + grain, money_columns("period", "Period"), {}, money_note, 0};
  for (std::size_t i = 0; i < n; ++i)
    revenue.rows.push_back(money_row(range.buckets[i].label, money[i]));
  rep.tables.push_back(std::move(revenue));

  // Net revenue per calendar month.
  domain::ReportTable by_month{"by_month",
                               "Net revenue per month",
                               money_columns("period", "Month"),
                               {},
                               "Calendar months in " + range.zone +
                                   "; the first and the last are cut to the period. " + money_note,
                               0};
  for (std::size_t i = 0; i < months.size(); ++i)
    by_month.rows.push_back(money_row(months[i].label, monthly[i]));
  rep.tables.push_back(std::move(by_month));

  // MRR and subscriptions.
  domain::ReportTable subscriptions{
      "subscriptions",
      "MRR and subscriptions per " + grain,
      {revenue_column("period", "Period", ReportUnit::text),
       revenue_column("mrr", "MRR at the end", ReportUnit::cents),
       revenue_column("new", "New", ReportUnit::count),
       revenue_column("renewed", "Renewed", ReportUnit::count),
       revenue_column("changed", "Changed plan", ReportUnit::count),
       revenue_column("churned", "Churned", ReportUnit::count),
       revenue_column("mrr_change", "MRR change", ReportUnit::cents)},
      {},
      "MRR = the monthly price of every plan whose subscription is active or past due. New: "
      "started paying (a first subscription, a trial converted, a return); renewed: a paying "
      "subscription's paid period moved forward; changed: moved to a plan of another price; "
      "churned: stopped paying (canceled, or the plan removed).",
      0};
  for (std::size_t i = 0; i < n; ++i) {
    const auto& s = subs[i];
    subscriptions.rows.push_back({revenue_label(range.buckets[i].label), revenue_num(s.mrr_end),
                                  revenue_num(s.started), revenue_num(s.renewed),
                                  revenue_num(s.changed), revenue_num(s.churned),
                                  revenue_num(s.mrr_delta)});
  }
  rep.tables.push_back(std::move(subscriptions));

  // Credits.
  domain::ReportTable credit_table{
      "credits",
      "Credits per " + grain,
      {revenue_column("period", "Period", ReportUnit::text),
       revenue_column("sold", "Sold (packs)", ReportUnit::credits),
       revenue_column("granted", "Granted free", ReportUnit::credits),
       revenue_column("spent", "Spent on claims", ReportUnit::credits),
       revenue_column("refunded", "Refunded", ReportUnit::credits),
       revenue_column("adjusted", "Adjusted", ReportUnit::credits),
       revenue_column("outstanding", "Outstanding at the end", ReportUnit::credits)},
      {},
      "From the credit ledger. Granted free includes plans' monthly credits; adjusted is staff's "
      "corrections, signed. Outstanding = the credits plumbers held at the end of the " +
          grain + " (what we owe): today's balances less what moved since.",
      0};
  for (std::size_t i = 0; i < n; ++i) {
    const auto& c = credits[i];
    credit_table.rows.push_back({revenue_label(range.buckets[i].label), revenue_num(c.sold),
                                 revenue_num(c.granted), revenue_num(c.spent),
                                 revenue_num(c.refunded), revenue_num(c.adjusted),
                                 revenue_num(c.outstanding_end)});
  }
  rep.tables.push_back(std::move(credit_table));

  // Revenue per active plumber, this period and the previous one.
  domain::ReportTable per_active{
      "per_active_plumber",
      "Revenue per active plumber",
      {revenue_column("period", "Period", ReportUnit::text),
       revenue_column("net", "Net revenue", ReportUnit::cents),
       revenue_column("active_plumbers", "Active plumbers", ReportUnit::count),
       revenue_column("per_active_plumber", "Per active plumber", ReportUnit::cents)},
      {},
      "Active plumber: at least one claim or one payment in the period.",
      0};
  auto per_row = [&](std::string label, std::int64_t net_cents, std::int64_t active) {
    std::vector<ReportCell> row{revenue_label(std::move(label)), revenue_num(net_cents),
                                revenue_num(active),
                                revenue_num(revenue_divide(net_cents, active))};
    if (active == 0) row[3].missing = true;
    return row;
  };
  per_active.rows.push_back(
      per_row(range.from_date + " – " + range.to_date, net, data.current.active_plumbers));
  per_active.rows.push_back(per_row(range.previous_from_date + " – " + range.previous_to_date,
                                    previous_net, data.previous.active_plumbers));
  rep.tables.push_back(std::move(per_active));

  rep.charts.push_back(revenue_chart("revenue", "Revenue", "bar", "revenue",
                                     {"subscriptions", "packs", "refunds", "chargebacks"}));
  rep.charts.push_back(
      revenue_chart("net_by_month", "Net revenue per month", "bar", "by_month", {"net"}));
  rep.charts.push_back(revenue_chart("mrr", "MRR", "line", "subscriptions", {"mrr"}));
  rep.charts.push_back(revenue_chart("credits", "Credits", "bar", "credits",
                                     {"sold", "granted", "spent", "refunded"}));
  return rep;
}

}  // namespace plumbline::services
