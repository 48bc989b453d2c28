// BillingService::advice: which purchase would let a plumber claim (a plan, a pack, or a card to
// update), what is for sale, and how many leads they miss without a plan.
#include <algorithm>

#include "log/log.hpp"
#include "services/billing.hpp"
#include "services/plan_standing.hpp"

namespace plumbline::services {

namespace {

bool advice_on_sale(bool active, const std::string& price_id) {
  return active && !price_id.empty();
}

}  // namespace

domain::Result<PurchaseAdvice> BillingService::advice(domain::UserId user_id,
                                                      domain::Credits price) {
  auto now = clock_.now_ms();
  try {
    return store_.read<domain::Result<PurchaseAdvice>>(
        [&](store::Tx& tx) -> domain::Result<PurchaseAdvice> {
          auto plumber = tx.plumber_profile(user_id);
          if (!plumber)
            return domain::Error::make(domain::ErrorCode::not_found,
                                       "There is no plumber account here.");
          PurchaseAdvice a;
          a.online_payment = online_payment();
          a.standing = read_plan_standing(tx, user_id);
          a.balance = tx.credit_balance(user_id);
          for (auto& p : tx.list_plans())
            if (advice_on_sale(p.active, p.stripe_price_id)) a.plans.push_back(std::move(p));
          for (auto& p : tx.list_packs())
            if (advice_on_sale(p.active, p.stripe_price_id)) a.packs.push_back(std::move(p));
          std::stable_sort(a.plans.begin(), a.plans.end(), [](const auto& x, const auto& y) {
            return x.price_cents < y.price_cents;
          });
          std::stable_sort(a.packs.begin(), a.packs.end(),
                           [](const auto& x, const auto& y) { return x.credits < y.credits; });
          auto fix = domain::purchase_fix(*plumber, a.standing, a.balance, price, a.plans, a.packs,
                                          now, rules_.marketplace().past_due_grace_ms);
          if (fix && fix->kind == domain::fix_plan)
            a.missed_leads =
                tx.count_area_leads_since(user_id, now - missed_leads_days * 24LL * 3600 * 1000);
          a.fix = std::move(fix);
          return a;
        });
  } catch (const domain::Failure& e) {
    log::error("billing_store_error", {{"op", "advice"}, {"error", std::string(e.what())}});
    return domain::Error::make(domain::ErrorCode::unavailable,
                               "The service is unavailable; please try again.", e.what());
  }
}

}  // namespace plumbline::services
