// The public pricing page: the lead price formula as a service × urgency table, plans and packs
// with their price per credit, the refund rules and the claims cap, all from the live catalog,
// price list and settings (admins change them; this page follows).
#include <boost/json.hpp>

#include "domain/lead_rules.hpp"
#include "domain/marketplace_rules.hpp"
#include "web/handlers.hpp"
#include "web/present/plan_view.hpp"

namespace plumbline::web {

namespace {

namespace json = boost::json;

std::int64_t whole_days(domain::Millis ms) {
  return ms / domain::day_ms;
}

}  // namespace

Response show_pricing(const Services& a, Request& req) {
  auto catalog = a.leads->catalog();
  json::array urgencies, rows;
  for (const auto& u : catalog.urgencies)
    urgencies.push_back({{"label", u.label}, {"surcharge", u.surcharge_credits}});
  for (const auto& s : catalog.services) {
    if (!s.active) continue;
    json::array prices;
    for (const auto& u : catalog.urgencies)
      prices.push_back(json::value(domain::lead_price(catalog, s.slug, u.slug)));
    rows.push_back(
        {{"label", s.label}, {"base", s.base_price_credits}, {"prices", std::move(prices)}});
  }
  // Only what can be bought: active, with a Stripe price. The store lists plans cheapest first and
  // packs smallest first.
  json::array plans, packs;
  if (a.billing) {
    for (const auto& p : a.billing->plans())
      if (p.active && !p.stripe_price_id.empty())
        plans.push_back({{"id", p.id},
                         {"name", p.name},
                         {"price", money(p.price_cents)},
                         {"credits", p.monthly_credits},
                         {"per_credit", per_credit(p.price_cents, p.monthly_credits)}});
    for (const auto& p : a.billing->packs())
      if (p.active && !p.stripe_price_id.empty())
        packs.push_back({{"id", p.id},
                         {"credits", p.credits},
                         {"price", money(p.price_cents)},
                         {"per_credit", per_credit(p.price_cents, p.credits)}});
  }
  const auto ms = a.marketplace_settings.marketplace();
  json::object ctx{
      {"urgencies", std::move(urgencies)},
      {"services", std::move(rows)},
      {"plans", std::move(plans)},
      {"packs", std::move(packs)},
      {"max_claims", ms.max_claims_per_lead},
      {"expiry_hours", static_cast<std::int64_t>(ms.lead_expiry_ms / 3'600'000)},
      {"dispute_days", whole_days(ms.dispute_window_ms)},
      {"duplicate_days", whole_days(ms.duplicate_window_ms)},
      {"daily_cap_default", ms.default_daily_cap},
      {"online_payment", a.settings.online_payment},
  };
  ctx["has_plans"] = !ctx["plans"].as_array().empty();
  ctx["has_packs"] = !ctx["packs"].as_array().empty();
  return render(a, req, 200, "pricing", "Pricing for plumbers", std::move(ctx));
}

}  // namespace plumbline::web
