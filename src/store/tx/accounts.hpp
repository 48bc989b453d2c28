// AccountsTx: users, plumbers, log-in attempts and known devices;
// store/{sqlite,postgres}/accounts.cpp implement it.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/account.hpp"
#include "store/tx/method.hpp"

// One M(return type, name, (parameters)) per method (see store/tx/method.hpp).
#define PLUMBLINE_ACCOUNTS_TX(M)                                                                   \
  /* Inserts a user (email must already be lower-cased); throws StoreError unique_violation on */  \
  /* a taken e-mail. */                                                                            \
  M(domain::UserId, insert_user, (const domain::User& user))                                       \
  M(void, insert_plumber, (const domain::Plumber& plumber))                                        \
  M(std::optional<domain::User>, user_by_id, (domain::UserId id))                                  \
  M(std::optional<domain::User>, user_by_email, (const std::string& email))                        \
  /* The first account created with this role (lowest id), if any: "is there an admin yet?". */    \
  M(std::optional<domain::User>, oldest_user_with_role, (domain::Role role))                       \
  M(std::optional<domain::Plumber>, plumber_by_user, (domain::UserId user_id))                     \
  M(void, set_user_email_verified, (domain::UserId user_id, domain::Millis at))                    \
  /* Changes the e-mail and marks it verified (the new address proved itself); unique_violation */ \
  /* if taken. */                                                                                  \
  M(void, set_user_email, (domain::UserId user_id, const std::string& email, domain::Millis at))   \
  M(void, set_user_password,                                                                       \
    (domain::UserId user_id, const std::string& password_hash, domain::Millis at))                 \
  M(void, set_user_role, (domain::UserId user_id, domain::Role role, domain::Millis at))           \
  M(void, set_user_locked_until,                                                                   \
    (domain::UserId user_id, domain::Millis until, domain::Millis at))                             \
  /* Records an attempt and returns its id; a success moves the user's last_active_at forward. */  \
  M(std::int64_t, insert_login_attempt, (const domain::LoginAttempt& attempt))                     \
  /* Turns a recorded attempt (a provisional failure) into a success (and last activity). */       \
  M(void, set_login_attempt_succeeded, (std::int64_t attempt_id))                                  \
  /* Failed attempts from untrusted devices for the user at or after `since`, counting only */     \
  /* those after their last success. */                                                            \
  M(int, count_login_failures, (domain::UserId user_id, domain::Millis since))                     \
  /* Failed attempts for the user from this device at or after `since`, after their last */        \
  /* success. */                                                                                   \
  M(int, count_device_login_failures,                                                              \
    (domain::UserId user_id, const std::string& device_hash, domain::Millis since))                \
  /* Failed attempts from untrusted devices at this client address (any account or none) since */  \
  /* `since`. */                                                                                   \
  M(int, count_address_login_failures, (const std::string& ip, domain::Millis since))              \
  /* Holds the user's row until the transaction ends, so that password checks of one account */    \
  /* are counted one after the other (PostgreSQL: SELECT … FOR UPDATE; SQLite has one writer */  \
  /* anyway). */                                                                                   \
  M(void, lock_user_row, (domain::UserId user_id))                                                 \
  /* Devices an account has signed in from (by the SHA-256 of their device cookie). */             \
  M(bool, known_device, (domain::UserId user_id, const std::string& device_hash))                  \
  M(void, remember_device,                                                                         \
    (domain::UserId user_id, const std::string& device_hash, domain::Millis at))                   \
  M(int, count_known_devices, (domain::UserId user_id))                                            \
  /* Open (not closed) accounts with a staff role, by e-mail. */                                   \
  M(std::vector<domain::StaffMember>, list_staff, ())                                              \
  /* Open (not closed) accounts with this role: "is this the last admin?". */                      \
  M(int, count_open_users_with_role, (domain::Role role))

namespace plumbline::store {

class AccountsTx {
 public:
  PLUMBLINE_ACCOUNTS_TX(PLUMBLINE_TX_PURE)

 protected:
  ~AccountsTx() = default;
};

}  // namespace plumbline::store
