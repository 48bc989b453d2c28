// Periodic lead expiry: a thread that expires open leads past the expiry setting and prunes old
// live events, every interval, until stopped.
#pragma once
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "services/clock.hpp"
#include "services/marketplace.hpp"
#include "store/store.hpp"

namespace plumbline::worker {

class ExpiryJob {
 public:
  ExpiryJob(services::MarketplaceService& marketplace, store::Store& store,
            const services::Clock& clock, std::chrono::milliseconds interval);
  ~ExpiryJob();
  ExpiryJob(const ExpiryJob&) = delete;
  ExpiryJob& operator=(const ExpiryJob&) = delete;

  // Runs once at start, then every interval.
  void start();
  // Wakes the thread and waits for the current run to finish.
  void stop();
  // One pass: expire leads, delete live events older than a day. Returns the leads expired.
  int run_once();

 private:
  void loop();

  services::MarketplaceService& marketplace_;
  store::Store& store_;
  const services::Clock& clock_;
  std::chrono::milliseconds interval_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace plumbline::worker
