// The SQL of the business settings and their history, written once for both backends (PostgreSQL
// placeholders; see statement.hpp).
#pragma once
#include "domain/settings.hpp"
#include "store/sql/row.hpp"
#include "store/sql/statement.hpp"

namespace plumbline::store::sql {

#define PLUMBLINE_SETTING_CHANGE_COLUMNS \
  "h.id, h.key, h.old_value, h.new_value, h.at, h.by_user_id, COALESCE(u.email, '')"

template <RowReader R>
domain::SettingChange read_setting_change(const R& r) {
  domain::SettingChange c;
  int i = 0;
  c.id = r.int64(i++);
  c.key = r.text(i++);
  c.old_value_json = r.text(i++);
  c.new_value_json = r.text(i++);
  c.at = r.int64(i++);
  c.by_user_id = r.opt_int64(i++);
  c.by_email = r.text(i++);
  return c;
}

}  // namespace plumbline::store::sql

namespace plumbline::store::sql::settings {

inline constexpr Statement all{
    "settings_all", "SELECT key, value, updated_at, updated_by FROM settings ORDER BY key"};
inline constexpr Statement put{
    "settings_put",
    "INSERT INTO settings (key, value, updated_at, updated_by) VALUES ($1, $2, $3, $4) "
    "ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at, "
    "updated_by = excluded.updated_by"};
inline constexpr Statement append_change{
    "settings_append_change",
    "INSERT INTO settings_history (key, old_value, new_value, at, by_user_id) "
    "VALUES ($1, $2, $3, $4, $5)"};
inline constexpr Statement latest_changes{
    "settings_latest_changes",
    "SELECT " PLUMBLINE_SETTING_CHANGE_COLUMNS
    " FROM settings_history h LEFT JOIN users u ON u.id = h.by_user_id "
    "WHERE h.id = (SELECT max(x.id) FROM settings_history x WHERE x.key = h.key) ORDER BY h.key"};
inline constexpr Statement history{
    "settings_history", "SELECT " PLUMBLINE_SETTING_CHANGE_COLUMNS
                        " FROM settings_history h LEFT JOIN users u ON u.id = h.by_user_id "
                        "WHERE h.key = $1 ORDER BY h.id DESC LIMIT $2"};
inline constexpr Statement plumber_defaults{
    "settings_plumber_defaults",
    "UPDATE plumbers SET daily_cap = $2, quiet_start_minute = $3, quiet_end_minute = $4 "
    "WHERE user_id = $1"};

}  // namespace plumbline::store::sql::settings
