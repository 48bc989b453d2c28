// Internal to the service files: steps shared by several services inside their transactions.
#pragma once
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <utility>

#include "domain/marketplace_rules.hpp"
#include "services/leads.hpp"
#include "store/store.hpp"

namespace plumbline::services::steps {

// The names every service file uses; `using namespace steps;` brings them in.
using domain::Error;
using domain::ErrorCode;
using domain::Result;

// Gives a claim's credits back through the ledger (reference "refund:claim:<id>") and marks it
// refunded; false (nothing changed) when it was refunded already.
bool refund_claim(store::Tx& tx, const domain::Claim& claim, const std::string& reason,
                  std::optional<std::int64_t> actor, domain::Millis now);

// The lead behind a homeowner's tracking token, read inside the caller's transaction.
std::optional<domain::Lead> lead_by_token(store::Tx& tx, const std::string& token);

// Once a lead's contact details were deleted, a claimant still sees the copy it bought
// (claim_contacts, migration 0012): puts that copy over `lead` when there is one.
void keep_bought_contact(store::Tx& tx, std::int64_t claim_id, domain::Lead& lead);

// Everything the pure claim decision needs, read inside the caller's transaction (the claim, and
// the lead page's "can you claim it" line).
struct ClaimState {
  std::optional<domain::PlumberProfile> plumber;
  std::optional<domain::Lead> lead;
  domain::ClaimCheck check;
  ClaimState() = default;
  ClaimState(const ClaimState&) = delete;  // check points into plumber and lead
};
// Fills `s` in place: the check points into it.
void read_claim_state(store::Tx& tx, domain::UserId user_id, domain::LeadId lead_id,
                      domain::Millis now, domain::Millis grace_ms, ClaimState& s);

// The tracking page's data after a change.
TrackedLead tracked(store::Tx& tx, std::int64_t lead_id);

domain::Error not_found(const std::string& what);
domain::Error invalid(const std::string& field, const std::string& message);

// limit clamped to [1, max], offset to >= 0.
inline int clamp_limit(int limit, int max) {
  return limit < 1 ? 1 : (limit > max ? max : limit);
}
inline int clamp_offset(int offset) {
  return offset < 0 ? 0 : offset;
}

// Runs `one_batch` in its own write transaction again and again until a batch finds fewer than
// `batch` rows or changes none (the privacy sweeps), or `keep_going` (when given) says stop between
// batches (a worker shutting down); returns the rows changed in all. `one_batch` returns {rows
// found, rows changed}.
domain::Result<int> in_batches(
    store::Store& store, int batch,
    const std::function<std::pair<std::size_t, int>(store::Tx&)>& one_batch,
    const std::function<bool()>& keep_going = {});

}  // namespace plumbline::services::steps
