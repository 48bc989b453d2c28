// A plumber's plan as every page and API shows it (one source of truth), and the purchase that
// fixes a refusal (the plan to choose, the pack to buy, or the card to update). Pure rules.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/marketplace.hpp"
#include "domain/payments.hpp"

namespace plumbline::domain {

// Shown when an administrator set the plan status by hand (no plan from the price list).
inline constexpr const char* plan_set_by_admin_name = "Plan set by an administrator";

struct PlanStanding {
  PlanStatus status = PlanStatus::none;  // from the plumbers row
  std::string plan_id;                   // empty: none, or set by hand
  std::string plan_name;                 // empty only when status is none
  Cents price_cents = 0;                 // a month
  Credits credits_per_period = 0;        // granted with each paid month
  std::int64_t period_end = 0;           // Unix seconds; 0 = unknown
  bool ends_at_period_end = false;       // canceled, or cancels then: period_end is an end date
  bool has_plan() const { return status != PlanStatus::none; }
};

// The standing from the billing row and the plan it names (nullopt when none or unknown). A status
// without a plan (set by an administrator) is still a plan: its name says so.
PlanStanding plan_standing(const PlumberBilling& billing, const std::optional<PaymentPlan>& plan);

// "Active", "No plan", "Past due"…
std::string plan_status_label(PlanStatus status);

inline constexpr const char* fix_plan = "plan";  // choose a plan
inline constexpr const char* fix_pack = "pack";  // buy a credit pack
inline constexpr const char* fix_card = "card";  // update the card of a past-due plan

struct PurchaseFix {
  std::string kind;                 // fix_plan | fix_pack | fix_card
  std::optional<PaymentPlan> plan;  // fix_plan: the plan to choose; fix_card: the current one
  std::optional<CreditPack> pack;   // fix_pack
  Credits shortfall = 0;            // credits missing for the price asked about
};

// What a purchase would fix for `plumber` wanting something that costs `price` credits (0: just
// to claim at all), from the plans and packs for sale: nullopt when nothing for sale fixes it
// (not approved, suspended, or no plan/pack on sale). A plan that does not allow claiming comes
// first: past due → update the card; none or ended → the cheapest plan whose monthly credits
// cover the shortfall (the cheapest of all when none does). Then credits: the smallest pack that
// covers the shortfall (the largest when none does).
std::optional<PurchaseFix> purchase_fix(const PlumberProfile& plumber, const PlanStanding& standing,
                                        Credits balance, Credits price,
                                        const std::vector<PaymentPlan>& plans,
                                        const std::vector<CreditPack>& packs, Millis now,
                                        Millis past_due_grace_ms);

}  // namespace plumbline::domain
