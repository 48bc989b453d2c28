// Readiness, the admin home page's counts and the console's system status, read from the store;
// heartbeats and integration outcomes written to it.
#include "services/system_status.hpp"

#include <sys/statvfs.h>

#include <exception>

#include "log/log.hpp"

namespace plumbline::services {

SystemStatusService::SystemStatusService(store::Store& store, const Clock& clock,
                                         StatusSettings settings)
    : store_(store), clock_(clock), settings_(std::move(settings)), started_at_(clock.now_ms()) {}

SystemStatusService::~SystemStatusService() {
  {
    std::lock_guard lk(outcomes_mu_);
    stopping_ = true;
  }
  outcomes_cv_.notify_all();
  if (writer_.joinable()) writer_.join();
}

Readiness SystemStatusService::readiness() {
  if (!store_.ping()) return Readiness::database_unreachable;
  try {
    if (!store_.migration_status().up_to_date()) return Readiness::schema_out_of_date;
  } catch (const std::exception&) {
    return Readiness::database_unreachable;
  }
  return Readiness::ready;
}

AdminOverview SystemStatusService::admin_overview() {
  return store_.read<AdminOverview>([](store::Tx& tx) {
    AdminOverview o;
    o.outbox = tx.outbox_counts();
    o.lead_count = tx.count_leads();
    o.profile_changes = tx.count_pending_profile_changes();
    return o;
  });
}

SystemStatus SystemStatusService::system_status() {
  drain_outcomes();  // this process's latest outcomes are in the table before it is read
  auto s = store_.read<SystemStatus>([](store::Tx& tx) {
    SystemStatus out;
    out.database = tx.database_facts();
    for (auto& b : tx.worker_heartbeats()) out.workers.push_back({std::move(b), false});
    out.outbox = tx.outbox_counts();
    out.oldest_pending_at = tx.oldest_pending_message_at();
    auto events = tx.integration_events();
    for (const char* name :
         {domain::integration_smtp, domain::integration_twilio, domain::integration_stripe}) {
      IntegrationStatus i{name, false, {}};
      for (const auto& e : events)
        if (e.name == name) i.last = e;
      out.integrations.push_back(std::move(i));
    }
    return out;
  });
  s.now = clock_.now_ms();
  s.backend = store_.backend();
  for (auto& w : s.workers) w.stale = domain::heartbeat_is_stale(w.beat.beat_at, s.now);
  for (auto& i : s.integrations)
    i.configured = i.name == domain::integration_smtp     ? settings_.smtp_configured
                   : i.name == domain::integration_twilio ? settings_.twilio_configured
                                                          : settings_.stripe_configured;
  try {
    auto m = store_.migration_status();
    s.migrations_applied = m.current;
    s.migrations_embedded = m.latest;
  } catch (const std::exception& e) {
    throw domain::Failure{domain::Error::make(domain::ErrorCode::unavailable,
                                              "The database did not answer.", e.what())};
  }
  struct statvfs fs {};
  if (statvfs(settings_.data_dir.c_str(), &fs) == 0) {
    s.disk_free_bytes =
        static_cast<std::int64_t>(fs.f_bavail) * static_cast<std::int64_t>(fs.f_frsize);
    s.disk_total_bytes =
        static_cast<std::int64_t>(fs.f_blocks) * static_cast<std::int64_t>(fs.f_frsize);
  }
  s.version = settings_.version;
  s.started_at = started_at_;
  return s;
}

void SystemStatusService::record_integration(const std::string& name, bool success,
                                             const std::string& error) noexcept {
  try {
    auto at = clock_.now_ms();
    {
      std::lock_guard lk(outcomes_mu_);
      auto& q = queued_[name];
      if (success) {
        q.success_at = at;
      } else {
        q.failure_at = at;
        q.error = domain::short_integration_error(error);
      }
      if (!writer_.joinable() && !stopping_)
        writer_ = std::thread([this] { write_outcomes_loop(); });
    }
    outcomes_cv_.notify_all();
  } catch (const std::exception& e) {
    log::warn("integration_status_not_recorded",
              {{"integration", name}, {"error", std::string(e.what())}});
  }
}

void SystemStatusService::write_outcomes_loop() {
  std::unique_lock lk(outcomes_mu_);
  for (;;) {
    outcomes_cv_.wait(lk, [&] { return stopping_ || !queued_.empty(); });
    if (queued_.empty()) return;  // stopping, and everything is written
    auto batch = std::move(queued_);
    queued_.clear();
    writing_ = true;
    lk.unlock();
    for (const auto& [name, q] : batch) {
      try {
        store_.write_tx([&](store::Tx& tx) {
          if (q.failure_at) tx.record_integration_event(name, false, *q.failure_at, q.error);
          if (q.success_at) tx.record_integration_event(name, true, *q.success_at, "");
          return true;
        });
      } catch (const std::exception& e) {
        log::warn("integration_status_not_recorded",
                  {{"integration", name}, {"error", std::string(e.what())}});
      }
    }
    lk.lock();
    writing_ = false;
    outcomes_cv_.notify_all();
  }
}

void SystemStatusService::drain_outcomes() {
  std::unique_lock lk(outcomes_mu_);
  if (!writer_.joinable()) return;
  outcomes_cv_.wait(lk, [&] { return queued_.empty() && !writing_; });
}

void SystemStatusService::record_heartbeat(domain::WorkerHeartbeat beat) {
  beat.beat_at = clock_.now_ms();
  store_.write_tx([&](store::Tx& tx) {
    tx.record_worker_heartbeat(beat, beat.beat_at - domain::heartbeat_forget_ms);
    return true;
  });
}

}  // namespace plumbline::services
