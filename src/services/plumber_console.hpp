// The staff console's plumber tools: search with filters (and its CSV, page by page), the detail
// dossier read in one transaction, and the admin actions this console adds — reactivate, edit the
// profile and service area, send a password-reset link, end all sessions — each with a required
// reason, an e-mail to the plumber and an audit row in the same transaction. Approve, reject,
// suspend, credits, plan and closure stay in plumber_admin / account_closure.
#pragma once
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "domain/account.hpp"
#include "domain/audit.hpp"
#include "domain/error.hpp"
#include "domain/ledger.hpp"
#include "domain/marketplace.hpp"
#include "domain/outbox.hpp"
#include "domain/payments.hpp"
#include "domain/plumber_console.hpp"
#include "domain/privacy.hpp"
#include "geo/zip_table.hpp"
#include "services/catalog_cache.hpp"
#include "services/clock.hpp"
#include "services/events.hpp"
#include "services/lead_matcher.hpp"
#include "services/notifications.hpp"
#include "services/profiles.hpp"
#include "store/store.hpp"

namespace plumbline::services {

// The console's list query as typed (the handler has parsed numbers and dates).
struct PlumberSearchRequest {
  std::string text;         // the search box: name or e-mail prefix, phone digits, id
  std::string status;       // "" | pending | approved (or "active") | rejected | suspended | closed
  std::string plan_status;  // "" | a plan status
  std::string service;      // "" | a service slug of the catalog
  std::string zip;          // "" | a known 5-digit ZIP: plumbers covering it
  int within_miles = 0;     // with zip: base within this distance instead (0 = their own area)
  domain::Millis signed_up_from = 0, signed_up_to = 0;
  domain::Millis active_from = 0, active_to = 0;
  std::optional<std::int64_t> balance_min, balance_max;
  std::string sort;   // "" = newest
  std::string after;  // the cursor of the previous page's next link
  int limit = 50;
};

struct PlumberSearchPage {
  std::vector<domain::PlumberRow> rows;
  std::string next;  // the cursor of the next page; empty on the last page
};

// Everything the detail page shows about one plumber.
struct PlumberDossier {
  ProfileView view;  // profile, review state, pending profile changes, plan
  std::optional<domain::AccountClosure> closure;
  std::vector<domain::AuditEntry> history;  // staff actions on this plumber, newest first
  std::vector<domain::ClaimWithLead> claims;
  domain::Credits balance = 0;
  std::vector<domain::LedgerEntry> ledger;
  std::vector<domain::Payment> payments;
  std::vector<domain::Dispute> disputes;
  std::vector<domain::OutboxMessage> messages;
  std::vector<domain::Session> sessions;
};

// What an admin may change on a plumber's profile; the rest of the profile stays.
struct PlumberEdit {
  std::string business_name, contact_name, phone_e164;
  std::vector<std::string> services;
  std::string base_zip;
  int radius_miles = domain::radius_default_miles;
};

class PlumberConsoleService {
 public:
  PlumberConsoleService(store::Store& store, const Clock& clock, const geo::ZipTable& zips,
                        CatalogCache& catalog, OpenLeadMatcher& matcher, OutboxNotifier& outbox,
                        NotificationSettings notifications)
      : store_(store),
        clock_(clock),
        zips_(zips),
        catalog_(catalog),
        matcher_(matcher),
        outbox_(outbox),
        notifications_(std::move(notifications)) {}

  // invalid_input naming the field for an unknown status, plan, service, ZIP, sort or cursor.
  domain::Result<PlumberSearchPage> search(const PlumberSearchRequest& request);
  domain::Result<PlumberDossier> dossier(domain::UserId plumber_id);

  // A suspended plumber is approved again (conflict otherwise).
  domain::Result<ProfileView> reactivate(const domain::Actor& actor, domain::UserId plumber_id,
                                         const std::string& reason);
  // Validated like the plumber's own edit; takes effect at once (no review queue: staff made it)
  // and sends the open leads a wider area or new service reaches (late matching).
  domain::Result<ProfileView> edit(const domain::Actor& actor, domain::UserId plumber_id,
                                   const PlumberEdit& edit, const std::string& reason);
  // The forgot-password e-mail, sent to the plumber's address (earlier links stop working).
  domain::Status send_password_reset(const domain::Actor& actor, domain::UserId plumber_id,
                                     const std::string& reason);
  // Every session and refresh token of the plumber ends; returns how many sessions ended.
  domain::Result<int> end_sessions(const domain::Actor& actor, domain::UserId plumber_id,
                                   const std::string& reason);

 private:
  domain::Result<domain::PlumberSearch> to_query(const PlumberSearchRequest& request);

  store::Store& store_;
  const Clock& clock_;
  const geo::ZipTable& zips_;
  CatalogCache& catalog_;
  OpenLeadMatcher& matcher_;
  OutboxNotifier& outbox_;
  NotificationSettings notifications_;
};

}  // namespace plumbline::services
