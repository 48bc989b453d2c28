// Token buckets; full buckets are forgotten when the table grows, so memory stays bounded.
#include "http/rate_limit.hpp"

#include <cmath>

namespace plumbline::http {

RateLimiter::RateLimiter(double per_minute, double burst, Clock clock)
    : rate_per_second_(per_minute / 60.0), burst_(burst), clock_(std::move(clock)) {
  if (!clock_)
    clock_ = [] {
      return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch())
          .count();
    };
}

RateLimiter::Decision RateLimiter::take(const std::string& key) {
  double now = clock_();
  std::lock_guard lk(mu_);
  if (buckets_.size() > 100000) {
    for (auto it = buckets_.begin(); it != buckets_.end();) {
      double t =
          std::min(burst_, it->second.tokens + (now - it->second.updated) * rate_per_second_);
      it = t >= burst_ ? buckets_.erase(it) : std::next(it);
    }
  }
  auto [it, inserted] = buckets_.try_emplace(key, Bucket{burst_, now});
  Bucket& b = it->second;
  b.tokens = std::min(burst_, b.tokens + (now - b.updated) * rate_per_second_);
  b.updated = now;
  if (b.tokens >= 1.0) {
    b.tokens -= 1.0;
    return {true, 0};
  }
  double wait = (1.0 - b.tokens) / rate_per_second_;
  return {false, static_cast<int>(std::ceil(wait))};
}

}  // namespace plumbline::http
