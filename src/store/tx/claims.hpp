// ClaimsTx: claims on leads, their outcomes and a plumber's figures;
// store/{sqlite,postgres}/claims.cpp implement it.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/marketplace.hpp"
#include "store/tx/method.hpp"

// One M(return type, name, (parameters)) per method (see store/tx/method.hpp).
#define PLUMBLINE_CLAIMS_TX(M)                                                                     \
  /* Takes one slot: claims_count + 1 when the lead is open and below max_claims, and status */    \
  /* "full" when that was the last slot. Returns the new claims_count, or nullopt (no change) */   \
  /* when the lead is not open or has no slot left. Concurrent callers never exceed max_claims. */ \
  M(std::optional<int>, take_claim_slot, (domain::LeadId lead_id, domain::Millis at))              \
  /* Inserts a claim and returns its id; a second claim by the same plumber on the same lead */    \
  /* throws StoreError unique_violation. */                                                        \
  M(domain::ClaimId, insert_claim, (const domain::Claim& claim))                                   \
  M(std::optional<domain::Claim>, claim_by_id, (domain::ClaimId id))                               \
  M(std::optional<domain::Claim>, claim_for, (domain::LeadId lead_id, domain::UserId plumber_id))  \
  /* Newest first, with each lead and dispute status. */                                           \
  M(std::vector<domain::ClaimWithLead>, claims_for_plumber,                                        \
    (domain::UserId plumber_id, int limit, int offset))                                            \
  M(std::int64_t, count_claims_for_plumber, (domain::UserId plumber_id))                           \
  /* Oldest first (unrefunded and refunded alike). */                                              \
  M(std::vector<domain::Claim>, claims_for_lead, (domain::LeadId lead_id))                         \
  /* Oldest first; only unrefunded claims. */                                                      \
  M(std::vector<domain::Claimant>, claimants, (domain::LeadId lead_id))                            \
  /* False when the claim does not belong to the plumber. */                                       \
  M(bool, update_claim_outcome,                                                                    \
    (domain::ClaimId claim_id, domain::UserId plumber_id,                                          \
     const domain::ClaimOutcomeUpdate& update, domain::Millis at))                                 \
  /* Sets refunded_at once; false when it was refunded already. */                                 \
  M(bool, mark_claim_refunded, (domain::ClaimId claim_id, domain::Millis at))                      \
  M(int, count_claims_since, (domain::UserId plumber_id, domain::Millis since))                    \
  M(domain::PlumberStats, plumber_stats, (domain::UserId plumber_id, domain::Millis month_start))

namespace plumbline::store {

class ClaimsTx {
 public:
  PLUMBLINE_CLAIMS_TX(PLUMBLINE_TX_PURE)

 protected:
  ~ClaimsTx() = default;
};

}  // namespace plumbline::store
