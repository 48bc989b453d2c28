// Periodic lead expiry: a thread that expires open leads past the expiry setting and prunes old
// live events, every interval, until stopped.
#pragma once
#include <chrono>

#include "services/clock.hpp"
#include "services/retention.hpp"
#include "store/store.hpp"
#include "worker/periodic.hpp"

namespace plumbline::worker {

class ExpiryJob {
 public:
  ExpiryJob(services::RetentionService& retention, store::Store& store,
            const services::Clock& clock, std::chrono::milliseconds interval);
  ExpiryJob(const ExpiryJob&) = delete;
  ExpiryJob& operator=(const ExpiryJob&) = delete;

  // Runs once at start, then every interval.
  void start();
  // Wakes the thread and waits for the current run to finish.
  void stop();
  // One pass: expire leads, delete live events older than a day. Returns the leads expired.
  int run_once();

 private:
  services::RetentionService& retention_;
  store::Store& store_;
  const services::Clock& clock_;
  Periodic periodic_;  // declared last: stopped before the members its task uses go
};

}  // namespace plumbline::worker
