// Lead use cases: submit a request, show it by tracking token, cancel it. Each is one transaction.
#pragma once
#include <functional>
#include <mutex>
#include <string>
#include <vector>

#include "domain/catalog.hpp"
#include "domain/error.hpp"
#include "domain/lead.hpp"
#include "domain/lead_reach.hpp"
#include "domain/marketplace.hpp"
#include "geo/zip_table.hpp"
#include "services/clock.hpp"
#include "services/notifications.hpp"
#include "store/store.hpp"

namespace plumbline::services {

struct SubmittedLead {
  std::int64_t id = 0;
  std::string status;
  std::string tracking_token;  // returned once; only its hash is stored
  bool duplicate = false;
  int matched = 0;  // plumbers alerted
  // Channels ("email", "sms") whose confirmation was not queued: the recipient had the day's
  // limit already (NotificationSettings::confirmations_per_recipient_per_day).
  std::vector<std::string> confirmations_withheld;
};

struct TrackedLead {
  domain::Lead lead;
  std::vector<domain::LeadHistoryEntry> history;
  std::vector<domain::Claimant> claimants;  // who claimed it (business, phone, licence, checks)
  int matched = 0;                          // plumbers it was sent to
};

// A lead with its history, claimants and match count, read in the caller's transaction.
TrackedLead tracked_lead(store::Tx& tx, const domain::Lead& lead);

// Whether a plumber would be sent a request in a ZIP now; says yes or no, never who.
enum class ZipCoverage { incomplete, unknown_zip, none, some };

class LeadService {
 public:
  LeadService(store::Store& store, const geo::ZipTable& zips, const Clock& clock,
              NotificationSettings notifications);

  // Validates, resolves the ZIP, flags duplicates and stores the lead with its first history row.
  domain::Result<SubmittedLead> submit(const domain::LeadInput& input, domain::RequestContext ctx);
  // Finds a lead by its tracking token (not_found for unknown or malformed tokens).
  domain::Result<TrackedLead> track(const std::string& token);
  // Closes an open or full lead at the homeowner's request; a second cancel is a no-op success.
  domain::Result<TrackedLead> cancel(const std::string& token);

  // Service types and urgencies (cached; refreshed every minute).
  domain::Catalog catalog();

  // Called after each stored lead (for metrics).
  std::function<void(const SubmittedLead&)> on_submitted;
  // Called inside the intake transaction for each new non-duplicate lead (matching and alerts);
  // returns how many plumbers matched.
  std::function<int(store::Tx&, std::int64_t lead_id, const domain::NewLead&,
                    const domain::Catalog&, domain::Millis now)>
      on_new_lead;
  // Asked after validation when the form asks first (RequestContext::confirm_if_uncovered):
  // whether any plumber would be sent this lead. No answer means covered.
  std::function<bool(const domain::NewLead&)> covered;
  // Snapshot onto each new lead (max_claims_per_lead).
  int max_claims_per_lead = 3;
  // How long an open lead waits before it expires (config lead_expiry_hours), for the homeowner.
  int lead_expiry_hours = 72;

  // The facts the homeowner's sentences about who has the request are built from.
  domain::LeadReach reach(const TrackedLead& t) const;

 private:
  store::Store& store_;
  const geo::ZipTable& zips_;
  const Clock& clock_;
  NotificationSettings notifications_;
  std::mutex catalog_mu_;
  domain::Catalog catalog_;
  domain::Millis catalog_loaded_at_ = -1;
};

// Maps an infrastructure failure to a client-safe error (and logs it).
domain::Error unavailable_error(const std::exception& e, const char* action);

}  // namespace plumbline::services
