// What the system status page shows (issue 15, point 8): worker heartbeats, the integrations'
// last outcomes, the database's facts, and when a heartbeat is stale.
#pragma once
#include <cstdint>
#include <optional>
#include <string>

#include "domain/lead.hpp"

namespace plumbline::domain {

inline constexpr const char* integration_smtp = "smtp";
inline constexpr const char* integration_twilio = "twilio";
inline constexpr const char* integration_stripe = "stripe";

// A worker process beats every heartbeat_interval_ms; a beat older than heartbeat_stale_ms means
// the process stopped or hangs. Rows of processes gone for heartbeat_forget_ms are deleted.
inline constexpr Millis heartbeat_interval_ms = 10'000;
inline constexpr Millis heartbeat_stale_ms = 60'000;
inline constexpr Millis heartbeat_forget_ms = 7LL * 24 * 3600 * 1000;

struct WorkerHeartbeat {
  std::string instance;  // "host:pid"
  std::string host;
  std::int64_t pid = 0;
  Millis started_at = 0, beat_at = 0;
};

struct IntegrationEvent {
  std::string name;  // integration_smtp, …
  std::optional<Millis> last_success_at, last_failure_at;
  std::string last_error;
};

struct DatabaseFacts {
  std::string server_version;  // "3.40.1" / "PostgreSQL 15.4 on …"
  std::int64_t size_bytes = 0;
};

// True when the beat is older than heartbeat_stale_ms at `now`.
bool heartbeat_is_stale(Millis beat_at, Millis now);

// An integration's last error, cut to what the status page keeps (500 bytes, on a UTF-8
// character boundary).
std::string short_integration_error(const std::string& error);

}  // namespace plumbline::domain
