// The fleet's periodic jobs run in one process at a time: the one whose dedicated connection holds
// a PostgreSQL session advisory lock. On SQLite (one process) the jobs simply run.
#pragma once
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "store/store.hpp"

namespace plumbline::worker {

// "plumjobs": the advisory lock key of the periodic jobs' leader.
inline constexpr std::int64_t jobs_leader_key = 0x706c756d6a6f6273;

struct LeaderJob {
  std::function<void()> start, stop;
};

class Leader {
 public:
  // Checks (or tries to take) the lock every `check`; a lost connection stops the jobs at once,
  // and another process takes over at its next check.
  Leader(store::Store& store, std::vector<LeaderJob> jobs, std::chrono::milliseconds check,
         std::int64_t key = jobs_leader_key);
  ~Leader();
  Leader(const Leader&) = delete;
  Leader& operator=(const Leader&) = delete;

  void start();
  // Stops the jobs (when leading) and gives the lock up.
  void stop();
  bool leading() const { return leading_; }

 private:
  void run();
  void lead(bool yes);  // starts or stops the jobs on a change

  store::Store& store_;
  std::vector<LeaderJob> jobs_;
  std::chrono::milliseconds check_;
  std::int64_t key_;
  std::unique_ptr<store::SessionLock> lock_;
  std::atomic<bool> leading_ = false;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace plumbline::worker
