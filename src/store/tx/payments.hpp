// PaymentsTx: Stripe events and payments; store/{sqlite,postgres}/payments.cpp implement it.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/payments.hpp"
#include "store/tx/method.hpp"

// One M(return type, name, (parameters)) per method (see store/tx/method.hpp).
#define PLUMBLINE_PAYMENTS_TX(M)                                                                \
  /* Records a Stripe event id; false (and no change) when it was recorded already. On */       \
  /* PostgreSQL a concurrent insert of the same id waits for the first transaction and then */  \
  /* returns false. */                                                                          \
  M(bool, record_stripe_event,                                                                  \
    (const std::string& id, const std::string& type, std::int64_t created,                      \
     const std::string& outcome, domain::Millis at))                                            \
  M(std::int64_t, count_stripe_events, ())                                                      \
  /* Inserts a payment (payment.id is ignored; read the row back with payment_by_stripe_id); */ \
  /* false (no change) when its stripe_id exists. */                                            \
  M(bool, insert_payment, (const domain::Payment& payment))                                     \
  M(std::optional<domain::Payment>, payment_by_stripe_id, (const std::string& stripe_id))       \
  M(std::optional<domain::Payment>, payment_by_intent, (const std::string& payment_intent))     \
  M(std::optional<domain::Payment>, payment_by_charge, (const std::string& charge_id))          \
  /* Writes payment_intent, charge_id, receipt_url, amount_refunded_cents, dispute_status, */   \
  /* dispute_reason and updated_at of the payment with this id. */                              \
  M(void, update_payment, (const domain::Payment& payment))                                     \
  /* Newest first (created_at, then id). */                                                     \
  M(std::vector<domain::Payment>, list_payments, (const domain::PaymentListQuery& q))

namespace plumbline::store {

class PaymentsTx {
 public:
  PLUMBLINE_PAYMENTS_TX(PLUMBLINE_TX_PURE)

 protected:
  ~PaymentsTx() = default;
};

}  // namespace plumbline::store
