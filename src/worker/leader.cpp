// Leader election for the periodic jobs over a PostgreSQL session advisory lock.
#include "worker/leader.hpp"

#include "log/log.hpp"

namespace plumbline::worker {

Leader::Leader(store::Store& store, std::vector<LeaderJob> jobs, std::chrono::milliseconds check,
               std::int64_t key)
    : store_(store), jobs_(std::move(jobs)), check_(check), key_(key) {}

Leader::~Leader() {
  stop();
}

void Leader::lead(bool yes) {
  if (yes == leading_) return;
  leading_ = yes;
  log::info(yes ? "jobs_leader_elected" : "jobs_leader_stepped_down", {});
  for (auto& j : jobs_) (yes ? j.start : j.stop)();
}

void Leader::start() {
  if (thread_.joinable()) return;
  {
    std::lock_guard lk(mu_);
    stopping_ = false;
  }
  thread_ = std::thread([this] { run(); });
}

void Leader::stop() {
  {
    std::lock_guard lk(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
  lead(false);
  lock_.reset();  // closing the connection releases the lock for the next process
}

void Leader::run() {
  std::unique_lock lk(mu_);
  while (!stopping_) {
    lk.unlock();
    try {
      if (!lock_) lock_ = store_.session_lock(key_);
      // No lock object: SQLite, one process, which leads for good.
      lead(!lock_ || lock_->try_hold());
      if (!lock_) return;
    } catch (const std::exception& e) {
      // The connection, and with it the lock, is gone: stop at once; retry at the next check.
      if (leading_) log::warn("jobs_leader_lost", {{"error", std::string(e.what())}});
      lock_.reset();
      lead(false);
    }
    lk.lock();
    cv_.wait_for(lk, check_, [this] { return stopping_; });
  }
}

}  // namespace plumbline::worker
