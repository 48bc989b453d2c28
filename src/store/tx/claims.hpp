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
  M(std::optional<int>, take_claim_slot, (std::int64_t lead_id, domain::Millis at))                \
  /* Inserts a claim and returns its id; a second claim by the same plumber on the same lead */    \
  /* throws StoreError unique_violation. */                                                        \
  M(std::int64_t, insert_claim, (const domain::Claim& claim))                                      \
  M(std::optional<domain::Claim>, claim_by_id, (std::int64_t id))                                  \
  M(std::optional<domain::Claim>, claim_for, (std::int64_t lead_id, std::int64_t plumber_id))      \
  /* Newest first, with each lead and dispute status. */                                           \
  M(std::vector<domain::ClaimWithLead>, claims_for_plumber,                                        \
    (std::int64_t plumber_id, int limit, int offset))                                              \
  M(std::int64_t, count_claims_for_plumber, (std::int64_t plumber_id))                             \
  /* Oldest first (unrefunded and refunded alike). */                                              \
  M(std::vector<domain::Claim>, claims_for_lead, (std::int64_t lead_id))                           \
  /* Oldest first; only unrefunded claims. */                                                      \
  M(std::vector<domain::Claimant>, claimants, (std::int64_t lead_id))                              \
  /* False when the claim does not belong to the plumber. */                                       \
  M(bool, update_claim_outcome,                                                                    \
    (std::int64_t claim_id, std::int64_t plumber_id, const domain::ClaimOutcomeUpdate& update,     \
     domain::Millis at))                                                                           \
  /* Sets refunded_at once; false when it was refunded already. */                                 \
  M(bool, mark_claim_refunded, (std::int64_t claim_id, domain::Millis at))                         \
  M(int, count_claims_since, (std::int64_t plumber_id, domain::Millis since))                      \
  M(domain::PlumberStats, plumber_stats, (std::int64_t plumber_id, domain::Millis month_start))

namespace plumbline::store {

class ClaimsTx {
 public:
  PLUMBLINE_CLAIMS_TX(PLUMBLINE_TX_PURE)

 protected:
  ~ClaimsTx() = default;
};

}  // namespace plumbline::store
