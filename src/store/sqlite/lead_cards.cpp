// SQLite: leads as plumbers browse them (cards without contact details) and how many recent leads a
// plumber's area covers.
#include "store/sql/lead_cards.hpp"

#include "store/sqlite/sqlite_tx.hpp"

namespace plumbline::store::sqlite {

namespace {
// ?1 plumber, ?2 service ('' = any), ?3 urgency ('' = any), ?4 distance filter on?, ?5 miles.
// CROSS JOIN starts from this plumber's matches rather than every open lead in the country.
#define AVAILABLE_FROM                                                                    \
  " FROM lead_matches m CROSS JOIN leads l ON l.id = m.lead_id "                          \
  "WHERE m.plumber_id = ?1 AND l.status = 'open' "                                        \
  "AND NOT EXISTS (SELECT 1 FROM claims c WHERE c.lead_id = l.id AND c.plumber_id = ?1) " \
  "AND (?2 = '' OR l.service_type = ?2) AND (?3 = '' OR l.urgency = ?3) "                 \
  "AND (?4 = 0 OR m.distance_miles <= ?5)"

// SQLite only: one statement sorts by a CASE on ?6; PostgreSQL keeps one plain ORDER BY per sort.
// ?6 sort: the CASE that does not apply is NULL for every row, so newest decides the ties
// (newest on the market: live_since, so a request staff reopened counts from its reopening).
constexpr const char* available_sql =
    "SELECT " CARD_COLUMNS AVAILABLE_FROM
    " ORDER BY CASE WHEN ?6 = 'nearest' THEN m.distance_miles END, "
    "CASE WHEN ?6 = 'cheapest' THEN l.price_credits END, l.live_since DESC, l.id DESC "
    "LIMIT ?7 OFFSET ?8";
// SQLite only: the filters differ in form (?4 flag vs PostgreSQL's typed NULL distance).
constexpr const char* available_count_sql = "SELECT count(*)" AVAILABLE_FROM;
#undef AVAILABLE_FROM

void bind_available_filters(Statement& st, const domain::AvailableQuery& q) {
  st.bind(1, q.plumber_id).bind(2, q.service_type).bind(3, q.urgency);
  st.bind(4, q.max_distance ? 1 : 0).bind(5, q.max_distance.value_or(0.0));
}
// SQLite only: the radius through great_circle_miles; PostgreSQL uses PostGIS ST_DWithin.
// ?1 plumber, ?2 since. The radius test uses great_circle_miles (registered on every connection),
// as matching does; a plumber without a base ZIP is covered by extra ZIPs only.
constexpr const char* area_leads_sql =
    "SELECT count(*) FROM plumbers p CROSS JOIN leads l "
    "WHERE p.user_id = ?1 AND l.created_at >= ?2 AND l.duplicate_of IS NULL AND l.flag = '' "
    "AND EXISTS (SELECT 1 FROM plumber_services s WHERE s.user_id = p.user_id "
    "AND s.service_type = l.service_type) "
    "AND ((p.base_zip <> '' AND great_circle_miles(p.base_lat, p.base_lng, l.lat, l.lng) <= "
    "p.radius_miles) OR EXISTS (SELECT 1 FROM plumber_extra_zips z WHERE z.user_id = p.user_id "
    "AND z.zip = l.zip))";
}  // namespace

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
  while (st.step()) page.leads.push_back(sql::read_card(st));
  return page;
}

std::optional<domain::LeadCard> SqliteTx::lead_card(domain::LeadId lead_id,
                                                    domain::UserId plumber_id) {
  auto st = c_.prepare<sql::lead_cards::lead_card>();
  st.bind(1, lead_id).bind(2, plumber_id);
  if (!st.step()) return std::nullopt;
  return sql::read_card(st);
}

std::int64_t SqliteTx::count_area_leads_since(domain::UserId plumber_id, domain::Millis since) {
  auto st = c_.prepare(area_leads_sql);
  st.bind(1, plumber_id).bind(2, since);
  st.step();
  return st.int64(0);
}

}  // namespace plumbline::store::sqlite
