// Periodic review-request job (issue 17): queues the review e-mail for hires older than the
// review_request_days setting (services::ReviewService::send_due_requests). It runs every
// PLUMBLINE_EXPIRY_INTERVAL_SECONDS (app.cpp).
#pragma once
#include <chrono>

#include "services/reviews.hpp"
#include "worker/periodic.hpp"

namespace plumbline::worker {

class ReviewRequestJob {
 public:
  ReviewRequestJob(services::ReviewService& reviews, std::chrono::milliseconds interval);
  ReviewRequestJob(const ReviewRequestJob&) = delete;
  ReviewRequestJob& operator=(const ReviewRequestJob&) = delete;

  void start();
  void stop();
  // One pass: the number of review e-mails queued (a failure is logged and counts 0).
  int run_once();

 private:
  services::ReviewService& reviews_;
  Periodic periodic_;  // declared last: stopped before the members its task uses go
};

}  // namespace plumbline::worker
