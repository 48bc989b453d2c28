// SQLite: how many recent leads a plumber's area and services cover (the dashboard's "leads you
// missed without a plan").
#include "store/sqlite/sqlite_tx.hpp"

namespace plumbline::store::sqlite {

namespace {
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

std::int64_t SqliteTx::count_area_leads_since(std::int64_t plumber_id, domain::Millis since) {
  auto st = c_.prepare(area_leads_sql);
  st.bind(1, plumber_id).bind(2, since);
  st.step();
  return st.int64(0);
}

}  // namespace plumbline::store::sqlite
