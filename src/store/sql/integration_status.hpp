// The SQL of worker heartbeats and integration outcomes, written once for both backends
// (PostgreSQL placeholders; see statement.hpp). The database facts differ by dialect and stay in
// the backend files.
#pragma once
#include "domain/system_status.hpp"
#include "store/sql/row.hpp"
#include "store/sql/statement.hpp"

namespace plumbline::store::sql {

template <RowReader R>
domain::IntegrationEvent read_integration_event(const R& r) {
  domain::IntegrationEvent e;
  e.name = r.text(0);
  e.last_success_at = r.opt_int64(1);
  e.last_failure_at = r.opt_int64(2);
  e.last_error = r.text(3);
  return e;
}

template <RowReader R>
domain::WorkerHeartbeat read_worker_heartbeat(const R& r) {
  domain::WorkerHeartbeat b;
  b.instance = r.text(0);
  b.host = r.text(1);
  b.pid = r.int64(2);
  b.started_at = r.int64(3);
  b.beat_at = r.int64(4);
  return b;
}

}  // namespace plumbline::store::sql

namespace plumbline::store::sql::integration_status {

// A success keeps the last failure and its error (the page shows both).
inline constexpr Statement record_success{
    "integration_success",
    "INSERT INTO integration_events (name, last_success_at) VALUES ($1, $2) "
    "ON CONFLICT (name) DO UPDATE SET last_success_at = excluded.last_success_at"};
inline constexpr Statement record_failure{
    "integration_failure",
    "INSERT INTO integration_events (name, last_failure_at, last_error) VALUES ($1, $2, $3) "
    "ON CONFLICT (name) DO UPDATE SET last_failure_at = excluded.last_failure_at, "
    "last_error = excluded.last_error"};
inline constexpr Statement events{
    "integration_events",
    "SELECT name, last_success_at, last_failure_at, last_error FROM integration_events "
    "ORDER BY name"};
inline constexpr Statement beat{
    "worker_beat",
    "INSERT INTO worker_heartbeats (instance, host, pid, started_at, beat_at) "
    "VALUES ($1, $2, $3, $4, $5) ON CONFLICT (instance) DO UPDATE SET host = excluded.host, "
    "pid = excluded.pid, started_at = excluded.started_at, beat_at = excluded.beat_at"};
inline constexpr Statement forget_beats{"worker_forget_beats",
                                        "DELETE FROM worker_heartbeats WHERE beat_at < $1"};
inline constexpr Statement beats{
    "worker_beats",
    "SELECT instance, host, pid, started_at, beat_at FROM worker_heartbeats "
    "ORDER BY beat_at DESC, instance"};

}  // namespace plumbline::store::sql::integration_status
