// What a plumber weighs before claiming: the dollar value of a price in credits, why a lead
// reached them, the quality signals that exist and the refund rule in one sentence. No I/O.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "domain/lead.hpp"
#include "domain/marketplace.hpp"
#include "domain/payments.hpp"

namespace plumbline::domain {

// What one credit costs a plumber: price_cents for `credits` credits of their plan or pack.
struct CreditPrice {
  Cents price_cents = 0;
  Credits credits = 0;
  bool from_plan = false;  // else from the last pack bought
  std::string label;       // "Starter plan", "20-credit pack"
};

// Whether a plumber's plan is theirs now for pricing: active, trialing or past due; a canceled
// plan until its paid period ends (`current_period_end`, Unix seconds).
bool plan_is_current(PlanStatus plan_status, std::int64_t current_period_end, Millis now);

// The effective price per credit: the current plan's (plan price / credits per period), else the
// newest pack payment's (price / credits) that was not refunded in full; nullopt when the plumber
// bought neither. `payments` newest first, as the store lists them.
std::optional<CreditPrice> effective_credit_price(const std::optional<PaymentPlan>& current_plan,
                                                  const std::vector<Payment>& payments);

// `credits` at that price in cents, rounded half up; nullopt for a price without credits or a
// product beyond 64 bits.
std::optional<Cents> credits_in_cents(Credits credits, const CreditPrice& price);

// Why a lead reached a plumber, as their profile says today.
struct MatchReason {
  bool service_offered = false;  // the lead's service is among the plumber's services
  bool within_radius = false;    // distance from the base ZIP <= radius
  bool extra_zip = false;        // the lead's ZIP is one of the plumber's extra ZIP codes
  int radius_miles = 0;
  std::string base_zip;
  double distance_miles = 0;
};
MatchReason match_reason(const PlumberProfileInput& profile, const std::string& service_type,
                         const std::string& zip, double distance_miles);

// One quality signal a plumber sees on cards, the lead page and alerts.
struct QualitySignal {
  std::string slug;   // duplicate_check_passed | consent_recorded
  std::string label;  // short, for a badge
  std::string detail;
};
// Only the signals that hold, in a fixed order; never a placeholder for a check that does not
// exist.
std::vector<QualitySignal> quality_signals(const LeadQuality& quality);
// The quality of a lead as it was stored at intake.
LeadQuality quality_of(const NewLead& lead);

// The refund rule in one sentence, from the dispute reasons and window.
std::string refund_rule_sentence(Millis dispute_window_ms);

}  // namespace plumbline::domain
