// PartnersTx: partner lead sources, their API keys and Idempotency-Key records (issue 20);
// store/{sqlite,postgres}/partners.cpp implement it.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "domain/partners.hpp"
#include "store/tx/method.hpp"

// One M(return type, name, (parameters)) per method (see store/tx/method.hpp).
#define PLUMBLINE_PARTNERS_TX(M)                                                                   \
  /* Inserts a source; throws StoreError unique_violation on a taken name. */                      \
  M(domain::PartnerSourceId, insert_partner_source, (const domain::PartnerSource& s))              \
  M(std::optional<domain::PartnerSource>, partner_source_by_id, (domain::PartnerSourceId id))      \
  /* Every source, by name. */                                                                     \
  M(std::vector<domain::PartnerSource>, list_partner_sources, ())                                  \
  /* Holds the source's row to the end of the transaction, so that posts of one source count */    \
  /* against its daily cap one after the other (PostgreSQL: FOR UPDATE; SQLite has one writer). */ \
  M(void, lock_partner_source, (domain::PartnerSourceId id))                                       \
  /* The source's requests created at or after `since`. */                                         \
  M(int, count_partner_leads_since, (domain::PartnerSourceId id, domain::Millis since))            \
  /* Marks a lead as the source's, with the consent evidence the partner sent. */                  \
  M(void, set_lead_partner,                                                                        \
    (domain::LeadId lead_id, domain::PartnerSourceId source_id,                                    \
     const domain::ConsentEvidence& evidence, const std::string& user_agent))                      \
  /* Marks a lead sent with the source's embedded form (its consent is the form's own). */         \
  M(void, set_lead_partner_source, (domain::LeadId lead_id, domain::PartnerSourceId source_id))    \
  M(domain::PartnerKeyId, insert_partner_key, (const domain::PartnerKey& k))                       \
  M(std::optional<domain::PartnerKey>, partner_key_by_hash, (const std::string& key_hash))         \
  M(std::optional<domain::PartnerKey>, partner_key_by_id, (domain::PartnerKeyId id))               \
  /* The source's keys, newest first, revoked ones included. */                                    \
  M(std::vector<domain::PartnerKey>, list_partner_keys, (domain::PartnerSourceId source_id))       \
  /* Revokes a key once; false when it is unknown or revoked already. */                           \
  M(bool, revoke_partner_key,                                                                      \
    (domain::PartnerKeyId id, std::optional<domain::UserId> by, domain::Millis at))                \
  M(std::optional<domain::IdempotencyRecord>, find_idempotency,                                    \
    (domain::PartnerKeyId key_id, const std::string& idempotency_key))                             \
  /* Claims the key for a first request: false when a record exists (on PostgreSQL a concurrent */ \
  /* insert of the same key waits for the other transaction and then finds its row). */            \
  M(bool, insert_idempotency, (const domain::IdempotencyRecord& r))                                \
  /* Stores the answer of the request that claimed the key. */                                     \
  M(void, finish_idempotency,                                                                      \
    (domain::PartnerKeyId key_id, const std::string& idempotency_key, domain::LeadId lead_id,      \
     const std::string& answer_sealed))

namespace plumbline::store {

class PartnersTx {
 public:
  PLUMBLINE_PARTNERS_TX(PLUMBLINE_TX_PURE)

 protected:
  ~PartnersTx() = default;
};

}  // namespace plumbline::store
