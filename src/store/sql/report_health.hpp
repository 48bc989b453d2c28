// The SQL of the Marketplace health report, written once for both backends (PostgreSQL
// placeholders; see statement.hpp). Each groups by created_at / slot_ms (integer division works
// alike on both); the service folds slots into the operator's local buckets. Every query reads one
// index of migration 0026 alone (the disputes one joins each dispute to its claim by id).
#pragma once
#include "domain/report_health.hpp"
#include "store/sql/row.hpp"
#include "store/sql/statement.hpp"

namespace plumbline::store::sql {

template <RowReader R>
domain::HealthRequestSlot read_health_request_slot(const R& r) {
  domain::HealthRequestSlot s;
  int i = 0;
  s.slot = r.int64(i++);
  auto& c = s.counts;
  c.requests = r.int64(i++);
  c.matched = r.int64(i++);
  c.matches = r.int64(i++);
  c.claims = r.int64(i++);
  c.claimed = r.int64(i++);
  c.filled = r.int64(i++);
  c.expired_unclaimed = r.int64(i++);
  c.hired = r.int64(i++);
  c.never_requested = r.int64(i++);
  c.cancelled = r.int64(i++);
  c.removed = r.int64(i++);
  return s;
}

}  // namespace plumbline::store::sql

namespace plumbline::store::sql::report_health {

// Outcomes as the homeowner routes and the staff's close write them: status 'closed' with the
// reason (fraud and spam are the staff's, 'removed' an older word for them).
inline constexpr Statement requests{
    "health_requests",
    "SELECT created_at / CAST($3 AS BIGINT), count(*), count(*) FILTER (WHERE match_count > 0), "
    "sum(match_count), sum(claims_count), count(first_claim_at), "
    "count(*) FILTER (WHERE status = 'full' OR claims_count >= max_claims), "
    "count(*) FILTER (WHERE status = 'expired' AND claims_count = 0), "
    "count(*) FILTER (WHERE status = 'closed' AND closed_reason = 'hired'), "
    "count(*) FILTER (WHERE status = 'closed' AND closed_reason = 'never_requested'), "
    "count(*) FILTER (WHERE status = 'closed' AND closed_reason = 'cancelled'), "
    "count(*) FILTER (WHERE status = 'closed' AND closed_reason IN ('fraud', 'spam', 'removed')) "
    "FROM leads WHERE created_at >= $1 AND created_at < $2 GROUP BY 1 ORDER BY 1"};

inline constexpr Statement claims{
    "health_claims",
    "SELECT created_at / CAST($3 AS BIGINT), count(*), count(refunded_at) "
    "FROM claims WHERE created_at >= $1 AND created_at < $2 GROUP BY 1 ORDER BY 1"};

// d.created_at >= $1 lets the disputes index bound the scan: a dispute is opened after its claim.
inline constexpr Statement disputes{
    "health_disputes",
    "SELECT k.created_at / CAST($3 AS BIGINT), count(*), "
    "count(*) FILTER (WHERE d.status = 'approved') "
    "FROM disputes d JOIN claims k ON k.id = d.claim_id "
    "WHERE d.created_at >= $1 AND k.created_at >= $1 AND k.created_at < $2 "
    "GROUP BY 1 ORDER BY 1"};

// One row per claimed request, only the two integers a percentile needs.
inline constexpr Statement first_claim_delays{
    "health_first_claim_delays",
    "SELECT created_at / CAST($3 AS BIGINT), first_claim_at - created_at FROM leads "
    "WHERE created_at >= $1 AND created_at < $2 AND first_claim_at IS NOT NULL "
    "ORDER BY created_at"};

}  // namespace plumbline::store::sql::report_health
