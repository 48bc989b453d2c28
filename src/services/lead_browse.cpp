// What a plumber reads before claiming — available leads, figures, one lead as the caller may see
// it, the lead page (answers, area, competition, why it reached them, whether they can claim) and
// the effective price per credit behind dollar prices.
#include "services/lead_browse.hpp"

#include "domain/marketplace_rules.hpp"
#include "services/service_steps.hpp"

namespace plumbline::services {

using namespace steps;

namespace {

// The current plan's price, else the newest pack's (domain::effective_credit_price).
std::optional<domain::CreditPrice> read_credit_price(store::Tx& tx, domain::UserId user_id,
                                                     domain::Millis now) {
  auto billing = tx.plumber_billing(user_id);
  if (billing && !billing->plan_id.empty() &&
      domain::plan_is_current(billing->plan_status, billing->current_period_end, now))
    if (auto plan = domain::effective_credit_price(tx.plan_by_id(billing->plan_id), {}))
      return plan;
  // Payments come newest first; monthly invoices may stand between the packs.
  domain::PaymentListQuery q;
  q.user_id = user_id;
  q.limit = 50;
  for (q.offset = 0;; q.offset += q.limit) {
    auto page = tx.list_payments(q);
    if (auto pack = domain::effective_credit_price(std::nullopt, page)) return pack;
    if (static_cast<int>(page.size()) < q.limit) return std::nullopt;
  }
}

}  // namespace

Result<domain::AvailablePage> LeadBrowseService::available(const domain::AvailableQuery& query) {
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
  } catch (const domain::Failure& e) {
    return unavailable_error(e, "available_leads");
  }
}

Result<DashboardFigures> LeadBrowseService::figures(domain::UserId user_id) {
  auto now = clock_.now_ms();
  try {
    return store_.read<Result<DashboardFigures>>([&](store::Tx& tx) -> Result<DashboardFigures> {
      auto p = tx.plumber_profile(user_id);
      if (!p) return not_found("that plumber");
      auto stats = tx.plumber_stats(user_id, domain::month_start_utc(now));
      DashboardFigures f;
      f.balance = tx.credit_balance(user_id);
      f.claims_this_month = stats.claims_this_month;
      if (stats.won + stats.lost > 0)
        f.win_rate = static_cast<double>(stats.won) / (stats.won + stats.lost);
      if (stats.won > 0) f.cost_per_job_won = static_cast<double>(stats.credits_spent) / stats.won;
      auto why = domain::plumber_not_eligible(*p, now, rules_.marketplace().past_due_grace_ms);
      if (!why)
        why = domain::daily_cap_refusal(p->settings,
                                        tx.count_claims_since(user_id, now - domain::day_ms));
      if (why) f.not_eligible = why->message;
      return f;
    });
  } catch (const domain::Failure& e) {
    return unavailable_error(e, "dashboard_figures");
  }
}

Result<LeadView> LeadBrowseService::lead_view(domain::UserId user_id, bool is_admin,
                                              domain::LeadId lead_id) {
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
        if (v.contact) keep_bought_contact(tx, v.my_claim->id.value, *v.contact);
      } else if (!tx.lead_match(lead_id, user_id))
        return gone;
      return v;
    });
  } catch (const domain::Failure& e) {
    return unavailable_error(e, "lead_view");
  }
}

Result<LeadPage> LeadBrowseService::lead_page(domain::UserId user_id, bool is_admin,
                                              domain::LeadId lead_id) {
  auto now = clock_.now_ms();
  try {
    return store_.read<Result<LeadPage>>([&](store::Tx& tx) -> Result<LeadPage> {
      auto gone = not_found("that lead");
      auto card = tx.lead_card(lead_id, is_admin ? domain::UserId{} : user_id);
      if (!card) return gone;
      LeadPage page;
      page.card = *card;
      if (!is_admin) {
        page.my_claim = tx.claim_for(lead_id, user_id);
        if (page.my_claim) return page;  // the claimant reads the lead in My leads
        if (!tx.lead_match(lead_id, user_id)) return gone;
      }
      auto lead = tx.lead_by_id(lead_id);
      if (!lead) return gone;
      // Only the answers: the contact details stay in `lead`.
      page.extra_details = lead->extra_details;
      page.contact_method = lead->contact_method;
      page.best_time = lead->best_time;
      page.photos = tx.lead_photos(lead_id);  // issue 17: the page's viewers see thumbnails
      if (const auto* z = zips_.find(card->zip)) {
        page.has_area = true;
        page.area_lat = z->lat;
        page.area_lng = z->lng;
      }
      page.plumbers_told = static_cast<int>(tx.lead_matches(lead_id).size());
      page.expires_at = card->live_since + rules_.marketplace().lead_expiry_ms;
      if (is_admin) return page;
      ClaimState state;
      read_claim_state(tx, user_id, lead_id, now, rules_.marketplace().past_due_grace_ms, state);
      if (state.plumber)
        page.why = domain::match_reason(state.plumber->profile, card->service_type, card->zip,
                                        card->distance_miles);
      page.refusal = domain::claim_refusal(state.check);
      page.balance = state.check.balance;
      page.credit_price = read_credit_price(tx, user_id, now);
      return page;
    });
  } catch (const domain::Failure& e) {
    return unavailable_error(e, "lead_page");
  }
}

Result<std::optional<domain::CreditPrice>> LeadBrowseService::credit_price(domain::UserId user_id) {
  auto now = clock_.now_ms();
  try {
    return store_.read<std::optional<domain::CreditPrice>>(
        [&](store::Tx& tx) { return read_credit_price(tx, user_id, now); });
  } catch (const domain::Failure& e) {
    return unavailable_error(e, "credit_price");
  }
}

}  // namespace plumbline::services
