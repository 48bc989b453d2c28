// Claims: a plumber claims a lead (one transaction: re-check, slot, claim, debit, history,
// messages, live event), reads their claims, records outcomes, and reads the credits statement.
#pragma once
#include <cstdint>
#include <vector>

#include "domain/error.hpp"
#include "domain/ledger.hpp"
#include "domain/marketplace.hpp"
#include "domain/photos.hpp"
#include "services/marketplace_context.hpp"

namespace plumbline::services {

struct ClaimResult {
  domain::Claim claim;
  domain::Lead lead;            // with contact details
  domain::Credits balance = 0;  // after the debit
};

// One of the plumber's claims with its lead (contact details included) and any dispute.
struct ClaimDetail {
  domain::Claim claim;
  domain::Lead lead;
  std::optional<domain::Dispute> dispute;
  std::vector<domain::PhotoInfo> photos;  // issue 17: the claimant sees them in full
};

struct ClaimsPage {
  std::vector<domain::ClaimWithLead> claims;
  std::int64_t total = 0;
};

struct CreditsView {
  domain::Credits balance = 0;
  std::vector<domain::LedgerEntry> entries;  // newest first
};

class ClaimService {
 public:
  explicit ClaimService(MarketplaceContext context) : ctx_(std::move(context)) {}

  // Errors: not_found, already_claimed, not_eligible (message says why), lead_full,
  // insufficient_credits (message says how to get more).
  domain::Result<ClaimResult> claim(domain::UserId user_id, domain::LeadId lead_id);
  domain::Result<ClaimsPage> claims(domain::UserId user_id, int limit, int offset);
  // not_found for a claim that is not this plumber's (never forbidden: ids are not confirmed).
  domain::Result<ClaimDetail> claim_detail(domain::UserId user_id, domain::ClaimId claim_id);
  domain::Result<domain::Claim> update_outcome(domain::UserId user_id, domain::ClaimId claim_id,
                                               const domain::ClaimOutcomeUpdate& update);
  // The balance and the ledger, newest first (the plumber's statement and the admin's view).
  domain::Result<CreditsView> credits(domain::UserId user_id, int limit, int offset);

 private:
  MarketplaceContext ctx_;
};

}  // namespace plumbline::services
