// PostgreSQL: plumber profiles, settings, reviews, plans, services and extra ZIPs.
#include "store/sql/profiles.hpp"

#include "geo/distance.hpp"
#include "store/postgres/pg_tx.hpp"

namespace plumbline::store::pg {

namespace {
// Services and extra ZIPs ride along as comma-separated lists (slugs and 5-digit ZIPs hold no
// commas), so a page of plumbers is one query.
// base_location (geography) is generated from base_zip, base_lat and base_lng; service_box (the
// radius circle's lat/lng box from geo::bounding_box, as SQLite's R*Tree holds it) is written with
// them, so saving the profile keeps both matching indexes in step.
#define PROFILE_COLUMNS                                                                         \
  "p.user_id, u.email, p.business_name, p.contact_name, p.phone_e164, p.licence_number, "       \
  "p.licence_state, p.insurance_carrier, p.insurance_expires_on, p.years_in_business, "         \
  "p.description, p.base_zip, p.base_lat, p.base_lng, p.radius_miles, p.notify_email, "         \
  "p.notify_sms, p.quiet_start_minute, p.quiet_end_minute, p.utc_offset_minutes, p.daily_cap, " \
  "p.paused, p.status, p.status_reason, p.licence_verified_on, p.insurance_valid_until, "       \
  "p.reviewed_by, p.reviewed_at, p.plan_status, p.plan_changed_at, p.current_period_end, "      \
  "p.updated_at, "                                                                              \
  "(SELECT string_agg(s.service_type, ',' ORDER BY s.service_type) FROM plumber_services s "    \
  "WHERE s.user_id = p.user_id), "                                                              \
  "(SELECT string_agg(z.zip, ',' ORDER BY z.zip) FROM plumber_extra_zips z "                    \
  "WHERE z.user_id = p.user_id)"

// PostgreSQL only: services and ZIPs inline with string_agg (SQLite reads them separately).
constexpr Sql profile_sql{"plumber_profile", "SELECT " PROFILE_COLUMNS
                                             " FROM plumbers p JOIN users u ON u.id = p.user_id "
                                             "WHERE p.user_id = $1"};
// PostgreSQL only: string_agg lists inline (SQLite reads them separately).
// An empty status ($1 = '') lists every status.
constexpr Sql profile_list_sql{
    "list_plumbers",
    "SELECT " PROFILE_COLUMNS
    " FROM plumbers p JOIN users u ON u.id = p.user_id "
    "WHERE ($1::text = '' OR p.status = $1) ORDER BY p.user_id LIMIT $2 OFFSET $3"};
#undef PROFILE_COLUMNS

// PostgreSQL only: writes service_box with PostGIS ST_MakeEnvelope (SQLite: the R*Tree).
constexpr Sql save_profile_sql{
    "save_plumber_profile",
    "UPDATE plumbers SET business_name = $2, contact_name = $3, phone_e164 = $4, "
    "licence_number = $5, licence_state = $6, insurance_carrier = $7, insurance_expires_on = $8, "
    "years_in_business = $9, description = $10, base_zip = $11, base_lat = $12, base_lng = $13, "
    "radius_miles = $14, updated_at = $15, service_box = CASE WHEN $11 = '' THEN NULL ELSE "
    "ST_MakeEnvelope($16::float8, $17::float8, $18::float8, $19::float8, 4326) END "
    "WHERE user_id = $1"};

// A string_agg list; NULL (no rows) is the empty list.
std::vector<std::string> split_list(const Result& r, int row, int col) {
  std::vector<std::string> out;
  if (r.is_null(row, col)) return out;
  std::string all = r.text(row, col);
  std::size_t start = 0;
  for (;;) {
    auto comma = all.find(',', start);
    out.push_back(all.substr(start, comma - start));
    if (comma == std::string::npos) return out;
    start = comma + 1;
  }
}

domain::PlumberProfile read_profile(const Result& r, int row) {
  domain::PlumberProfile p;
  int i = 0;
  p.user_id = sql::id_column<domain::UserId>(r.row(row), i++);
  p.email = r.text(row, i++);
  auto& f = p.profile;
  f.business_name = r.text(row, i++);
  f.contact_name = r.text(row, i++);
  f.phone_e164 = r.text(row, i++);
  f.licence_number = r.text(row, i++);
  f.licence_state = r.text(row, i++);
  f.insurance_carrier = r.text(row, i++);
  f.insurance_expires_on = r.text(row, i++);
  f.years_in_business = r.int32(row, i++);
  f.description = r.text(row, i++);
  f.base_zip = r.text(row, i++);
  f.base_lat = r.real(row, i++);
  f.base_lng = r.real(row, i++);
  f.radius_miles = r.int32(row, i++);
  p.settings = sql::read_plumber_settings(r.row(row), i);
  i += sql::plumber_settings_column_count;
  auto& v = p.review;
  v.status = sql::status_column<domain::PlumberStatus>(r.row(row), i++);
  v.reason = r.text(row, i++);
  v.licence_verified_on = r.text(row, i++);
  v.insurance_valid_until = r.text(row, i++);
  v.reviewed_by = sql::opt_id_column<domain::UserId>(r.row(row), i++);
  v.reviewed_at = r.opt_int64(row, i++).value_or(0);
  p.plan_status = sql::status_column<domain::PlanStatus>(r.row(row), i++);
  p.plan_changed_at = r.int64(row, i++);
  p.current_period_end = r.int64(row, i++);
  p.updated_at = r.int64(row, i++);
  p.profile.services = split_list(r, row, i++);
  p.profile.extra_zips = split_list(r, row, i++);
  return p;
}

}  // namespace

std::optional<domain::PlumberProfile> PgTx::plumber_profile(domain::UserId user_id) {
  auto r = c_.run(profile_sql, user_id);
  if (r.rows() == 0) return std::nullopt;
  return read_profile(r, 0);
}

void PgTx::save_plumber_profile(domain::UserId user_id, const domain::PlumberProfileInput& f,
                                domain::Millis at) {
  const auto box = geo::bounding_box(f.base_lat, f.base_lng, f.radius_miles);
  c_.run(save_profile_sql, user_id, f.business_name, f.contact_name, f.phone_e164, f.licence_number,
         f.licence_state, f.insurance_carrier, f.insurance_expires_on, f.years_in_business,
         f.description, f.base_zip, f.base_lat, f.base_lng, f.radius_miles, at, box.min_lng,
         box.min_lat, box.max_lng, box.max_lat);
  c_.run(sql::profiles::plumber_delete_services, user_id);
  for (const auto& service : f.services)
    c_.run(sql::profiles::plumber_insert_service, user_id, service);
  c_.run(sql::profiles::plumber_delete_extra_zips, user_id);
  for (const auto& zip : f.extra_zips)
    c_.run(sql::profiles::plumber_insert_extra_zip, user_id, zip);
}

void PgTx::save_plumber_settings(domain::UserId user_id, const domain::PlumberSettings& s,
                                 domain::Millis at) {
  c_.run(sql::profiles::save_plumber_settings, user_id, s.notify_email, s.notify_sms,
         s.quiet_start_minute, s.quiet_end_minute, s.utc_offset_minutes, s.daily_cap, s.paused, at);
}

void PgTx::set_plumber_review(domain::UserId user_id, const domain::PlumberReview& v) {
  c_.run(sql::profiles::set_plumber_review, user_id, v.status, v.reason, v.licence_verified_on,
         v.insurance_valid_until, v.reviewed_by, v.reviewed_at);
}

void PgTx::set_plumber_plan(domain::UserId user_id, domain::PlanStatus plan_status,
                            domain::Millis at) {
  c_.run(sql::profiles::set_plumber_plan, user_id, plan_status, at);
}

std::vector<domain::PlumberProfile> PgTx::list_plumbers(const domain::PlumberListQuery& q) {
  if (q.limit <= 0) return {};
  auto r =
      c_.run(profile_list_sql, sql::status_word(q.status), q.limit, q.offset < 0 ? 0 : q.offset);
  std::vector<domain::PlumberProfile> out;
  out.reserve(static_cast<std::size_t>(r.rows()));
  for (int i = 0; i < r.rows(); ++i) out.push_back(read_profile(r, i));
  return out;
}

std::int64_t PgTx::count_plumbers(std::optional<domain::PlumberStatus> status) {
  return c_.run(sql::profiles::count_plumbers, sql::status_word(status)).int64(0, 0);
}

}  // namespace plumbline::store::pg
