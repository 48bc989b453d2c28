// Payments data: plans and credit packs with their Stripe price ids, and a plumber's Stripe link.
#pragma once
#include <cstdint>
#include <optional>
#include <string>

#include "domain/ledger.hpp"

namespace plumbline::domain {

struct PaymentPlan {
  std::string id;  // slug, e.g. "starter"
  std::string name;
  Cents price_cents = 0;
  Credits monthly_credits = 0;
  std::string stripe_price_id;
  bool active = true;
};

struct CreditPack {
  std::string id;  // slug, e.g. "pack_5"
  Credits credits = 0;
  Cents price_cents = 0;
  std::string stripe_price_id;
  bool active = true;
};

// A plumber's billing state as the webhooks leave it. Times in Unix seconds (Stripe's unit).
struct PlumberBilling {
  UserId user_id;
  std::string stripe_customer_id;      // empty = none yet
  std::string stripe_subscription_id;  // empty = none yet
  std::string plan_id;                 // empty = none
  PlanStatus plan_status = PlanStatus::none;
  std::int64_t current_period_end = 0;
  std::int64_t stripe_state_at = 0;   // event.created of the newest subscription state applied
  bool cancel_at_period_end = false;  // the subscription ends at current_period_end
};

// A Checkout Session we created (recorded at creation, so the success page can tell a real one
// from a forged session id). Exactly one of plan_id / pack_id is set.
struct CheckoutRecord {
  std::string id;  // cs_…
  UserId user_id;
  std::string mode;  // "subscription" | "payment"
  std::string plan_id, pack_id;
  Millis created_at = 0;
  Millis completed_at = 0;      // 0 until checkout.session.completed was applied
  std::string subscription_id;  // sub_… once completed (subscription mode)
};

// Money that reached us: a pack purchase (stripe_id = cs_…) or a subscription invoice (in_…).
struct Payment {
  std::int64_t id = 0;
  UserId user_id;
  std::string kind;            // "pack" | "subscription"
  std::string stripe_id;       // cs_… or in_…: unique, so a repeat records nothing
  std::string payment_intent;  // pi_… (empty when unknown)
  std::string charge_id;       // ch_… (empty until known)
  std::string item_id;         // the pack or plan id
  std::string description;     // "20 credits", "Pro plan, monthly"
  Credits credits = 0;         // credits this payment bought or granted
  Cents amount_cents = 0;
  std::string currency = "usd";
  std::string receipt_url;          // Stripe receipt or hosted invoice page (empty when unknown)
  Cents amount_refunded_cents = 0;  // cumulative, from charge.refunded
  std::string dispute_status;       // empty = none; else Stripe's dispute status
  std::string dispute_reason;
  Millis created_at = 0;
  Millis updated_at = 0;
};

// Admin listing: newest first; problems_only = refunded or disputed ones.
struct PaymentListQuery {
  UserId user_id;  // 0 = everyone
  bool problems_only = false;
  int limit = 50;
  int offset = 0;
};

}  // namespace plumbline::domain
