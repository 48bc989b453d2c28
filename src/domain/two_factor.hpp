// Two-factor sign-in (TOTP) for staff: stored state, pending second steps, and the pure rules
// (failure delays, recovery-code form).
#pragma once
#include <cstdint>
#include <optional>
#include <string>

#include "domain/account.hpp"

namespace plumbline::domain {

struct TwoFactor {
  UserId user_id;
  std::string secret_sealed;         // the TOTP key, sealed under the server secret
  std::optional<Millis> enabled_at;  // nullopt while enrolment waits for a first code
  std::int64_t last_step = 0;        // the last TOTP step used (each code works once)
  int failures = 0;                  // wrong codes since the last right one
  Millis failed_at = 0;              // time of the last wrong code
  Millis created_at = 0;
  bool enabled() const { return enabled_at.has_value(); }
};

// A password that was right, waiting for its second factor (cookie value hashed).
struct TwoFactorChallenge {
  std::string token_hash;
  UserId user_id;
  bool remember = false;
  int failures = 0;
  Millis created_at = 0, expires_at = 0;
};

inline constexpr int recovery_code_count = 10;
inline constexpr Millis two_factor_challenge_ttl_ms = 5LL * 60 * 1000;
inline constexpr int challenge_failures = 5;  // wrong codes before the password is asked again

// How long the next code must wait after `failures` wrong codes in a row: none for the first 4,
// then 30 s doubling up to 15 minutes.
Millis two_factor_delay_ms(int failures);
// "ABCD-efgh 23" → "abcdefgh23"; recovery codes are compared (and hashed) in this form.
std::string normalize_recovery_code(const std::string& code);
// A typed answer that looks like a TOTP code (digits and spaces only) rather than a recovery code.
bool looks_like_totp(const std::string& code);

}  // namespace plumbline::domain
