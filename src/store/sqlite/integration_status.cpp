// SQLite: worker heartbeats, the integrations' last outcomes and the database's facts.
#include "store/sql/integration_status.hpp"

#include "store/sqlite/sqlite_tx.hpp"

namespace plumbline::store::sqlite {

namespace {
// SQLite only: its version function and page pragmas (PostgreSQL has version() and
// pg_database_size).
constexpr const char* facts_sql =
    "SELECT sqlite_version(), (SELECT page_count FROM pragma_page_count()) * "
    "(SELECT page_size FROM pragma_page_size())";
}  // namespace

void SqliteTx::record_integration_event(const std::string& name, bool success, domain::Millis at,
                                        const std::string& error) {
  if (success) {
    auto st = c_.prepare<sql::integration_status::record_success>();
    st.bind(1, name).bind(2, at);
    st.run();
    return;
  }
  auto st = c_.prepare<sql::integration_status::record_failure>();
  st.bind(1, name).bind(2, at).bind(3, error);
  st.run();
}

std::vector<domain::IntegrationEvent> SqliteTx::integration_events() {
  auto st = c_.prepare<sql::integration_status::events>();
  std::vector<domain::IntegrationEvent> out;
  while (st.step()) out.push_back(sql::read_integration_event(st));
  return out;
}

void SqliteTx::record_worker_heartbeat(const domain::WorkerHeartbeat& b,
                                       domain::Millis forget_before) {
  {
    auto st = c_.prepare<sql::integration_status::beat>();
    st.bind(1, b.instance).bind(2, b.host).bind(3, b.pid).bind(4, b.started_at).bind(5, b.beat_at);
    st.run();
  }
  auto st = c_.prepare<sql::integration_status::forget_beats>();
  st.bind(1, forget_before);
  st.run();
}

std::vector<domain::WorkerHeartbeat> SqliteTx::worker_heartbeats() {
  auto st = c_.prepare<sql::integration_status::beats>();
  std::vector<domain::WorkerHeartbeat> out;
  while (st.step()) out.push_back(sql::read_worker_heartbeat(st));
  return out;
}

domain::DatabaseFacts SqliteTx::database_facts() {
  auto st = c_.prepare(facts_sql);
  domain::DatabaseFacts f;
  if (st.step()) {
    f.server_version = "SQLite " + st.text(0);
    f.size_bytes = st.int64(1);
  }
  return f;
}

}  // namespace plumbline::store::sqlite
