// SQLite: matching plumbers to a new lead (R*Tree boxes, exact distance in code), matches and
// cards.
#include <algorithm>
#include <cmath>
#include <limits>
#include <utility>

#include "geo/distance.hpp"
#include "store/sqlite/rows.hpp"
#include "store/sqlite/sqlite_tx.hpp"

namespace plumbline::store::sqlite {

namespace {
// Matching runs in two steps. First the R*Tree alone (no join) gives every plumber whose radius box
// holds the lead (?1 lat, ?2 lng) with the centre and radius as auxiliary columns, and the radius
// is checked exactly in code; plumbers listing the lead's ZIP as an extra ZIP are added. Only those
// survivors, in id order, are looked up one by one for eligibility and alert columns: the box
// corners (about a fifth of the box) never touch plumbers, users or claims.
constexpr const char* area_candidates_sql =
    "SELECT id, base_lat, base_lng, radius_miles FROM plumber_areas "
    "WHERE min_lat <= ?1 AND max_lat >= ?1 AND min_lng <= ?2 AND max_lng >= ?2";
constexpr const char* zip_candidates_sql = "SELECT user_id FROM plumber_extra_zips WHERE zip = ?1";
// ?1 plumber, ?2 service type, ?3 cap_since. Starting from plumber_services (a primary-key probe)
// drops the ~60 % of plumbers without the service before their wide plumbers row is read; the
// daily-cap count comes last. Claims refunded later still count towards the daily cap.
constexpr const char* eligible_plumber_sql =
    "SELECT p.base_zip, p.base_lat, p.base_lng, u.email, p.phone_e164, "
    "p.business_name, " SQLITE_PLUMBER_SETTINGS_COLUMNS
    " FROM plumber_services s CROSS JOIN plumbers p ON p.user_id = s.user_id "
    "CROSS JOIN users u ON u.id = p.user_id "
    "WHERE s.user_id = ?1 AND s.service_type = ?2 AND p.status = 'approved' "
    "AND p.plan_status IN ('active', 'trialing', 'past_due') AND p.paused = 0 AND p.daily_cap > 0 "
    "AND (SELECT count(*) FROM claims c WHERE c.plumber_id = p.user_id AND c.created_at >= ?3) "
    "< p.daily_cap";

constexpr const char* insert_match_sql =
    "INSERT INTO lead_matches (lead_id, plumber_id, distance_miles, matched_at) "
    "VALUES (?1, ?2, ?3, ?4)";
constexpr const char* match_by_pair_sql =
    "SELECT lead_id, plumber_id, distance_miles, matched_at FROM lead_matches "
    "WHERE lead_id = ?1 AND plumber_id = ?2";
constexpr const char* matches_for_lead_sql =
    "SELECT lead_id, plumber_id, distance_miles, matched_at FROM lead_matches "
    "WHERE lead_id = ?1 ORDER BY plumber_id";

#define CARD_COLUMNS                                                                   \
  "l.id, l.service_type, l.urgency, l.city, l.state, l.zip, l.description, l.status, " \
  "l.price_credits, l.max_claims, l.claims_count, coalesce(m.distance_miles, 0), l.created_at"
// ?1 plumber, ?2 service ('' = any), ?3 urgency ('' = any), ?4 distance filter on?, ?5 miles.
// CROSS JOIN starts from this plumber's matches rather than every open lead in the country.
#define AVAILABLE_FROM                                                                    \
  " FROM lead_matches m CROSS JOIN leads l ON l.id = m.lead_id "                          \
  "WHERE m.plumber_id = ?1 AND l.status = 'open' "                                        \
  "AND NOT EXISTS (SELECT 1 FROM claims c WHERE c.lead_id = l.id AND c.plumber_id = ?1) " \
  "AND (?2 = '' OR l.service_type = ?2) AND (?3 = '' OR l.urgency = ?3) "                 \
  "AND (?4 = 0 OR m.distance_miles <= ?5)"

// ?6 sort: the CASE that does not apply is NULL for every row, so newest decides the ties.
constexpr const char* available_sql =
    "SELECT " CARD_COLUMNS AVAILABLE_FROM
    " ORDER BY CASE WHEN ?6 = 'nearest' THEN m.distance_miles END, "
    "CASE WHEN ?6 = 'cheapest' THEN l.price_credits END, l.created_at DESC, l.id DESC "
    "LIMIT ?7 OFFSET ?8";
constexpr const char* available_count_sql = "SELECT count(*)" AVAILABLE_FROM;
constexpr const char* card_sql =
    "SELECT " CARD_COLUMNS
    " FROM leads l LEFT JOIN lead_matches m ON m.lead_id = l.id AND m.plumber_id = ?2 "
    "WHERE l.id = ?1";
#undef AVAILABLE_FROM
#undef CARD_COLUMNS

domain::LeadCard read_card(const Statement& st) {
  domain::LeadCard c;
  int i = 0;
  c.lead_id = st.int64(i++);
  c.service_type = st.text(i++);
  c.urgency = st.text(i++);
  c.city = st.text(i++);
  c.state = st.text(i++);
  c.zip = st.text(i++);
  c.description = st.text(i++);
  c.status = st.text(i++);
  c.price_credits = static_cast<int>(st.int64(i++));
  c.max_claims = static_cast<int>(st.int64(i++));
  c.claims_count = static_cast<int>(st.int64(i++));
  c.distance_miles = st.real(i++);
  c.created_at = st.int64(i++);
  return c;
}

void bind_available_filters(Statement& st, const domain::AvailableQuery& q) {
  st.bind(1, q.plumber_id).bind(2, q.service_type).bind(3, q.urgency);
  st.bind(4, q.max_distance ? 1 : 0).bind(5, q.max_distance.value_or(0.0));
}

domain::LeadMatch read_match(const Statement& st) {
  return {st.int64(0), st.int64(1), st.real(2), st.int64(3)};
}
}  // namespace

std::vector<domain::MatchCandidate> SqliteTx::match_plumbers(const domain::MatchQuery& q) {
  // Plumber id → distance when found by area; NaN marks an extra-ZIP-only find, whose distance
  // comes from the plumbers row (0 without a base ZIP).
  std::vector<std::pair<std::int64_t, double>> ids;
  {
    auto st = c_.prepare(area_candidates_sql);
    st.bind(1, q.lat).bind(2, q.lng);
    while (st.step()) {
      const double distance = geo::great_circle_miles(st.real(1), st.real(2), q.lat, q.lng);
      if (distance <= static_cast<double>(st.int64(3))) ids.emplace_back(st.int64(0), distance);
    }
  }
  const std::size_t by_area = ids.size();
  {
    auto st = c_.prepare(zip_candidates_sql);
    st.bind(1, q.zip);
    while (st.step()) ids.emplace_back(st.int64(0), std::numeric_limits<double>::quiet_NaN());
  }
  // In id order; a plumber found both ways keeps the area find (added first, so it wins the tie).
  std::vector<std::size_t> order(ids.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return ids[a].first != ids[b].first ? ids[a].first < ids[b].first : a < b;
  });
  std::vector<domain::MatchCandidate> out;
  out.reserve(by_area);
  std::int64_t last = 0;
  bool any = false;
  for (std::size_t i : order) {
    const auto [id, area_distance] = ids[i];
    if (any && id == last) continue;
    any = true;
    last = id;
    auto st = c_.prepare(eligible_plumber_sql);
    st.bind(1, id).bind(2, q.service_type).bind(3, q.cap_since);
    if (!st.step()) continue;
    domain::MatchCandidate m;
    m.plumber_id = id;
    if (!std::isnan(area_distance))
      m.distance_miles = area_distance;
    else if (st.text(0).empty())
      m.distance_miles = 0;  // no base point to measure from: an extra-ZIP match is at distance 0
    else
      m.distance_miles = geo::great_circle_miles(st.real(1), st.real(2), q.lat, q.lng);
    m.email = st.text(3);
    m.phone_e164 = st.text(4);
    m.business_name = st.text(5);
    m.settings = read_plumber_settings(st, 6);
    out.push_back(std::move(m));
  }
  return out;
}

void SqliteTx::insert_lead_matches(const std::vector<domain::LeadMatch>& matches) {
  for (const auto& m : matches) {
    auto st = c_.prepare(insert_match_sql);
    st.bind(1, m.lead_id).bind(2, m.plumber_id).bind(3, m.distance_miles).bind(4, m.matched_at);
    st.run();
  }
}

std::optional<domain::LeadMatch> SqliteTx::lead_match(std::int64_t lead_id,
                                                      std::int64_t plumber_id) {
  auto st = c_.prepare(match_by_pair_sql);
  st.bind(1, lead_id).bind(2, plumber_id);
  if (!st.step()) return std::nullopt;
  return read_match(st);
}

std::vector<domain::LeadMatch> SqliteTx::lead_matches(std::int64_t lead_id) {
  auto st = c_.prepare(matches_for_lead_sql);
  st.bind(1, lead_id);
  std::vector<domain::LeadMatch> out;
  while (st.step()) out.push_back(read_match(st));
  return out;
}

domain::AvailablePage SqliteTx::available_leads(const domain::AvailableQuery& q) {
  domain::AvailablePage page;
  {
    auto st = c_.prepare(available_count_sql);
    bind_available_filters(st, q);
    st.step();
    page.total = st.int64(0);
  }
  if (q.limit <= 0) return page;  // a negative LIMIT means "no limit" to SQLite
  auto st = c_.prepare(available_sql);
  bind_available_filters(st, q);
  st.bind(6, q.sort).bind(7, q.limit).bind(8, q.offset < 0 ? 0 : q.offset);
  while (st.step()) page.leads.push_back(read_card(st));
  return page;
}

std::optional<domain::LeadCard> SqliteTx::lead_card(std::int64_t lead_id, std::int64_t plumber_id) {
  auto st = c_.prepare(card_sql);
  st.bind(1, lead_id).bind(2, plumber_id);
  if (!st.step()) return std::nullopt;
  return read_card(st);
}

}  // namespace plumbline::store::sqlite
