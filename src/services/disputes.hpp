// Disputes: a claimant asks for a claim's credits back within the dispute window; flagged leads are
// refunded at once, the rest wait for an admin who approves (refund) or denies (with a reason).
#pragma once
#include <string>
#include <vector>

#include "domain/audit.hpp"
#include "domain/error.hpp"
#include "domain/marketplace.hpp"
#include "services/marketplace_context.hpp"

namespace plumbline::services {

// A dispute with what the admin queue shows beside it.
struct DisputeView {
  domain::Dispute dispute;
  std::string business_name;
  domain::LeadCard lead;
  domain::Credits price_credits = 0;
};

class DisputeService {
 public:
  explicit DisputeService(MarketplaceContext context) : ctx_(std::move(context)) {}

  // Auto-refunds when the lead carries the matching flag; otherwise queues for an admin.
  domain::Result<domain::Dispute> dispute(domain::UserId user_id, domain::ClaimId claim_id,
                                          const std::string& reason, const std::string& details);

  // --- admin ---
  // Newest first; none: every status.
  domain::Result<std::vector<DisputeView>> disputes(std::optional<domain::DisputeStatus> status,
                                                    int limit, int offset);
  // Approve refunds the claim through the ledger; deny needs a reason. Notifies the plumber.
  // Writes the dispute.approve / dispute.deny audit row in the same transaction, as `actor`.
  domain::Result<domain::Dispute> resolve_dispute(const domain::Actor& actor,
                                                  domain::DisputeId dispute_id, bool approve,
                                                  const std::string& reason);

 private:
  MarketplaceContext ctx_;
};

}  // namespace plumbline::services
