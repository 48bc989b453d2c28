// The system status rules: stale heartbeats and how much of an integration's error is kept.
#include "domain/system_status.hpp"

namespace plumbline::domain {

bool heartbeat_is_stale(Millis beat_at, Millis now) {
  return now - beat_at > heartbeat_stale_ms;
}

std::string short_integration_error(const std::string& error) {
  constexpr std::size_t keep = 500;
  if (error.size() <= keep) return error;
  std::size_t n = keep;
  // Back up over UTF-8 continuation bytes so that no character is cut in half.
  while (n > 0 && (static_cast<unsigned char>(error[n]) & 0xC0) == 0x80) --n;
  return error.substr(0, n);
}

}  // namespace plumbline::domain
