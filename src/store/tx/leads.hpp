// LeadsTx: leads, their history, flags, added details and expiry; store/{sqlite,postgres}/leads.cpp
// implement it.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/lead.hpp"
#include "store/tx/method.hpp"

// One M(return type, name, (parameters)) per method (see store/tx/method.hpp).
#define PLUMBLINE_LEADS_TX(M)                                                                      \
  /* Inserts a lead with status "open" and returns its id. */                                      \
  M(domain::LeadId, insert_lead, (const domain::NewLead& lead))                                    \
  M(std::optional<domain::Lead>, lead_by_id, (domain::LeadId id))                                  \
  M(std::optional<domain::Lead>, lead_by_tracking_hash, (const std::string& tracking_hash))        \
  /* Returns the newest lead with this phone and service created at or after `since`, if any. */   \
  M(std::optional<domain::LeadId>, recent_lead_for_phone,                                          \
    (const std::string& phone_e164, const std::string& service_type, domain::Millis since))        \
  /* Moves a lead from one status to another; false when it was not in `from` (no change made). */ \
  M(bool, update_lead_status,                                                                      \
    (domain::LeadId id, domain::LeadStatus from, domain::LeadStatus to,                            \
     const std::string& closed_reason, domain::Millis at))                                         \
  M(std::int64_t, count_leads, ())                                                                 \
  /* Leads whose report facts (match_count, claims_count, first_claim_at) disagree with their */   \
  /* lead_matches and claims rows: 0 unless a writer bypassed the store. */                        \
  M(std::int64_t, count_report_fact_mismatches, ())                                                \
  M(void, insert_lead_history, (const domain::LeadHistoryEntry& entry))                            \
  M(std::vector<domain::LeadHistoryEntry>, lead_history, (domain::LeadId lead_id))                 \
  M(void, set_lead_flag, (domain::LeadId lead_id, const std::string& flag, domain::Millis at))     \
  /* Appends a paragraph to extra_details (separated by a blank line). */                          \
  M(void, append_lead_details,                                                                     \
    (domain::LeadId lead_id, const std::string& text, domain::Millis at))                          \
  /* Moves every open lead live since before `live_before` to expired (closed_reason "expired") */ \
  /* and returns their ids, at most `limit`, oldest first. */                                      \
  M(std::vector<domain::LeadId>, expire_open_leads,                                                \
    (domain::Millis live_before, domain::Millis at, int limit))                                    \
  /* Staff reopened lead `id`: live_since (and updated_at) become `at`. */                         \
  M(void, set_lead_live_since, (domain::LeadId id, domain::Millis at))                             \
  /* Staff's edit: overwrites the typed fields, the place and price_credits of lead `id` with */   \
  /* `fields`' (status, claims, consent and tracking stay); false when no such lead. */            \
  M(bool, update_lead_fields,                                                                      \
    (domain::LeadId id, const domain::NewLead& fields, domain::Millis at))                         \
  /* Stores the answers to the service's questions on lead `id` (issue 17). */                     \
  M(void, set_lead_answers, (domain::LeadId id, const std::vector<domain::LeadAnswer>& answers))

namespace plumbline::store {

class LeadsTx {
 public:
  PLUMBLINE_LEADS_TX(PLUMBLINE_TX_PURE)

 protected:
  ~LeadsTx() = default;
};

}  // namespace plumbline::store
