// PostgreSQL: leads as plumbers browse them (cards without contact details) and how many recent
// leads a plumber's area covers.
#include "store/sql/lead_cards.hpp"

#include "store/postgres/pg_tx.hpp"

namespace plumbline::store::pg {

namespace {
// Matched to the plumber ($1), open, not claimed by them; empty service ($2) or urgency ($3) and
// a NULL distance ($4) mean "any".
#define AVAILABLE_FROM                                                                    \
  " FROM lead_matches m JOIN leads l ON l.id = m.lead_id "                                \
  "WHERE m.plumber_id = $1 AND l.status = 'open' "                                        \
  "AND NOT EXISTS (SELECT 1 FROM claims k WHERE k.lead_id = l.id AND k.plumber_id = $1) " \
  "AND ($2::text = '' OR l.service_type = $2) AND ($3::text = '' OR l.urgency = $3) "     \
  "AND ($4::double precision IS NULL OR m.distance_miles <= $4)"

// PostgreSQL only: one statement per sort order (SQLite sorts by a CASE), a typed NULL for "any
// distance". One statement per sort order, so that each has a plain ORDER BY; ties go to the
// newest on the market (live_since: a reopened request counts from its reopening), then the
// highest id.
constexpr Sql newest_sql{"available_leads_newest",
                         "SELECT " CARD_COLUMNS AVAILABLE_FROM
                         " ORDER BY l.live_since DESC, l.id DESC LIMIT $5 OFFSET $6"};
constexpr Sql nearest_sql{
    "available_leads_nearest",
    "SELECT " CARD_COLUMNS AVAILABLE_FROM
    " ORDER BY m.distance_miles, l.live_since DESC, l.id DESC LIMIT $5 OFFSET $6"};
constexpr Sql cheapest_sql{
    "available_leads_cheapest",
    "SELECT " CARD_COLUMNS AVAILABLE_FROM
    " ORDER BY l.price_credits, l.live_since DESC, l.id DESC LIMIT $5 OFFSET $6"};
// A separate count: a window count would be missing on a page past the end.
constexpr Sql count_sql{"available_leads_count", "SELECT count(*)" AVAILABLE_FROM};

#undef AVAILABLE_FROM

const Sql& sql_for_sort(const std::string& sort) {
  if (sort == domain::sort_nearest) return nearest_sql;
  if (sort == domain::sort_cheapest) return cheapest_sql;
  return newest_sql;
}
// PostgreSQL only: the radius through PostGIS ST_DWithin; SQLite uses great_circle_miles.
// $1 plumber, $2 since. On the sphere (use_spheroid = false) like matching, so SQLite agrees; a
// plumber without a base ZIP (NULL base_location) is covered by extra ZIPs only.
constexpr Sql area_leads_sql{
    "count_area_leads",
    "SELECT count(*) FROM plumbers p JOIN leads l ON l.created_at >= $2 "
    "WHERE p.user_id = $1 AND l.duplicate_of IS NULL AND l.flag = '' "
    "AND EXISTS (SELECT 1 FROM plumber_services s WHERE s.user_id = p.user_id "
    "AND s.service_type = l.service_type) "
    "AND (ST_DWithin(p.base_location, l.location, p.radius_miles * 1609.344::double precision, "
    "false) IS TRUE OR EXISTS (SELECT 1 FROM plumber_extra_zips z WHERE z.user_id = p.user_id "
    "AND z.zip = l.zip))"};
}  // namespace

domain::AvailablePage PgTx::available_leads(const domain::AvailableQuery& q) {
  domain::AvailablePage page;
  page.total =
      c_.run(count_sql, q.plumber_id, q.service_type, q.urgency, q.max_distance).int64(0, 0);
  if (q.limit <= 0 || page.total == 0) return page;
  auto r = c_.run(sql_for_sort(q.sort), q.plumber_id, q.service_type, q.urgency, q.max_distance,
                  q.limit, q.offset < 0 ? 0 : q.offset);
  page.leads.reserve(static_cast<std::size_t>(r.rows()));
  for (int i = 0; i < r.rows(); ++i) page.leads.push_back(sql::read_card(r.row(i)));
  return page;
}

std::optional<domain::LeadCard> PgTx::lead_card(domain::LeadId lead_id, domain::UserId plumber_id) {
  auto r = c_.run(sql::lead_cards::lead_card, lead_id, plumber_id);
  if (r.rows() == 0) return std::nullopt;
  return sql::read_card(r.row(0));
}

std::int64_t PgTx::count_area_leads_since(domain::UserId plumber_id, domain::Millis since) {
  return c_.run(area_leads_sql, plumber_id, since).int64(0, 0);
}

}  // namespace plumbline::store::pg
