// Clock: the one source of "now" for services, so tests can fix time.
#pragma once
#include <atomic>
#include <chrono>

#include "domain/lead.hpp"

namespace plumbline::services {

class Clock {
 public:
  virtual ~Clock() = default;
  virtual domain::Millis now_ms() const = 0;
};

class SystemClock final : public Clock {
 public:
  // offset_ms: 0 but in tests that run the whole server ahead (PLUMBLINE_TEST_CLOCK_DAYS).
  explicit SystemClock(domain::Millis offset_ms = 0) : offset_ms_(offset_ms) {}
  domain::Millis now_ms() const override {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
               .count() +
           offset_ms_;
  }

 private:
  domain::Millis offset_ms_;
};

class FixedClock final : public Clock {
 public:
  explicit FixedClock(domain::Millis t) : t_(t) {}
  domain::Millis now_ms() const override { return t_.load(); }
  void advance_ms(domain::Millis d) { t_ += d; }

 private:
  std::atomic<domain::Millis> t_;
};

}  // namespace plumbline::services
