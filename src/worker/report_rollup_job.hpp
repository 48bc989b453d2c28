// The worker's rollup pass for the reports: builds settled days and rebuilds stale ones (see
// services/report_rollups.hpp), a few seconds of work per run so that a stop is never held long.
#pragma once
#include "services/report_rollups.hpp"

namespace plumbline::worker {

inline constexpr int report_rollup_interval_seconds = 30;

// Runs passes of up to 32 days until none is missing or about 5 s went by; failures are logged
// and retried at the next run.
void run_report_rollups(services::ReportRollupService& rollups);

}  // namespace plumbline::worker
