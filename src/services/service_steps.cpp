// Steps shared by the service files (services/service_steps.hpp).
#include "services/service_steps.hpp"

#include <algorithm>

#include "crypto/tokens.hpp"
#include "domain/lead_rules.hpp"
#include "domain/privacy.hpp"

namespace plumbline::services::steps {

using domain::Error;
using domain::ErrorCode;

bool refund_claim(store::Tx& tx, const domain::Claim& claim, const std::string& reason,
                  std::optional<std::int64_t> actor, domain::Millis now) {
  if (claim.refunded_at || !tx.mark_claim_refunded(claim.id, now)) return false;
  if (claim.price_credits == 0) return true;
  domain::LedgerEntry e;
  e.user_id = claim.plumber_id;
  e.kind = domain::ledger_refund;
  e.amount = claim.price_credits;
  e.reason = reason;
  e.actor_user_id = domain::opt_id<domain::UserId>(actor);
  e.reference = "refund:claim:" + std::to_string(claim.id.value);
  e.created_at = now;
  tx.append_ledger_entry(e);  // a credit always fits; a second refund is a unique violation
  return true;
}

std::optional<domain::Lead> lead_by_token(store::Tx& tx, const std::string& token) {
  if (!domain::plausible_tracking_token(token)) return std::nullopt;
  return tx.lead_by_tracking_hash(crypto::sha256_hex(token));
}

void keep_bought_contact(store::Tx& tx, std::int64_t claim_id, domain::Lead& lead) {
  if (!domain::lead_anonymised(lead)) return;
  if (auto copy = tx.claim_contact_copy(domain::ClaimId{claim_id}))
    domain::apply_contact_copy(lead, *copy);
}

void read_claim_state(store::Tx& tx, domain::UserId user_id, domain::LeadId lead_id,
                      domain::Millis now, domain::Millis grace_ms, ClaimState& s) {
  s.plumber = tx.plumber_profile(user_id);
  s.lead = tx.lead_by_id(lead_id);
  auto& c = s.check;
  c.now = now;
  c.past_due_grace_ms = grace_ms;
  if (!s.plumber || !s.lead) return;
  c.plumber = &*s.plumber;
  c.lead = &*s.lead;
  const auto& services = s.plumber->profile.services;
  c.matched = tx.lead_match(lead_id, user_id).has_value();
  c.offers_service =
      std::find(services.begin(), services.end(), s.lead->service_type) != services.end();
  c.already_claimed = tx.claim_for(lead_id, user_id).has_value();
  c.balance = tx.credit_balance(user_id);
  c.claims_last_24h = tx.count_claims_since(user_id, now - domain::day_ms);
}

TrackedLead tracked(store::Tx& tx, std::int64_t lead_id) {
  return tracked_lead(tx, *tx.lead_by_id(domain::LeadId{lead_id}));
}

Error not_found(const std::string& what) {
  return Error::make(ErrorCode::not_found, "We could not find " + what + ".");
}

Error invalid(const std::string& field, const std::string& message) {
  auto e = Error::make(ErrorCode::invalid_input, message);
  e.details.push_back({field, message});
  return e;
}

domain::Result<int> in_batches(
    store::Store& store, int batch,
    const std::function<std::pair<std::size_t, int>(store::Tx&)>& one_batch,
    const std::function<bool()>& keep_going) {
  int total = 0;
  for (;;) {
    if (total > 0 && keep_going && !keep_going()) return total;
    std::size_t seen = 0;
    auto r = store.write<int>([&](store::Tx& tx) -> domain::Result<int> {
      auto [found, changed] = one_batch(tx);
      seen = found;
      return changed;
    });
    if (!r) return r;
    total += r.value();
    if (seen < static_cast<std::size_t>(batch) || r.value() == 0) return total;
  }
}

}  // namespace plumbline::services::steps
