// The Marketplace health report: reads the period's and the previous period's slot rows in one
// read transaction, folds them into buckets (domain/report_health.cpp) and lays out its KPIs,
// tables and charts.
#include "services/report_health.hpp"

#include <utility>

#include "domain/report_health.hpp"

namespace plumbline::services {
namespace {

using domain::HealthFigures;
using domain::HealthPeriod;
using domain::ReportCell;
using domain::ReportColumn;
using domain::ReportUnit;

domain::RollupRow encode_health_requests(const domain::HealthRequestSlot& s) {
  const auto& c = s.counts;
  domain::RollupRow r;
  r.num = {c.requests,          c.matched, c.matches,         c.claims,    c.claimed, c.filled,
           c.expired_unclaimed, c.hired,   c.never_requested, c.cancelled, c.removed, 0};
  return r;
}
domain::HealthRequestSlot decode_health_requests(const domain::RollupRow& r, std::int64_t slot) {
  domain::HealthRequestSlot s;
  s.slot = slot;
  s.counts = {r.num[0], r.num[1], r.num[2], r.num[3], r.num[4], r.num[5],
              r.num[6], r.num[7], r.num[8], r.num[9], r.num[10]};
  return s;
}
domain::RollupRow encode_health_claims(const domain::HealthClaimSlot& s) {
  domain::RollupRow r;
  r.num[0] = s.counts.claims;
  r.num[1] = s.counts.refunded;
  r.num[2] = s.counts.disputed;
  r.num[3] = s.counts.approved;
  return r;
}
domain::HealthClaimSlot decode_health_claims(const domain::RollupRow& r, std::int64_t slot) {
  domain::HealthClaimSlot s;
  s.slot = slot;
  s.counts = {r.num[0], r.num[1], r.num[2], r.num[3]};
  return s;
}

// The additive reads, through the daily rollups; the delays (for percentiles) stay raw.
const RolledStatement<domain::HealthRequestSlot> health_requests{
    "health_requests", 0,
    [](store::Tx& tx, const domain::ReportSpan& s, domain::Millis slot_ms) {
      return tx.report_health_requests(s.from_ms, s.to_ms, slot_ms);
    },
    encode_health_requests, decode_health_requests};
const RolledStatement<domain::HealthClaimSlot> health_claims{
    "health_claims", 0,
    [](store::Tx& tx, const domain::ReportSpan& s, domain::Millis slot_ms) {
      return tx.report_health_claims(s.from_ms, s.to_ms, slot_ms);
    },
    encode_health_claims, decode_health_claims};
const RolledStatement<domain::HealthClaimSlot> health_disputes{
    "health_disputes", 0,
    [](store::Tx& tx, const domain::ReportSpan& s, domain::Millis slot_ms) {
      return tx.report_health_disputes(s.from_ms, s.to_ms, slot_ms);
    },
    encode_health_claims, decode_health_claims};

domain::HealthPeriodRows read_health_rows(store::Tx& tx, const domain::ReportSpan& span,
                                          const std::vector<domain::ReportBucket>& buckets,
                                          domain::Millis slot_ms) {
  const RollupReader through(tx, span, buckets, slot_ms);
  domain::HealthPeriodRows rows;
  rows.requests = through.rows(health_requests);
  rows.claims = through.rows(health_claims);
  rows.disputes = through.rows(health_disputes);
  rows.delays = tx.report_health_first_claim_delays(span.from_ms, span.to_ms, slot_ms);
  return rows;
}

ReportCell health_number(std::int64_t n) {
  return ReportCell{n, {}, false};
}
ReportCell health_text(std::string s) {
  return ReportCell{0, std::move(s), false};
}
ReportCell health_optional(const std::optional<domain::Millis>& v) {
  return v ? health_number(*v) : ReportCell{0, {}, true};
}

// The ratios every table and KPI shares, from one bucket's or period's figures.
std::int64_t match_rate_of(const HealthFigures& f) {
  return domain::share_bp(f.requests.matched, f.requests.requests);
}
std::int64_t matches_per_request_of(const HealthFigures& f) {
  return domain::health_hundredths(f.requests.matches, f.requests.requests);
}
std::int64_t claims_per_request_of(const HealthFigures& f) {
  return domain::health_hundredths(f.requests.claims, f.requests.requests);
}
std::int64_t filled_share_of(const HealthFigures& f) {
  return domain::share_bp(f.requests.filled, f.requests.requests);
}
std::int64_t expired_share_of(const HealthFigures& f) {
  return domain::share_bp(f.requests.expired_unclaimed, f.requests.requests);
}
std::int64_t dispute_share_of(const HealthFigures& f) {
  return domain::share_bp(f.claims.disputed, f.claims.claims);
}
std::int64_t approved_share_of(const HealthFigures& f) {
  return domain::share_bp(f.claims.approved, f.claims.claims);
}
std::int64_t refund_share_of(const HealthFigures& f) {
  return domain::share_bp(f.claims.refunded, f.claims.claims);
}
std::int64_t hired_share_of(const HealthFigures& f) {
  return domain::share_bp(f.requests.hired, f.requests.requests);
}

ReportColumn health_bucket_column(domain::ReportGrain grain) {
  switch (grain) {
    case domain::ReportGrain::day:
      return {"bucket", "Day", ReportUnit::text};
    case domain::ReportGrain::week:
      return {"bucket", "Week (from Monday)", ReportUnit::text};
    case domain::ReportGrain::month:
      return {"bucket", "Month", ReportUnit::text};
  }
  return {"bucket", "Day", ReportUnit::text};
}

domain::ReportTable requests_table(const domain::ReportRange& range, const HealthPeriod& cur) {
  domain::ReportTable t;
  t.key = "requests";
  t.title =
      std::string("Requests matched, claimed and filled per ") + domain::to_string(range.grain);
  t.columns = {
      health_bucket_column(range.grain),
      {"requests", "Requests", ReportUnit::count},
      {"matched", "Matched", ReportUnit::count},
      {"match_rate", "Match rate", ReportUnit::basis_points},
      {"matches_per_request", "Matches per request", ReportUnit::hundredths},
      {"claims_per_request", "Claims per request", ReportUnit::hundredths},
      {"filled", "Filled to the cap", ReportUnit::count},
      {"filled_share", "Share filled", ReportUnit::basis_points},
      {"expired_unclaimed", "Expired without a claim", ReportUnit::count},
      {"expired_unclaimed_share", "Share expired without a claim", ReportUnit::basis_points}};
  for (std::size_t i = 0; i < cur.buckets.size(); ++i) {
    const auto& f = cur.buckets[i];
    t.rows.push_back(
        {health_text(range.buckets[i].label), health_number(f.requests.requests),
         health_number(f.requests.matched), health_number(match_rate_of(f)),
         health_number(matches_per_request_of(f)), health_number(claims_per_request_of(f)),
         health_number(f.requests.filled), health_number(filled_share_of(f)),
         health_number(f.requests.expired_unclaimed), health_number(expired_share_of(f))});
  }
  t.note =
      "Requests created in each period. Matched: sent to at least one plumber. Claims per "
      "request count refunded claims too. Filled: every slot claimed (still full, or closed with "
      "its claims at the cap).";
  return t;
}

domain::ReportTable first_claim_table(const domain::ReportRange& range, const HealthPeriod& cur) {
  domain::ReportTable t;
  t.key = "first_claim";
  t.title = std::string("Time from request to first claim per ") + domain::to_string(range.grain);
  t.columns = {health_bucket_column(range.grain),
               {"claimed", "Requests claimed", ReportUnit::count},
               {"first_claim_p50", "Median (p50)", ReportUnit::millis},
               {"first_claim_p90", "90th percentile (p90)", ReportUnit::millis}};
  for (std::size_t i = 0; i < cur.buckets.size(); ++i) {
    const auto& f = cur.buckets[i];
    t.rows.push_back({health_text(range.buckets[i].label), health_number(f.requests.claimed),
                      health_optional(f.first_claim_p50), health_optional(f.first_claim_p90)});
  }
  t.note =
      "Requests created in each period that have a claim: the time from the request to its first "
      "claim (refunded or not), by nearest rank.";
  return t;
}

domain::ReportTable disputes_table(const domain::ReportRange& range, const HealthPeriod& cur) {
  domain::ReportTable t;
  t.key = "disputes";
  t.title = std::string("Disputes and refunds per ") + domain::to_string(range.grain);
  t.columns = {health_bucket_column(range.grain),
               {"claims", "Claims", ReportUnit::count},
               {"disputed", "Disputed", ReportUnit::count},
               {"dispute_share", "Share disputed", ReportUnit::basis_points},
               {"approved", "Disputes approved", ReportUnit::count},
               {"approved_share", "Share approved", ReportUnit::basis_points},
               {"refunded", "Refunded", ReportUnit::count},
               {"refund_share", "Share refunded", ReportUnit::basis_points}};
  for (std::size_t i = 0; i < cur.buckets.size(); ++i) {
    const auto& f = cur.buckets[i];
    t.rows.push_back({health_text(range.buckets[i].label), health_number(f.claims.claims),
                      health_number(f.claims.disputed), health_number(dispute_share_of(f)),
                      health_number(f.claims.approved), health_number(approved_share_of(f)),
                      health_number(f.claims.refunded), health_number(refund_share_of(f))});
  }
  t.note =
      "Claims created in each period; the disputes opened on them (whenever) and those approved; "
      "refunded: the claims refunded for any reason (an approved dispute, a homeowner's \"never "
      "requested\", a request closed by staff).";
  return t;
}

domain::ReportTable outcomes_table(const HealthPeriod& cur, const HealthPeriod& prev) {
  domain::ReportTable t;
  t.key = "outcomes";
  t.title = "Homeowner outcomes";
  t.columns = {{"outcome", "Outcome", ReportUnit::text},
               {"requests", "Requests", ReportUnit::count},
               {"share", "Share of requests", ReportUnit::basis_points},
               {"previous_requests", "Previous period", ReportUnit::count},
               {"previous_share", "Previous share", ReportUnit::basis_points}};
  auto counts = [](const domain::HealthRequestCounts& c) {
    std::int64_t rest = c.requests - c.hired - c.never_requested - c.cancelled - c.removed;
    return std::vector<std::pair<const char*, std::int64_t>>{{"Hired", c.hired},
                                                             {"Never requested", c.never_requested},
                                                             {"Cancelled", c.cancelled},
                                                             {"Removed by staff", c.removed},
                                                             {"No outcome yet", rest}};
  };
  auto now = counts(cur.total.requests), before = counts(prev.total.requests);
  for (std::size_t i = 0; i < now.size(); ++i)
    t.rows.push_back(
        {health_text(now[i].first), health_number(now[i].second),
         health_number(domain::share_bp(now[i].second, cur.total.requests.requests)),
         health_number(before[i].second),
         health_number(domain::share_bp(before[i].second, prev.total.requests.requests))});
  t.note =
      "Requests created in the period by how they were closed: by the homeowner (hired, never "
      "requested, cancelled) or by staff (fraud, spam). No outcome yet: still open or full, "
      "expired, or closed otherwise.";
  return t;
}

domain::ReportTable periods_table(const domain::ReportRange& range, const HealthPeriod& cur,
                                  const HealthPeriod& prev) {
  domain::ReportTable t;
  t.key = "periods";
  t.title = "This period and the one before";
  t.columns = {
      {"period", "Period", ReportUnit::text},
      {"requests", "Requests", ReportUnit::count},
      {"match_rate", "Match rate", ReportUnit::basis_points},
      {"matches_per_request", "Matches per request", ReportUnit::hundredths},
      {"claims_per_request", "Claims per request", ReportUnit::hundredths},
      {"filled_share", "Share filled", ReportUnit::basis_points},
      {"expired_unclaimed_share", "Share expired without a claim", ReportUnit::basis_points},
      {"first_claim_p50", "First claim p50", ReportUnit::millis},
      {"first_claim_p90", "First claim p90", ReportUnit::millis},
      {"claims", "Claims", ReportUnit::count},
      {"dispute_share", "Share disputed", ReportUnit::basis_points},
      {"refund_share", "Share refunded", ReportUnit::basis_points},
      {"hired_share", "Share hired", ReportUnit::basis_points}};
  auto row = [](std::string label, const HealthFigures& f) {
    return std::vector<ReportCell>{
        health_text(std::move(label)),           health_number(f.requests.requests),
        health_number(match_rate_of(f)),         health_number(matches_per_request_of(f)),
        health_number(claims_per_request_of(f)), health_number(filled_share_of(f)),
        health_number(expired_share_of(f)),      health_optional(f.first_claim_p50),
        health_optional(f.first_claim_p90),      health_number(f.claims.claims),
        health_number(dispute_share_of(f)),      health_number(refund_share_of(f)),
        health_number(hired_share_of(f))};
  };
  t.rows.push_back(row(range.from_date + " to " + range.to_date, cur.total));
  t.rows.push_back(
      row(range.previous_from_date + " to " + range.previous_to_date + " (previous)", prev.total));
  return t;
}

// A KPI whose value, previous value and trend come from the same ratio of the figures.
template <typename F>
domain::ReportKpi health_kpi(std::string key, std::string label, ReportUnit unit,
                             bool higher_is_better, const HealthPeriod& cur,
                             const HealthPeriod& prev, F figure) {
  domain::ReportKpi k;
  k.key = std::move(key);
  k.label = std::move(label);
  k.unit = unit;
  k.higher_is_better = higher_is_better;
  k.value = figure(cur.total);
  k.previous = figure(prev.total);
  for (const auto& b : cur.buckets) k.trend.push_back(figure(b));
  return k;
}

std::vector<domain::ReportKpi> health_kpis(const HealthPeriod& cur, const HealthPeriod& prev) {
  std::vector<domain::ReportKpi> out;
  out.push_back(health_kpi("match_rate", "Match rate", ReportUnit::basis_points, true, cur, prev,
                           match_rate_of));
  // A period without a claimed request has no median: 0 on the card, no comparison.
  auto median =
      health_kpi("first_claim_median", "Median time to first claim", ReportUnit::millis, false, cur,
                 prev, [](const HealthFigures& f) { return f.first_claim_p50.value_or(0); });
  median.has_previous = prev.total.first_claim_p50.has_value();
  out.push_back(std::move(median));
  out.push_back(health_kpi("claims_per_request", "Claims per request", ReportUnit::hundredths, true,
                           cur, prev, claims_per_request_of));
  out.push_back(health_kpi("dispute_share", "Disputed claims", ReportUnit::basis_points, false, cur,
                           prev, dispute_share_of));
  out.push_back(health_kpi("hired_share", "Requests hired", ReportUnit::basis_points, true, cur,
                           prev, hired_share_of));
  return out;
}

domain::ReportChart health_chart(std::string key, std::string title, std::string kind,
                                 std::string table, std::string label,
                                 std::vector<std::string> values) {
  domain::ReportChart c;
  c.key = std::move(key);
  c.title = std::move(title);
  c.kind = std::move(kind);
  c.table_key = std::move(table);
  c.label_column = std::move(label);
  c.value_columns = std::move(values);
  return c;
}

}  // namespace

std::vector<RollupEntry> health_rollups() {
  return {rollup_entry(health_requests), rollup_entry(health_claims),
          rollup_entry(health_disputes)};
}

domain::Report HealthReportBuilder::build(const domain::ReportRange& range) const {
  using Rows = std::pair<domain::HealthPeriodRows, domain::HealthPeriodRows>;
  auto rows = store_.read<Rows>([&](store::Tx& tx) {
    return Rows{read_health_rows(tx, range.current, range.buckets, range.slot_ms),
                read_health_rows(tx, range.previous, range.previous_buckets, range.slot_ms)};
  });
  const auto cur = domain::fold_health_period(range, false, rows.first);
  const auto prev = domain::fold_health_period(range, true, rows.second);

  domain::Report r;
  r.name = std::string(name());
  r.title = std::string(title());
  r.summary =
      "Does the marketplace work for both sides: are requests matched and claimed quickly, do "
      "claims hold up, and do homeowners hire?";
  r.range = range;
  r.kpis = health_kpis(cur, prev);
  r.tables.push_back(periods_table(range, cur, prev));
  r.tables.push_back(requests_table(range, cur));
  r.tables.push_back(first_claim_table(range, cur));
  r.tables.push_back(disputes_table(range, cur));
  r.tables.push_back(outcomes_table(cur, prev));
  r.charts.push_back(health_chart("match_rate", "Match rate, requests filled and expired unclaimed",
                                  "line", "requests", "bucket",
                                  {"match_rate", "filled_share", "expired_unclaimed_share"}));
  r.charts.push_back(health_chart("per_request", "Matches and claims per request", "line",
                                  "requests", "bucket",
                                  {"matches_per_request", "claims_per_request"}));
  r.charts.push_back(health_chart("first_claim", "Time from request to first claim", "line",
                                  "first_claim", "bucket", {"first_claim_p50", "first_claim_p90"}));
  r.charts.push_back(health_chart("disputes", "Disputes and refunds as shares of claims", "line",
                                  "disputes", "bucket",
                                  {"dispute_share", "approved_share", "refund_share"}));
  r.charts.push_back(health_chart("outcomes", "Homeowner outcomes", "doughnut", "outcomes",
                                  "outcome", {"requests"}));
  return r;
}

}  // namespace plumbline::services
