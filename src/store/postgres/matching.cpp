// PostgreSQL: which plumbers a new lead matches (PostGIS on the sphere), which open leads a plumber
// who became eligible later is sent, and the stored matches.
#include "store/sql/matching.hpp"

#include <string>

#include "store/postgres/pg_tx.hpp"
#include "store/sql/profiles.hpp"

namespace plumbline::store::pg {

namespace {
// The lead's point; $1 = lat, $2 = lng.
#define LEAD_POINT "ST_SetSRID(ST_MakePoint($2, $1), 4326)::geography"

// PostgreSQL only: PostGIS geography; SQLite uses the R*Tree and great_circle_miles.
// Candidates are plumbers whose radius circle holds the lead, plus those who list the lead's ZIP
// as an extra ZIP; UNION de-duplicates a plumber found both ways. service_box && point uses the
// GiST index on each plumber's own radius box (a constant 100-mile ST_DWithin examined every
// plumber within 100 miles: ~4,500 rows in Chicago for ~1,000 matches); ST_DWithin then applies
// the radius exactly. use_spheroid = false puts it, and ST_Distance, on the sphere
// geo::great_circle_miles uses, so SQLite agrees.
// A plumber without a base ZIP (NULL base_location) can only match by extra ZIP, at distance 0.
// The daily cap counts every claim (refunded too) made at or after $5, as count_claims_since.
// A canceled plan matches until its paid period ends: current_period_end (Unix s) after $6 (ms).
constexpr Sql match_sql{
    "match_plumbers",
    "WITH candidates AS ("
    "  SELECT p.user_id FROM plumbers p"
    "  WHERE p.service_box && ST_SetSRID(ST_MakePoint($2, $1), 4326)"
    "    AND ST_DWithin(p.base_location, " LEAD_POINT
    ", p.radius_miles * 1609.344::double precision, false)"
    "  UNION"
    "  SELECT z.user_id FROM plumber_extra_zips z WHERE z.zip = $3) "
    "SELECT p.user_id, coalesce(ST_Distance(p.base_location, " LEAD_POINT
    ", false) / 1609.344, 0), u.email, p.phone_e164, p.business_name, "
    "coalesce(p.base_zip, ''), p.notify_email, "
    "p.notify_sms, p.quiet_start_minute, p.quiet_end_minute, p.utc_offset_minutes, p.daily_cap, "
    "p.paused "
    "FROM candidates c JOIN plumbers p ON p.user_id = c.user_id JOIN users u ON u.id = p.user_id "
    "WHERE p.status = 'approved' AND (p.plan_status IN ('active', 'trialing', 'past_due') "
    "OR (p.plan_status = 'canceled' AND p.current_period_end * 1000 > $6::bigint)) "
    "AND NOT p.paused AND p.daily_cap > 0 AND u.closed_at IS NULL "
    "AND EXISTS (SELECT 1 FROM plumber_services s WHERE s.user_id = p.user_id "
    "AND s.service_type = $4) "
    "AND (SELECT count(*) FROM claims k WHERE k.plumber_id = p.user_id AND k.created_at >= $5) "
    "< p.daily_cap "
    "ORDER BY p.user_id"};
#undef LEAD_POINT

// PostgreSQL only: PostGIS geography; SQLite uses great_circle_miles.
// Late matching for one plumber ($1): the same eligibility and area rules as match_sql, applied to
// the open leads on the market since $2 or later (live_since; leads.location is the same point
// LEAD_POINT builds); the $3 newest such leads, then only those not matched to them yet.
constexpr Sql late_matches_sql{
    "late_matches",
    "SELECT t.id, t.distance_miles FROM ("
    "  SELECT l.id, l.live_since, "
    "    coalesce(ST_Distance(p.base_location, l.location, false) / 1609.344, 0) AS distance_miles"
    "  FROM plumbers p JOIN users u ON u.id = p.user_id"
    "  JOIN leads l ON l.status = 'open' AND l.live_since >= $2 AND l.duplicate_of IS NULL"
    "    AND NOT l.awaiting_verification"  // issue 17: held until the contact is confirmed
    "  WHERE p.user_id = $1 AND p.status = 'approved'"
    "    AND (p.plan_status IN ('active', 'trialing', 'past_due')"
    "      OR (p.plan_status = 'canceled' AND p.current_period_end * 1000 > $5::bigint))"
    "    AND NOT p.paused AND p.daily_cap > 0 AND u.closed_at IS NULL"
    "    AND (SELECT count(*) FROM claims k WHERE k.plumber_id = p.user_id AND k.created_at >= $4)"
    "      < p.daily_cap"
    "    AND EXISTS (SELECT 1 FROM plumber_services s WHERE s.user_id = p.user_id"
    "      AND s.service_type = l.service_type)"
    "    AND (ST_DWithin(p.base_location, l.location, p.radius_miles * 1609.344::double precision,"
    "      false) OR EXISTS (SELECT 1 FROM plumber_extra_zips z WHERE z.user_id = p.user_id"
    "      AND z.zip = l.zip))"
    "  ORDER BY l.live_since DESC, l.id DESC LIMIT $3) t "
    "WHERE NOT EXISTS (SELECT 1 FROM lead_matches m WHERE m.lead_id = t.id AND m.plumber_id = $1) "
    "ORDER BY t.live_since DESC, t.id DESC"};

// PostgreSQL only: every row at once from unnest arrays; SQLite inserts one row per call.
// One statement for all of a lead's matches: the columns travel as arrays.
constexpr Sql insert_matches_sql{
    "insert_lead_matches",
    "INSERT INTO lead_matches (lead_id, plumber_id, distance_miles, matched_at) "
    "SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::double precision[], $4::bigint[])"};

}  // namespace

std::vector<domain::MatchCandidate> PgTx::match_plumbers(const domain::MatchQuery& q) {
  auto r = c_.run(match_sql, q.lat, q.lng, q.zip, q.service_type, q.cap_since, q.now);
  std::vector<domain::MatchCandidate> out;
  out.reserve(static_cast<std::size_t>(r.rows()));
  for (int row = 0; row < r.rows(); ++row) {
    domain::MatchCandidate m;
    int i = 0;
    m.plumber_id = sql::id_column<domain::UserId>(r.row(row), i++);
    m.distance_miles = r.real(row, i++);
    m.email = r.text(row, i++);
    m.phone_e164 = r.text(row, i++);
    m.business_name = r.text(row, i++);
    m.base_zip = r.text(row, i++);
    m.settings = sql::read_plumber_settings(r.row(row), i);
    out.push_back(std::move(m));
  }
  return out;
}

std::vector<domain::LeadMatch> PgTx::late_matches(const domain::LateMatchQuery& q) {
  std::vector<domain::LeadMatch> out;
  if (q.limit <= 0) return out;
  auto r = c_.run(late_matches_sql, q.plumber_id, q.live_since, q.limit, q.cap_since, q.now);
  out.reserve(static_cast<std::size_t>(r.rows()));
  for (int row = 0; row < r.rows(); ++row)
    out.push_back(
        {sql::id_column<domain::LeadId>(r.row(row), 0), q.plumber_id, r.real(row, 1), q.now});
  return out;
}

void PgTx::insert_lead_matches(const std::vector<domain::LeadMatch>& matches) {
  if (matches.empty()) return;
  c_.run(insert_matches_sql,
         array_param(matches, [](const domain::LeadMatch& m) { return m.lead_id; }),
         array_param(matches, [](const domain::LeadMatch& m) { return m.plumber_id; }),
         array_param(matches, [](const domain::LeadMatch& m) { return m.distance_miles; }),
         array_param(matches, [](const domain::LeadMatch& m) { return m.matched_at; }));
  for (const auto& [lead_id, count] : sql::matches_per_lead(matches))
    c_.run(sql::matching::count_lead_matches, lead_id, count);
}

std::optional<domain::LeadMatch> PgTx::lead_match(domain::LeadId lead_id,
                                                  domain::UserId plumber_id) {
  auto r = c_.run(sql::matching::lead_match, lead_id, plumber_id);
  if (r.rows() == 0) return std::nullopt;
  return sql::read_match(r.row(0));
}

std::vector<domain::LeadMatch> PgTx::lead_matches(domain::LeadId lead_id) {
  auto r = c_.run(sql::matching::lead_matches, lead_id);
  std::vector<domain::LeadMatch> out;
  out.reserve(static_cast<std::size_t>(r.rows()));
  for (int i = 0; i < r.rows(); ++i) out.push_back(sql::read_match(r.row(i)));
  return out;
}

}  // namespace plumbline::store::pg
