// Accounts: users with roles, plumber sign-up data, sessions, single-use tokens, refresh tokens.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "domain/lead.hpp"

namespace plumbline::domain {

// Staff use the operator's console (and must enrol a second factor): admins and support agents.
inline bool is_staff(Role role) {
  return role == Role::admin || role == Role::support;
}
inline bool is_staff(const std::optional<Role>& role) {  // none: not signed in
  return role && is_staff(*role);
}

struct User {
  UserId id;
  std::string email;          // lower-cased
  std::string password_hash;  // argon2id encoded string
  Role role = Role::plumber;
  std::optional<Millis> email_verified_at;
  Millis locked_until = 0;  // failed-login lock; 0 = not locked
  Millis created_at = 0, updated_at = 0;
  bool verified() const { return email_verified_at.has_value(); }
};

// A staff account on the console's Staff page: whether its second factor is on and when it last
// signed in (from the audit trail's auth.sign_in rows).
struct StaffMember {
  User user;
  bool two_factor_on = false;
  std::optional<Millis> last_sign_in_at;
};

// What a plumber gives at sign-up (the full profile comes with the marketplace).
struct PlumberSignup {
  std::string business_name, contact_name, email, phone_e164;
};

struct Plumber {
  UserId user_id;
  std::string business_name, contact_name, phone_e164;
};

// One password check, recorded before the (slow) hash comparison as a failure and turned into a
// success afterwards, so parallel guesses are counted before any of them is checked.
struct LoginAttempt {
  std::optional<UserId> user_id;  // none for an address without an account
  std::string ip;
  std::string device_hash;  // SHA-256 hex of the browser's device cookie, or empty
  bool trusted = false;     // from a device this account has signed in from before
  bool success = false;
  Millis at = 0;
};

struct Session {
  std::string id_hash;  // SHA-256 hex of the cookie value; the value itself is never stored
  UserId user_id;
  Millis created_at = 0, last_seen_at = 0;
  Millis absolute_expires_at = 0;
  Millis idle_timeout_ms = 0;
  bool remember = false;
  std::string ip, user_agent;
};

// Single-use e-mailed links.
inline constexpr const char* token_verify_email = "verify_email";
inline constexpr const char* token_reset_password = "reset_password";
inline constexpr const char* token_unlock = "unlock";
inline constexpr const char* token_change_email = "change_email";
inline constexpr const char* token_staff_invite = "staff_invite";  // a staff invitation (72 h)

struct AuthToken {
  std::string token_hash;  // SHA-256 hex
  UserId user_id;
  std::string purpose;
  std::string new_email;  // for change_email
  Millis created_at = 0, expires_at = 0;
  std::optional<Millis> used_at;
};

struct RefreshToken {
  std::string token_hash;
  UserId user_id;
  std::string family_id;
  Millis created_at = 0, expires_at = 0;
  std::optional<Millis> used_at;  // rotated: a second use means theft → revoke the family
  std::optional<Millis> revoked_at;
};

// What the bearer check reads of a user per request (one primary-key read of users): a closed
// account's access tokens stop at once, and so do those issued under an older generation (every
// "end all sessions" path adds one; see store revoke_user_tokens).
struct TokenStanding {
  bool closed = false;
  std::int64_t generation = 0;
};

}  // namespace plumbline::domain
