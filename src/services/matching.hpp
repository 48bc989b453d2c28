// Matching: which plumbers a new lead goes to (fair, simultaneous alerts; SMS after the plumber's
// quiet hours), late matching for plumbers who become able to receive leads, and the request
// form's coverage check.
#pragma once
#include <string>

#include "domain/error.hpp"
#include "geo/zip_table.hpp"
#include "services/catalog_cache.hpp"
#include "services/clock.hpp"
#include "services/lead_matcher.hpp"
#include "services/leads.hpp"
#include "services/local_zones.hpp"
#include "services/marketplace_settings.hpp"
#include "services/notifications.hpp"
#include "store/store.hpp"

namespace plumbline::services {

class MatchingService final : public LeadMatcher, public OpenLeadMatcher {
 public:
  MatchingService(store::Store& store, const geo::ZipTable& zips, const LocalZones& zones,
                  const Clock& clock, CatalogCache& catalog, NotificationSettings notifications,
                  const MarketplaceRules& rules);

  // Inside LeadService::submit's transaction for a new, non-duplicate lead: records the matches,
  // enqueues one alert per matched plumber per channel (all due at the same instant, SMS after
  // quiet hours unless an emergency) and a live event. Returns the match count.
  int match_new_lead(store::Tx& tx, std::int64_t lead_id, const domain::NewLead& lead,
                     const domain::Catalog& catalog, domain::Millis now) override;

  // Re-run matching for a stored lead (staff, after an edit or for a held phone-in): the plumbers
  // match_new_lead would choose now, less those already matched, get the match and the same
  // alerts (so nobody is alerted twice); a line in the history; the homeowner of a request nobody
  // had been sent is told once, as in late matching. Returns the new matches.
  int match_again(store::Tx& tx, const domain::Lead& lead, domain::Millis now) override;

  // Late matching, inside the transaction of any change that may let the plumber receive leads
  // (approval or reactivation, plan, unpausing, a wider area or more services;
  // docs/decisions/0009-late-matching.md): matches them to the newest settings.late_match_burst
  // open leads they would have been sent at intake and were not, with the same alerts, live events
  // and a line in each lead's history; the homeowner of a request nobody had been sent is told
  // once. Returns how many leads were matched; a second call with nothing changed matches none.
  int match_open_leads(store::Tx& tx, std::int64_t plumber_id, domain::Millis now) override;

  // Whether a request in this ZIP would be sent to any plumber now, with the same rules as
  // match_new_lead: for service_type, or for any active service when it is empty or unknown.
  // `incomplete` for anything but a 5-digit ZIP (or ZIP+4), `unknown_zip` when our table lacks it.
  domain::Result<ZipCoverage> zip_coverage(const std::string& zip, const std::string& service_type);
  // The same for a validated lead (the intake's "ask first" check).
  bool covers(const domain::NewLead& lead) override;

  // The zone a plumber's quiet hours follow: their base ZIP's, else the platform's.
  const geo::TimeZone& quiet_hours_zone(const std::string& base_zip) const {
    return zones_.of_zip(base_zip);
  }

 private:
  // When a plumber's SMS alert about a lead of this urgency may go out (their quiet hours).
  domain::Millis sms_due(const std::string& base_zip, const domain::PlumberSettings& settings,
                         const std::string& urgency, domain::Millis now) const;
  // lead.matched to each matched plumber's webhooks (and the platform's), in the transaction.
  void queue_matched_events(store::Tx& tx, domain::LeadId lead_id, const domain::NewLead& lead,
                            const std::vector<domain::MatchCandidate>& matched,
                            domain::Millis now) const;

  store::Store& store_;
  const geo::ZipTable& zips_;
  const LocalZones& zones_;
  const Clock& clock_;
  CatalogCache& catalog_;
  NotificationSettings notifications_;
  const MarketplaceRules& rules_;  // read per operation: console changes apply at once
};

}  // namespace plumbline::services
