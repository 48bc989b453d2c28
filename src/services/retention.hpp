// What happens to requests as they age: open leads expire after the expiry setting, and the
// homeowner's contact details of finished requests are anonymised after the retention period.
// Run by the worker's jobs (worker/expiry_job, worker/privacy_job).
#pragma once
#include <functional>

#include "domain/error.hpp"
#include "services/clock.hpp"
#include "services/marketplace_settings.hpp"
#include "store/store.hpp"

namespace plumbline::services {

class RetentionService {
 public:
  RetentionService(store::Store& store, const Clock& clock, const MarketplaceRules& rules)
      : store_(store), clock_(clock), rules_(rules) {}

  // Expires open leads on the market (live_since) longer than the expiry setting; returns how many.
  domain::Result<int> expire_leads();
  // Anonymises requests closed or expired more than homeowner_retention_days ago (by their last
  // change); returns how many.
  // `keep_going` (optional) is asked between batches of 200: false ends the sweep early (the
  // worker stopping); the next run continues where it ended.
  domain::Result<int> anonymise_old_leads(const std::function<bool()>& keep_going = {});

 private:
  store::Store& store_;
  const Clock& clock_;
  const MarketplaceRules& rules_;  // read per operation: console changes apply at once
};

}  // namespace plumbline::services
