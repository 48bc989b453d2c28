// ReportHealthTx: the Marketplace health report's grouped reads over a period (requests by what
// became of them, claims with refunds, disputes, delays to a first claim);
// store/{sqlite,postgres}/report_health.cpp implement it.
#pragma once
#include <vector>

#include "domain/report_health.hpp"
#include "store/tx/method.hpp"

// One M(return type, name, (parameters)) per method (see store/tx/method.hpp). Each reads rows
// created in [from, to) grouped by created_at / slot_ms (slot_ms > 0), slots in ascending order.
#define PLUMBLINE_REPORT_HEALTH_TX(M)                                                         \
  /* Requests by slot: counts by match, claim, cap, expiry and outcome (the leads' facts). */ \
  M(std::vector<domain::HealthRequestSlot>, report_health_requests,                           \
    (domain::Millis from, domain::Millis to, domain::Millis slot_ms))                         \
  /* Claims by slot: how many, how many refunded (claims' own created_at). */                 \
  M(std::vector<domain::HealthClaimSlot>, report_health_claims,                               \
    (domain::Millis from, domain::Millis to, domain::Millis slot_ms))                         \
  /* Disputes on the claims created in [from, to), by the claim's slot: how many, how many */ \
  /* approved (only `disputed` and `approved` are set). A dispute is never older than its */  \
  /* claim, so only disputes created from `from` on are read. */                              \
  M(std::vector<domain::HealthClaimSlot>, report_health_disputes,                             \
    (domain::Millis from, domain::Millis to, domain::Millis slot_ms))                         \
  /* Every claimed request's slot and first_claim_at - created_at, in slot order. */          \
  M(std::vector<domain::HealthClaimDelay>, report_health_first_claim_delays,                  \
    (domain::Millis from, domain::Millis to, domain::Millis slot_ms))

namespace plumbline::store {

class ReportHealthTx {
 public:
  PLUMBLINE_REPORT_HEALTH_TX(PLUMBLINE_TX_PURE)

 protected:
  ~ReportHealthTx() = default;
};

}  // namespace plumbline::store
