// PostgreSQL: changes to verified profile facts waiting for an admin's check (migration 0008).
#include "store/sql/profile_changes.hpp"

#include "store/postgres/pg_tx.hpp"
#include "store/sql/row.hpp"

namespace plumbline::store::pg {

namespace {}  // namespace

std::int64_t PgTx::insert_profile_change(const domain::ProfileChange& c) {
  return c_
      .run(sql::profile_changes::insert_profile_change, c.plumber_id, c.field, c.old_value,
           c.new_value, c.created_at)
      .int64(0, 0);
}

std::vector<domain::ProfileChange> PgTx::profile_changes(domain::UserId plumber_id, int limit) {
  if (limit <= 0) return {};
  auto r = c_.run(sql::profile_changes::profile_changes, plumber_id, limit);
  std::vector<domain::ProfileChange> out;
  out.reserve(static_cast<std::size_t>(r.rows()));
  for (int i = 0; i < r.rows(); ++i)
    out.push_back({r.int64(i, 0), sql::id_column<domain::UserId>(r.row(i), 1), r.text(i, 2),
                   r.text(i, 3), r.text(i, 4), r.int64(i, 5), r.opt_int64(i, 6),
                   sql::opt_id_column<domain::UserId>(r.row(i), 7)});
  return out;
}

std::int64_t PgTx::count_pending_profile_changes() {
  return c_.run(sql::profile_changes::count_pending_profile_changes).int64(0, 0);
}

std::vector<std::int64_t> PgTx::plumbers_with_pending_changes(int limit, int offset) {
  if (limit <= 0) return {};
  auto r =
      c_.run(sql::profile_changes::plumbers_with_pending_changes, limit, offset < 0 ? 0 : offset);
  std::vector<std::int64_t> out;
  for (int i = 0; i < r.rows(); ++i) out.push_back(r.int64(i, 0));
  return out;
}

std::int64_t PgTx::count_plumbers_with_pending_changes() {
  return c_.run(sql::profile_changes::count_plumbers_with_pending_changes).int64(0, 0);
}

int PgTx::close_profile_changes(domain::UserId plumber_id, std::optional<std::int64_t> reviewed_by,
                                domain::Millis at) {
  return static_cast<int>(
      c_.run(sql::profile_changes::close_profile_changes, plumber_id, reviewed_by, at).affected());
}

}  // namespace plumbline::store::pg
