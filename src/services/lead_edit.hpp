// Staff's hands on a request: take one by phone, correct one, re-run matching. Each is one
// transaction with its audit row (lead.create, lead.edit, lead.rematch).
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "domain/audit.hpp"
#include "domain/catalog.hpp"
#include "domain/error.hpp"
#include "domain/lead.hpp"
#include "geo/zip_table.hpp"
#include "services/catalog_cache.hpp"
#include "services/clock.hpp"
#include "services/events.hpp"
#include "services/lead_matcher.hpp"
#include "services/leads.hpp"
#include "services/marketplace_settings.hpp"
#include "services/notifications.hpp"
#include "store/store.hpp"

namespace plumbline::services {

// A request as the homeowner on the phone gave it. `consent_read`: staff read the consent wording
// out and the caller agreed. `notify_now` false stores the request held (see RequestContext).
// `reason`: staff's note on the call for the audit row (optional; "Taken by phone" when empty).
struct PhoneLead {
  domain::LeadInput fields;
  bool consent_read = false;
  bool notify_now = true;
  std::string reason;
};

// Staff's correction: only the fields set change (a form sends them all, the API some).
struct LeadEdit {
  std::optional<std::string> service_type, description, urgency, zip, address, name, phone, email,
      contact_method, best_time;
  std::string reason;             // required; kept in the audit row
  bool notify_claimants = false;  // e-mail the plumbers who claimed it (lead_updated)
};

struct EditedLead {
  domain::Lead lead;
  std::vector<std::string> changed;  // field names, in form order
  int claimants_notified = 0;
};

class LeadEditService {
 public:
  // leads: intake (validation, duplicate check, matching, the homeowner's confirmation) for the
  // phone-in; matcher: re-run matching; outbox: rung after edits and re-runs that queued messages.
  LeadEditService(store::Store& store, const geo::ZipTable& zips, const Clock& clock,
                  CatalogCache& catalog, LeadService& leads, LeadMatcher& matcher,
                  OutboxNotifier& outbox, NotificationSettings notifications,
                  const MarketplaceRules& rules);

  // Source "phone", created_by the actor, consent_ip their address and consent_user_agent
  // "phone: read by <their e-mail>"; the homeowner gets the usual confirmation (tracking link).
  domain::Result<SubmittedLead> create_by_phone(const domain::Actor& actor, const PhoneLead& in);
  // Validates the merged fields like intake (the ZIP resolves city, state and place again); the
  // price for later claims follows a new service or urgency, claims made keep theirs.
  domain::Result<EditedLead> edit(const domain::Actor& actor, domain::LeadId id,
                                  const LeadEdit& edit);
  // Sends an open request to the plumbers who match it now and were not sent it; returns how many.
  domain::Result<int> rematch(const domain::Actor& actor, domain::LeadId id,
                              const std::string& reason);

  domain::Result<domain::Lead> lead(domain::LeadId id);
  domain::Catalog catalog() { return catalog_.get(); }
  // The wording staff read out: the same text the request form shows beside its box.
  std::string consent_wording() const;

 private:
  store::Store& store_;
  const geo::ZipTable& zips_;
  const Clock& clock_;
  CatalogCache& catalog_;
  LeadService& leads_;
  LeadMatcher& matcher_;
  OutboxNotifier& outbox_;
  NotificationSettings notifications_;
  const MarketplaceRules& rules_;  // read per operation: console changes apply at once
};

}  // namespace plumbline::services
