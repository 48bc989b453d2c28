// The Marketplace health report's figures: what the store counts per time slot (requests, claims,
// disputes, delays to a first claim) and the pure folding of those slots into the report's buckets
// and periods, with its percentiles and ratios.
#pragma once
#include <cstdint>
#include <optional>
#include <vector>

#include "domain/report.hpp"

namespace plumbline::domain {

// Requests created in one slot (or bucket, or period), by what became of them.
struct HealthRequestCounts {
  std::int64_t requests = 0;
  std::int64_t matched = 0;            // match_count > 0
  std::int64_t matches = 0;            // sum of match_count
  std::int64_t claims = 0;             // sum of claims_count (refunded claims included)
  std::int64_t claimed = 0;            // with a first claim
  std::int64_t filled = 0;             // status 'full' or claims_count >= max_claims
  std::int64_t expired_unclaimed = 0;  // status 'expired' and no claim
  // Closed by the homeowner (hired, never requested, cancelled) or by staff (fraud, spam,
  // removed).
  std::int64_t hired = 0;
  std::int64_t never_requested = 0;
  std::int64_t cancelled = 0;
  std::int64_t removed = 0;

  HealthRequestCounts& operator+=(const HealthRequestCounts& o);
  bool operator==(const HealthRequestCounts&) const = default;
};

// Claims created in one slot (or bucket, or period): how many, how many were refunded, how many
// got a dispute and how many of those disputes were approved.
struct HealthClaimCounts {
  std::int64_t claims = 0;
  std::int64_t refunded = 0;  // refunded_at set, whatever refunded it
  std::int64_t disputed = 0;
  std::int64_t approved = 0;  // disputes approved

  HealthClaimCounts& operator+=(const HealthClaimCounts& o);
  bool operator==(const HealthClaimCounts&) const = default;
};

// One row of the store's grouped queries: `slot` is created_at / slot_ms of the request or claim.
struct HealthRequestSlot {
  std::int64_t slot = 0;
  HealthRequestCounts counts;
};
struct HealthClaimSlot {
  std::int64_t slot = 0;
  HealthClaimCounts counts;
};
// A claimed request: its slot and the time from its creation to its first claim.
struct HealthClaimDelay {
  std::int64_t slot = 0;
  Millis delay_ms = 0;
};

// What the store read for one period.
struct HealthPeriodRows {
  std::vector<HealthRequestSlot> requests;
  std::vector<HealthClaimSlot> claims;    // claims and refunds
  std::vector<HealthClaimSlot> disputes;  // disputes and approvals, by their claim's slot
  std::vector<HealthClaimDelay> delays;
};

// The figures of one bucket or of a whole period; p50/p90 by nearest rank, nullopt without a
// claimed request.
struct HealthFigures {
  HealthRequestCounts requests;
  HealthClaimCounts claims;
  std::optional<Millis> first_claim_p50, first_claim_p90;
};

struct HealthPeriod {
  std::vector<HealthFigures> buckets;  // one per bucket of the period, in order
  HealthFigures total;
};

// Folds one period's rows into its buckets (range.buckets, or range.previous_buckets when
// `previous`) and its total; rows whose slot falls outside the period are left out.
HealthPeriod fold_health_period(const ReportRange& range, bool previous,
                                const HealthPeriodRows& rows);

// part / whole in hundredths (2.95 = 295), rounded half up; 0 when whole is 0.
std::int64_t health_hundredths(std::int64_t part, std::int64_t whole);

}  // namespace plumbline::domain
