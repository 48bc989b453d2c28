// DisputesTx: disputes over claims; store/{sqlite,postgres}/disputes.cpp implement it.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/marketplace.hpp"
#include "store/tx/method.hpp"

// One M(return type, name, (parameters)) per method (see store/tx/method.hpp).
#define PLUMBLINE_DISPUTES_TX(M)                                                                  \
  /* Inserts a dispute and returns its id; a second dispute on the same claim throws */           \
  /* unique_violation. */                                                                         \
  M(domain::DisputeId, insert_dispute, (const domain::Dispute& dispute))                          \
  M(std::optional<domain::Dispute>, dispute_by_id, (domain::DisputeId id))                        \
  M(std::optional<domain::Dispute>, dispute_for_claim, (domain::ClaimId claim_id))                \
  /* Oldest first; none = every status. */                                                        \
  M(std::vector<domain::Dispute>, list_disputes,                                                  \
    (std::optional<domain::DisputeStatus> status, int limit, int offset))                         \
  /* Moves a pending dispute to approved or denied; false when it was not pending (no change). */ \
  M(bool, resolve_dispute,                                                                        \
    (domain::DisputeId id, domain::DisputeStatus status, const std::string& resolution,           \
     std::optional<std::int64_t> resolved_by, domain::Millis at))

namespace plumbline::store {

class DisputesTx {
 public:
  PLUMBLINE_DISPUTES_TX(PLUMBLINE_TX_PURE)

 protected:
  ~DisputesTx() = default;
};

}  // namespace plumbline::store
