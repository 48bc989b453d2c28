// The Overview report: one read transaction of grouped queries per table (sums per slot, folded
// into the buckets here), a distinct count of active plumbers per bucket and per period, and the
// credits outstanding at each bucket's end (today's total less the ledger's later movements).
#include "services/report_overview.hpp"

#include <array>

namespace plumbline::services {

namespace {

using domain::OverviewSlot;
using domain::ReportCell;
using domain::ReportUnit;

// What the store returned, before folding.
struct OverviewRaw {
  std::vector<OverviewSlot> requests, claims, payments, ledger;         // current period
  std::vector<OverviewSlot> prev_requests, prev_claims, prev_payments;  // previous period
  std::vector<std::int64_t> active_per_bucket;
  std::int64_t active = 0, prev_active = 0;
  std::int64_t outstanding_now = 0, ledger_after_period = 0, ledger_after_previous = 0;
};

domain::RollupRow encode_overview_slot(const OverviewSlot& s) {
  domain::RollupRow r;
  r.num[0] = s.first;
  r.num[1] = s.second;
  return r;
}

OverviewSlot decode_overview_slot(const domain::RollupRow& r, std::int64_t slot) {
  return {slot, r.num[0], r.num[1]};
}

// The four sums per slot, read through the daily rollups.
const RolledStatement<OverviewSlot> overview_requests{
    "overview_requests", 0,
    [](store::Tx& tx, const domain::ReportSpan& s, domain::Millis slot_ms) {
      return tx.overview_request_slots(s.from_ms, s.to_ms, slot_ms);
    },
    encode_overview_slot, decode_overview_slot};
const RolledStatement<OverviewSlot> overview_claims{
    "overview_claims", 0,
    [](store::Tx& tx, const domain::ReportSpan& s, domain::Millis slot_ms) {
      return tx.overview_claim_slots(s.from_ms, s.to_ms, slot_ms);
    },
    encode_overview_slot, decode_overview_slot};
const RolledStatement<OverviewSlot> overview_payments{
    "overview_payments", 0,
    [](store::Tx& tx, const domain::ReportSpan& s, domain::Millis slot_ms) {
      return tx.overview_payment_slots(s.from_ms, s.to_ms, slot_ms);
    },
    encode_overview_slot, decode_overview_slot};
const RolledStatement<OverviewSlot> overview_ledger{
    "overview_ledger", 0,
    [](store::Tx& tx, const domain::ReportSpan& s, domain::Millis slot_ms) {
      return tx.overview_ledger_slots(s.from_ms, s.to_ms, slot_ms);
    },
    encode_overview_slot, decode_overview_slot};

// Per-bucket sums of one slot field (first or second) over range.buckets.
std::vector<std::int64_t> fold_overview_slots(const domain::ReportRange& range,
                                              const std::vector<OverviewSlot>& slots,
                                              std::int64_t OverviewSlot::*field) {
  std::vector<std::int64_t> out(range.buckets.size(), 0);
  for (const auto& s : slots) {
    int b = range.bucket_of(s.slot * range.slot_ms);
    if (b >= 0) out[static_cast<std::size_t>(b)] += s.*field;
  }
  return out;
}

std::int64_t sum_overview_slots(const std::vector<OverviewSlot>& slots,
                                std::int64_t OverviewSlot::*field) {
  std::int64_t total = 0;
  for (const auto& s : slots) total += s.*field;
  return total;
}

OverviewRaw read_overview(store::Store& store, const domain::ReportRange& r) {
  return store.read<OverviewRaw>([&](store::Tx& tx) {
    OverviewRaw raw;
    const auto& cur = r.current;
    const auto& prev = r.previous;
    const RollupReader now_rows(tx, cur, r.buckets, r.slot_ms);
    raw.requests = now_rows.rows(overview_requests);
    raw.claims = now_rows.rows(overview_claims);
    raw.payments = now_rows.rows(overview_payments);
    raw.ledger = now_rows.rows(overview_ledger);
    const RollupReader before_rows(tx, prev, r.previous_buckets, r.slot_ms);
    raw.prev_requests = before_rows.rows(overview_requests);
    raw.prev_claims = before_rows.rows(overview_claims);
    raw.prev_payments = before_rows.rows(overview_payments);
    // A distinct count does not add up across slots: one count per bucket and per period.
    for (const auto& b : r.buckets)
      raw.active_per_bucket.push_back(tx.overview_active_plumbers(b.span.from_ms, b.span.to_ms));
    raw.active = tx.overview_active_plumbers(cur.from_ms, cur.to_ms);
    raw.prev_active = tx.overview_active_plumbers(prev.from_ms, prev.to_ms);
    raw.outstanding_now = tx.overview_credits_outstanding();
    raw.ledger_after_period = tx.overview_ledger_since(cur.to_ms);
    raw.ledger_after_previous = tx.overview_ledger_since(prev.to_ms);
    return raw;
  });
}

domain::ReportKpi overview_kpi(const char* key, const char* label, ReportUnit unit,
                               std::int64_t value, std::int64_t previous,
                               std::vector<std::int64_t> trend) {
  domain::ReportKpi k;
  k.key = key;
  k.label = label;
  k.unit = unit;
  k.value = value;
  k.previous = previous;
  k.trend = std::move(trend);
  return k;
}

}  // namespace

std::vector<RollupEntry> overview_rollups() {
  return {rollup_entry(overview_requests), rollup_entry(overview_claims),
          rollup_entry(overview_payments), rollup_entry(overview_ledger)};
}

domain::Report OverviewReport::build(const domain::ReportRange& range) const {
  auto raw = read_overview(store_, range);
  auto requests = fold_overview_slots(range, raw.requests, &OverviewSlot::first);
  auto matched = fold_overview_slots(range, raw.requests, &OverviewSlot::second);
  auto claims = fold_overview_slots(range, raw.claims, &OverviewSlot::first);
  auto revenue = fold_overview_slots(range, raw.payments, &OverviewSlot::second);
  auto moved = fold_overview_slots(range, raw.ledger, &OverviewSlot::first);
  const std::size_t n = range.buckets.size();

  std::vector<std::int64_t> matched_share(n), outstanding(n);
  for (std::size_t i = 0; i < n; ++i) matched_share[i] = domain::share_bp(matched[i], requests[i]);
  // The balance at a bucket's end: the total at the period's end less what later buckets moved.
  std::int64_t at_end = raw.outstanding_now - raw.ledger_after_period;
  for (std::size_t i = n; i-- > 0;) {
    outstanding[i] = at_end;
    at_end -= moved[i];
  }
  // At the previous period's end (not always this one's start: "this month" compares with the
  // same days of the month before).
  const std::int64_t outstanding_before = raw.outstanding_now - raw.ledger_after_previous;

  auto total = [](const std::vector<std::int64_t>& v) {
    std::int64_t t = 0;
    for (auto x : v) t += x;
    return t;
  };
  const auto req_total = total(requests), matched_total = total(matched);
  const auto prev_requests = sum_overview_slots(raw.prev_requests, &OverviewSlot::first);
  const auto prev_matched = sum_overview_slots(raw.prev_requests, &OverviewSlot::second);

  domain::Report report;
  report.name = std::string(name());
  report.title = std::string(title());
  report.summary = std::string(summary());
  report.kpis.push_back(
      overview_kpi("requests", "Requests", ReportUnit::count, req_total, prev_requests, requests));
  report.kpis.push_back(overview_kpi("matched_share", "Matched share", ReportUnit::basis_points,
                                     domain::share_bp(matched_total, req_total),
                                     domain::share_bp(prev_matched, prev_requests), matched_share));
  report.kpis.push_back(overview_kpi("claims", "Claims", ReportUnit::count, total(claims),
                                     sum_overview_slots(raw.prev_claims, &OverviewSlot::first),
                                     claims));
  report.kpis.push_back(
      overview_kpi("revenue", "Revenue (gross)", ReportUnit::cents, total(revenue),
                   sum_overview_slots(raw.prev_payments, &OverviewSlot::second), revenue));
  report.kpis.push_back(overview_kpi("active_plumbers", "Active plumbers", ReportUnit::count,
                                     raw.active, raw.prev_active, raw.active_per_bucket));
  auto credits =
      overview_kpi("credits_outstanding", "Credits outstanding", ReportUnit::credits,
                   n ? outstanding.back() : raw.outstanding_now - raw.ledger_after_period,
                   outstanding_before, outstanding);
  credits.higher_is_better = false;  // a liability: credits sold and not yet spent
  report.kpis.push_back(std::move(credits));

  domain::ReportTable table;
  table.key = "by_period";
  table.title = std::string("Per ") + domain::to_string(range.grain);
  table.columns = {{"period", "Period", ReportUnit::text},
                   {"requests", "Requests", ReportUnit::count},
                   {"matched", "Matched", ReportUnit::count},
                   {"matched_share", "Matched share", ReportUnit::basis_points},
                   {"claims", "Claims", ReportUnit::count},
                   {"revenue", "Revenue (gross)", ReportUnit::cents},
                   {"active_plumbers", "Active plumbers", ReportUnit::count},
                   {"credits_outstanding", "Credits outstanding at the end", ReportUnit::credits}};
  for (std::size_t i = 0; i < n; ++i) {
    std::vector<ReportCell> row;
    row.push_back({0, range.buckets[i].label, false});
    for (auto v : {requests[i], matched[i], matched_share[i], claims[i], revenue[i],
                   raw.active_per_bucket[i], outstanding[i]})
      row.push_back({v, {}, false});
    table.rows.push_back(std::move(row));
  }
  table.note =
      "Revenue is gross: every payment's amount in the period, before refunds and chargebacks. "
      "A plumber is active with at least one claim or payment. Claims include refunded ones.";
  report.tables.push_back(std::move(table));
  report.charts.push_back({"activity",
                           "Requests, matched requests and claims",
                           "line",
                           "by_period",
                           "period",
                           {"requests", "matched", "claims"}});
  report.charts.push_back(
      {"revenue", "Revenue (gross)", "bar", "by_period", "period", {"revenue"}});
  return report;
}

}  // namespace plumbline::services
