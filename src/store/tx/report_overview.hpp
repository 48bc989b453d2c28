// ReportOverviewTx: the overview report's reads (requests, claims, payments and ledger movements
// summed per time slot, active plumbers, credits outstanding); store/{sqlite,postgres}/
// report_overview.cpp implement it. Every range is half-open [from, to) by created_at.
#pragma once
#include <cstdint>
#include <vector>

#include "domain/report_overview.hpp"
#include "store/tx/method.hpp"

// One M(return type, name, (parameters)) per method (see store/tx/method.hpp).
#define PLUMBLINE_REPORT_OVERVIEW_TX(M)                                                        \
  /* Requests per slot: first = requests, second = matched requests (match_count > 0). */      \
  M(std::vector<domain::OverviewSlot>, overview_request_slots,                                 \
    (domain::Millis from, domain::Millis to, domain::Millis slot_ms))                          \
  /* Claims per slot (refunded ones included): first = claims. */                              \
  M(std::vector<domain::OverviewSlot>, overview_claim_slots,                                   \
    (domain::Millis from, domain::Millis to, domain::Millis slot_ms))                          \
  /* Payments per slot: first = payments, second = amount_cents (gross). */                    \
  M(std::vector<domain::OverviewSlot>, overview_payment_slots,                                 \
    (domain::Millis from, domain::Millis to, domain::Millis slot_ms))                          \
  /* Ledger movements per slot: first = the net credits moved (sum of amounts). */             \
  M(std::vector<domain::OverviewSlot>, overview_ledger_slots,                                  \
    (domain::Millis from, domain::Millis to, domain::Millis slot_ms))                          \
  /* Distinct plumbers with a claim or a payment in [from, to). */                             \
  M(std::int64_t, overview_active_plumbers, (domain::Millis from, domain::Millis to))          \
  /* Every plumber's balance summed: the credits outstanding now. */                           \
  M(std::int64_t, overview_credits_outstanding, ())                                            \
  /* The net credits the ledger moved at or after `from` (to undo them from today's total). */ \
  M(std::int64_t, overview_ledger_since, (domain::Millis from))

namespace plumbline::store {

class ReportOverviewTx {
 public:
  PLUMBLINE_REPORT_OVERVIEW_TX(PLUMBLINE_TX_PURE)

 protected:
  ~ReportOverviewTx() = default;
};

}  // namespace plumbline::store
