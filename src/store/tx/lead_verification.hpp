// LeadVerificationTx: the codes that confirm a homeowner's phone or e-mail and the verified facts
// on the lead (issue 17 item 1); store/{sqlite,postgres}/lead_verification.cpp implement it.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/lead_verification.hpp"
#include "store/tx/method.hpp"

// One M(return type, name, (parameters)) per method (see store/tx/method.hpp).
#define PLUMBLINE_LEAD_VERIFICATION_TX(M)                                                          \
  /* Stores a code (its hashes) and returns its id; id, attempts and used_at are ignored. */       \
  M(std::int64_t, insert_verification_code, (const domain::VerificationCode& code))                \
  /* The lead's newest code (highest id), used or not. */                                          \
  M(std::optional<domain::VerificationCode>, latest_verification_code, (domain::LeadId lead_id))   \
  /* Ends every unused, unexpired code of the lead at `at` (a resend invalidates the old code); */ \
  /* returns how many. */                                                                          \
  M(int, supersede_verification_codes, (domain::LeadId lead_id, domain::Millis at))                \
  /* Codes sent to this recipient (SHA-256 hex) created at or after `since`, on any lead. */       \
  M(std::int64_t, count_verification_codes_since,                                                  \
    (const std::string& recipient_hash, domain::Millis since))                                     \
  /* Counts one entry against an unused code that has fewer than `max_attempts`; returns the */    \
  /* attempts after it, or nullopt when the code was used or locked (nothing changed). */          \
  M(std::optional<int>, count_verification_attempt, (std::int64_t code_id, int max_attempts))      \
  /* Marks an unused code used; false when it was used already (a racing entry). */                \
  M(bool, use_verification_code, (std::int64_t code_id, domain::Millis at))                        \
  M(domain::LeadVerification, lead_verification, (domain::LeadId lead_id))                         \
  M(void, set_lead_awaiting_verification, (domain::LeadId lead_id, bool awaiting))                 \
  /* Records the channel's confirmation (phone for "sms", e-mail for "email") and ends the wait;   \
   */                                                                                              \
  /* false when that channel was confirmed already (nothing changed). */                           \
  M(bool, mark_lead_verified,                                                                      \
    (domain::LeadId lead_id, const std::string& channel, domain::Millis at))                       \
  /* Moves open leads still awaiting confirmation and created before `created_before` to */        \
  /* expired (closed_reason "unverified"), at most `limit`, oldest first; returns their ids. */    \
  M(std::vector<std::int64_t>, expire_unverified_leads,                                            \
    (domain::Millis created_before, domain::Millis at, int limit))

namespace plumbline::store {

class LeadVerificationTx {
 public:
  PLUMBLINE_LEAD_VERIFICATION_TX(PLUMBLINE_TX_PURE)

 protected:
  ~LeadVerificationTx() = default;
};

}  // namespace plumbline::store
