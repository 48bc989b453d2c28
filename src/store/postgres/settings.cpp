// PostgreSQL: business settings and their history.
#include "store/sql/settings.hpp"

#include "store/postgres/pg_tx.hpp"

namespace plumbline::store::pg {

std::vector<domain::SettingRow> PgTx::settings_all() {
  auto r = c_.run(sql::settings::all);
  std::vector<domain::SettingRow> out;
  for (int i = 0; i < r.rows(); ++i)
    out.push_back({r.text(i, 0), r.text(i, 1), r.int64(i, 2), r.row(i).opt_int64(3)});
  return out;
}

void PgTx::put_setting(const domain::SettingRow& row) {
  c_.run(sql::settings::put, row.key, row.value_json, row.updated_at, row.updated_by);
}

void PgTx::append_setting_change(const domain::SettingChange& c) {
  c_.run(sql::settings::append_change, c.key, c.old_value_json, c.new_value_json, c.at,
         c.by_user_id);
}

std::vector<domain::SettingChange> PgTx::latest_setting_changes() {
  auto r = c_.run(sql::settings::latest_changes);
  std::vector<domain::SettingChange> out;
  for (int i = 0; i < r.rows(); ++i) out.push_back(sql::read_setting_change(r.row(i)));
  return out;
}

std::vector<domain::SettingChange> PgTx::setting_history(const std::string& key, int limit) {
  auto r = c_.run(sql::settings::history, key, static_cast<std::int64_t>(limit));
  std::vector<domain::SettingChange> out;
  for (int i = 0; i < r.rows(); ++i) out.push_back(sql::read_setting_change(r.row(i)));
  return out;
}

void PgTx::set_plumber_defaults(domain::UserId user_id, int daily_cap, int quiet_start_minute,
                                int quiet_end_minute) {
  c_.run(sql::settings::plumber_defaults, user_id, static_cast<std::int64_t>(daily_cap),
         static_cast<std::int64_t>(quiet_start_minute),
         static_cast<std::int64_t>(quiet_end_minute));
}

}  // namespace plumbline::store::pg
