// The SQL of "Demand in my area" written once for both backends (PostgreSQL placeholders; see
// statement.hpp); the area tests and the intake's miss rows are spatial, so each backend writes
// those (store/{sqlite,postgres}/report_my_area.cpp).
#pragma once
#include "store/sql/statement.hpp"

// What became of request `l` for plumber `p` (a row with user_id): see
// ReportMyAreaTx::my_area_leads. Every probe is a primary-key or unique-index lookup of (lead,
// plumber).
#define PLUMBLINE_MY_AREA_FATE                                                                     \
  "CASE WHEN EXISTS (SELECT 1 FROM claims c WHERE c.lead_id = l.id AND c.plumber_id = p.user_id) " \
  "THEN 'claimed' "                                                                                \
  "WHEN EXISTS (SELECT 1 FROM lead_matches m WHERE m.lead_id = l.id AND m.plumber_id = "           \
  "p.user_id) "                                                                                    \
  "THEN CASE WHEN l.status = 'full' OR l.claims_count >= l.max_claims THEN 'filled' "              \
  "WHEN l.status = 'open' THEN 'open' ELSE 'unclaimed' END "                                       \
  "ELSE coalesce((SELECT x.reason FROM match_misses x WHERE x.lead_id = l.id "                     \
  "AND x.plumber_id = p.user_id), CASE WHEN EXISTS (SELECT 1 FROM plumber_services s "             \
  "WHERE s.user_id = p.user_id AND s.service_type = l.service_type) THEN '' ELSE 'service' END) "  \
  "END"

namespace plumbline::store::sql::report_my_area {

// $1 plumber, [$2, $3) the period, $4 slot_ms. Matches through lead_matches_plumber, claims through
// claims_plumber_created; one plumber's rows, a few thousand at most over two years.
inline constexpr Statement my_area_activity{
    "my_area_activity",
    "SELECT slot, CAST(sum(matches) AS BIGINT), CAST(sum(claims) AS BIGINT), "
    "CAST(sum(credits) AS BIGINT), CAST(sum(won) AS BIGINT) FROM ("
    "SELECT m.matched_at / $4 AS slot, 1 AS matches, 0 AS claims, 0 AS credits, 0 AS won "
    "FROM lead_matches m WHERE m.plumber_id = $1 AND m.matched_at >= $2 AND m.matched_at < $3 "
    "UNION ALL SELECT c.created_at / $4, 0, 1, "
    "CASE WHEN c.refunded_at IS NULL THEN c.price_credits ELSE 0 END, "
    "CASE WHEN c.outcome = 'won' THEN 1 ELSE 0 END "
    "FROM claims c WHERE c.plumber_id = $1 AND c.created_at >= $2 AND c.created_at < $3) t "
    "GROUP BY slot ORDER BY slot"};

}  // namespace plumbline::store::sql::report_my_area
