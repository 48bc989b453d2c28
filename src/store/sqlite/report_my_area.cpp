// SQLite: "Demand in my area" (the requests inside a plumber's radius through the leads_area
// latitude band and great_circle_miles, or at their extra ZIPs) and the intake's miss rows.
#include "store/sql/report_my_area.hpp"

#include "store/sqlite/sqlite_tx.hpp"

namespace plumbline::store::sqlite {

namespace {

// ?1 lat, ?2 lng, ?3 service, ?4 cap_since, ?5 zip, ?6 now, ?7 lead. The same area walk as
// matching's match_sql (the R*Tree box, the service probe, the exact radius; then extra ZIPs),
// over approved plumbers with open accounts; the reason is the first rule of match_sql's
// eligibility they fail, and the cap count runs only for those who pass the plan and the pause.
#define MY_AREA_MISS_REASON                                                                   \
  "CASE WHEN NOT (p.plan_status IN ('active', 'trialing', 'past_due') OR (p.plan_status = "   \
  "'canceled' AND coalesce(p.current_period_end, 0) * 1000 > ?6)) THEN 'plan' "               \
  "WHEN p.paused <> 0 THEN 'paused' WHEN p.daily_cap <= 0 OR (SELECT count(*) FROM claims c " \
  "WHERE c.plumber_id = p.user_id AND c.created_at >= ?4) >= p.daily_cap THEN 'daily_cap' END"
constexpr const char* record_misses_sql =
    "INSERT INTO match_misses (lead_id, plumber_id, reason, created_at) "
    "SELECT ?7, t.user_id, t.reason, ?6 FROM ("
    "SELECT p.user_id, " MY_AREA_MISS_REASON
    " AS reason FROM plumber_areas a CROSS JOIN plumber_services s ON s.user_id = a.id "
    "CROSS JOIN plumbers p ON p.user_id = a.id CROSS JOIN users u ON u.id = p.user_id "
    "WHERE a.min_lat <= ?1 AND a.max_lat >= ?1 AND a.min_lng <= ?2 AND a.max_lng >= ?2 "
    "AND s.service_type = ?3 AND p.base_zip <> '' AND p.status = 'approved' "
    "AND great_circle_miles(p.base_lat, p.base_lng, ?1, ?2) <= p.radius_miles "
    "AND u.closed_at IS NULL "
    "UNION SELECT p.user_id, " MY_AREA_MISS_REASON
    " FROM plumber_extra_zips z CROSS JOIN plumbers p ON p.user_id = z.user_id "
    "CROSS JOIN users u ON u.id = p.user_id WHERE z.zip = ?5 AND p.status = 'approved' "
    "AND u.closed_at IS NULL AND EXISTS (SELECT 1 FROM plumber_services s "
    "WHERE s.user_id = p.user_id AND s.service_type = ?3)) t "
    "WHERE t.reason IS NOT NULL ON CONFLICT DO NOTHING";
#undef MY_AREA_MISS_REASON

// ?1 plumber, [?2, ?3) the period, ?4 slot_ms. The radius half reads the leads_area index over the
// plumber's R*Tree box (a latitude band, then longitude and created_at inside the index) before
// the exact distance; the extra-ZIP half reads leads_zip_created.
constexpr const char* my_area_leads_sql =
    "SELECT l.created_at / ?4, l.service_type, " PLUMBLINE_MY_AREA_FATE
    ", count(*) FROM ("
    "SELECT k.id FROM plumbers q CROSS JOIN plumber_areas a ON a.id = q.user_id "
    "CROSS JOIN leads k ON k.lat BETWEEN a.min_lat AND a.max_lat "
    "AND k.lng BETWEEN a.min_lng AND a.max_lng AND k.created_at >= ?2 AND k.created_at < ?3 "
    "WHERE q.user_id = ?1 AND q.base_zip <> '' "
    "AND great_circle_miles(q.base_lat, q.base_lng, k.lat, k.lng) <= q.radius_miles "
    "UNION SELECT k.id FROM plumber_extra_zips z CROSS JOIN leads k ON k.zip = z.zip "
    "AND k.created_at >= ?2 AND k.created_at < ?3 WHERE z.user_id = ?1) area "
    "CROSS JOIN leads l ON l.id = area.id CROSS JOIN plumbers p ON p.user_id = ?1 "
    "WHERE l.duplicate_of IS NULL GROUP BY 1, 2, 3 ORDER BY 1, 2, 3";

}  // namespace

int SqliteTx::record_match_misses(domain::LeadId lead_id, const domain::MatchQuery& q) {
  auto st = c_.prepare(record_misses_sql);
  st.bind(1, q.lat).bind(2, q.lng).bind(3, q.service_type).bind(4, q.cap_since).bind(5, q.zip);
  st.bind(6, q.now).bind(7, lead_id);
  st.run();
  return sqlite3_changes(c_.handle());
}

std::vector<domain::MyAreaLeadCount> SqliteTx::my_area_leads(const domain::MyAreaQuery& q) {
  auto st = c_.prepare(my_area_leads_sql);
  st.bind(1, q.plumber_id).bind(2, q.from_ms).bind(3, q.to_ms).bind(4, q.slot_ms);
  std::vector<domain::MyAreaLeadCount> out;
  while (st.step()) out.push_back({st.int64(0), st.text(1), st.text(2), st.int64(3)});
  return out;
}

std::vector<domain::MyAreaActivity> SqliteTx::my_area_activity(const domain::MyAreaQuery& q) {
  auto st = c_.prepare<sql::report_my_area::my_area_activity>();
  st.bind(1, q.plumber_id).bind(2, q.from_ms).bind(3, q.to_ms).bind(4, q.slot_ms);
  std::vector<domain::MyAreaActivity> out;
  while (st.step())
    out.push_back({st.int64(0), st.int64(1), st.int64(2), st.int64(3), st.int64(4)});
  return out;
}

}  // namespace plumbline::store::sqlite
