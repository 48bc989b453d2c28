// What the web pages add to a refusal that a purchase can fix: the dashboard's plan offer (leads
// missed, plans, a button to choose one) and a refused claim's way out (the plan or pack by name,
// with a link to /billing). Domain messages stay free of links and prices; these add them.
#pragma once
#include <boost/json/value.hpp>
#include <cstdint>

#include "web/services.hpp"

namespace plumbline::web {

// For an approved plumber whose plan does not let them claim: {missed_leads, missed_text,
// missed_days, plans [id, name, price, credits, per_credit, recommended: the cheapest], has_plans,
// online_payment, fix (purchase_fix_context), card (past due: update the card)}; null otherwise.
boost::json::value dashboard_plan_offer(const Services& a, domain::UserId user_id);

// For a claim refused for want of a plan (not_eligible) or of credits (insufficient_credits): the
// purchase_fix_context naming what fixes it, or null when a purchase would not, or online
// payment is not set up.
boost::json::value claim_refusal_fix(const Services& a, domain::UserId user_id,
                                     domain::LeadId lead_id, domain::ErrorCode refusal);

}  // namespace plumbline::web
