// The staff's lead page: one request with everything known about it (read in one transaction),
// and the staff's actions on it — an internal note, resending the homeowner's confirmation,
// closing as fraud or spam with refunds to every claimant, reopening. Each action is one write
// transaction that also appends its audit row.
#pragma once
#include <string>
#include <vector>

#include "domain/audit.hpp"
#include "domain/error.hpp"
#include "domain/lead_admin.hpp"
#include "domain/lead_verification.hpp"
#include "domain/marketplace.hpp"
#include "domain/photos.hpp"
#include "services/marketplace_context.hpp"

namespace plumbline::services {

// A matched plumber and the alerts sent to them (e-mail, SMS), as the outbox has them.
struct LeadMatchView {
  domain::LeadMatchRow match;
  std::vector<domain::OutboxMessage> alerts;
};

// A claim with the claimant's name and its dispute, if any.
struct LeadClaimView {
  domain::Claim claim;
  std::string business_name;
  std::optional<domain::Dispute> dispute;
};

struct LeadDetail {
  domain::Lead lead;
  std::vector<domain::LeadHistoryEntry> history;
  std::vector<LeadMatchView> matches;
  std::vector<LeadClaimView> claims;
  std::vector<domain::Dispute> disputes;
  std::vector<domain::OutboxMessage> messages;  // every message about the lead but the alerts
  std::vector<domain::LeadNote> notes;          // newest first
  int resends_last_hour = 0;
  bool contact_deleted = false;           // the homeowner deleted their details (or retention did)
  domain::LeadVerification verification;  // issue 17: phone / e-mail confirmed, held
  std::vector<domain::PhotoInfo> photos;  // issue 17: staff see them in full
};

// What closing did: the claims refunded and the credits given back.
struct LeadCloseResult {
  domain::Lead lead;
  std::vector<domain::ClaimId> refunded_claims;
  domain::Credits refunded_credits = 0;
};

class LeadAdminService {
 public:
  explicit LeadAdminService(MarketplaceContext context) : ctx_(std::move(context)) {}

  domain::Result<LeadDetail> detail(domain::LeadId id);
  // `body`: 1–500 characters; it is also the audit row's reason.
  domain::Result<domain::LeadNote> add_note(const domain::Actor& actor, domain::LeadId id,
                                            const std::string& body);
  // Queues the intake's confirmation again (same sealed tracking link) to the lead's current
  // contact; at most domain::confirmation_resends_per_hour per lead (rate_limited past it).
  // Returns the channels queued.
  domain::Result<std::vector<std::string>> resend_confirmation(const domain::Actor& actor,
                                                               domain::LeadId id,
                                                               const std::string& reason);
  // `close_as`: "fraud" or "spam". Closes the lead, refunds every claim not refunded yet through
  // the ledger (reference "refund:claim:<id>", the dispute refund's), settles pending disputes,
  // e-mails each refunded claimant, stops pending alerts. A lead closed as fraud or spam already
  // is refused (conflict) and nothing changes.
  domain::Result<LeadCloseResult> close_lead(const domain::Actor& actor, domain::LeadId id,
                                             const std::string& close_as,
                                             const std::string& reason);
  // A closed or expired lead back to open (full when its claims reach the cap). Refunded claims
  // stay refunded.
  domain::Result<domain::Lead> reopen_lead(const domain::Actor& actor, domain::LeadId id,
                                           const std::string& reason);

 private:
  MarketplaceContext ctx_;
};

}  // namespace plumbline::services
