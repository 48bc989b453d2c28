// Two-factor rules: failure delays and the recovery-code form.
#include "domain/two_factor.hpp"

#include <algorithm>
#include <cctype>

namespace plumbline::domain {

Millis two_factor_delay_ms(int failures) {
  if (failures < 5) return 0;
  Millis d = 30'000;
  for (int i = 5; i < failures && d < 15LL * 60 * 1000; ++i) d *= 2;
  return std::min<Millis>(d, 15LL * 60 * 1000);
}

std::string normalize_recovery_code(const std::string& code) {
  std::string out;
  for (unsigned char c : code)
    if (std::isalnum(c)) out += static_cast<char>(std::tolower(c));
  return out;
}

bool looks_like_totp(const std::string& code) {
  bool digit = false;
  for (unsigned char c : code) {
    if (std::isdigit(c))
      digit = true;
    else if (c != ' ')
      return false;
  }
  return digit;
}

}  // namespace plumbline::domain
