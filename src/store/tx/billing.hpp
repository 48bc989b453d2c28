// BillingTx: plans, credit packs, plumbers' billing state and checkout sessions;
// store/{sqlite,postgres}/billing.cpp implement it.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/payments.hpp"
#include "store/tx/method.hpp"

// One M(return type, name, (parameters)) per method (see store/tx/method.hpp).
#define PLUMBLINE_BILLING_TX(M)                                                                    \
  /* Ordered by id; inactive ones included. Plans cheapest first, packs smallest first (ties by */ \
  /* id): the order every list shows. */                                                           \
  M(std::vector<domain::PaymentPlan>, list_plans, ())                                              \
  M(std::vector<domain::CreditPack>, list_packs, ())                                               \
  M(std::optional<domain::PaymentPlan>, plan_by_price, (const std::string& stripe_price_id))       \
  M(std::optional<domain::PaymentPlan>, plan_by_id, (const std::string& id))                       \
  M(std::optional<domain::CreditPack>, pack_by_id, (const std::string& id))                        \
  /* The plumber's user id with this Stripe customer, if any. */                                   \
  M(std::optional<domain::UserId>, plumber_by_stripe_customer, (const std::string& customer_id))   \
  M(std::optional<domain::PlumberBilling>, plumber_billing, (domain::UserId user_id))              \
  /* Writes every field of `billing` (empty strings become NULL); plan_changed_at = at only */     \
  /* when the plan status changes (the past_due grace period counts from it). Guarded in SQL so */ \
  /* that a concurrent writer's newer state wins: changes nothing and returns false when the */    \
  /* stored stripe_state_at is newer than billing.stripe_state_at, or when the stored */           \
  /* subscription is this one, canceled, and billing would make it something else (canceled is */  \
  /* final). */                                                                                    \
  M(bool, save_plumber_billing, (const domain::PlumberBilling& billing, domain::Millis at))        \
  /* Sets the plumber's Stripe customer only when none is set; true when it was set by this */     \
  /* call. */                                                                                      \
  M(bool, set_stripe_customer, (domain::UserId user_id, const std::string& customer_id))           \
  /* Inserts or replaces every field of a plan / pack (admin editing). */                          \
  M(void, save_plan, (const domain::PaymentPlan& plan))                                            \
  M(void, save_pack, (const domain::CreditPack& pack))                                             \
  M(void, insert_checkout_session, (const domain::CheckoutRecord& record))                         \
  M(std::optional<domain::CheckoutRecord>, checkout_session, (const std::string& id))              \
  /* Sets completed_at (and subscription_id when given) once; false when unknown or done */        \
  /* already. */                                                                                   \
  M(bool, complete_checkout_session,                                                               \
    (const std::string& id, const std::string& subscription_id, domain::Millis at))

namespace plumbline::store {

class BillingTx {
 public:
  PLUMBLINE_BILLING_TX(PLUMBLINE_TX_PURE)

 protected:
  ~BillingTx() = default;
};

}  // namespace plumbline::store
