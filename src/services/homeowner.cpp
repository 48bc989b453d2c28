// What the homeowner does from the tracking page — add details, "I've hired someone", "I never
// made this request" (close, flag, refund claimants within the "never requested" window), "Delete
// my details".
#include "services/homeowner.hpp"

#include <algorithm>

#include "domain/contact.hpp"
#include "domain/lead_rules.hpp"
#include "domain/marketplace_rules.hpp"
#include "domain/privacy.hpp"
#include "log/log.hpp"
#include "services/marketplace_messages.hpp"
#include "services/service_steps.hpp"
#include "services/webhook_events.hpp"

namespace plumbline::services {

using namespace steps;

namespace {

Error request_closed(const domain::Lead& lead) {
  return Error::make(ErrorCode::conflict, lead.status == domain::LeadStatus::expired
                                              ? "This request has expired."
                                              : "This request is already closed.");
}

Error request_not_found() {
  return not_found("that request. Check the link in your e-mail");
}

// Closes an open or full lead with history and a live event; false when it was neither.
bool close_lead(store::Tx& tx, const domain::Lead& lead, const std::string& reason,
                const std::string& note, const std::string& secret_key, domain::Millis now) {
  if (!domain::homeowner_can_cancel(lead.status) ||
      !tx.update_lead_status(lead.id, lead.status, domain::LeadStatus::closed, reason, now))
    return false;
  tx.insert_lead_history(
      {lead.id, now, lead.status, domain::LeadStatus::closed, "homeowner", note});
  tx.insert_live_event(domain::live_lead_gone, lead.id, now);
  if (auto closed = tx.lead_by_id(lead.id)) queue_lead_closed_event(tx, secret_key, *closed, now);
  return true;
}

}  // namespace

Result<TrackedLead> HomeownerService::add_details(const std::string& token,
                                                  const std::string& raw) {
  auto text = domain::trim(raw);
  auto n = domain::utf8_length(text);
  if (n == 0) return invalid("details", "Write the details you want to add.");
  if (n > 2000) return invalid("details", "Keep the details under 2,000 characters.");
  if (domain::has_control_chars(text, true))
    return invalid("details", "Remove unusual control characters.");
  auto now = ctx_.clock.now_ms();
  auto catalog = ctx_.catalog.get();
  try {
    auto r = ctx_.store.write<TrackedLead>([&](store::Tx& tx) -> Result<TrackedLead> {
      auto lead = lead_by_token(tx, token);
      if (!lead) return request_not_found();
      if (!domain::homeowner_can_cancel(lead->status)) return request_closed(*lead);
      tx.append_lead_details(lead->id, text, now);
      tx.insert_lead_history(
          {lead->id, now, lead->status, lead->status, "homeowner", "The homeowner added details"});
      auto updated = *tx.lead_by_id(lead->id);
      for (const auto& claim : tx.claims_for_lead(lead->id)) {
        if (claim.refunded_at) continue;
        if (auto p = tx.plumber_profile(claim.plumber_id))
          tx.enqueue_message(lead_details_message(ctx_.notifications, updated, *p, catalog, text,
                                                  updated.extra_details.size(), now));
      }
      return tracked(tx, lead->id.value);
    });
    if (r) ctx_.outbox.messages_queued();
    return r;
  } catch (const domain::Failure& e) {
    return unavailable_error(e, "add_details");
  }
}

Result<TrackedLead> HomeownerService::mark_hired(const std::string& token,
                                                 const domain::HiredChoice& choice) {
  auto now = ctx_.clock.now_ms();
  try {
    return ctx_.store.write<TrackedLead>([&](store::Tx& tx) -> Result<TrackedLead> {
      auto lead = lead_by_token(tx, token);
      if (!lead) return request_not_found();
      if (lead->status == domain::LeadStatus::closed && lead->closed_reason == "hired")
        return tracked(tx, lead->id.value);  // a second click changes nothing
      // Issue 17: the claimant they hired, if it was one; only a live (unrefunded) claim counts.
      std::optional<domain::Claim> hired;
      std::string note = "The homeowner hired a plumber";
      if (choice.plumber_id) {
        hired = tx.claim_for(lead->id, *choice.plumber_id);
        if (!hired || hired->refunded_at)
          return invalid("hired",
                         "Choose one of the plumbers who took your request, or "
                         "\"someone else\".");
        if (auto p = tx.plumber_profile(hired->plumber_id))
          note = "The homeowner hired " + p->profile.business_name;
      } else {
        note = "The homeowner hired someone else";
      }
      if (!close_lead(tx, *lead, "hired", note, ctx_.notifications.secret_key, now))
        return request_closed(*lead);
      tx.set_lead_hired(lead->id, hired ? std::optional<domain::ClaimId>(hired->id) : std::nullopt,
                        now);
      if (hired) tx.mark_claim_hired(hired->id, now);
      return tracked(tx, lead->id.value);
    });
  } catch (const domain::Failure& e) {
    return unavailable_error(e, "mark_hired");
  }
}

Result<TrackedLead> HomeownerService::never_requested(const std::string& token) {
  auto now = ctx_.clock.now_ms();
  auto catalog = ctx_.catalog.get();
  const std::string why = "the homeowner says they never made this request";
  const auto window = ctx_.rules.marketplace().never_requested_window_ms;
  try {
    auto r = ctx_.store.write<TrackedLead>([&](store::Tx& tx) -> Result<TrackedLead> {
      auto lead = lead_by_token(tx, token);
      if (!lead) return request_not_found();
      if (lead->flag == domain::lead_flag_never_requested) return tracked(tx, lead->id.value);
      // Claims inside the "never requested" window are refunded at once; an older claim is not
      // refunded on the word of whoever holds the tracking link: it goes to the admin dispute queue
      // instead.
      auto claims = tx.claims_for_lead(lead->id);
      bool all_recent = std::all_of(claims.begin(), claims.end(), [&](const domain::Claim& c) {
        return c.refunded_at || domain::within_dispute_window(c, now, window);
      });
      const std::string history =
          all_recent
              ? "The homeowner says they never made this request; every claimant was refunded"
              : "The homeowner says they never made this request; recent claims were "
                "refunded, older ones went to review";
      // A closed or expired lead keeps its status, but its claimants are still refunded.
      if (!close_lead(tx, *lead, "never_requested", history, ctx_.notifications.secret_key, now))
        tx.insert_lead_history({lead->id, now, lead->status, lead->status, "homeowner", history});
      tx.set_lead_flag(lead->id, domain::lead_flag_never_requested, now);
      auto updated = *tx.lead_by_id(lead->id);
      for (const auto& claim : claims) {
        if (!claim.refunded_at && !domain::within_dispute_window(claim, now, window)) {
          if (!tx.dispute_for_claim(claim.id)) {
            domain::Dispute d;
            d.claim_id = claim.id;
            d.plumber_id = claim.plumber_id;
            d.lead_id = lead->id;
            d.reason = domain::dispute_never_requested;
            d.details =
                "Opened for review: the homeowner said they never made this request after "
                "the \"never requested\" window had passed.";
            d.created_at = now;
            tx.insert_dispute(d);
          }
          continue;
        }
        if (!refund_claim(tx, claim,
                          "Refund for lead #" + std::to_string(lead->id.value) + ": " + why,
                          std::nullopt, now))
          continue;
        if (auto d = tx.dispute_for_claim(claim.id);
            d && d->status == domain::DisputeStatus::pending)
          tx.resolve_dispute(d->id, domain::DisputeStatus::approved,
                             "Refunded automatically: " + why + ".", std::nullopt, now);
        if (auto p = tx.plumber_profile(claim.plumber_id))
          tx.enqueue_message(
              claim_refunded_message(ctx_.notifications, claim, updated, *p, catalog, now));
      }
      return tracked(tx, lead->id.value);
    });
    if (r) ctx_.outbox.messages_queued();
    return r;
  } catch (const domain::Failure& e) {
    return unavailable_error(e, "never_requested");
  }
}

Result<TrackedLead> HomeownerService::delete_homeowner_details(const std::string& token) {
  auto now = ctx_.clock.now_ms();
  bool changed = false;
  std::int64_t lead_id = 0;
  try {
    auto r = ctx_.store.write<TrackedLead>([&](store::Tx& tx) -> Result<TrackedLead> {
      auto lead = lead_by_token(tx, token);
      if (!lead) return request_not_found();
      lead_id = lead->id.value;
      if (domain::lead_anonymised(*lead)) return tracked(tx, lead->id.value);  // a second click
      if (!domain::homeowner_can_delete(lead->status))
        return Error::make(ErrorCode::conflict,
                           "Your request is still running, so plumbers still need your details. "
                           "Cancel it or tell us you hired someone first; then you can delete "
                           "your details.");
      changed = tx.anonymise_lead(lead->id, now);
      if (changed)
        tx.insert_lead_history({lead->id, now, lead->status, lead->status, "homeowner",
                                "The homeowner deleted their contact details"});
      return tracked(tx, lead->id.value);
    });
    if (r && changed)
      log::info("privacy_event", {{"event", "homeowner_details_deleted"}, {"lead_id", lead_id}});
    return r;
  } catch (const domain::Failure& e) {
    return unavailable_error(e, "delete_homeowner_details");
  }
}

}  // namespace plumbline::services
