// The dashboard's plan offer and a refused claim's way out, from BillingService::advice.
#include "web/plan_offer.hpp"

#include <boost/json.hpp>

#include "web/present/plan_view.hpp"
#include "web/present/plumber_view.hpp"

namespace plumbline::web {

namespace json = boost::json;

namespace {

std::string missed_leads_text(std::int64_t n, int days) {
  auto period = "in the last " + std::to_string(days) + " days";
  if (n == 0)
    return "No request for the services you offer came from your area " + period +
           ". With a plan you are told about the next one the moment it arrives.";
  return std::string(n == 1 ? "1 request" : std::to_string(n) + " requests") + " for the " +
         "services you offer came from your area " + period + ". Plumbers with a plan were told " +
         "about " + (n == 1 ? "it" : "each one") + " the moment it arrived; you were not.";
}

}  // namespace

json::value dashboard_plan_offer(const Services& a, domain::UserId user_id) {
  if (!a.billing) return nullptr;
  auto r = a.billing->advice(user_id);
  if (!r || !r->fix || r->fix->kind == domain::fix_pack) return nullptr;
  const auto& v = *r;
  if (v.fix->kind == domain::fix_card)
    return json::object{{"card", true},
                        {"online_payment", v.online_payment},
                        {"fix", purchase_fix_context(*v.fix)}};
  json::array plans;
  for (const auto& p : v.plans)
    plans.push_back({{"id", p.id},
                     {"name", p.name},
                     {"price", money(p.price_cents)},
                     {"credits", p.monthly_credits},
                     {"per_credit", per_credit(p.price_cents, p.monthly_credits)},
                     {"recommended", v.fix->plan && v.fix->plan->id == p.id}});
  return json::object{
      {"card", false},
      {"missed_leads", v.missed_leads},
      {"missed_days", services::missed_leads_days},
      {"missed_text", missed_leads_text(v.missed_leads, services::missed_leads_days)},
      {"plans", std::move(plans)},
      {"has_plans", !v.plans.empty()},
      {"online_payment", v.online_payment},
      {"fix", purchase_fix_context(*v.fix)}};
}

json::value claim_refusal_fix(const Services& a, domain::UserId user_id, domain::LeadId lead_id,
                              domain::ErrorCode refusal) {
  using domain::ErrorCode;
  if (!a.billing || !a.billing->online_payment()) return nullptr;
  if (refusal != ErrorCode::insufficient_credits && refusal != ErrorCode::not_eligible)
    return nullptr;
  auto lead = a.lead_browse->lead_view(user_id, false, lead_id);
  if (!lead) return nullptr;
  auto r = a.billing->advice(user_id, lead->card.price_credits);
  if (!r || !r->fix) return nullptr;
  // A pack cannot lift a refusal for something else (paused, daily cap, service dropped).
  bool fits = refusal == ErrorCode::insufficient_credits ? r->fix->kind == domain::fix_pack
                                                         : r->fix->kind != domain::fix_pack;
  if (!fits) return nullptr;
  return purchase_fix_context(*r->fix);
}

}  // namespace plumbline::web
