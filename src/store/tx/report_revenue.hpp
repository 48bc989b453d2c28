// ReportRevenueTx: the revenue report's grouped reads (payments, refunds and chargebacks,
// subscription changes, the credit ledger); store/{sqlite,postgres}/report_revenue.cpp implement
// it.
#pragma once
#include <cstdint>
#include <vector>

#include "domain/credits.hpp"
#include "domain/report_revenue.hpp"
#include "store/tx/method.hpp"

// One M(return type, name, (parameters)) per method (see store/tx/method.hpp). Every *_by_slot
// method groups the rows with from <= created_at < to by (created_at / slot_ms, kind) and sums
// their amount: payments (amount_cents; kind pack / subscription), payment_reversals
// (amount_cents; refund / dispute / chargeback), subscription_changes (mrr_delta_cents; new /
// renewed / changed / churned) and credit_ledger (amount; grant / purchase / claim / refund /
// adjustment).
#define PLUMBLINE_REPORT_REVENUE_TX(M)                                                           \
  M(std::vector<domain::ReportSlotSum>, revenue_payments_by_slot,                                \
    (domain::Millis from, domain::Millis to, domain::Millis slot_ms))                            \
  M(std::vector<domain::ReportSlotSum>, revenue_reversals_by_slot,                               \
    (domain::Millis from, domain::Millis to, domain::Millis slot_ms))                            \
  M(std::vector<domain::ReportSlotSum>, revenue_subscriptions_by_slot,                           \
    (domain::Millis from, domain::Millis to, domain::Millis slot_ms))                            \
  M(std::vector<domain::ReportSlotSum>, revenue_ledger_by_slot,                                  \
    (domain::Millis from, domain::Millis to, domain::Millis slot_ms))                            \
  /* MRR (cents) just before `at`: the sum of subscription_changes.mrr_delta_cents before it. */ \
  M(std::int64_t, revenue_mrr_before, (domain::Millis at))                                       \
  /* Today's credits outstanding: the sum of credit_balances. */                                 \
  M(domain::Credits, revenue_credits_outstanding, ())                                            \
  /* The sum of ledger amounts with from <= created_at < to (what moved in between). */          \
  M(domain::Credits, revenue_ledger_between, (domain::Millis from, domain::Millis to))           \
  /* Plumbers with at least one claim or one payment in [from, to). */                           \
  M(std::int64_t, revenue_active_plumbers, (domain::Millis from, domain::Millis to))

namespace plumbline::store {

class ReportRevenueTx {
 public:
  PLUMBLINE_REPORT_REVENUE_TX(PLUMBLINE_TX_PURE)

 protected:
  ~ReportRevenueTx() = default;
};

}  // namespace plumbline::store
