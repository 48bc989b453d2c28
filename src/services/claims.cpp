// Claiming a lead (one transaction: re-check, slot, claim, debit, history, messages, live event),
// the plumber's claims and outcomes, and the credits statement.
#include "services/claims.hpp"

#include "domain/contact.hpp"
#include "domain/marketplace_rules.hpp"
#include "services/marketplace_messages.hpp"
#include "services/service_steps.hpp"
#include "services/webhook_events.hpp"

namespace plumbline::services {

using namespace steps;

namespace {

Error already_claimed() {
  return Error::make(ErrorCode::already_claimed,
                     "You have already claimed this lead. Its contact details are in My leads.");
}

std::string debit_reason(const domain::Lead& lead, const domain::Catalog& catalog) {
  const auto* service = catalog.service(lead.service_type);
  return "Lead #" + std::to_string(lead.id.value) + ": " +
         (service ? service->label : lead.service_type) + " in " + lead.city + " " + lead.zip;
}

// claim.created: the claimant's own endpoints get the homeowner's contact details they bought; the
// platform's get the same event without them.
void queue_claim_created(store::Tx& tx, const domain::Claim& claim, const domain::Lead& lead,
                         const std::string& secret_key, domain::Millis now) {
  WebhookEvent ev;
  ev.type = domain::webhook_claim_created;
  ev.plumbers = {claim.plumber_id};
  ev.lead_id = lead.id;
  ev.data = {{"claim_id", claim.id.value},
             {"plumber_id", claim.plumber_id.value},
             {"price_credits", claim.price_credits},
             {"lead", webhook_lead_data(lead.id, lead)}};
  ev.private_data = {{"contact",
                      {{"name", lead.name},
                       {"phone", lead.phone_e164},
                       {"email", lead.email},
                       {"address", lead.address},
                       {"contact_method", lead.contact_method},
                       {"best_time", lead.best_time}}}};
  queue_webhook_events(tx, secret_key, {ev}, now);
}

}  // namespace

Result<ClaimResult> ClaimService::claim(domain::UserId user_id, domain::LeadId lead_id) {
  auto now = ctx_.clock.now_ms();
  auto catalog = ctx_.catalog.get();
  try {
    auto r = ctx_.store.write<ClaimResult>([&](store::Tx& tx) -> Result<ClaimResult> {
      ClaimState state;
      read_claim_state(tx, user_id, lead_id, now, ctx_.rules.marketplace().past_due_grace_ms,
                       state);
      if (auto refusal = domain::claim_refusal(state.check)) return *refusal;
      const auto& lead = *state.lead;
      // The conditional update is what holds the cap under concurrency; the check above only
      // explains a refusal.
      auto count = tx.take_claim_slot(lead_id, now);
      if (!count) {
        // On PostgreSQL the lead changed while we waited for its row: a double-click's first click
        // took the last slot, other plumbers filled it, or the homeowner closed it. Explain which.
        if (tx.claim_for(lead_id, user_id)) return already_claimed();
        auto now_lead = *tx.lead_by_id(lead_id);
        auto again = state.check;
        again.lead = &now_lead;
        if (auto refusal = domain::claim_refusal(again)) return *refusal;
        return Error::make(ErrorCode::lead_full,
                           "Just taken: every slot on this lead has been "
                           "claimed. Your credits were not used.");
      }
      domain::Claim claim;
      claim.lead_id = lead_id;
      claim.plumber_id = user_id;
      claim.price_credits = lead.price_credits;
      claim.created_at = claim.updated_at = now;
      claim.id = domain::ClaimId{tx.insert_claim(claim)};
      if (claim.price_credits > 0) {
        domain::LedgerEntry debit;
        debit.user_id = user_id;
        debit.kind = domain::ledger_claim;
        debit.amount = -claim.price_credits;
        debit.reason = debit_reason(lead, catalog);
        debit.reference = "claim:" + std::to_string(claim.id.value);
        debit.created_at = now;
        if (!tx.append_ledger_entry(debit)) {  // a concurrent debit got there first
          auto again = state.check;
          again.balance = tx.credit_balance(user_id);
          if (auto refusal = domain::claim_refusal(again)) return *refusal;
          return Error::make(ErrorCode::insufficient_credits,
                             "You do not have enough credits for this lead any more.");
        }
        // The debit serialises this plumber's claims, so a fresh count also sees a concurrent
        // claim on another lead (PostgreSQL reads committed rows per statement).
        if (auto cap = domain::daily_cap_refusal(
                state.plumber->settings, tx.count_claims_since(user_id, now - domain::day_ms) - 1))
          return *cap;
      }
      auto updated = *tx.lead_by_id(lead_id);
      tx.insert_lead_history({lead_id, now, lead.status, updated.status, "plumber",
                              state.plumber->profile.business_name + " claimed this request (" +
                                  std::to_string(*count) + " of " +
                                  std::to_string(updated.max_claims) + ")"});
      domain::Credits balance = tx.credit_balance(user_id);
      tx.enqueue_message(claim_confirmation_message(ctx_.notifications, claim, updated,
                                                    *state.plumber, catalog, balance, now));
      enqueue(tx, lead_claimed_messages(ctx_.notifications, claim, updated, *state.plumber, catalog,
                                        now));
      queue_claim_created(tx, claim, updated, ctx_.notifications.secret_key, now);
      tx.insert_live_event(updated.status == domain::LeadStatus::full ? domain::live_lead_gone
                                                                      : domain::live_lead_slots,
                           lead_id, now);
      return ClaimResult{claim, updated, balance};
    });
    if (r) ctx_.outbox.messages_queued();
    return r;
  } catch (const store::StoreError& e) {
    // Two clicks racing past the check: the unique (lead, plumber) key refuses the second.
    if (e.kind() == store::StoreErrorKind::unique_violation) return already_claimed();
    return unavailable_error(e, "claim");
  } catch (const domain::Failure& e) {
    return unavailable_error(e, "claim");
  }
}

Result<ClaimsPage> ClaimService::claims(domain::UserId user_id, int limit, int offset) {
  try {
    return ctx_.store.read<ClaimsPage>([&](store::Tx& tx) {
      ClaimsPage page{tx.claims_for_plumber(user_id, clamp_limit(limit, 100), clamp_offset(offset)),
                      tx.count_claims_for_plumber(user_id)};
      for (auto& c : page.claims) keep_bought_contact(tx, c.claim.id.value, c.lead);
      return page;
    });
  } catch (const domain::Failure& e) {
    return unavailable_error(e, "claims");
  }
}

Result<ClaimDetail> ClaimService::claim_detail(domain::UserId user_id, domain::ClaimId claim_id) {
  try {
    return ctx_.store.read<Result<ClaimDetail>>([&](store::Tx& tx) -> Result<ClaimDetail> {
      auto claim = tx.claim_by_id(claim_id);
      if (!claim || claim->plumber_id != user_id) return not_found("that claim");
      auto lead = tx.lead_by_id(claim->lead_id);
      if (!lead) return not_found("that claim");
      keep_bought_contact(tx, claim_id.value, *lead);
      return ClaimDetail{*claim, std::move(*lead), tx.dispute_for_claim(claim_id),
                         tx.lead_photos(claim->lead_id)};  // issue 17
    });
  } catch (const domain::Failure& e) {
    return unavailable_error(e, "claim_detail");
  }
}

Result<domain::Claim> ClaimService::update_outcome(domain::UserId user_id, domain::ClaimId claim_id,
                                                   const domain::ClaimOutcomeUpdate& in) {
  auto update = in;
  update.notes = domain::trim(update.notes);
  if (auto ok = domain::validate_outcome(update); !ok) return ok.error();
  auto now = ctx_.clock.now_ms();
  try {
    return ctx_.store.write<domain::Claim>([&](store::Tx& tx) -> Result<domain::Claim> {
      if (!tx.update_claim_outcome(claim_id, user_id, update, now)) return not_found("that claim");
      return *tx.claim_by_id(claim_id);
    });
  } catch (const domain::Failure& e) {
    return unavailable_error(e, "update_outcome");
  }
}

Result<CreditsView> ClaimService::credits(domain::UserId user_id, int limit, int offset) {
  try {
    return ctx_.store.read<CreditsView>([&](store::Tx& tx) {
      return CreditsView{tx.credit_balance(user_id),
                         tx.ledger_entries(user_id, clamp_limit(limit, 200), clamp_offset(offset))};
    });
  } catch (const domain::Failure& e) {
    return unavailable_error(e, "credits");
  }
}

}  // namespace plumbline::services
