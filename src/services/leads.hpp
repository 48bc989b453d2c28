// Lead use cases: submit a request, show it by tracking token, cancel it. Each is one transaction.
#pragma once
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "domain/catalog.hpp"
#include "domain/error.hpp"
#include "domain/lead.hpp"
#include "domain/lead_reach.hpp"
#include "domain/marketplace.hpp"
#include "domain/photos.hpp"
#include "geo/zip_table.hpp"
#include "services/catalog_cache.hpp"
#include "services/clock.hpp"
#include "services/events.hpp"
#include "services/lead_matcher.hpp"
#include "services/lead_verification.hpp"
#include "services/marketplace_settings.hpp"
#include "services/notifications.hpp"
#include "store/store.hpp"

namespace plumbline::services {

struct SubmittedLead {
  domain::LeadId id;
  domain::LeadStatus status = domain::LeadStatus::open;
  std::string tracking_token;  // returned once; only its hash is stored
  bool duplicate = false;
  int matched = 0;  // plumbers alerted
  // Channels ("email", "sms") whose confirmation was not queued: the recipient had the day's
  // limit already (NotificationSettings::confirmations_per_recipient_per_day).
  std::vector<std::string> confirmations_withheld;
  std::vector<domain::LeadAnswer> answers;  // the service's questions as answered (issue 17)
};

struct TrackedLead {
  domain::Lead lead;
  std::vector<domain::LeadHistoryEntry> history;
  std::vector<domain::Claimant> claimants;  // who claimed it (business, phone, licence, checks)
  int matched = 0;                          // plumbers it was sent to
  VerificationStatus contact;               // issue 17: the phone (or e-mail) confirmation
  std::vector<domain::PhotoInfo> photos;    // issue 17: the homeowner's photos, oldest first
};

// A lead with its history, claimants and match count, read in the caller's transaction.
TrackedLead tracked_lead(store::Tx& tx, const domain::Lead& lead);

// Whether a plumber would be sent a request in a ZIP now; says yes or no, never who.
enum class ZipCoverage { incomplete, unknown_zip, none, some };

class LeadService {
 public:
  // matcher: matches each new lead inside its transaction and answers the form's coverage check.
  // events: told after each stored lead (metrics, live dashboards, outbox).
  LeadService(store::Store& store, const geo::ZipTable& zips, const Clock& clock,
              CatalogCache& catalog, LeadMatcher& matcher, LeadEvents& events,
              NotificationSettings notifications, const MarketplaceRules& rules);

  // Runs inside intake's transaction once the lead is stored and matched (staff's audit row).
  using AlsoInTx = std::function<void(store::Tx&, const SubmittedLead&)>;
  // Runs first inside intake's transaction; an error refuses the request and rolls it back (a
  // partner's daily cap, its Idempotency-Key taken by a concurrent post).
  using FirstInTx = std::function<std::optional<domain::Error>(store::Tx&)>;

  // Validates, resolves the ZIP, flags duplicates and stores the lead with its first history row.
  domain::Result<SubmittedLead> submit(const domain::LeadInput& input, domain::RequestContext ctx,
                                       const AlsoInTx& also = {}, const FirstInTx& first = {});
  // Finds a lead by its tracking token (not_found for unknown or malformed tokens).
  domain::Result<TrackedLead> track(const std::string& token);
  // Closes an open or full lead at the homeowner's request; a second cancel is a no-op success.
  domain::Result<TrackedLead> cancel(const std::string& token);

  // Service types and urgencies (cached; refreshed every minute).
  domain::Catalog catalog() { return catalog_.get(); }
  // How long an open lead waits before it expires (config lead_expiry_hours), for the homeowner.
  int lead_expiry_hours() const { return rules_.marketplace().lead_expiry_hours(); }

  // The facts the homeowner's sentences about who has the request are built from.
  domain::LeadReach reach(const TrackedLead& t) const;

 private:
  store::Store& store_;
  const geo::ZipTable& zips_;
  const Clock& clock_;
  CatalogCache& catalog_;
  LeadMatcher& matcher_;
  LeadEvents& events_;
  NotificationSettings notifications_;
  const MarketplaceRules& rules_;  // read per operation: console changes apply at once
};

// Maps an infrastructure failure to a client-safe error (and logs it).
domain::Error unavailable_error(const std::exception& e, const char* action);

}  // namespace plumbline::services
