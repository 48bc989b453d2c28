// Folding the health report's slot rows into buckets and periods, its percentiles and ratios.
#include "domain/report_health.hpp"

#include <algorithm>

namespace plumbline::domain {

HealthRequestCounts& HealthRequestCounts::operator+=(const HealthRequestCounts& o) {
  requests += o.requests;
  matched += o.matched;
  matches += o.matches;
  claims += o.claims;
  claimed += o.claimed;
  filled += o.filled;
  expired_unclaimed += o.expired_unclaimed;
  hired += o.hired;
  never_requested += o.never_requested;
  cancelled += o.cancelled;
  removed += o.removed;
  return *this;
}

HealthClaimCounts& HealthClaimCounts::operator+=(const HealthClaimCounts& o) {
  claims += o.claims;
  refunded += o.refunded;
  disputed += o.disputed;
  approved += o.approved;
  return *this;
}

namespace {

// The bucket of the slot's start, in the period asked for; -1 outside it. A slot never straddles
// a bucket boundary (ReportRange::slot_ms divides them all).
int health_bucket_of_slot(const ReportRange& range, bool previous, std::int64_t slot) {
  const Millis t = slot * range.slot_ms;
  return previous ? range.previous_bucket_of(t) : range.bucket_of(t);
}

void set_health_percentiles(HealthFigures& f, std::vector<Millis>& delays) {
  std::sort(delays.begin(), delays.end());
  f.first_claim_p50 = nearest_rank(delays, 0.5);
  f.first_claim_p90 = nearest_rank(delays, 0.9);
}

}  // namespace

HealthPeriod fold_health_period(const ReportRange& range, bool previous,
                                const HealthPeriodRows& rows) {
  const auto& buckets = previous ? range.previous_buckets : range.buckets;
  HealthPeriod out;
  out.buckets.resize(buckets.size());
  for (const auto& r : rows.requests) {
    int b = health_bucket_of_slot(range, previous, r.slot);
    if (b < 0) continue;
    out.buckets[b].requests += r.counts;
    out.total.requests += r.counts;
  }
  for (const auto* list : {&rows.claims, &rows.disputes})
    for (const auto& r : *list) {
      int b = health_bucket_of_slot(range, previous, r.slot);
      if (b < 0) continue;
      out.buckets[b].claims += r.counts;
      out.total.claims += r.counts;
    }
  std::vector<std::vector<Millis>> per_bucket(buckets.size());
  std::vector<Millis> all;
  all.reserve(rows.delays.size());
  for (const auto& d : rows.delays) {
    int b = health_bucket_of_slot(range, previous, d.slot);
    if (b < 0) continue;
    per_bucket[b].push_back(d.delay_ms);
    all.push_back(d.delay_ms);
  }
  for (std::size_t i = 0; i < buckets.size(); ++i)
    set_health_percentiles(out.buckets[i], per_bucket[i]);
  set_health_percentiles(out.total, all);
  return out;
}

std::int64_t health_hundredths(std::int64_t part, std::int64_t whole) {
  if (whole <= 0) return 0;
  return (part * 100 * 2 + whole) / (whole * 2);
}

}  // namespace plumbline::domain
