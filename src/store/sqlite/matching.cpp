// SQLite: matching plumbers to a new lead (R*Tree boxes, exact distance through the registered
// great_circle_miles), open leads to a plumber who became eligible later, and the stored matches.
#include "store/sql/matching.hpp"

#include <algorithm>

#include "geo/distance.hpp"
#include "store/sql/lead_cards.hpp"
#include "store/sql/profiles.hpp"
#include "store/sqlite/sqlite_tx.hpp"

namespace plumbline::store::sqlite {

namespace {
// ?3 service type, ?4 cap_since, ?6 now (Millis; current_period_end is in Unix seconds). A closed
// account (users.closed_at, migration 0012) never matches. Claims
// refunded later still count towards the daily cap. The cap count names u.id (= p.user_id) so that
// SQLite evaluates it at the users loop, after every cheaper test on the plumbers row (status,
// plan, the exact radius) has passed.
#define ELIGIBLE_PLUMBER                                                            \
  "p.status = 'approved' AND (p.plan_status IN ('active', 'trialing', 'past_due') " \
  "OR (p.plan_status = 'canceled' AND p.current_period_end * 1000 > ?6)) "          \
  "AND p.paused = 0 AND p.daily_cap > 0 AND u.closed_at IS NULL "
#define UNDER_CAP                                                                       \
  "(SELECT count(*) FROM claims c WHERE c.plumber_id = u.id AND c.created_at >= ?4) < " \
  "p.daily_cap"
#define CANDIDATE_COLUMNS                                                                  \
  "p.user_id, p.base_zip, p.base_lat, p.base_lng, p.radius_miles, u.email, p.phone_e164, " \
  "p.business_name, " PLUMBER_SETTINGS_COLUMNS

// SQLite only: the R*Tree boxes and great_circle_miles; PostgreSQL uses PostGIS.
// The first half walks the R*Tree boxes holding the lead (?1 lat, ?2 lng), probes the service
// (a primary-key lookup that drops ~60 % before the wide plumbers row is read), and checks the
// radius exactly with great_circle_miles (registered on every connection, the code's own function)
// before the users join and the cap count. CROSS JOIN fixes that loop order. The second half finds
// plumbers with the lead's ZIP (?5) among their extra ZIPs, at any distance.
constexpr const char* match_sql =
    "SELECT " CANDIDATE_COLUMNS
    ", 1 FROM plumber_areas a CROSS JOIN plumber_services s ON s.user_id = a.id "
    "CROSS JOIN plumbers p ON p.user_id = a.id CROSS JOIN users u ON u.id = p.user_id "
    "WHERE a.min_lat <= ?1 AND a.max_lat >= ?1 AND a.min_lng <= ?2 AND a.max_lng >= ?2 "
    "AND s.service_type = ?3 AND p.base_zip <> '' AND " ELIGIBLE_PLUMBER
    "AND great_circle_miles(p.base_lat, p.base_lng, ?1, ?2) <= p.radius_miles AND " UNDER_CAP
    " UNION ALL "
    "SELECT " CANDIDATE_COLUMNS
    ", 0 FROM plumber_extra_zips z CROSS JOIN plumbers p ON p.user_id = z.user_id "
    "CROSS JOIN users u ON u.id = p.user_id WHERE z.zip = ?5 AND " ELIGIBLE_PLUMBER
    "AND EXISTS (SELECT 1 FROM plumber_services s WHERE s.user_id = p.user_id "
    "AND s.service_type = ?3) AND " UNDER_CAP;

// SQLite only: the radius through great_circle_miles; PostgreSQL uses PostGIS.
// Late matching for one plumber (?1), with the same eligibility (?4 cap_since, ?6 now; ?5 is not
// used) and area rules as match_sql, over the open leads on the market since ?2 or later
// (live_since, the leads_open_live index): the ?3 newest such leads, then only those not matched to
// them yet.
constexpr const char* late_matches_sql =
    "SELECT t.id, t.base_zip, t.base_lat, t.base_lng, t.lat, t.lng FROM ("
    "SELECT l.id, l.live_since, p.base_zip, p.base_lat, p.base_lng, l.lat, l.lng "
    "FROM plumbers p CROSS JOIN users u ON u.id = p.user_id "
    "CROSS JOIN leads l ON l.status = 'open' AND l.live_since >= ?2 "
    "WHERE p.user_id = ?1 AND " ELIGIBLE_PLUMBER "AND " UNDER_CAP
    " AND l.duplicate_of IS NULL"
    " AND NOT l.awaiting_verification"  // issue 17: held until the contact is confirmed
    " AND EXISTS (SELECT 1 FROM plumber_services s "
    "WHERE s.user_id = p.user_id AND s.service_type = l.service_type) "
    "AND ((p.base_zip <> '' AND great_circle_miles(p.base_lat, p.base_lng, l.lat, l.lng) <= "
    "p.radius_miles) OR EXISTS (SELECT 1 FROM plumber_extra_zips z WHERE z.user_id = p.user_id "
    "AND z.zip = l.zip)) "
    "ORDER BY l.live_since DESC, l.id DESC LIMIT ?3) t "
    "WHERE NOT EXISTS (SELECT 1 FROM lead_matches m WHERE m.lead_id = t.id AND m.plumber_id = ?1) "
    "ORDER BY t.live_since DESC, t.id DESC";
#undef CANDIDATE_COLUMNS
#undef UNDER_CAP
#undef ELIGIBLE_PLUMBER

// SQLite only: one row per call; PostgreSQL inserts every row at once from unnest arrays.
constexpr const char* insert_match_sql =
    "INSERT INTO lead_matches (lead_id, plumber_id, distance_miles, matched_at) "
    "VALUES (?1, ?2, ?3, ?4)";

}  // namespace

std::vector<domain::MatchCandidate> SqliteTx::match_plumbers(const domain::MatchQuery& q) {
  std::vector<domain::MatchCandidate> out;
  auto st = c_.prepare(match_sql);
  st.bind(1, q.lat).bind(2, q.lng).bind(3, q.service_type).bind(4, q.cap_since).bind(5, q.zip);
  st.bind(6, q.now);
  bool extra_zip_rows = false;
  while (st.step()) {
    extra_zip_rows = extra_zip_rows || st.int64(8 + sql::plumber_settings_column_count) == 0;
    domain::MatchCandidate m;
    m.plumber_id = sql::id_column<domain::UserId>(st, 0);
    // Without a base ZIP there is no point to measure from: an extra-ZIP match is at distance 0.
    m.distance_miles =
        st.text(1).empty() ? 0 : geo::great_circle_miles(st.real(2), st.real(3), q.lat, q.lng);
    m.email = st.text(5);
    m.phone_e164 = st.text(6);
    m.business_name = st.text(7);
    m.base_zip = st.text(1);
    m.settings = sql::read_plumber_settings(st, 8);
    out.push_back(std::move(m));
  }
  // Area rows come first; a plumber found both ways keeps the area row (stable sort, then unique).
  const auto by_id = [](const domain::MatchCandidate& a, const domain::MatchCandidate& b) {
    return a.plumber_id < b.plumber_id;
  };
  std::stable_sort(out.begin(), out.end(), by_id);
  if (extra_zip_rows)
    out.erase(std::unique(out.begin(), out.end(),
                          [](const domain::MatchCandidate& a, const domain::MatchCandidate& b) {
                            return a.plumber_id == b.plumber_id;
                          }),
              out.end());
  return out;
}

std::vector<domain::LeadMatch> SqliteTx::late_matches(const domain::LateMatchQuery& q) {
  std::vector<domain::LeadMatch> out;
  if (q.limit <= 0) return out;  // a negative LIMIT means "no limit" to SQLite
  auto st = c_.prepare(late_matches_sql);
  st.bind(1, q.plumber_id).bind(2, q.live_since).bind(3, q.limit).bind(4, q.cap_since);
  st.bind(6, q.now);
  while (st.step()) {
    // As match_plumbers: measured in code from the base point; 0 without a base ZIP.
    double miles = st.text(1).empty()
                       ? 0
                       : geo::great_circle_miles(st.real(2), st.real(3), st.real(4), st.real(5));
    out.push_back({sql::id_column<domain::LeadId>(st, 0), q.plumber_id, miles, q.now});
  }
  return out;
}

void SqliteTx::insert_lead_matches(const std::vector<domain::LeadMatch>& matches) {
  for (const auto& m : matches) {
    auto st = c_.prepare(insert_match_sql);
    st.bind(1, m.lead_id).bind(2, m.plumber_id).bind(3, m.distance_miles).bind(4, m.matched_at);
    st.run();
  }
  for (const auto& [lead_id, count] : sql::matches_per_lead(matches)) {
    auto facts = c_.prepare<sql::matching::count_lead_matches>();
    facts.bind(1, lead_id).bind(2, count);
    facts.run();
  }
}

std::optional<domain::LeadMatch> SqliteTx::lead_match(domain::LeadId lead_id,
                                                      domain::UserId plumber_id) {
  auto st = c_.prepare<sql::matching::lead_match>();
  st.bind(1, lead_id).bind(2, plumber_id);
  if (!st.step()) return std::nullopt;
  return sql::read_match(st);
}

std::vector<domain::LeadMatch> SqliteTx::lead_matches(domain::LeadId lead_id) {
  auto st = c_.prepare<sql::matching::lead_matches>();
  st.bind(1, lead_id);
  std::vector<domain::LeadMatch> out;
  while (st.step()) out.push_back(sql::read_match(st));
  return out;
}

}  // namespace plumbline::store::sqlite
