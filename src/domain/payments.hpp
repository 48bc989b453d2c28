// Payments data: plans and credit packs with their Stripe price ids, and a plumber's Stripe link.
#pragma once
#include <cstdint>
#include <optional>
#include <string>

namespace plumbline::domain {

struct PaymentPlan {
  std::string id;  // slug, e.g. "starter"
  std::string name;
  int price_cents = 0;
  int monthly_credits = 0;
  std::string stripe_price_id;
  bool active = true;
};

struct CreditPack {
  std::string id;  // slug, e.g. "pack_5"
  int credits = 0;
  int price_cents = 0;
  std::string stripe_price_id;
  bool active = true;
};

// A plumber's billing state as the webhooks leave it. Times in Unix seconds (Stripe's unit).
struct PlumberBilling {
  std::int64_t user_id = 0;
  std::string stripe_customer_id;      // empty = none yet
  std::string stripe_subscription_id;  // empty = none yet
  std::string plan_id;                 // empty = none
  std::string plan_status;             // domain::plan_* values
  std::int64_t current_period_end = 0;
  std::int64_t stripe_state_at = 0;  // event.created of the newest subscription state applied
};

}  // namespace plumbline::domain
