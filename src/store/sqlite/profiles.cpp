// SQLite: plumber profiles, settings, reviews and plans, with the R*Tree of service areas.
#include "store/sql/profiles.hpp"

#include "geo/distance.hpp"
#include "store/sqlite/sqlite_tx.hpp"

namespace plumbline::store::sqlite {

namespace {

#define PROFILE_COLUMNS                                                                    \
  "p.user_id, u.email, p.business_name, p.contact_name, p.phone_e164, p.licence_number, "  \
  "p.licence_state, p.insurance_carrier, p.insurance_expires_on, p.years_in_business, "    \
  "p.description, p.base_zip, p.base_lat, p.base_lng, "                                    \
  "p.radius_miles, " PLUMBER_SETTINGS_COLUMNS                                              \
  ", p.status, p.status_reason, p.licence_verified_on, p.insurance_valid_until, "          \
  "p.reviewed_by, p.reviewed_at, p.plan_status, p.plan_changed_at, p.current_period_end, " \
  "p.updated_at"

// SQLite only: services and ZIPs are read by two more statements; PostgreSQL aggregates them
// inline.
constexpr const char* profile_sql = "SELECT " PROFILE_COLUMNS
                                    " FROM plumbers p JOIN users u ON u.id = p.user_id "
                                    "WHERE p.user_id = ?1";
// SQLite only: the same columns as profile_sql, without PostgreSQL's string_agg lists.
constexpr const char* list_sql = "SELECT " PROFILE_COLUMNS
                                 " FROM plumbers p JOIN users u ON u.id = p.user_id "
                                 "WHERE ?1 = '' OR p.status = ?1 ORDER BY p.user_id "
                                 "LIMIT ?2 OFFSET ?3";
#undef PROFILE_COLUMNS
// SQLite only: PostgreSQL reads the services inline with string_agg.
constexpr const char* services_sql =
    "SELECT service_type FROM plumber_services WHERE user_id = ?1 ORDER BY service_type";
// SQLite only: PostgreSQL reads the extra ZIPs inline with string_agg.
constexpr const char* zips_sql =
    "SELECT zip FROM plumber_extra_zips WHERE user_id = ?1 ORDER BY zip";

// SQLite only: the area goes to the R*Tree table; PostgreSQL writes service_box with PostGIS.
constexpr const char* save_profile_sql =
    "UPDATE plumbers SET business_name = ?2, contact_name = ?3, phone_e164 = ?4, "
    "licence_number = ?5, licence_state = ?6, insurance_carrier = ?7, insurance_expires_on = ?8, "
    "years_in_business = ?9, description = ?10, base_zip = ?11, base_lat = ?12, base_lng = ?13, "
    "radius_miles = ?14, updated_at = ?15 WHERE user_id = ?1";
// SQLite only: the R*Tree table plumber_areas (PostgreSQL: service_box).
constexpr const char* delete_area_sql = "DELETE FROM plumber_areas WHERE id = ?1";
// SQLite only: the R*Tree table plumber_areas (PostgreSQL: service_box).
constexpr const char* insert_area_sql =
    "INSERT INTO plumber_areas (id, min_lat, max_lat, min_lng, max_lng) "
    "VALUES (?1, ?2, ?3, ?4, ?5)";

domain::PlumberProfile read_profile(const Statement& st) {
  domain::PlumberProfile p;
  int i = 0;
  p.user_id = sql::id_column<domain::UserId>(st, i++);
  p.email = st.text(i++);
  auto& in = p.profile;
  in.business_name = st.text(i++);
  in.contact_name = st.text(i++);
  in.phone_e164 = st.text(i++);
  in.licence_number = st.text(i++);
  in.licence_state = st.text(i++);
  in.insurance_carrier = st.text(i++);
  in.insurance_expires_on = st.text(i++);
  in.years_in_business = static_cast<int>(st.int64(i++));
  in.description = st.text(i++);
  in.base_zip = st.text(i++);
  in.base_lat = st.real(i++);
  in.base_lng = st.real(i++);
  in.radius_miles = static_cast<int>(st.int64(i++));
  p.settings = sql::read_plumber_settings(st, i);
  i += sql::plumber_settings_column_count;
  p.review.status = sql::status_column<domain::PlumberStatus>(st, i++);
  p.review.reason = st.text(i++);
  p.review.licence_verified_on = st.text(i++);
  p.review.insurance_valid_until = st.text(i++);
  p.review.reviewed_by = sql::opt_id_column<domain::UserId>(st, i++);
  p.review.reviewed_at = st.opt_int64(i++).value_or(0);
  p.plan_status = sql::status_column<domain::PlanStatus>(st, i++);
  p.plan_changed_at = st.int64(i++);
  p.current_period_end = st.int64(i++);
  p.updated_at = st.int64(i++);
  return p;
}

std::vector<std::string> read_strings(Connection& c, const char* sql, std::int64_t user_id) {
  auto st = c.prepare(sql);
  st.bind(1, user_id);
  std::vector<std::string> out;
  while (st.step()) out.push_back(st.text(0));
  return out;
}

void load_lists(Connection& c, domain::PlumberProfile& p) {
  p.profile.services = read_strings(c, services_sql, p.user_id.value);
  p.profile.extra_zips = read_strings(c, zips_sql, p.user_id.value);
}
}  // namespace

std::optional<domain::PlumberProfile> SqliteTx::plumber_profile(domain::UserId user_id) {
  std::optional<domain::PlumberProfile> p;
  {
    auto st = c_.prepare(profile_sql);
    st.bind(1, user_id);
    if (!st.step()) return std::nullopt;
    p = read_profile(st);
  }
  load_lists(c_, *p);
  return p;
}

// The R*Tree row follows the base ZIP: a box around the radius circle, or no row without a base
// (such a plumber can still match through extra ZIPs).
void SqliteTx::save_plumber_profile(domain::UserId user_id, const domain::PlumberProfileInput& in,
                                    domain::Millis at) {
  {
    auto st = c_.prepare(save_profile_sql);
    st.bind(1, user_id).bind(2, in.business_name).bind(3, in.contact_name).bind(4, in.phone_e164);
    st.bind(5, in.licence_number).bind(6, in.licence_state).bind(7, in.insurance_carrier);
    st.bind(8, in.insurance_expires_on).bind(9, in.years_in_business).bind(10, in.description);
    st.bind(11, in.base_zip).bind(12, in.base_lat).bind(13, in.base_lng);
    st.bind(14, in.radius_miles).bind(15, at);
    st.run();
    if (sqlite3_changes(c_.handle()) != 1)
      throw StoreError(StoreErrorKind::other,
                       "save_plumber_profile: no plumber " + std::to_string(user_id.value));
  }
  {
    auto st = c_.prepare<sql::profiles::plumber_delete_services>();
    st.bind(1, user_id);
    st.run();
  }
  for (const auto& service : in.services) {
    auto st = c_.prepare<sql::profiles::plumber_insert_service>();
    st.bind(1, user_id).bind(2, service);
    st.run();
  }
  {
    auto st = c_.prepare<sql::profiles::plumber_delete_extra_zips>();
    st.bind(1, user_id);
    st.run();
  }
  for (const auto& zip : in.extra_zips) {
    auto st = c_.prepare<sql::profiles::plumber_insert_extra_zip>();
    st.bind(1, user_id).bind(2, zip);
    st.run();
  }
  {
    auto st = c_.prepare(delete_area_sql);
    st.bind(1, user_id);
    st.run();
  }
  if (!in.base_zip.empty()) {
    auto box = geo::bounding_box(in.base_lat, in.base_lng, in.radius_miles);
    auto st = c_.prepare(insert_area_sql);
    st.bind(1, user_id).bind(2, box.min_lat).bind(3, box.max_lat);
    st.bind(4, box.min_lng).bind(5, box.max_lng);
    st.run();
  }
}

void SqliteTx::save_plumber_settings(domain::UserId user_id, const domain::PlumberSettings& s,
                                     domain::Millis at) {
  auto st = c_.prepare<sql::profiles::save_plumber_settings>();
  st.bind(1, user_id).bind(2, s.notify_email ? 1 : 0).bind(3, s.notify_sms ? 1 : 0);
  st.bind(4, s.quiet_start_minute).bind(5, s.quiet_end_minute).bind(6, s.utc_offset_minutes);
  st.bind(7, s.daily_cap).bind(8, s.paused ? 1 : 0).bind(9, at);
  st.run();
}

void SqliteTx::set_plumber_review(domain::UserId user_id, const domain::PlumberReview& r) {
  auto st = c_.prepare<sql::profiles::set_plumber_review>();
  st.bind(1, user_id).bind(2, r.status).bind(3, r.reason).bind(4, r.licence_verified_on);
  st.bind(5, r.insurance_valid_until).bind(6, r.reviewed_by).bind(7, r.reviewed_at);
  st.run();
}

void SqliteTx::set_plumber_plan(domain::UserId user_id, domain::PlanStatus plan_status,
                                domain::Millis at) {
  auto st = c_.prepare<sql::profiles::set_plumber_plan>();
  st.bind(1, user_id).bind(2, plan_status).bind(3, at);
  st.run();
}

std::vector<domain::PlumberProfile> SqliteTx::list_plumbers(const domain::PlumberListQuery& q) {
  if (q.limit <= 0) return {};  // a negative LIMIT means "no limit" to SQLite
  std::vector<domain::PlumberProfile> out;
  {
    auto st = c_.prepare(list_sql);
    st.bind(1, sql::status_word(q.status)).bind(2, q.limit).bind(3, q.offset < 0 ? 0 : q.offset);
    while (st.step()) out.push_back(read_profile(st));
  }
  for (auto& p : out) load_lists(c_, p);
  return out;
}

std::int64_t SqliteTx::count_plumbers(std::optional<domain::PlumberStatus> status) {
  auto st = c_.prepare<sql::profiles::count_plumbers>();
  st.bind(1, sql::status_word(status));
  st.step();
  return st.int64(0);
}

}  // namespace plumbline::store::sqlite
