// A plumber's own profile and settings (each save also sends the open leads a wider area or
// unpausing lets them receive).
#include "services/profiles.hpp"

#include "domain/lead_rules.hpp"
#include "domain/marketplace_rules.hpp"
#include "domain/profile_change_rules.hpp"
#include "services/leads.hpp"
#include "services/plan_standing.hpp"
#include "services/service_steps.hpp"

namespace plumbline::services {

using domain::Result;
using steps::not_found;

std::optional<ProfileView> read_profile_view(store::Tx& tx, domain::UserId user_id) {
  auto p = tx.plumber_profile(user_id);
  if (!p) return std::nullopt;
  auto user = tx.user_by_id(user_id);
  bool verified = user && user->verified();
  auto changes = tx.profile_changes(user_id, 100);  // pending first
  std::erase_if(changes, [](const domain::ProfileChange& c) { return !c.pending(); });
  return ProfileView{*p, verified, domain::approval_missing(*p, verified), std::move(changes),
                     read_plan_standing(tx, user_id)};
}

Result<ProfileView> ProfileService::profile(domain::UserId user_id) {
  try {
    auto v = store_.read<std::optional<ProfileView>>(
        [&](store::Tx& tx) { return read_profile_view(tx, user_id); });
    if (!v) return not_found("that plumber");
    return std::move(*v);
  } catch (const domain::Failure& e) {
    return unavailable_error(e, "plumber_profile");
  }
}

Result<ProfileView> ProfileService::save_profile(domain::UserId user_id,
                                                 const domain::PlumberProfileInput& input) {
  auto valid = domain::validate_profile(input, catalog_.get(), zips_);
  if (!valid) return valid.error();
  auto now = clock_.now_ms();
  int late_matches = 0;
  try {
    auto r = store_.write<ProfileView>([&](store::Tx& tx) -> Result<ProfileView> {
      auto current = tx.plumber_profile(user_id);
      if (!current) return not_found("that plumber");
      if (domain::verified_facts_apply(current->review)) {
        // A checked fact that changes loses its check and waits in the admin's queue.
        auto changes = domain::verified_fact_changes(user_id, current->profile, valid.value(), now);
        for (const auto& c : changes) tx.insert_profile_change(c);
        if (!changes.empty())
          tx.set_plumber_review(user_id, domain::review_after_changes(current->review, changes));
      } else if (current->review.status == domain::PlumberStatus::rejected) {
        // Fixing a rejected profile asks for a new review; the old reason stays for the admin.
        auto review = current->review;
        review.status = domain::PlumberStatus::pending;
        tx.set_plumber_review(user_id, review);
      }
      // After the review: set_plumber_review stamps updated_at with the review's time.
      tx.save_plumber_profile(user_id, valid.value(), now);
      late_matches =
          matcher_.match_open_leads(tx, user_id.value, now);  // a wider area or more services
      return *read_profile_view(tx, user_id);
    });
    if (r && late_matches > 0) outbox_.messages_queued();
    return r;
  } catch (const domain::Failure& e) {
    return unavailable_error(e, "save_profile");
  }
}

Result<ProfileView> ProfileService::save_settings(domain::UserId user_id,
                                                  const domain::PlumberSettings& input) {
  auto valid = domain::validate_settings(input);
  if (!valid) return valid.error();
  auto now = clock_.now_ms();
  int late_matches = 0;
  try {
    auto r = store_.write<ProfileView>([&](store::Tx& tx) -> Result<ProfileView> {
      if (!tx.plumber_profile(user_id)) return not_found("that plumber");
      tx.save_plumber_settings(user_id, valid.value(), now);
      late_matches =
          matcher_.match_open_leads(tx, user_id.value, now);  // unpaused, or a daily cap above 0
      return *read_profile_view(tx, user_id);
    });
    if (r && late_matches > 0) outbox_.messages_queued();
    return r;
  } catch (const domain::Failure& e) {
    return unavailable_error(e, "save_settings");
  }
}

}  // namespace plumbline::services
