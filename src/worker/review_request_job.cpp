// The review-request thread; a failed pass is logged and retried at the next interval.
#include "worker/review_request_job.hpp"

#include "log/log.hpp"

namespace plumbline::worker {

ReviewRequestJob::ReviewRequestJob(services::ReviewService& reviews,
                                   std::chrono::milliseconds interval)
    : reviews_(reviews), periodic_([this] { run_once(); }, interval) {}

void ReviewRequestJob::start() {
  periodic_.start();
}

void ReviewRequestJob::stop() {
  periodic_.stop();
}

int ReviewRequestJob::run_once() {
  auto r = reviews_.send_due_requests();
  if (r) return r.value();
  log::warn("review_request_job_failed", {{"error", r.error().log_detail}});
  return 0;
}

}  // namespace plumbline::worker
