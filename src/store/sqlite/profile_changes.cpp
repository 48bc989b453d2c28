// SQLite: changes to verified profile facts waiting for an admin's check (migration 0008).
#include "store/sql/profile_changes.hpp"

#include "store/sql/row.hpp"
#include "store/sqlite/sqlite_tx.hpp"

namespace plumbline::store::sqlite {

namespace {}  // namespace

std::int64_t SqliteTx::insert_profile_change(const domain::ProfileChange& c) {
  auto st = c_.prepare<sql::profile_changes::insert_profile_change>();
  st.bind(1, c.plumber_id).bind(2, c.field).bind(3, c.old_value).bind(4, c.new_value);
  st.bind(5, c.created_at);
  return st.run_returning_id();
}

std::vector<domain::ProfileChange> SqliteTx::profile_changes(domain::UserId plumber_id, int limit) {
  if (limit <= 0) return {};  // a negative LIMIT means "no limit" to SQLite
  auto st = c_.prepare<sql::profile_changes::profile_changes>();
  st.bind(1, plumber_id).bind(2, limit);
  std::vector<domain::ProfileChange> out;
  while (st.step())
    out.push_back({st.int64(0), sql::id_column<domain::UserId>(st, 1), st.text(2), st.text(3),
                   st.text(4), st.int64(5), st.opt_int64(6),
                   sql::opt_id_column<domain::UserId>(st, 7)});
  return out;
}

std::int64_t SqliteTx::count_pending_profile_changes() {
  auto st = c_.prepare<sql::profile_changes::count_pending_profile_changes>();
  st.step();
  return st.int64(0);
}

std::vector<std::int64_t> SqliteTx::plumbers_with_pending_changes(int limit, int offset) {
  if (limit <= 0) return {};
  auto st = c_.prepare<sql::profile_changes::plumbers_with_pending_changes>();
  st.bind(1, limit).bind(2, offset < 0 ? 0 : offset);
  std::vector<std::int64_t> out;
  while (st.step()) out.push_back(st.int64(0));
  return out;
}

std::int64_t SqliteTx::count_plumbers_with_pending_changes() {
  auto st = c_.prepare<sql::profile_changes::count_plumbers_with_pending_changes>();
  st.step();
  return st.int64(0);
}

int SqliteTx::close_profile_changes(domain::UserId plumber_id,
                                    std::optional<std::int64_t> reviewed_by, domain::Millis at) {
  auto st = c_.prepare<sql::profile_changes::close_profile_changes>();
  st.bind(1, plumber_id).bind(2, reviewed_by).bind(3, at);
  st.run();
  return sqlite3_changes(c_.handle());
}

}  // namespace plumbline::store::sqlite
