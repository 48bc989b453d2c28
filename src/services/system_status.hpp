// The state of the system as operators and admins see it: readiness for the load balancer, the
// counts on the admin home page, and the console's system status (issue 15, point 8) with the
// worker heartbeats and integration outcomes it records.
#pragma once
#include <condition_variable>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "domain/outbox.hpp"
#include "domain/system_status.hpp"
#include "services/clock.hpp"
#include "store/store.hpp"

namespace plumbline::services {

enum class Readiness { ready, database_unreachable, schema_out_of_date };

struct AdminOverview {
  std::int64_t lead_count = 0;
  std::int64_t profile_changes = 0;  // pending profile changes waiting for a review
  domain::OutboxCounts outbox;
};

// What this process knows from its config and start.
struct StatusSettings {
  std::string version;   // the binary's version
  std::string data_dir;  // its free space is shown
  bool smtp_configured = false, twilio_configured = false, stripe_configured = false;
};

struct IntegrationStatus {
  std::string name;  // domain::integration_smtp, …
  bool configured = false;
  domain::IntegrationEvent last;  // empty when nothing was recorded
};

struct WorkerStatus {
  domain::WorkerHeartbeat beat;
  bool stale = false;
};

struct SystemStatus {
  domain::Millis now = 0;
  std::string backend;  // "sqlite" / "postgres"
  domain::DatabaseFacts database;
  int migrations_applied = 0, migrations_embedded = 0;
  std::vector<WorkerStatus> workers;
  domain::OutboxCounts outbox;
  std::optional<domain::Millis> oldest_pending_at;                // the outbox's lag starts here
  std::vector<IntegrationStatus> integrations;                    // smtp, twilio, stripe
  std::optional<std::int64_t> disk_free_bytes, disk_total_bytes;  // of the data folder
  std::string version;
  domain::Millis started_at = 0;  // this process
};

class SystemStatusService {
 public:
  SystemStatusService(store::Store& store, const Clock& clock, StatusSettings settings);
  // Writes the integration outcomes still queued, then stops the thread that writes them.
  ~SystemStatusService();
  SystemStatusService(const SystemStatusService&) = delete;
  SystemStatusService& operator=(const SystemStatusService&) = delete;

  // Whether this process can serve: the database answers and its schema is up to date.
  Readiness readiness();
  // One read transaction.
  AdminOverview admin_overview();
  // The status page and /readyz?verbose=1: the database facts, heartbeats, outbox and
  // integrations in one read transaction, then the migration level and the data folder's disk.
  SystemStatus system_status();

  // Records an integration call's outcome (success, or failure with its error). Cheap and never
  // throws: the outcome is queued (the latest per integration) and a thread of this service
  // writes it, so the call it describes is not held up (a message is marked sent as soon as the
  // provider answers); a failure to write is logged. system_status() writes what is queued first.
  void record_integration(const std::string& name, bool success,
                          const std::string& error = {}) noexcept;
  // The worker process's heartbeat, stamped now; rows of processes gone a week are forgotten.
  void record_heartbeat(domain::WorkerHeartbeat beat);

 private:
  struct QueuedOutcome {
    std::optional<domain::Millis> success_at, failure_at;
    std::string error;
  };
  void write_outcomes_loop();
  void drain_outcomes();

  store::Store& store_;
  const Clock& clock_;
  StatusSettings settings_;
  domain::Millis started_at_;
  // The integration outcomes waiting for the writer thread (started by the first outcome).
  std::mutex outcomes_mu_;
  std::condition_variable outcomes_cv_;
  std::map<std::string, QueuedOutcome> queued_;
  bool writing_ = false, stopping_ = false;
  std::thread writer_;
};

}  // namespace plumbline::services
