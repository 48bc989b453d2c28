// Token buckets; full buckets are forgotten when the table grows, so memory stays bounded.
#include "limits/rate_limit.hpp"

#include <cmath>

namespace plumbline::limits {

RateLimiter::RateLimiter(double per_minute, double burst, Clock clock)
    : rate_per_second_(per_minute / 60.0), burst_(burst), clock_(std::move(clock)) {
  if (!clock_)
    clock_ = [] {
      return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch())
          .count();
    };
}

RateLimiter::Decision RateLimiter::take(const std::string& key) {
  return take(key, rate_per_second_ * 60.0, burst_);
}

RateLimiter::Decision RateLimiter::take(const std::string& key, double per_minute, double burst) {
  double now = clock_();
  double rate = per_minute / 60.0;
  std::lock_guard lk(mu_);
  if (buckets_.size() > 100000) {
    for (auto it = buckets_.begin(); it != buckets_.end();) {
      const Bucket& b = it->second;
      double t = std::min(b.burst, b.tokens + (now - b.updated) * b.rate_per_second);
      it = t >= b.burst ? buckets_.erase(it) : std::next(it);
    }
  }
  auto [it, inserted] = buckets_.try_emplace(key, Bucket{burst, now, rate, burst});
  Bucket& b = it->second;
  b.rate_per_second = rate;  // a changed rate applies from now on
  b.burst = burst;
  b.tokens = std::min(burst, b.tokens + (now - b.updated) * rate);
  b.updated = now;
  if (b.tokens >= 1.0) {
    b.tokens -= 1.0;
    return {true, 0};
  }
  double wait = (1.0 - b.tokens) / rate;
  return {false, static_cast<int>(std::ceil(wait))};
}

}  // namespace plumbline::limits
