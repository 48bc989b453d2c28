// Marketplace: construction, shared transaction steps, and the plumber's own profile and settings
// (each save also sends the open leads a wider area or unpausing lets them receive).
#include "crypto/tokens.hpp"
#include "domain/lead_rules.hpp"
#include "domain/marketplace_rules.hpp"
#include "domain/profile_change_rules.hpp"
#include "log/log.hpp"
#include "services/marketplace.hpp"
#include "services/marketplace_detail.hpp"
#include "services/plan_standing.hpp"

namespace plumbline::services {

using domain::Error;
using domain::ErrorCode;
using domain::Result;

namespace marketplace_detail {

std::optional<ProfileView> load_view(store::Tx& tx, std::int64_t plumber_id) {
  auto p = tx.plumber_profile(plumber_id);
  if (!p) return std::nullopt;
  auto user = tx.user_by_id(plumber_id);
  bool verified = user && user->verified();
  auto changes = tx.profile_changes(plumber_id, 100);  // pending first
  std::erase_if(changes, [](const domain::ProfileChange& c) { return !c.pending(); });
  return ProfileView{*p, verified, domain::approval_missing(*p, verified), std::move(changes),
                     read_plan_standing(tx, plumber_id)};
}

bool refund_claim(store::Tx& tx, const domain::Claim& claim, const std::string& reason,
                  std::optional<std::int64_t> actor, domain::Millis now) {
  if (claim.refunded_at || !tx.mark_claim_refunded(claim.id, now)) return false;
  if (claim.price_credits == 0) return true;
  domain::LedgerEntry e;
  e.user_id = claim.plumber_id;
  e.kind = domain::ledger_refund;
  e.amount = claim.price_credits;
  e.reason = reason;
  e.actor_user_id = actor;
  e.reference = "refund:claim:" + std::to_string(claim.id);
  e.created_at = now;
  tx.append_ledger_entry(e);  // a credit always fits; a second refund is a unique violation
  return true;
}

std::optional<domain::Lead> lead_by_token(store::Tx& tx, const std::string& token) {
  if (!domain::plausible_tracking_token(token)) return std::nullopt;
  return tx.lead_by_tracking_hash(crypto::sha256_hex(token));
}

TrackedLead tracked(store::Tx& tx, std::int64_t lead_id) {
  return tracked_lead(tx, *tx.lead_by_id(lead_id));
}

Error not_found(const std::string& what) {
  return Error::make(ErrorCode::not_found, "We could not find " + what + ".");
}

Error invalid(const std::string& field, const std::string& message) {
  auto e = Error::make(ErrorCode::invalid_input, message);
  e.details.push_back({field, message});
  return e;
}

}  // namespace marketplace_detail

using namespace marketplace_detail;

MarketplaceService::MarketplaceService(store::Store& store, const geo::ZipTable& zips,
                                       const geo::TimeZones& zones, const Clock& clock,
                                       LeadService& leads, NotificationSettings notifications,
                                       MarketplaceSettings settings)
    : store_(store),
      zips_(zips),
      zones_(zones),
      clock_(clock),
      leads_(leads),
      notifications_(std::move(notifications)),
      settings_(settings) {}

Result<ProfileView> MarketplaceService::profile(std::int64_t plumber_id) {
  try {
    auto v = store_.read<std::optional<ProfileView>>(
        [&](store::Tx& tx) { return load_view(tx, plumber_id); });
    if (!v) return not_found("that plumber");
    return std::move(*v);
  } catch (const std::exception& e) {
    return unavailable_error(e, "plumber_profile");
  }
}

Result<ProfileView> MarketplaceService::save_profile(std::int64_t plumber_id,
                                                     const domain::PlumberProfileInput& input) {
  auto valid = domain::validate_profile(input, leads_.catalog(), zips_);
  if (!valid) return valid.error();
  auto now = clock_.now_ms();
  int late_matches = 0;
  try {
    auto r = store_.write<ProfileView>([&](store::Tx& tx) -> Result<ProfileView> {
      auto current = tx.plumber_profile(plumber_id);
      if (!current) return not_found("that plumber");
      if (domain::verified_facts_apply(current->review)) {
        // A checked fact that changes loses its check and waits in the admin's queue.
        auto changes =
            domain::verified_fact_changes(plumber_id, current->profile, valid.value(), now);
        for (const auto& c : changes) tx.insert_profile_change(c);
        if (!changes.empty())
          tx.set_plumber_review(plumber_id, domain::review_after_changes(current->review, changes));
      } else if (current->review.status == domain::plumber_rejected) {
        // Fixing a rejected profile asks for a new review; the old reason stays for the admin.
        auto review = current->review;
        review.status = domain::plumber_pending;
        tx.set_plumber_review(plumber_id, review);
      }
      // After the review: set_plumber_review stamps updated_at with the review's time.
      tx.save_plumber_profile(plumber_id, valid.value(), now);
      late_matches = match_open_leads(tx, plumber_id, now);  // a wider area or more services
      return *load_view(tx, plumber_id);
    });
    if (r && late_matches > 0) messages_queued();
    return r;
  } catch (const std::exception& e) {
    return unavailable_error(e, "save_profile");
  }
}

Result<ProfileView> MarketplaceService::save_settings(std::int64_t plumber_id,
                                                      const domain::PlumberSettings& input) {
  auto valid = domain::validate_settings(input);
  if (!valid) return valid.error();
  auto now = clock_.now_ms();
  int late_matches = 0;
  try {
    auto r = store_.write<ProfileView>([&](store::Tx& tx) -> Result<ProfileView> {
      if (!tx.plumber_profile(plumber_id)) return not_found("that plumber");
      tx.save_plumber_settings(plumber_id, valid.value(), now);
      late_matches = match_open_leads(tx, plumber_id, now);  // unpaused, or a daily cap above 0
      return *load_view(tx, plumber_id);
    });
    if (r && late_matches > 0) messages_queued();
    return r;
  } catch (const std::exception& e) {
    return unavailable_error(e, "save_settings");
  }
}

}  // namespace plumbline::services
