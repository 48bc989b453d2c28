// PostgreSQL: the live events the dashboards poll.
#include "store/sql/live_events.hpp"

#include "store/postgres/pg_tx.hpp"
#include "store/sql/row.hpp"

namespace plumbline::store::pg {

namespace {
// Pollers read "id > last seen", so ids must become visible in order. A sequence does not promise
// that: a transaction holding id 10 can commit after another's id 11 was read, and id 10 would be
// skipped for good. This transaction-scoped lock, taken just before the insert, makes event
// writers take ids and commit one after another. Services write the event last in their
// transaction, so the lock is held only for the commit and nothing waits while holding it.
constexpr std::int64_t live_events_lock_key = 0x706c756d6c697665;  // "plumlive"
// PostgreSQL only: SQLite has one writer, so ids commit in order anyway.
constexpr Sql live_events_lock_sql{"live_events_lock", "SELECT pg_advisory_xact_lock($1)"};
}  // namespace

std::int64_t PgTx::insert_live_event(const std::string& kind, domain::LeadId lead_id,
                                     domain::Millis at) {
  c_.run(live_events_lock_sql, live_events_lock_key);
  return c_.run(sql::live_events::insert_live_event, kind, lead_id, at).int64(0, 0);
}

std::vector<domain::LiveEvent> PgTx::live_events_after(std::int64_t after_id, int limit) {
  if (limit <= 0) return {};
  auto r = c_.run(sql::live_events::live_events_after, after_id, limit);
  std::vector<domain::LiveEvent> out;
  out.reserve(static_cast<std::size_t>(r.rows()));
  for (int i = 0; i < r.rows(); ++i)
    out.push_back(
        {r.int64(i, 0), r.text(i, 1), sql::id_column<domain::LeadId>(r.row(i), 2), r.int64(i, 3)});
  return out;
}

std::int64_t PgTx::last_live_event_id() {
  return c_.run(sql::live_events::last_live_event_id).int64(0, 0);
}

int PgTx::delete_live_events_before(domain::Millis before) {
  return static_cast<int>(c_.run(sql::live_events::delete_live_events_before, before).affected());
}

}  // namespace plumbline::store::pg
