// What intake and the services that widen a plumber's reach need from matching
// (services/matching.hpp implements both), so that neither depends on the matching service.
#pragma once
#include <cstdint>

#include "domain/catalog.hpp"
#include "domain/lead.hpp"
#include "store/store.hpp"

namespace plumbline::services {

// Intake's view of matching.
class LeadMatcher {
 public:
  virtual ~LeadMatcher() = default;
  // Runs inside the intake transaction for a new, non-duplicate lead: records the matches and
  // queues the alerts. Returns how many plumbers matched. When that is more than none, the caller
  // writes the dashboards' `live_lead_new` event as the last write of its transaction: on
  // PostgreSQL the event takes a lock held until the commit (store/postgres/live_events.cpp), and
  // every intake waits for it, so nothing else may run between the two. No dashboard shows a lead
  // nobody matched, so without matches there is no event (and no wait).
  virtual int match_new_lead(store::Tx& tx, std::int64_t lead_id, const domain::NewLead& lead,
                             const domain::Catalog& catalog, domain::Millis now) = 0;
  // Whether any plumber would be sent this validated lead now (the form's "ask first" check).
  virtual bool covers(const domain::NewLead& lead) = 0;
  // Staff's "re-run matching" after an edit, inside their transaction: sends the stored lead to
  // the plumbers who match it now and were not sent it before. Returns how many.
  virtual int match_again(store::Tx& tx, const domain::Lead& lead, domain::Millis now) = 0;
};

// Late matching, for changes that may let a plumber receive leads (approval, plan, settings).
class OpenLeadMatcher {
 public:
  virtual ~OpenLeadMatcher() = default;
  // Inside the caller's transaction; returns how many open leads the plumber was sent.
  virtual int match_open_leads(store::Tx& tx, std::int64_t plumber_id, domain::Millis now) = 0;
};

}  // namespace plumbline::services
