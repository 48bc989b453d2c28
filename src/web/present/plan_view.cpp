// Names and contexts for plans, packs, plan standings and purchase fixes.
#include "web/present/plan_view.hpp"

#include "services/plan_standing.hpp"

namespace plumbline::web {

std::string money(domain::Cents cents) {
  auto whole = "$" + std::to_string(cents / 100);
  if (cents % 100 == 0) return whole;
  auto c = std::to_string(cents % 100);
  return whole + "." + (c.size() == 1 ? "0" + c : c);
}

std::string per_credit(domain::Cents cents, domain::Credits credits) {
  if (credits <= 0) return "—";
  domain::Cents each = (cents + credits / 2) / credits;
  auto c = std::to_string(each % 100);
  return "$" + std::to_string(each / 100) + "." + (c.size() == 1 ? "0" + c : c);
}

std::string plan_offer_text(const domain::PaymentPlan& p) {
  return p.name + ", " + money(p.price_cents) + "/month, " +
         domain::credits_text(p.monthly_credits);
}

std::string pack_offer_text(const domain::CreditPack& p) {
  return std::to_string(p.credits) + "-credit pack, " + money(p.price_cents);
}

boost::json::object plan_standing_context(const domain::PlanStanding& s,
                                          const geo::TimeZone* zone) {
  auto label = domain::plan_status_label(s.status);
  auto date = zone && s.period_end > 0 ? geo::local_date_text(s.period_end * 1000, *zone)
                                       : services::plan_date(s.period_end);
  boost::json::object o{{"has_plan", s.has_plan()},
                        {"name", s.plan_name},
                        {"status", domain::to_string(s.status)},
                        {"status_label", label},
                        {"monthly_credits", s.credits_per_period},
                        {"by_admin", s.has_plan() && s.plan_id.empty()},
                        {"past_due", s.status == domain::PlanStatus::past_due},
                        {"canceled", s.status == domain::PlanStatus::canceled}};
  std::string summary = s.has_plan() ? s.plan_name + ": " + label : label;
  if (!date.empty() && s.has_plan()) {
    o[s.ends_at_period_end ? "ends_on" : "renews_on"] = date;
    summary += (s.ends_at_period_end ? ", ends on " : ", renews on ") + date;
  }
  o["summary"] = summary;
  return o;
}

boost::json::object purchase_fix_context(const domain::PurchaseFix& fix) {
  std::string text = "What fixes it: ", url = "/billing", link;
  if (fix.kind == domain::fix_plan && fix.plan) {
    text += plan_offer_text(*fix.plan) + " a month.";
    url += "#plan-" + fix.plan->id;
    link = "Choose " + fix.plan->name + " on the Billing page";
  } else if (fix.kind == domain::fix_pack && fix.pack) {
    text += "the " + pack_offer_text(*fix.pack) + ".";
    url += "#pack-" + fix.pack->id;
    link = "Buy the " + std::to_string(fix.pack->credits) + "-credit pack on the Billing page";
  } else {
    text += "update your card for " +
            (fix.plan ? plan_offer_text(*fix.plan) + " a month" : std::string("your plan")) +
            "; claiming starts again once the payment goes through.";
    link = "Update your card on the Billing page";
  }
  if (fix.shortfall > 0 && fix.kind != domain::fix_card)
    text += " You need " + domain::credits_text(fix.shortfall) + " more for this lead.";
  boost::json::object out{
      {"kind", fix.kind}, {"text", text}, {"link_url", url}, {"link_text", link}};
  // What it costs and brings, for API clients: a plan (or the card's plan) by month, a pack once.
  if (fix.kind == domain::fix_pack && fix.pack) {
    out["pack_id"] = fix.pack->id;
    out["price_cents"] = fix.pack->price_cents;
    out["credits"] = fix.pack->credits;
  } else if (fix.plan) {
    out["plan_id"] = fix.plan->id;
    out["price_cents"] = fix.plan->price_cents;
    out["credits"] = fix.plan->monthly_credits;
  }
  return out;
}

}  // namespace plumbline::web
