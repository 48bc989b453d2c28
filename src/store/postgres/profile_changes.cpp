// PostgreSQL: changes to verified profile facts waiting for an admin's check (migration 0008).
#include "store/postgres/pg_tx.hpp"

namespace plumbline::store::pg {

namespace {

constexpr Sql change_insert_sql{
    "insert_profile_change",
    "INSERT INTO profile_changes (plumber_id, field, old_value, new_value, created_at) "
    "VALUES ($1, $2, $3, $4, $5) RETURNING id"};
constexpr Sql change_list_sql{
    "profile_changes",
    "SELECT id, plumber_id, field, old_value, new_value, created_at, reviewed_at, reviewed_by "
    "FROM profile_changes WHERE plumber_id = $1 "
    "ORDER BY reviewed_at IS NOT NULL, created_at DESC, id DESC LIMIT $2"};
constexpr Sql change_count_pending_sql{
    "count_pending_profile_changes",
    "SELECT count(*) FROM profile_changes WHERE reviewed_at IS NULL"};
constexpr Sql change_pending_plumbers_sql{
    "plumbers_with_pending_changes",
    "SELECT plumber_id FROM profile_changes WHERE reviewed_at IS NULL "
    "GROUP BY plumber_id ORDER BY min(created_at), plumber_id LIMIT $1 OFFSET $2"};
constexpr Sql change_count_pending_plumbers_sql{
    "count_plumbers_with_pending_changes",
    "SELECT count(DISTINCT plumber_id) FROM profile_changes WHERE reviewed_at IS NULL"};
constexpr Sql change_close_sql{"close_profile_changes",
                               "UPDATE profile_changes SET reviewed_at = $3, reviewed_by = $2 "
                               "WHERE plumber_id = $1 AND reviewed_at IS NULL"};

}  // namespace

std::int64_t PgTx::insert_profile_change(const domain::ProfileChange& c) {
  return c_.run(change_insert_sql, c.plumber_id, c.field, c.old_value, c.new_value, c.created_at)
      .int64(0, 0);
}

std::vector<domain::ProfileChange> PgTx::profile_changes(std::int64_t plumber_id, int limit) {
  if (limit <= 0) return {};
  auto r = c_.run(change_list_sql, plumber_id, limit);
  std::vector<domain::ProfileChange> out;
  out.reserve(static_cast<std::size_t>(r.rows()));
  for (int i = 0; i < r.rows(); ++i)
    out.push_back({r.int64(i, 0), r.int64(i, 1), r.text(i, 2), r.text(i, 3), r.text(i, 4),
                   r.int64(i, 5), r.opt_int64(i, 6), r.opt_int64(i, 7)});
  return out;
}

std::int64_t PgTx::count_pending_profile_changes() {
  return c_.run(change_count_pending_sql).int64(0, 0);
}

std::vector<std::int64_t> PgTx::plumbers_with_pending_changes(int limit, int offset) {
  if (limit <= 0) return {};
  auto r = c_.run(change_pending_plumbers_sql, limit, offset < 0 ? 0 : offset);
  std::vector<std::int64_t> out;
  for (int i = 0; i < r.rows(); ++i) out.push_back(r.int64(i, 0));
  return out;
}

std::int64_t PgTx::count_plumbers_with_pending_changes() {
  return c_.run(change_count_pending_plumbers_sql).int64(0, 0);
}

int PgTx::close_profile_changes(std::int64_t plumber_id, std::optional<std::int64_t> reviewed_by,
                                domain::Millis at) {
  return static_cast<int>(c_.run(change_close_sql, plumber_id, reviewed_by, at).affected());
}

}  // namespace plumbline::store::pg
