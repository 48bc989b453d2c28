// What a plumber does with money: Stripe customer, Checkout (plan or pack), Billing Portal, the
// billing overview, and the admin's plans/packs/payments. Nothing here grants credits: only
// verified webhook events do (services/payments).
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "domain/audit.hpp"
#include "domain/error.hpp"
#include "domain/ledger.hpp"
#include "domain/payments.hpp"
#include "domain/plan_standing.hpp"
#include "integrations/stripe_client.hpp"
#include "services/clock.hpp"
#include "services/marketplace_settings.hpp"
#include "store/store.hpp"

namespace plumbline::services {

struct BillingOverview {
  domain::PlumberBilling billing;
  domain::PlanStanding standing;  // what every page shows about the plan
  domain::Credits credits = 0;
  std::vector<domain::PaymentPlan> plans;      // active ones, to choose from
  std::vector<domain::CreditPack> packs;       // active ones, to buy
  std::vector<domain::Payment> payments;       // newest first (up to 50)
  std::vector<domain::LedgerEntry> movements;  // credit movements, newest first (up to 50)
  bool portal_available = false;               // a Stripe customer exists
  bool online_payment = true;                  // false: no Stripe key and no test payments
};

// Exactly one of the two is set.
struct CheckoutChoice {
  std::string plan_id;
  std::string pack_id;
};

// What the success page shows while it waits for the webhook.
struct CheckoutState {
  domain::CheckoutRecord record;
  bool complete = false;  // the webhook has been applied (credits granted / plan active)
  domain::PlanStatus plan_status = domain::PlanStatus::none;
  domain::PlanStanding standing;
  domain::Credits credits = 0;
};

// What a purchase can do for a plumber (the dashboard's plan offer, a refused claim's way out).
struct PurchaseAdvice {
  domain::PlanStanding standing;
  domain::Credits balance = 0;
  std::vector<domain::PaymentPlan> plans;  // for sale, cheapest first
  std::vector<domain::CreditPack> packs;   // for sale, smallest first
  // nullopt: no purchase fixes it, or none is for sale. Buying it online needs online_payment.
  std::optional<domain::PurchaseFix> fix;
  // Leads in the plumber's area and services over the last missed_leads_days (counted only when
  // the fix is a plan: what they miss without one).
  std::int64_t missed_leads = 0;
  bool online_payment = false;
};
inline constexpr int missed_leads_days = 30;

class BillingService {
 public:
  // base_url: the public URL the browser comes back to (success/cancel/return URLs). stripe null:
  // online payment is not set up (no Stripe key, no test payments); Checkout and the Portal are
  // refused with payments_not_set_up, everything else works (admins grant credits by hand).
  // rules: the marketplace's, read per call (a past-due plan still allows claiming for its grace).
  BillingService(store::Store& store, const Clock& clock, integrations::StripeClient* stripe,
                 std::string base_url, const MarketplaceRules& rules)
      : store_(store),
        clock_(clock),
        stripe_(stripe),
        base_url_(std::move(base_url)),
        rules_(rules) {}

  bool online_payment() const { return stripe_ != nullptr; }

  domain::Result<BillingOverview> overview(domain::UserId user_id);

  // What would let the plumber claim something costing `price` credits (0: claim at all), and
  // what is for sale (services/billing_advice.cpp).
  domain::Result<PurchaseAdvice> advice(domain::UserId user_id, domain::Credits price = 0);

  // Creates the Stripe customer once (POST /v1/customers, Idempotency-Key
  // "plumbline-customer-<user id>", metadata[plumber_id]) and stores its id; returns the id.
  domain::Result<std::string> ensure_customer(domain::UserId user_id);

  // Creates a Checkout Session (mode subscription for a plan, payment for a pack) as
  // integrations.md §1.7/1.8 describe: customer, client_reference_id "plumber_<id>",
  // metadata[plumber_id] + metadata[plan_id|pack_id] on the session and copied to
  // subscription_data[metadata] / payment_intent_data[metadata], success_url
  // <base>/billing/done?session_id={CHECKOUT_SESSION_ID}, cancel_url
  // <base>/billing?checkout=canceled. Records the session (CheckoutRecord) and returns its url for
  // a 303. Errors: payments_not_set_up (no Stripe), invalid_input (unknown or inactive plan/pack,
  // both or neither given, a pack that would pass domain::credits_balance_max), not_eligible (not
  // an approved-or-pending plumber), unavailable (Stripe unreachable or refused).
  domain::Result<std::string> start_checkout(domain::UserId user_id, const CheckoutChoice& choice);

  // POST /v1/billing_portal/sessions (customer, return_url <base>/billing); returns its url. Makes
  // the Stripe customer first when there is none (ensure_customer). payments_not_set_up without
  // Stripe.
  domain::Result<std::string> portal_url(domain::UserId user_id);

  // not_found when the session is unknown or belongs to someone else.
  domain::Result<CheckoutState> checkout_state(domain::UserId user_id,
                                               const std::string& session_id);

  // --- admin ---
  std::vector<domain::PaymentPlan> plans();
  std::vector<domain::CreditPack> packs();
  // Validates (slug id, name, cents > 0, credits > 0, price id "price_…" or empty) and saves.
  // Each saved item that changes writes its catalog.plan / catalog.pack audit row (the changed
  // fields before and after) in the same transaction, as `actor`.
  domain::Result<domain::PaymentPlan> save_plan(const domain::Actor& actor,
                                                const domain::PaymentPlan& plan);
  domain::Result<domain::CreditPack> save_pack(const domain::Actor& actor,
                                               const domain::CreditPack& pack);
  // The API's PUT: every item is validated first (details named "plans[i].field"), then all are
  // saved in one transaction, so an admin never leaves half a price list behind.
  domain::Result<std::vector<domain::PaymentPlan>> save_plans(
      const domain::Actor& actor, const std::vector<domain::PaymentPlan>& plans);
  domain::Result<std::vector<domain::CreditPack>> save_packs(
      const domain::Actor& actor, const std::vector<domain::CreditPack>& packs);
  std::vector<domain::Payment> payments(const domain::PaymentListQuery& q);

  // The message people see when Stripe cannot be reached or refuses a request.
  static constexpr const char* unavailable_message =
      "Payments are unavailable right now and nothing was charged. Please try again in a minute.";
  // What plumbers read when the server has no way to take payments.
  static constexpr const char* not_set_up_message =
      "Online payment is not set up on this server; an administrator can add credits.";

 private:
  store::Store& store_;
  const Clock& clock_;
  integrations::StripeClient* stripe_;  // null: online payment is not set up
  std::string base_url_;
  const MarketplaceRules& rules_;
};

}  // namespace plumbline::services
