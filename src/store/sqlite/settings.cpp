// SQLite: business settings and their history.
#include "store/sql/settings.hpp"

#include "store/sqlite/sqlite_tx.hpp"

namespace plumbline::store::sqlite {

std::vector<domain::SettingRow> SqliteTx::settings_all() {
  auto st = c_.prepare<sql::settings::all>();
  std::vector<domain::SettingRow> out;
  while (st.step()) out.push_back({st.text(0), st.text(1), st.int64(2), st.opt_int64(3)});
  return out;
}

void SqliteTx::put_setting(const domain::SettingRow& row) {
  c_.prepare<sql::settings::put>()
      .bind(1, row.key)
      .bind(2, row.value_json)
      .bind(3, row.updated_at)
      .bind(4, row.updated_by)
      .run();
}

void SqliteTx::append_setting_change(const domain::SettingChange& c) {
  c_.prepare<sql::settings::append_change>()
      .bind(1, c.key)
      .bind(2, c.old_value_json)
      .bind(3, c.new_value_json)
      .bind(4, c.at)
      .bind(5, c.by_user_id)
      .run();
}

std::vector<domain::SettingChange> SqliteTx::latest_setting_changes() {
  auto st = c_.prepare<sql::settings::latest_changes>();
  std::vector<domain::SettingChange> out;
  while (st.step()) out.push_back(sql::read_setting_change(st));
  return out;
}

std::vector<domain::SettingChange> SqliteTx::setting_history(const std::string& key, int limit) {
  auto st = c_.prepare<sql::settings::history>();
  st.bind(1, key).bind(2, limit);
  std::vector<domain::SettingChange> out;
  while (st.step()) out.push_back(sql::read_setting_change(st));
  return out;
}

void SqliteTx::set_plumber_defaults(domain::UserId user_id, int daily_cap, int quiet_start_minute,
                                    int quiet_end_minute) {
  c_.prepare<sql::settings::plumber_defaults>()
      .bind(1, user_id)
      .bind(2, daily_cap)
      .bind(3, quiet_start_minute)
      .bind(4, quiet_end_minute)
      .run();
}

}  // namespace plumbline::store::sqlite
