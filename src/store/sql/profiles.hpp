// The SQL of plumber profiles, written once for both backends (PostgreSQL placeholders; see
// statement.hpp).
#pragma once
#include "domain/marketplace.hpp"
#include "store/sql/row.hpp"
#include "store/sql/statement.hpp"

// A plumber's settings (alias p), read with read_plumber_settings.
#define PLUMBER_SETTINGS_COLUMNS                                             \
  "p.notify_email, p.notify_sms, p.quiet_start_minute, p.quiet_end_minute, " \
  "p.utc_offset_minutes, p.daily_cap, p.paused"

namespace plumbline::store::sql {

inline constexpr int plumber_settings_column_count = 7;

// Reads PLUMBER_SETTINGS_COLUMNS starting at column `first`.
template <RowReader R>
domain::PlumberSettings read_plumber_settings(const R& r, int first) {
  domain::PlumberSettings s;
  int i = first;
  s.notify_email = r.boolean(i++);
  s.notify_sms = r.boolean(i++);
  s.quiet_start_minute = static_cast<int>(r.int64(i++));
  s.quiet_end_minute = static_cast<int>(r.int64(i++));
  s.utc_offset_minutes = static_cast<int>(r.int64(i++));
  s.daily_cap = static_cast<int>(r.int64(i++));
  s.paused = r.boolean(i++);
  return s;
}

}  // namespace plumbline::store::sql

namespace plumbline::store::sql::profiles {

inline constexpr Statement plumber_delete_services{
    "plumber_delete_services", "DELETE FROM plumber_services WHERE user_id = $1"};
inline constexpr Statement plumber_insert_service{
    "plumber_insert_service",
    "INSERT INTO plumber_services (user_id, service_type) VALUES ($1, $2)"};
inline constexpr Statement plumber_delete_extra_zips{
    "plumber_delete_extra_zips", "DELETE FROM plumber_extra_zips WHERE user_id = $1"};
inline constexpr Statement plumber_insert_extra_zip{
    "plumber_insert_extra_zip", "INSERT INTO plumber_extra_zips (user_id, zip) VALUES ($1, $2)"};
inline constexpr Statement save_plumber_settings{
    "save_plumber_settings",
    "UPDATE plumbers SET notify_email = $2, notify_sms = $3, quiet_start_minute = $4, "
    "quiet_end_minute = $5, utc_offset_minutes = $6, daily_cap = $7, paused = $8, "
    "updated_at = $9 WHERE user_id = $1"};
inline constexpr Statement set_plumber_review{
    "set_plumber_review",
    "UPDATE plumbers SET status = $2, status_reason = $3, licence_verified_on = $4, "
    "insurance_valid_until = $5, reviewed_by = $6, reviewed_at = $7, updated_at = $7 "
    "WHERE user_id = $1"};
inline constexpr Statement set_plumber_plan{
    "set_plumber_plan",
    "UPDATE plumbers SET plan_status = $2, plan_changed_at = $3, updated_at = $3 "
    "WHERE user_id = $1"};

inline constexpr Statement count_plumbers{
    "count_plumbers", "SELECT count(*) FROM plumbers WHERE (CAST($1 AS text) = '' OR status = $1)"};

}  // namespace plumbline::store::sql::profiles
