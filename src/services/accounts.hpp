// Account use cases: plumber sign-up, e-mail verification, log in/out, sessions, password reset,
// unlock, e-mail change, admins, and API tokens. Each is one transaction; e-mails go through the
// outbox.
#pragma once
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "crypto/jwt.hpp"
#include "crypto/password.hpp"
#include "domain/account.hpp"
#include "domain/account_rules.hpp"
#include "domain/audit.hpp"
#include "domain/error.hpp"
#include "services/clock.hpp"
#include "services/local_zones.hpp"
#include "services/marketplace_settings.hpp"
#include "store/store.hpp"

namespace plumbline::services {

struct AccountSettings {
  std::string base_url, secret_key;
  domain::SessionTimeouts timeouts;
  std::vector<crypto::JwtKey> jwt_keys;  // the first signs; all verify (rotation)
  domain::Millis access_ttl_ms = 15LL * 60 * 1000;
  domain::Millis refresh_ttl_ms = 30LL * 24 * 3600 * 1000;
  crypto::PasswordParams password_params;
  int max_attempts = 8;                             // outbox retries for account e-mails
  int address_failures = domain::address_failures;  // per client address and window; 0 = no budget
  int closed_account_keep_days = 30;  // a closed account is anonymised this long after closure
  bool admin_two_factor = true;  // PLUMBLINE_ADMIN_2FA: admins must sign in with a second factor
  // A new plumber's daily cap and quiet hours (the console's defaults); null = the schema's.
  const MarketplaceRules* marketplace = nullptr;
};

struct ClientInfo {
  std::string ip, user_agent;
  std::string device;  // the browser's device cookie, if it sent one
};

struct NewSession {
  std::string cookie_value;   // 192 random bits; only its SHA-256 is stored
  std::string device_cookie;  // set when this browser just became a known device of the account
  // Set instead of a session when the password was right and a second factor is due: the value of
  // the short-lived cookie that the code page sends back (only its SHA-256 is stored).
  std::string challenge;
  bool must_enrol_two_factor = false;  // an admin without two-factor: enrolment comes first
  domain::Millis expires_at = 0;
  bool remember = false;
  domain::User user;
};

struct SignedInUser {
  domain::User user;
  domain::Session session;
  bool must_enrol_two_factor = false;  // an admin without two-factor (PLUMBLINE_ADMIN_2FA=on)
};

struct TwoFactorStatus {
  bool enabled = false;
  bool required = false;  // an admin account with PLUMBLINE_ADMIN_2FA=on: it cannot be turned off
  bool pending = false;   // set-up started, waiting for a first code
  std::string secret_base32, otpauth_uri;  // while pending: for the QR code and manual entry
  int recovery_codes_left = 0;
};

struct TokenPair {
  std::string access_token, refresh_token;
  domain::Millis access_expires_at = 0;
};

class AccountService {
 public:
  // zones (may be null: UTC): the zone a time in an account e-mail is written in, a plumber's
  // base ZIP's or the staff's.
  AccountService(store::Store& store, const Clock& clock, const crypto::PasswordPolicy& policy,
                 AccountSettings settings, const LocalZones* zones = nullptr);

  domain::Result<domain::User> signup_plumber(const domain::SignupInput& input);
  // Sends a new verification link (older links stop working); no-op for verified accounts.
  domain::Status resend_verification(domain::UserId user_id);
  domain::Result<domain::User> verify_email(const std::string& token);

  // Checks credentials under the password-guessing throttle (docs/security.md): progressive delays
  // and a lock for unknown devices, a separate budget for known ones, a per-address budget; creates
  // a session and makes the browser a known device.
  domain::Result<NewSession> login(const std::string& email, const std::string& password,
                                   bool remember, const ClientInfo& client);
  // Returns the signed-in user for a session cookie value, refreshing its idle timer.
  std::optional<SignedInUser> session_user(const std::string& cookie_value);
  void logout(const std::string& session_hash);
  // Ends every other session of the user (and API refresh tokens); returns how many sessions ended.
  int logout_everywhere(domain::UserId user_id, const std::string& keep_session_hash);

  // Always succeeds from the caller's point of view (no account enumeration).
  domain::Status request_password_reset(const std::string& email);
  domain::Status reset_password(const std::string& token, const std::string& new_password);
  domain::Status unlock(const std::string& token);
  // The current password is checked under the same throttle as a log-in.
  domain::Status request_email_change(domain::UserId user_id, const std::string& new_email,
                                      const std::string& password, const ClientInfo& client);
  domain::Status confirm_email_change(const std::string& token);
  // Changes the password after checking the current one; ends every other session and API token.
  domain::Status change_password(domain::UserId user_id, const std::string& current,
                                 const std::string& next, const std::string& keep_session_hash,
                                 const ClientInfo& client);

  domain::Result<domain::User> create_admin(const std::string& email, const std::string& password);
  // The demo's admin: created only while no admin exists (checked in the same transaction);
  // conflict when one exists or the address is taken. Never promotes an existing account.
  domain::Result<domain::User> create_first_admin(const std::string& email,
                                                  const std::string& password);

  // Accounts with two-factor on also need `second_factor` (a current code or a recovery code);
  // admins without it (PLUMBLINE_ADMIN_2FA=on) get none until they enrol.
  domain::Result<TokenPair> issue_tokens(const std::string& email, const std::string& password,
                                         const ClientInfo& client,
                                         const std::string& second_factor = {});
  // Rotates a refresh token; a reused (already rotated) token revokes its whole family.
  domain::Result<TokenPair> refresh(const std::string& refresh_token);
  // The claims of a valid access token of an open account; unauthorized otherwise, and
  // sessions_ended for one issued before the user's sessions were ended (issue 15).
  domain::Result<crypto::JwtClaims> verify_access_token(const std::string& token);

  // --- closure (services/account_closure.cpp) ---
  // The plumber closes their own account: the password is checked under the log-in throttle
  // (throttled_password_check), then the second factor when two-factor is on. The
  // account stops matching at once; sessions, API refresh tokens and e-mailed links end, and it
  // can no longer log in; anonymise_closed_accounts anonymises it closed_account_keep_days later.
  domain::Status close_account(domain::UserId user_id, const std::string& password,
                               const std::optional<std::string>& second_factor_code,
                               const ClientInfo& client);
  // An admin closes a plumber's account with a reason (domain::closure_reason_problem); the
  // plumber.close audit row is written in the same transaction, as `actor`.
  domain::Status admin_close_account(const domain::Actor& actor, domain::UserId user_id,
                                     const std::string& reason);
  // The periodic job: anonymises accounts closed more than closed_account_keep_days ago.
  // `keep_going` as for RetentionService::anonymise_old_leads.
  domain::Result<int> anonymise_closed_accounts(const std::function<bool()>& keep_going = {});
  bool account_closed(domain::UserId user_id);
  // --- two-factor sign-in (services/two_factor.cpp) ---
  // The second step of a log-in: the challenge cookie from login() and a TOTP or recovery code.
  domain::Result<NewSession> complete_login(const std::string& challenge, const std::string& code,
                                            const ClientInfo& client);
  bool two_factor_challenge_alive(const std::string& challenge);
  TwoFactorStatus two_factor_status(domain::UserId user_id);
  // Starts enrolment with a new random key (refused while two-factor is on).
  domain::Status start_two_factor(domain::UserId user_id);
  // Turns two-factor on with a current code; returns the recovery codes (shown once). The audit
  // row carries the client's address.
  domain::Result<std::vector<std::string>> confirm_two_factor(domain::UserId user_id,
                                                              const std::string& code,
                                                              const ClientInfo& client);
  // Turns two-factor off after checking the password and a code; refused for required accounts.
  domain::Status disable_two_factor(domain::UserId user_id, const std::string& password,
                                    const std::string& code, const ClientInfo& client);
  bool two_factor_required(const domain::User& user) const;
  // When and why the account was closed; nullopt while it is open (services/account_closure.cpp).
  std::optional<domain::AccountClosure> closure(domain::UserId user_id);

  std::optional<domain::Plumber> plumber(domain::UserId user_id);
  std::optional<domain::User> user(domain::UserId user_id);

 private:
  // What a password check recorded before the slow comparison.
  struct PasswordCheckTicket {
    std::int64_t attempt_id = 0;
    std::string device_hash;
    bool trusted = false;  // a device the account has signed in from before
  };
  // new_device_cookie: when given, a successful check from an unknown device makes a new known
  // device and puts its cookie value there.
  // second_factor_due: when given, set when the account has two-factor on (the device is then
  // made known only after the second step).
  domain::Result<domain::User> check_credentials(const std::string& email,
                                                 const std::string& password,
                                                 const ClientInfo& client,
                                                 std::string* new_device_cookie = nullptr,
                                                 bool* second_factor_due = nullptr);
  // A new session row for the user (after every factor is checked).
  NewSession start_session(const domain::User& user, bool remember, const ClientInfo& client);
  // Remembers the browser as a device of the account; a new device (not the account's first)
  // gets a "new sign-in" e-mail. Returns the new device cookie value, or "" when it was known.
  std::string welcome_device(const domain::User& user, const ClientInfo& client, bool trusted);
  // Checks (and spends) a TOTP or recovery code under the failure delays; nullopt when right.
  // A failure writes an auth.second_factor_failed audit row (from client address `ip`).
  std::optional<domain::Error> check_second_factor(domain::UserId user_id, const std::string& code,
                                                   const std::string& ip = {});
  // Refuses (locked, wait) or records the attempt as a provisional failure, in one transaction.
  std::optional<domain::Error> reserve_password_check(const domain::User& user,
                                                      const ClientInfo& client, domain::Millis now,
                                                      PasswordCheckTicket& ticket);
  // The throttled check itself: nullopt when the password is right.
  std::optional<domain::Error> throttled_password_check(const domain::User& user,
                                                        const std::string& password,
                                                        const ClientInfo& client,
                                                        PasswordCheckTicket& ticket);
  TokenPair new_token_pair(store::Tx& tx, const domain::User& user, const std::string& family);

  store::Store& store_;
  const Clock& clock_;
  const crypto::PasswordPolicy& policy_;
  AccountSettings s_;
  const LocalZones* zones_;
  std::string
      dummy_hash_;  // verified against for unknown e-mails, so timing does not reveal accounts
  // Failed attempts on addresses without an account, so they get the same delays and "locked"
  // answers as real accounts (otherwise the answers would reveal which addresses are registered).
  std::mutex unknown_mu_;
  std::unordered_map<std::string, std::vector<domain::Millis>> unknown_failures_;
  std::optional<domain::Error> unknown_address_attempt(const std::string& email,
                                                       domain::Millis now);
};

}  // namespace plumbline::services
