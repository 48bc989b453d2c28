// PostgreSQL: worker heartbeats, the integrations' last outcomes and the database's facts.
#include "store/sql/integration_status.hpp"

#include "store/postgres/pg_tx.hpp"

namespace plumbline::store::pg {

namespace {
// PostgreSQL only: version() and pg_database_size (SQLite has sqlite_version() and its pragmas).
constexpr Sql facts_sql{"database_facts", "SELECT version(), pg_database_size(current_database())"};
}  // namespace

void PgTx::record_integration_event(const std::string& name, bool success, domain::Millis at,
                                    const std::string& error) {
  if (success)
    c_.run(sql::integration_status::record_success, name, at);
  else
    c_.run(sql::integration_status::record_failure, name, at, error);
}

std::vector<domain::IntegrationEvent> PgTx::integration_events() {
  auto r = c_.run(sql::integration_status::events);
  std::vector<domain::IntegrationEvent> out;
  for (int i = 0; i < r.rows(); ++i) out.push_back(sql::read_integration_event(r.row(i)));
  return out;
}

void PgTx::record_worker_heartbeat(const domain::WorkerHeartbeat& b, domain::Millis forget_before) {
  c_.run(sql::integration_status::beat, b.instance, b.host, b.pid, b.started_at, b.beat_at);
  c_.run(sql::integration_status::forget_beats, forget_before);
}

std::vector<domain::WorkerHeartbeat> PgTx::worker_heartbeats() {
  auto r = c_.run(sql::integration_status::beats);
  std::vector<domain::WorkerHeartbeat> out;
  for (int i = 0; i < r.rows(); ++i) out.push_back(sql::read_worker_heartbeat(r.row(i)));
  return out;
}

domain::DatabaseFacts PgTx::database_facts() {
  auto r = c_.run(facts_sql);
  domain::DatabaseFacts f;
  if (r.rows() > 0) {
    f.server_version = r.text(0, 0);
    f.size_bytes = r.int64(0, 1);
  }
  return f;
}

}  // namespace plumbline::store::pg
