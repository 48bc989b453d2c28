// The admin's plumber tools: the list (or the queue of profile changes), review (approve, reject
// or suspend; the plumber is told), credits (grant or adjustment) and the plan flag. Approval and
// a plan send the open leads around the plumber (late matching).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "domain/audit.hpp"
#include "domain/error.hpp"
#include "domain/ledger.hpp"
#include "domain/marketplace.hpp"
#include "services/clock.hpp"
#include "services/events.hpp"
#include "services/lead_matcher.hpp"
#include "services/notifications.hpp"
#include "services/profiles.hpp"
#include "store/store.hpp"

namespace plumbline::services {

struct PlumberPage {
  std::vector<ProfileView> plumbers;
  std::int64_t total = 0;
};

class PlumberAdminService {
 public:
  PlumberAdminService(store::Store& store, const Clock& clock, OpenLeadMatcher& matcher,
                      OutboxNotifier& outbox, NotificationSettings notifications)
      : store_(store),
        clock_(clock),
        matcher_(matcher),
        outbox_(outbox),
        notifications_(std::move(notifications)) {}

  domain::Result<PlumberPage> list_plumbers(const domain::PlumberListQuery& query);
  // Approve, reject or suspend (validate_review); approval refuses while approval_missing is not
  // empty. Notifies the plumber. An approval records a new check, so it closes the plumber's
  // pending profile changes.
  // Each action writes its audit row (plumber.approve/reject/suspend, plumber.credits,
  // plumber.plan) in its transaction, as `actor`.
  domain::Result<ProfileView> review(const domain::Actor& actor, domain::UserId user_id,
                                     domain::PlumberReview review);
  // amount > 0 → grant, < 0 → adjustment. Refused (invalid_input on "amount", nothing changed)
  // beyond domain::credits_entry_max either way, below zero, or past domain::credits_balance_max.
  // Returns the new balance.
  domain::Result<domain::Credits> adjust_credits(const domain::Actor& actor, domain::UserId user_id,
                                                 domain::Credits amount, const std::string& reason);
  domain::Result<ProfileView> set_plan(const domain::Actor& actor, domain::UserId user_id,
                                       const std::string& plan_status);

 private:
  store::Store& store_;
  const Clock& clock_;
  OpenLeadMatcher& matcher_;
  OutboxNotifier& outbox_;
  NotificationSettings notifications_;
};

}  // namespace plumbline::services
