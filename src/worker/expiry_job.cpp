// The lead expiry thread; a failed pass is logged and retried at the next interval.
#include "worker/expiry_job.hpp"

#include "log/log.hpp"

namespace plumbline::worker {

namespace {
// Live events only serve dashboards resuming a stream (Last-Event-ID); a day is plenty.
constexpr domain::Millis live_event_keep_ms = 24LL * 3600 * 1000;
}  // namespace

ExpiryJob::ExpiryJob(services::RetentionService& retention, store::Store& store,
                     const services::Clock& clock, std::chrono::milliseconds interval)
    : retention_(retention),
      store_(store),
      clock_(clock),
      periodic_([this] { run_once(); }, interval) {}

void ExpiryJob::start() {
  periodic_.start();
}

void ExpiryJob::stop() {
  periodic_.stop();
}

int ExpiryJob::run_once() {
  auto expired = retention_.expire_leads();
  if (!expired) log::warn("lead_expiry_failed", {{"error", expired.error().log_detail}});
  try {
    auto before = clock_.now_ms() - live_event_keep_ms;
    int pruned = 0;
    store_.write_tx([&](store::Tx& tx) {
      pruned = tx.delete_live_events_before(before);
      return true;
    });
    if (expired && (expired.value() > 0 || pruned > 0))
      log::info("lead_expiry", {{"expired", static_cast<std::int64_t>(expired.value())},
                                {"live_events_pruned", static_cast<std::int64_t>(pruned)}});
  } catch (const std::exception& e) {
    log::warn("live_event_prune_failed", {{"error", std::string(e.what())}});
  }
  return expired ? expired.value() : 0;
}

}  // namespace plumbline::worker
