// A thread that runs a task at once and then every interval until stopped (the expiry and
// reconciliation jobs).
#pragma once
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

#include "log/log.hpp"

namespace plumbline::worker {

class Periodic {
 public:
  Periodic(std::function<void()> task, std::chrono::milliseconds interval)
      : task_(std::move(task)), interval_(interval) {}
  ~Periodic() { stop(); }
  // True once stop() was called: a long run checks it between steps and ends early.
  bool stop_requested() const { return stop_requested_; }
  Periodic(const Periodic&) = delete;
  Periodic& operator=(const Periodic&) = delete;

  // Starts the thread (a no-op when it runs already).
  void start() {
    std::lock_guard lk(mu_);
    if (thread_.joinable()) return;
    stopping_ = false;
    stop_requested_ = false;
    thread_ = std::thread([this] { loop(); });
  }

  // Wakes the thread and waits for the current run to finish.
  void stop() {
    stop_requested_ = true;
    {
      std::lock_guard lk(mu_);
      stopping_ = true;
    }
    cv_.notify_all();
    if (thread_.joinable()) thread_.join();
  }

 private:
  void loop() {
    std::unique_lock lk(mu_);
    while (!stopping_) {
      lk.unlock();
      run_task();
      lk.lock();
      cv_.wait_for(lk, interval_, [this] { return stopping_; });
    }
  }

  // A bug in one run is logged and the next run still comes: the job thread must not take the
  // process down (services answer store trouble as results; what escapes is unexpected).
  void run_task() {
    try {
      task_();
    } catch (const std::exception& e) {
      log::error("periodic_task_failed", {{"error", std::string(e.what())}});
    } catch (...) {
      log::error("periodic_task_failed", {{"error", std::string("unknown exception")}});
    }
  }

  // Read by a long task between its steps, so that stop() need not wait for all of it.
  std::atomic<bool> stop_requested_ = false;
  std::function<void()> task_;
  std::chrono::milliseconds interval_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace plumbline::worker
