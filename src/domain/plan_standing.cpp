// A plumber's plan standing and the purchase that fixes a refusal: no I/O.
#include "domain/plan_standing.hpp"

#include <algorithm>

#include "domain/marketplace_rules.hpp"

namespace plumbline::domain {

PlanStanding plan_standing(const PlumberBilling& b, const std::optional<PaymentPlan>& plan) {
  PlanStanding s;
  s.status = b.plan_status;
  if (!s.has_plan()) return s;
  if (plan) {
    s.plan_id = plan->id;
    s.plan_name = plan->name;
    s.price_cents = plan->price_cents;
    s.credits_per_period = plan->monthly_credits;
  } else {
    s.plan_name = plan_set_by_admin_name;
  }
  s.period_end = b.current_period_end;
  s.ends_at_period_end = b.cancel_at_period_end || s.status == PlanStatus::canceled;
  return s;
}

std::string plan_status_label(PlanStatus s) {
  switch (s) {
    case PlanStatus::none:
      return "No plan";
    case PlanStatus::active:
      return "Active";
    case PlanStatus::trialing:
      return "Trial";
    case PlanStatus::past_due:
      return "Past due";
    case PlanStatus::canceled:
      return "Canceled";
  }
  return to_string(s);
}

namespace {

// Cheapest first; a tie goes to more credits.
bool cheaper_plan(const PaymentPlan& a, const PaymentPlan& b) {
  if (a.price_cents != b.price_cents) return a.price_cents < b.price_cents;
  return a.monthly_credits > b.monthly_credits;
}

std::optional<PaymentPlan> plan_covering(const std::vector<PaymentPlan>& plans, Credits needed) {
  std::optional<PaymentPlan> best, cheapest;
  for (const auto& p : plans) {
    if (!cheapest || cheaper_plan(p, *cheapest)) cheapest = p;
    if (p.monthly_credits >= needed && (!best || cheaper_plan(p, *best))) best = p;
  }
  return best ? best : cheapest;
}

std::optional<CreditPack> pack_covering(const std::vector<CreditPack>& packs, Credits needed) {
  std::optional<CreditPack> best, largest;
  for (const auto& p : packs) {
    if (!largest || p.credits > largest->credits) largest = p;
    if (p.credits >= needed && (!best || p.credits < best->credits ||
                                (p.credits == best->credits && p.price_cents < best->price_cents)))
      best = p;
  }
  return best ? best : largest;
}

}  // namespace

std::optional<PurchaseFix> purchase_fix(const PlumberProfile& p, const PlanStanding& standing,
                                        Credits balance, Credits price,
                                        const std::vector<PaymentPlan>& plans,
                                        const std::vector<CreditPack>& packs, Millis now,
                                        Millis grace_ms) {
  if (p.review.status != PlumberStatus::approved) return std::nullopt;
  PurchaseFix fix;
  fix.shortfall = std::max<Credits>(0, price - balance);
  if (!plan_allows_claiming(standing.status, p.plan_changed_at, standing.period_end, now,
                            grace_ms)) {
    if (standing.status == PlanStatus::past_due) {
      fix.kind = fix_card;
      for (const auto& plan : plans)
        if (plan.id == standing.plan_id) fix.plan = plan;
      return fix;
    }
    fix.kind = fix_plan;
    fix.plan = plan_covering(plans, fix.shortfall);
    if (!fix.plan) return std::nullopt;
    return fix;
  }
  if (fix.shortfall == 0) return std::nullopt;
  fix.kind = fix_pack;
  fix.pack = pack_covering(packs, fix.shortfall);
  if (!fix.pack) return std::nullopt;
  return fix;
}

}  // namespace plumbline::domain
