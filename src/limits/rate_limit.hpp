// Token-bucket rate limiter keyed by a string (client IP, later account or API key), with an
// injectable clock.
#pragma once
#include <chrono>
#include <functional>
#include <mutex>
#include <string>
#include <unordered_map>

namespace plumbline::limits {

class RateLimiter {
 public:
  using Clock = std::function<double()>;  // seconds, monotonic
  // Allows `burst` requests at once and refills `per_minute` per minute.
  RateLimiter(double per_minute, double burst, Clock clock = {});

  struct Decision {
    bool allowed;
    int retry_after_seconds;  // when not allowed
  };
  Decision take(const std::string& key);
  // The same with this key's own rate and burst (a partner key's contracted rate, issue 20).
  Decision take(const std::string& key, double per_minute, double burst);

 private:
  struct Bucket {
    double tokens;
    double updated;
    double rate_per_second, burst;
  };
  double rate_per_second_, burst_;
  Clock clock_;
  std::mutex mu_;
  std::unordered_map<std::string, Bucket> buckets_;
};

}  // namespace plumbline::limits
