// The rollup run: passes until done or out of time, one log line when anything changed.
#include "worker/report_rollup_job.hpp"

#include <chrono>

#include "log/log.hpp"

namespace plumbline::worker {

void run_report_rollups(services::ReportRollupService& rollups) {
  const auto started = std::chrono::steady_clock::now();
  services::RollupPass total;
  for (;;) {
    auto pass = rollups.refresh(32);
    if (!pass) {
      log::warn("report_rollup_failed", {{"error", pass.error().log_detail}});
      return;
    }
    total.stale_cleared += pass.value().stale_cleared;
    total.days_dropped += pass.value().days_dropped;
    total.days_built += pass.value().days_built;
    total.days_missing = pass.value().days_missing;
    if (total.days_missing == 0 ||
        std::chrono::steady_clock::now() - started > std::chrono::seconds(5))
      break;
  }
  if (total.stale_cleared + total.days_dropped + total.days_built > 0)
    log::info("report_rollups", {{"stale_cleared", static_cast<std::int64_t>(total.stale_cleared)},
                                 {"days_dropped", static_cast<std::int64_t>(total.days_dropped)},
                                 {"days_built", static_cast<std::int64_t>(total.days_built)},
                                 {"days_missing", static_cast<std::int64_t>(total.days_missing)}});
}

}  // namespace plumbline::worker
