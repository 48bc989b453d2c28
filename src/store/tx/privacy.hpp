// PrivacyTx: anonymising leads and closed accounts, and the data export (migration 0012);
// store/{sqlite,postgres}/privacy.cpp implement it.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/account.hpp"
#include "domain/outbox.hpp"
#include "domain/privacy.hpp"
#include "store/tx/method.hpp"

// One M(return type, name, (parameters)) per method (see store/tx/method.hpp).
#define PLUMBLINE_PRIVACY_TX(M)                                                                    \
  /* Copies the lead's contact details to each of its unrefunded claims without a copy */          \
  /* (claimants keep what they bought), then overwrites name, phone, e-mail, address, best time */ \
  /* and the consent's IP and user agent with domain::anonymise_contact's placeholders, scrubs */  \
  /* the recipient and data of the lead's messages to the homeowner, and sets anonymised_at. */    \
  /* False (no change) when the lead is unknown or anonymised already. */                          \
  M(bool, anonymise_lead, (domain::LeadId lead_id, domain::Millis at))                             \
  /* Closed or expired leads not yet anonymised whose last change (updated_at) is before */        \
  /* `before`, oldest first, at most `limit`. */                                                   \
  M(std::vector<std::int64_t>, leads_due_for_anonymisation, (domain::Millis before, int limit))    \
  M(std::optional<domain::Millis>, lead_anonymised_at, (domain::LeadId lead_id))                   \
  /* The contact details this claim bought, copied when its lead was anonymised. */                \
  M(std::optional<domain::ContactCopy>, claim_contact_copy, (domain::ClaimId claim_id))            \
  /* Marks the account closed; false (no change) when it is closed already. */                     \
  M(bool, close_user,                                                                              \
    (domain::UserId user_id, const std::string& reason, std::optional<std::int64_t> closed_by,     \
     domain::Millis at))                                                                           \
  M(std::optional<domain::AccountClosure>, user_closure, (domain::UserId user_id))                 \
  /* Clears the closure of an account not yet anonymised (a removed staff member invited again);   \
   */                                                                                              \
  /* false (no change) when it is open or anonymised. */                                           \
  M(bool, reopen_user, (domain::UserId user_id, domain::Millis at))                                \
  /* Closed accounts not yet anonymised, closed before `before`, oldest first, at most `limit`. */ \
  M(std::vector<std::int64_t>, closed_users_due, (domain::Millis before, int limit))               \
  /* Overwrites a closed account's personal data: e-mail (domain::anonymised_email), password, */  \
  /* contact name, phone, licence, insurance, description, service area and settings' channels; */ \
  /* deletes its services, extra ZIPs, area, sessions, tokens, log-in attempts and devices, and */ \
  /* scrubs messages sent to it. Keeps the business name (invoices), ledger, claims, payments. */  \
  /* False (no change) when the account is not closed or anonymised already. */                    \
  M(bool, anonymise_user, (domain::UserId user_id, domain::Millis at))                             \
  /* For the data export: the user's sessions (newest first) and the messages sent to any of */    \
  /* `recipients` (e-mail addresses or phone numbers), oldest first, at most `limit`. */           \
  M(std::vector<domain::Session>, sessions_of_user, (domain::UserId user_id))                      \
  M(std::vector<domain::OutboxMessage>, messages_to,                                               \
    (const std::vector<std::string>& recipients, int limit))

namespace plumbline::store {

class PrivacyTx {
 public:
  PLUMBLINE_PRIVACY_TX(PLUMBLINE_TX_PURE)

 protected:
  ~PrivacyTx() = default;
};

}  // namespace plumbline::store
