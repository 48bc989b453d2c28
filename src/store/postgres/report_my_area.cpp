// PostgreSQL: "Demand in my area" (the requests inside a plumber's radius through the
// leads_location GiST index, or at their extra ZIPs) and the intake's miss rows.
#include "store/sql/report_my_area.hpp"

#include "store/postgres/pg_tx.hpp"

namespace plumbline::store::pg {

namespace {

// $1 lat, $2 lng, $3 zip, $4 service, $5 cap_since, $6 now, $7 lead: the candidates of
// matching's match_sql (the radius box and exact radius on the sphere, or the extra ZIP), over
// approved plumbers with open accounts offering the service; the reason is the first rule of its
// eligibility they fail, and the cap count runs only for those who pass the plan and the pause.
constexpr Sql record_misses_sql{
    "record_match_misses",
    "WITH candidates AS ("
    "  SELECT p.user_id FROM plumbers p"
    "  WHERE p.service_box && ST_SetSRID(ST_MakePoint($2, $1), 4326)"
    "    AND ST_DWithin(p.base_location, ST_SetSRID(ST_MakePoint($2, $1), 4326)::geography,"
    "      p.radius_miles * 1609.344::double precision, false)"
    "  UNION"
    "  SELECT z.user_id FROM plumber_extra_zips z WHERE z.zip = $3), "
    "reasons AS ("
    "  SELECT p.user_id, CASE WHEN NOT (p.plan_status IN ('active', 'trialing', 'past_due')"
    "    OR (p.plan_status = 'canceled' AND coalesce(p.current_period_end, 0) * 1000 > $6::bigint))"
    "    THEN 'plan' WHEN p.paused THEN 'paused' WHEN p.daily_cap <= 0 OR (SELECT count(*)"
    "    FROM claims k WHERE k.plumber_id = p.user_id AND k.created_at >= $5) >= p.daily_cap"
    "    THEN 'daily_cap' END AS reason"
    "  FROM candidates c JOIN plumbers p ON p.user_id = c.user_id JOIN users u ON u.id = p.user_id"
    "  WHERE p.status = 'approved' AND u.closed_at IS NULL"
    "    AND EXISTS (SELECT 1 FROM plumber_services s WHERE s.user_id = p.user_id"
    "      AND s.service_type = $4)) "
    "INSERT INTO match_misses (lead_id, plumber_id, reason, created_at) "
    "SELECT $7::bigint, user_id, reason, $6::bigint FROM reasons WHERE reason IS NOT NULL "
    "ON CONFLICT DO NOTHING"};

// $1 plumber, [$2, $3) the period, $4 slot_ms.
constexpr Sql my_area_leads_sql{
    "my_area_leads",
    "WITH p AS (SELECT user_id, base_location, radius_miles FROM plumbers WHERE user_id = $1), "
    "area AS ("
    "  SELECT k.id FROM p JOIN leads k ON ST_DWithin(k.location, p.base_location,"
    "    p.radius_miles * 1609.344::double precision, false)"
    "    AND k.created_at >= $2 AND k.created_at < $3"
    "  UNION SELECT k.id FROM plumber_extra_zips z JOIN leads k ON k.zip = z.zip"
    "    AND k.created_at >= $2 AND k.created_at < $3 WHERE z.user_id = $1) "
    "SELECT l.created_at / $4, l.service_type, " PLUMBLINE_MY_AREA_FATE
    " AS fate, count(*) FROM area JOIN leads l ON l.id = area.id CROSS JOIN p "
    "WHERE l.duplicate_of IS NULL GROUP BY 1, 2, 3 ORDER BY 1, 2, 3"};

}  // namespace

int PgTx::record_match_misses(domain::LeadId lead_id, const domain::MatchQuery& q) {
  auto r =
      c_.run(record_misses_sql, q.lat, q.lng, q.zip, q.service_type, q.cap_since, q.now, lead_id);
  return static_cast<int>(r.affected());
}

std::vector<domain::MyAreaLeadCount> PgTx::my_area_leads(const domain::MyAreaQuery& q) {
  auto r = c_.run(my_area_leads_sql, q.plumber_id, q.from_ms, q.to_ms, q.slot_ms);
  std::vector<domain::MyAreaLeadCount> out;
  out.reserve(static_cast<std::size_t>(r.rows()));
  for (int i = 0; i < r.rows(); ++i)
    out.push_back({r.int64(i, 0), r.text(i, 1), r.text(i, 2), r.int64(i, 3)});
  return out;
}

std::vector<domain::MyAreaActivity> PgTx::my_area_activity(const domain::MyAreaQuery& q) {
  auto r =
      c_.run(sql::report_my_area::my_area_activity, q.plumber_id, q.from_ms, q.to_ms, q.slot_ms);
  std::vector<domain::MyAreaActivity> out;
  out.reserve(static_cast<std::size_t>(r.rows()));
  for (int i = 0; i < r.rows(); ++i)
    out.push_back({r.int64(i, 0), r.int64(i, 1), r.int64(i, 2), r.int64(i, 3), r.int64(i, 4)});
  return out;
}

}  // namespace plumbline::store::pg
