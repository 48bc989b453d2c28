// How pages name plans, packs, a plumber's plan standing and the purchase that fixes a refusal
// ("Starter, $49/month, 5 credits"): the billing page, the dashboard's plan offer, refused claims,
// the pricing page and the admin's plumber page all use these.
#pragma once
#include <boost/json/object.hpp>
#include <string>

#include "domain/payments.hpp"
#include "domain/plan_standing.hpp"
#include "geo/time_zone.hpp"

namespace plumbline::web {

// "$49" for whole dollars, else "$49.50".
std::string money(domain::Cents cents);
// The price of one credit, rounded to the cent: "$9.80".
std::string per_credit(domain::Cents cents, domain::Credits credits);
// "Starter, $49/month, 5 credits"
std::string plan_offer_text(const domain::PaymentPlan& plan);
// "20-credit pack, $180"
std::string pack_offer_text(const domain::CreditPack& pack);

// {has_plan, name, status, status_label, monthly_credits, renews_on, ends_on, past_due, canceled,
// summary ("Starter: Active, renews on 2027-01-05")}. With a zone, the dates are the reader's local
// dates ("Tue 5 Jan 2027"); without one, ISO dates in UTC.
boost::json::object plan_standing_context(const domain::PlanStanding& s,
                                          const geo::TimeZone* zone = nullptr);

// {kind, text (what to buy and why), link_url (/billing#plan-… or #pack-…), link_text, plan_id or
// pack_id, price_cents (a plan's a month), credits (a plan's a month, a pack's once)}.
boost::json::object purchase_fix_context(const domain::PurchaseFix& fix);

}  // namespace plumbline::web
