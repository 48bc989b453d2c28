// Marketplace: what a plumber's dashboard reads — available leads, figures, one lead as the caller
// may see it.
#include "domain/marketplace_rules.hpp"
#include "services/marketplace.hpp"
#include "services/marketplace_detail.hpp"

namespace plumbline::services {

using domain::Error;
using domain::ErrorCode;
using domain::Result;
using namespace marketplace_detail;

Result<domain::AvailablePage> MarketplaceService::available(const domain::AvailableQuery& query) {
  auto q = query;
  if (q.sort.empty()) q.sort = domain::sort_newest;
  if (q.sort != domain::sort_newest && q.sort != domain::sort_nearest &&
      q.sort != domain::sort_cheapest)
    return invalid("sort", "Sort by newest, nearest or cheapest.");
  if (q.max_distance && (*q.max_distance < 0 || *q.max_distance > 1000))
    return invalid("max_distance", "Enter a distance in miles from 0 to 1,000.");
  q.limit = clamp_limit(q.limit, 100);
  q.offset = clamp_offset(q.offset);
  try {
    return store_.read<domain::AvailablePage>([&](store::Tx& tx) { return tx.available_leads(q); });
  } catch (const std::exception& e) {
    return unavailable_error(e, "available_leads");
  }
}

Result<DashboardFigures> MarketplaceService::figures(std::int64_t plumber_id) {
  auto now = clock_.now_ms();
  try {
    return store_.read<Result<DashboardFigures>>([&](store::Tx& tx) -> Result<DashboardFigures> {
      auto p = tx.plumber_profile(plumber_id);
      if (!p) return not_found("that plumber");
      auto stats = tx.plumber_stats(plumber_id, domain::month_start_utc(now));
      DashboardFigures f;
      f.balance = tx.credit_balance(plumber_id);
      f.claims_this_month = stats.claims_this_month;
      if (stats.won + stats.lost > 0)
        f.win_rate = static_cast<double>(stats.won) / (stats.won + stats.lost);
      if (stats.won > 0) f.cost_per_job_won = static_cast<double>(stats.credits_spent) / stats.won;
      auto why = domain::plumber_not_eligible(*p, now, settings_.past_due_grace_ms);
      if (!why)
        why = domain::daily_cap_refusal(p->settings,
                                        tx.count_claims_since(plumber_id, now - domain::day_ms));
      if (why) f.not_eligible = why->message;
      return f;
    });
  } catch (const std::exception& e) {
    return unavailable_error(e, "dashboard_figures");
  }
}

Result<LeadView> MarketplaceService::lead_view(std::int64_t user_id, bool is_admin,
                                               std::int64_t lead_id) {
  try {
    return store_.read<Result<LeadView>>([&](store::Tx& tx) -> Result<LeadView> {
      // A lead that did not match this plumber is not acknowledged at all.
      auto gone = not_found("that lead");
      auto card = tx.lead_card(lead_id, user_id);
      if (!card) return gone;
      LeadView v{*card, std::nullopt, std::nullopt};
      if (is_admin) {
        v.contact = tx.lead_by_id(lead_id);
        return v;
      }
      v.my_claim = tx.claim_for(lead_id, user_id);
      if (v.my_claim) {
        v.contact = tx.lead_by_id(lead_id);
        if (v.contact) keep_bought_contact(tx, v.my_claim->id, *v.contact);
      } else if (!tx.lead_match(lead_id, user_id))
        return gone;
      return v;
    });
  } catch (const std::exception& e) {
    return unavailable_error(e, "lead_view");
  }
}

Result<ClaimDetail> MarketplaceService::claim_detail(std::int64_t plumber_id,
                                                     std::int64_t claim_id) {
  try {
    return store_.read<Result<ClaimDetail>>([&](store::Tx& tx) -> Result<ClaimDetail> {
      auto claim = tx.claim_by_id(claim_id);
      if (!claim || claim->plumber_id != plumber_id) return not_found("that claim");
      auto lead = tx.lead_by_id(claim->lead_id);
      if (!lead) return not_found("that claim");
      keep_bought_contact(tx, claim_id, *lead);
      return ClaimDetail{*claim, std::move(*lead), tx.dispute_for_claim(claim_id)};
    });
  } catch (const std::exception& e) {
    return unavailable_error(e, "claim_detail");
  }
}

}  // namespace plumbline::services
