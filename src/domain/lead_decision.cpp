// The plumber's decision before a claim: effective price per credit, match reason, quality
// signals, refund rule.
#include "domain/lead_decision.hpp"

#include <algorithm>
#include <limits>

#include "domain/lead_rules.hpp"
#include "domain/marketplace_rules.hpp"

namespace plumbline::domain {

bool plan_is_current(PlanStatus plan_status, std::int64_t current_period_end, Millis now) {
  if (plan_status == PlanStatus::active || plan_status == PlanStatus::trialing ||
      plan_status == PlanStatus::past_due)
    return true;
  return plan_status == PlanStatus::canceled && now < current_period_end * 1000;
}

std::optional<CreditPrice> effective_credit_price(const std::optional<PaymentPlan>& current_plan,
                                                  const std::vector<Payment>& payments) {
  if (current_plan && current_plan->price_cents > 0 && current_plan->monthly_credits > 0)
    return CreditPrice{current_plan->price_cents, current_plan->monthly_credits, true,
                       current_plan->name + " plan"};
  for (const auto& p : payments) {
    if (p.kind != "pack" || p.credits <= 0 || p.amount_cents <= 0) continue;
    // A pack refunded in full cost nothing, so it says nothing about the price.
    if (p.amount_refunded_cents >= p.amount_cents) continue;
    return CreditPrice{p.amount_cents, p.credits, false,
                       std::to_string(p.credits) + "-credit pack"};
  }
  return std::nullopt;
}

std::optional<Cents> credits_in_cents(Credits credits, const CreditPrice& price) {
  if (price.credits <= 0 || price.price_cents < 0 || credits < 0) return std::nullopt;
  if (price.price_cents != 0 && credits > std::numeric_limits<Cents>::max() / price.price_cents)
    return std::nullopt;
  Cents product = credits * price.price_cents;
  if (product > std::numeric_limits<Cents>::max() - price.credits / 2) return std::nullopt;
  return (product + price.credits / 2) / price.credits;
}

MatchReason match_reason(const PlumberProfileInput& profile, const std::string& service_type,
                         const std::string& zip, double distance_miles) {
  MatchReason r;
  r.service_offered = std::find(profile.services.begin(), profile.services.end(), service_type) !=
                      profile.services.end();
  r.radius_miles = profile.radius_miles;
  r.base_zip = profile.base_zip;
  r.distance_miles = distance_miles;
  r.within_radius = !profile.base_zip.empty() && distance_miles <= profile.radius_miles;
  r.extra_zip = std::find(profile.extra_zips.begin(), profile.extra_zips.end(), zip) !=
                profile.extra_zips.end();
  return r;
}

std::vector<QualitySignal> quality_signals(const LeadQuality& q) {
  std::vector<QualitySignal> out;
  // Issue 17: the dated check first (docs/trust.md, "Verified phone").
  if (q.contact_verified == "phone")
    out.push_back({"phone_verified", "Phone verified",
                   "The homeowner entered the code we texted to this number."});
  else if (q.contact_verified == "email")
    out.push_back({"email_verified", "E-mail verified",
                   "The homeowner opened the single-use link we e-mailed to this address."});
  auto days = std::to_string(duplicate_window_ms / day_ms);
  if (q.duplicate_check_passed)
    out.push_back({"duplicate_check_passed", "Duplicate check passed",
                   "No other request from this phone number for this service in the last " + days +
                       " days."});
  if (q.consent_recorded)
    out.push_back({"consent_recorded", "Consent recorded",
                   "The homeowner agreed to be contacted; the consent is kept with the request."});
  return out;
}

LeadQuality quality_of(const NewLead& lead) {
  return {!lead.duplicate_of.has_value(), lead.consent_at > 0 && !lead.consent_text.empty()};
}

std::string refund_rule_sentence(Millis dispute_window_ms) {
  auto days = dispute_window_ms / day_ms;
  return "If the contact details are wrong, the job is outside your area or not a service you "
         "offer, the request is a duplicate or the homeowner says they never asked, dispute the "
         "claim from My leads within " +
         std::to_string(days) + (days == 1 ? " day" : " days") +
         ": an approved dispute gives the credits back.";
}

}  // namespace plumbline::domain
