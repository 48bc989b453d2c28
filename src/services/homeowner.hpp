// What a homeowner does from the tracking page, by its token: add details, "I've hired someone",
// "I never made this request", and "Delete my details". Each is one transaction.
#pragma once
#include <string>

#include "domain/error.hpp"
#include "services/catalog_cache.hpp"
#include "services/clock.hpp"
#include "services/events.hpp"
#include "services/leads.hpp"
#include "services/marketplace_settings.hpp"
#include "services/notifications.hpp"
#include "store/store.hpp"

namespace plumbline::services {

class HomeownerService {
 public:
  HomeownerService(store::Store& store, const Clock& clock, CatalogCache& catalog,
                   OutboxNotifier& outbox, NotificationSettings notifications,
                   const MarketplaceSettings& settings);

  // Tells every claimant (sealed); refused once the request is closed or expired.
  domain::Result<TrackedLead> add_details(const std::string& token, const std::string& text);
  domain::Result<TrackedLead> mark_hired(const std::string& token);
  // Closes the lead, flags it and refunds every claimant within the dispute window (older claims
  // go to the admin's dispute queue).
  domain::Result<TrackedLead> never_requested(const std::string& token);
  // "Delete my details": overwrites the homeowner's name, phone, e-mail and address of a closed or
  // expired request (conflict while it still runs); claimants keep the copy they bought. A second
  // call changes nothing.
  domain::Result<TrackedLead> delete_homeowner_details(const std::string& token);

 private:
  store::Store& store_;
  const Clock& clock_;
  CatalogCache& catalog_;
  OutboxNotifier& outbox_;
  NotificationSettings notifications_;
  MarketplaceSettings settings_;
};

}  // namespace plumbline::services
