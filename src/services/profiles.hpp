// A plumber's own profile and settings. Each save also sends the open leads a wider area or
// unpausing lets them receive (late matching).
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/error.hpp"
#include "domain/marketplace.hpp"
#include "domain/plan_standing.hpp"
#include "geo/zip_table.hpp"
#include "services/catalog_cache.hpp"
#include "services/clock.hpp"
#include "services/events.hpp"
#include "services/lead_matcher.hpp"
#include "store/store.hpp"

namespace plumbline::services {

// A profile with what approval still needs.
struct ProfileView {
  domain::PlumberProfile plumber;
  bool email_verified = false;
  std::vector<std::string> missing;  // empty = ready for review
  // Verified facts changed since the last check and waiting for an admin, newest first.
  std::vector<domain::ProfileChange> changes;
  domain::PlanStanding plan;  // services/plan_standing.hpp: what every page says about the plan
};

// The profile with its verification state and approval checklist, read inside the caller's
// transaction; nullopt for non-plumbers.
std::optional<ProfileView> read_profile_view(store::Tx& tx, domain::UserId user_id);

class ProfileService {
 public:
  ProfileService(store::Store& store, const geo::ZipTable& zips, const Clock& clock,
                 CatalogCache& catalog, OpenLeadMatcher& matcher, OutboxNotifier& outbox)
      : store_(store),
        zips_(zips),
        clock_(clock),
        catalog_(catalog),
        matcher_(matcher),
        outbox_(outbox) {}

  domain::Result<ProfileView> profile(domain::UserId user_id);
  // Validates and saves; a rejected plumber who edits goes back to pending review. Once a plumber
  // has been checked (approved, or suspended with verification dates), a change to a verified
  // fact (business name, licence, insurance) is recorded for the admin's queue and clears that
  // fact's check in the same transaction; the status stays (domain/profile_change_rules.hpp).
  domain::Result<ProfileView> save_profile(domain::UserId user_id,
                                           const domain::PlumberProfileInput& input);
  domain::Result<ProfileView> save_settings(domain::UserId user_id,
                                            const domain::PlumberSettings& input);

 private:
  store::Store& store_;
  const geo::ZipTable& zips_;
  const Clock& clock_;
  CatalogCache& catalog_;
  OpenLeadMatcher& matcher_;
  OutboxNotifier& outbox_;
};

}  // namespace plumbline::services
