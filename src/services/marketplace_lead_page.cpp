// Marketplace: the lead page a plumber reads before claiming (answers, area, competition, why it
// reached them, whether they can claim) and the effective price per credit behind dollar prices.
#include "services/marketplace.hpp"
#include "services/marketplace_detail.hpp"

namespace plumbline::services {

using domain::Result;
using namespace marketplace_detail;

namespace {

// The current plan's price, else the newest pack's (domain::effective_credit_price).
std::optional<domain::CreditPrice> read_credit_price(store::Tx& tx, std::int64_t plumber_id,
                                                     domain::Millis now) {
  auto billing = tx.plumber_billing(plumber_id);
  if (billing && !billing->plan_id.empty() &&
      domain::plan_is_current(billing->plan_status, billing->current_period_end, now))
    if (auto plan = domain::effective_credit_price(tx.plan_by_id(billing->plan_id), {}))
      return plan;
  // Payments come newest first; monthly invoices may stand between the packs.
  domain::PaymentListQuery q;
  q.user_id = plumber_id;
  q.limit = 50;
  for (q.offset = 0;; q.offset += q.limit) {
    auto page = tx.list_payments(q);
    if (auto pack = domain::effective_credit_price(std::nullopt, page)) return pack;
    if (static_cast<int>(page.size()) < q.limit) return std::nullopt;
  }
}

}  // namespace

Result<LeadPage> MarketplaceService::lead_page(std::int64_t user_id, bool is_admin,
                                               std::int64_t lead_id) {
  auto now = clock_.now_ms();
  try {
    return store_.read<Result<LeadPage>>([&](store::Tx& tx) -> Result<LeadPage> {
      auto gone = not_found("that lead");
      auto card = tx.lead_card(lead_id, is_admin ? 0 : user_id);
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
      if (const auto* z = zips_.find(card->zip)) {
        page.has_area = true;
        page.area_lat = z->lat;
        page.area_lng = z->lng;
      }
      page.plumbers_told = static_cast<int>(tx.lead_matches(lead_id).size());
      page.expires_at = card->created_at + settings_.lead_expiry_ms;
      if (is_admin) return page;
      ClaimState state;
      read_claim_state(tx, user_id, lead_id, now, settings_.past_due_grace_ms, state);
      if (state.plumber)
        page.why = domain::match_reason(state.plumber->profile, card->service_type, card->zip,
                                        card->distance_miles);
      page.refusal = domain::claim_refusal(state.check);
      page.balance = state.check.balance;
      page.credit_price = read_credit_price(tx, user_id, now);
      return page;
    });
  } catch (const std::exception& e) {
    return unavailable_error(e, "lead_page");
  }
}

Result<std::optional<domain::CreditPrice>> MarketplaceService::credit_price(
    std::int64_t plumber_id) {
  auto now = clock_.now_ms();
  try {
    return store_.read<std::optional<domain::CreditPrice>>(
        [&](store::Tx& tx) { return read_credit_price(tx, plumber_id, now); });
  } catch (const std::exception& e) {
    return unavailable_error(e, "credit_price");
  }
}

}  // namespace plumbline::services
