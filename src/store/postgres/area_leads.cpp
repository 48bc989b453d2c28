// PostgreSQL: how many recent leads a plumber's area and services cover (the dashboard's "leads
// you missed without a plan").
#include "store/postgres/pg_tx.hpp"

namespace plumbline::store::pg {

namespace {
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

std::int64_t PgTx::count_area_leads_since(std::int64_t plumber_id, domain::Millis since) {
  return c_.run(area_leads_sql, plumber_id, since).int64(0, 0);
}

}  // namespace plumbline::store::pg
