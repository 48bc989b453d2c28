// TwoFactorTx: two-factor keys, recovery codes and sign-in challenges;
// store/{sqlite,postgres}/two_factor.cpp implement it.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/two_factor.hpp"
#include "store/tx/method.hpp"

// One M(return type, name, (parameters)) per method (see store/tx/method.hpp).
#define PLUMBLINE_TWO_FACTOR_TX(M)                                                               \
  M(std::optional<domain::TwoFactor>, two_factor, (domain::UserId user_id))                      \
  /* Starts (or restarts) enrolment: a new pending key; the account's recovery codes are */      \
  /* dropped. */                                                                                 \
  M(void, put_two_factor_secret,                                                                 \
    (domain::UserId user_id, const std::string& secret_sealed, domain::Millis at))               \
  /* Turns a pending key on, spending `step`; false when it was already on (no change). */       \
  M(bool, enable_two_factor, (domain::UserId user_id, std::int64_t step, domain::Millis at))     \
  /* Spends `step` if it is later than the last one used, and clears the failure count; false */ \
  /* when it was used already (a replay, or a racing use of the same code). */                   \
  M(bool, use_totp_step, (domain::UserId user_id, std::int64_t step))                            \
  M(void, record_two_factor_failure, (domain::UserId user_id, domain::Millis at))                \
  /* Removes the key and the recovery codes. */                                                  \
  M(void, delete_two_factor, (domain::UserId user_id))                                           \
  /* Replaces every recovery code of the account with these (SHA-256 hex) hashes. */             \
  M(void, replace_recovery_codes,                                                                \
    (domain::UserId user_id, const std::vector<std::string>& code_hashes))                       \
  /* Spends an unused recovery code (clearing the failure count); false when unknown or used. */ \
  M(bool, use_recovery_code,                                                                     \
    (domain::UserId user_id, const std::string& code_hash, domain::Millis at))                   \
  M(int, count_unused_recovery_codes, (domain::UserId user_id))                                  \
  M(void, insert_two_factor_challenge, (const domain::TwoFactorChallenge& challenge))            \
  M(std::optional<domain::TwoFactorChallenge>, two_factor_challenge,                             \
    (const std::string& token_hash))                                                             \
  /* Counts a wrong code against the challenge; returns its failures so far. */                  \
  M(int, fail_two_factor_challenge, (const std::string& token_hash))                             \
  /* Deletes the challenge; false when it was gone already (spent by a racing request). */       \
  M(bool, delete_two_factor_challenge, (const std::string& token_hash))

namespace plumbline::store {

class TwoFactorTx {
 public:
  PLUMBLINE_TWO_FACTOR_TX(PLUMBLINE_TX_PURE)

 protected:
  ~TwoFactorTx() = default;
};

}  // namespace plumbline::store
