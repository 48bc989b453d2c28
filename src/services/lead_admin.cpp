// The staff's lead page: the whole request in one read, and note, resend, close (with refunds)
// and reopen, each one write transaction with its audit row.
#include "services/lead_admin.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <map>

#include "domain/contact.hpp"
#include "domain/privacy.hpp"
#include "services/audit.hpp"
#include "services/marketplace_messages.hpp"
#include "services/service_steps.hpp"
#include "services/webhook_events.hpp"

namespace plumbline::services {

using namespace steps;
namespace json = boost::json;

namespace {

Error lead_not_found() {
  return not_found("that request");
}

std::string lead_key(domain::LeadId id) {
  return std::to_string(id.value);
}

// The confirmation intake queued on `channel` (its key has no suffix), which holds the sealed
// tracking link: the token itself is never stored, so a resend copies it from there.
const domain::OutboxMessage* intake_confirmation(const std::vector<domain::OutboxMessage>& msgs,
                                                 std::int64_t lead_id, const std::string& channel) {
  auto key = "lead_confirmation:" + channel + ":" + std::to_string(lead_id);
  for (const auto& m : msgs)
    if (m.idempotency_key == key) return &m;
  return nullptr;
}

// The claimant's refund e-mail, worded for a request staff closed (claim_refunded template).
domain::OutboundMessage staff_refund_message(const NotificationSettings& s,
                                             const domain::Claim& claim, const domain::Lead& lead,
                                             const domain::PlumberProfile& p,
                                             const domain::Catalog& catalog, domain::Millis now) {
  auto m = claim_refunded_message(s, claim, lead, p, catalog, now);
  auto data = json::parse(m.data_json).as_object();
  data["closed_by_staff"] = true;
  m.data_json = json::serialize(data);
  return m;
}

json::object status_json(const domain::Lead& lead) {
  return {{"status", to_string(lead.status)}, {"closed_reason", lead.closed_reason}};
}

}  // namespace

Result<LeadDetail> LeadAdminService::detail(domain::LeadId id) {
  auto since = ctx_.clock.now_ms() - domain::confirmation_resend_window_ms;
  try {
    auto found = ctx_.store.read<std::optional<LeadDetail>>([&](store::Tx& tx) {
      std::optional<LeadDetail> d;
      auto lead = tx.lead_by_id(id);
      if (!lead) return d;
      d.emplace();
      d->lead = std::move(*lead);
      d->contact_deleted = domain::lead_anonymised(d->lead);
      d->history = tx.lead_history(id);
      d->verification = tx.lead_verification(id);  // issue 17
      std::map<domain::UserId, std::size_t> by_plumber;
      for (auto& m : tx.lead_match_rows(id)) {
        by_plumber[m.plumber_id] = d->matches.size();
        d->matches.push_back({std::move(m), {}});
      }
      for (auto& a : tx.lead_alerts(id))
        if (auto it = by_plumber.find(a.plumber_id); it != by_plumber.end())
          d->matches[it->second].alerts.push_back(std::move(a.message));
      d->disputes = tx.disputes_for_lead(id);
      for (auto& c : tx.claims_for_lead(id)) {
        LeadClaimView v{c, "", std::nullopt};
        if (auto it = by_plumber.find(c.plumber_id); it != by_plumber.end())
          v.business_name = d->matches[it->second].match.business_name;
        else if (auto p = tx.plumber_profile(c.plumber_id))
          v.business_name = p->profile.business_name;
        for (const auto& dispute : d->disputes)
          if (dispute.claim_id == c.id) v.dispute = dispute;
        d->claims.push_back(std::move(v));
      }
      for (auto& m : tx.messages_for_lead(id))
        if (m.kind != "lead_alert") d->messages.push_back(std::move(m));
      d->notes = tx.lead_notes(id);
      d->photos = tx.lead_photos(id);  // issue 17
      domain::AuditFilter f;
      f.action = "lead.resend_confirmation";
      f.target_type = "lead";
      f.target_id = lead_key(id);
      f.from = since;
      f.limit = domain::confirmation_resends_per_hour + 1;
      d->resends_last_hour = static_cast<int>(tx.list_audit(f).size());
      return d;
    });
    if (!found) return lead_not_found();
    return std::move(*found);
  } catch (const domain::Failure& e) {
    return unavailable_error(e, "lead_detail");
  }
}

Result<domain::LeadNote> LeadAdminService::add_note(const domain::Actor& actor, domain::LeadId id,
                                                    const std::string& raw_body) {
  if (auto problem = domain::staff_text_problem("body", raw_body)) return *problem;
  auto now = ctx_.clock.now_ms();
  domain::LeadNote note;
  note.lead_id = id;
  if (actor.user_id.is_set()) note.author_user_id = actor.user_id;
  note.author_email = actor.email;
  note.body = domain::trim(raw_body);
  note.created_at = now;
  try {
    return ctx_.store.write<domain::LeadNote>([&](store::Tx& tx) -> Result<domain::LeadNote> {
      if (!tx.lead_by_id(id)) return lead_not_found();
      note.id = tx.insert_lead_note(note);
      auto e = audit_entry(actor, now, "lead.note", "lead", lead_key(id));
      e.reason = note.body;
      e.after_json = json::serialize(json::object{{"note_id", note.id}});
      tx.append_audit(e);
      return note;
    });
  } catch (const domain::Failure& e) {
    return unavailable_error(e, "lead_note");
  }
}

Result<std::vector<std::string>> LeadAdminService::resend_confirmation(const domain::Actor& actor,
                                                                       domain::LeadId id,
                                                                       const std::string& reason) {
  if (auto problem = domain::staff_text_problem("reason", reason)) return *problem;
  auto now = ctx_.clock.now_ms();
  using Channels = std::vector<std::string>;
  try {
    auto r = ctx_.store.write<Channels>([&](store::Tx& tx) -> Result<Channels> {
      auto lead = tx.lead_by_id(id);
      if (!lead) return lead_not_found();
      if (domain::lead_anonymised(*lead))
        return Error::make(ErrorCode::conflict,
                           "The homeowner's contact details were deleted: there is no one to "
                           "send the confirmation to.");
      domain::AuditFilter f;
      f.action = "lead.resend_confirmation";
      f.target_type = "lead";
      f.target_id = lead_key(id);
      f.from = now - domain::confirmation_resend_window_ms;
      f.limit = domain::confirmation_resends_per_hour;
      auto recent = tx.list_audit(f);  // newest first
      if (static_cast<int>(recent.size()) >= domain::confirmation_resends_per_hour) {
        auto e = Error::make(ErrorCode::rate_limited,
                             "This confirmation was resent " +
                                 std::to_string(domain::confirmation_resends_per_hour) +
                                 " times in the last hour. Wait before sending it again.");
        auto wait_ms = recent.back().at + domain::confirmation_resend_window_ms - now;
        e.retry_after_seconds = static_cast<int>(std::max<domain::Millis>(1, wait_ms / 1000));
        return e;
      }
      auto messages = tx.messages_for_lead(id);
      Channels queued;
      for (const char* channel : {domain::channel_email, domain::channel_sms}) {
        const auto* original = intake_confirmation(messages, id.value, channel);
        bool sms = std::string(channel) == domain::channel_sms;
        if (!original || (sms && !ctx_.notifications.sms_enabled)) continue;
        domain::OutboundMessage m = *original;  // the same template, data and sealed link
        m.recipient = sms ? lead->phone_e164 : lead->email;  // staff may have corrected it
        m.recipient_key = domain::recipient_limit_key(channel, m.recipient);
        m.idempotency_key = original->idempotency_key + ":resend:" + std::to_string(now);
        m.event_at = m.due_at = now;
        m.expires_at = now + (sms ? 2LL : 24LL) * 3600 * 1000;  // as at intake
        m.max_attempts = ctx_.notifications.max_attempts;
        tx.enqueue_message(m);
        queued.push_back(channel);
      }
      if (queued.empty())
        return Error::make(ErrorCode::conflict,
                           "No confirmation was sent when this request arrived (the homeowner's "
                           "daily limit was reached), so there is no tracking link to resend.");
      tx.insert_lead_history(
          {id, now, lead->status, lead->status, "admin", "Confirmation sent again by staff"});
      auto e = audit_entry(actor, now, "lead.resend_confirmation", "lead", lead_key(id));
      e.reason = domain::trim(reason);
      json::array channels;
      for (const auto& c : queued) channels.push_back(json::string(c));
      e.after_json = json::serialize(json::object{{"channels", std::move(channels)}});
      tx.append_audit(e);
      return queued;
    });
    if (r) ctx_.outbox.messages_queued();
    return r;
  } catch (const store::StoreError& e) {
    if (e.kind() == store::StoreErrorKind::unique_violation)
      return Error::make(ErrorCode::conflict, "That confirmation was just resent.");
    return unavailable_error(e, "resend_confirmation");
  } catch (const domain::Failure& e) {
    return unavailable_error(e, "resend_confirmation");
  }
}

Result<LeadCloseResult> LeadAdminService::close_lead(const domain::Actor& actor, domain::LeadId id,
                                                     const std::string& close_as,
                                                     const std::string& reason) {
  if (!domain::is_staff_close_reason(close_as)) return invalid("close_as", "Choose fraud or spam.");
  if (auto problem = domain::staff_text_problem("reason", reason)) return *problem;
  auto now = ctx_.clock.now_ms();
  auto catalog = ctx_.catalog.get();
  auto actor_id = actor.user_id.is_set() ? std::optional(actor.user_id.value) : std::nullopt;
  try {
    auto r = ctx_.store.write<LeadCloseResult>([&](store::Tx& tx) -> Result<LeadCloseResult> {
      auto lead = tx.lead_by_id(id);
      if (!lead) return lead_not_found();
      if (lead->status == domain::LeadStatus::closed &&
          domain::is_staff_close_reason(lead->closed_reason))
        return Error::make(ErrorCode::conflict,
                           "This request was closed as " + lead->closed_reason + " already.");
      // The status changes first: the conditional update holds the lead's row, so a claim racing
      // this close either took its slot before (and is read below and refunded) or finds the lead
      // closed and is refused. A claim between the read and the update changes the status: read
      // once more.
      if (!tx.update_lead_status(id, lead->status, domain::LeadStatus::closed, close_as, now)) {
        lead = tx.lead_by_id(id);
        if (!tx.update_lead_status(id, lead->status, domain::LeadStatus::closed, close_as, now))
          return Error::make(ErrorCode::conflict,
                             "This request changed meanwhile. Reload the page and try again.");
      }
      auto before = status_json(*lead);
      tx.insert_lead_history({id, now, lead->status, domain::LeadStatus::closed, "admin",
                              "Closed by staff as " + close_as + "; every claimant refunded"});
      tx.insert_live_event(domain::live_lead_gone, id, now);
      tx.stop_lead_alerts(id, "The request was closed as " + close_as + ".", now);
      LeadCloseResult out;
      out.lead = *tx.lead_by_id(id);
      queue_lead_closed_event(tx, ctx_.notifications.secret_key, out.lead, now);
      for (const auto& claim : tx.claims_for_lead(id)) {
        if (!refund_claim(tx, claim,
                          "Refund for lead #" + lead_key(id) + ": closed by staff as " + close_as,
                          actor_id, now))
          continue;
        out.refunded_claims.push_back(claim.id);
        out.refunded_credits += claim.price_credits;
        if (auto d = tx.dispute_for_claim(claim.id);
            d && d->status == domain::DisputeStatus::pending)
          tx.resolve_dispute(d->id, domain::DisputeStatus::approved,
                             "Refunded: staff closed the request as " + close_as + ".", actor_id,
                             now);
        if (auto p = tx.plumber_profile(claim.plumber_id))
          tx.enqueue_message(
              staff_refund_message(ctx_.notifications, claim, out.lead, *p, catalog, now));
      }
      auto e = audit_entry(actor, now, "lead.close", "lead", lead_key(id));
      e.reason = domain::trim(reason);
      e.before_json = json::serialize(before);
      auto after = status_json(out.lead);
      json::array refunded;
      for (auto c : out.refunded_claims) refunded.push_back(c.value);
      after["refunded_claims"] = std::move(refunded);
      after["refunded_credits"] = out.refunded_credits;
      e.after_json = json::serialize(after);
      tx.append_audit(e);
      return out;
    });
    if (r) ctx_.outbox.messages_queued();
    return r;
  } catch (const domain::Failure& e) {
    return unavailable_error(e, "close_lead");
  }
}

Result<domain::Lead> LeadAdminService::reopen_lead(const domain::Actor& actor, domain::LeadId id,
                                                   const std::string& reason) {
  if (auto problem = domain::staff_text_problem("reason", reason)) return *problem;
  auto now = ctx_.clock.now_ms();
  try {
    return ctx_.store.write<domain::Lead>([&](store::Tx& tx) -> Result<domain::Lead> {
      auto lead = tx.lead_by_id(id);
      if (!lead) return lead_not_found();
      if (!domain::lead_can_reopen(lead->status))
        return Error::make(
            ErrorCode::conflict,
            std::string("Only a closed or expired request can be reopened; this one is ") +
                to_string(lead->status) + ".");
      auto to = domain::reopened_status(lead->claims_count, lead->max_claims);
      if (!tx.update_lead_status(id, lead->status, to, "", now))
        return Error::make(ErrorCode::conflict,
                           "This request changed meanwhile. Reload the page and try again.");
      // Back on the market from now: expiry, late matching and "newest" count from here (reports
      // keep created_at, when it was requested).
      tx.set_lead_live_since(id, now);
      tx.insert_lead_history({id, now, lead->status, to, "admin", "Reopened by staff"});
      if (to == domain::LeadStatus::open) tx.insert_live_event(domain::live_lead_new, id, now);
      auto updated = *tx.lead_by_id(id);
      auto e = audit_entry(actor, now, "lead.reopen", "lead", lead_key(id));
      e.reason = domain::trim(reason);
      e.before_json = json::serialize(status_json(*lead));
      e.after_json = json::serialize(status_json(updated));
      tx.append_audit(e);
      return updated;
    });
  } catch (const domain::Failure& e) {
    return unavailable_error(e, "reopen_lead");
  }
}

}  // namespace plumbline::services
