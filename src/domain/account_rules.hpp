// Account rules: sign-up validation, e-mail normalisation, lockout and login delays, session
// expiry.
#pragma once
#include <functional>
#include <optional>
#include <string>

#include "domain/account.hpp"
#include "domain/error.hpp"

namespace plumbline::domain {

struct SignupInput {
  std::string business_name, contact_name, email, phone, password;
};

// Returns a user-facing problem with a password, or nullopt (the policy lives in crypto/password).
using PasswordCheck = std::function<std::optional<std::string>(const std::string& password,
                                                               const std::string& email)>;

// Validates sign-up fields (every problem at once, in form order) and returns the normalised data.
Result<PlumberSignup> validate_signup(const SignupInput& in, const PasswordCheck& password_check);

// Lower-cases and trims an e-mail address for storage and lookup.
std::string normalize_email(std::string_view email);

inline constexpr int lockout_failures = 10;  // the 10th failure in the window locks
inline constexpr Millis lockout_window_ms = 15LL * 60 * 1000;    // 15 minutes
inline constexpr Millis lockout_duration_ms = 60LL * 60 * 1000;  // until unlocked by e-mail, or 1 h

// The throttling policy (docs/security.md, "Password guessing"): failures from unknown devices
// count against the account (delays, then a lock that the e-mailed unlock link lifts) and against
// the client address; a device the account has signed in from before has its own small budget and
// is not locked out by anyone else's failures.
inline constexpr int known_device_failures = 5;  // per known device and account, per window
inline constexpr int address_failures = 30;      // per client address over all accounts, per window
inline constexpr Millis device_cookie_ttl_ms = 365LL * 24 * 3600 * 1000;

// Minimum wait after `failures` recent failures before the next attempt is even checked:
// none for the first 3, then 1 s doubling to 30 s.
Millis login_delay_ms(int failures);

struct SessionTimeouts {
  Millis idle_ms = 12LL * 3600 * 1000;
  Millis absolute_ms = 24LL * 3600 * 1000;  // without "remember me"
  Millis remember_absolute_ms = 30LL * 24 * 3600 * 1000;
};

// True while the session is within both its idle and absolute limits.
bool session_alive(const Session& s, Millis now);

}  // namespace plumbline::domain
