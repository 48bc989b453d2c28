// Disputes — a claimant asks for the credits back within the window; flagged leads are refunded at
// once, the rest wait for an admin who approves (refund) or denies (with reason).
#include "services/disputes.hpp"

#include <boost/json.hpp>

#include "domain/contact.hpp"
#include "domain/marketplace_rules.hpp"
#include "services/audit.hpp"
#include "services/marketplace_messages.hpp"
#include "services/service_steps.hpp"
#include "services/webhook_events.hpp"

namespace plumbline::services {

using namespace steps;

namespace {

Error already_disputed() {
  return Error::make(ErrorCode::conflict, "You have already disputed this claim.");
}

// Refunds (when approved), records nothing else, and tells the plumber the outcome.
void settle(store::Tx& tx, const NotificationSettings& s, const domain::Dispute& d,
            const domain::Catalog& catalog, std::optional<std::int64_t> actor, domain::Millis now) {
  auto claim = *tx.claim_by_id(d.claim_id);
  if (d.status == domain::DisputeStatus::approved)
    refund_claim(tx, claim,
                 "Refund for lead #" + std::to_string(d.lead_id.value) + ": dispute approved (" +
                     domain::dispute_reason_label(d.reason) + ")",
                 actor, now);
  auto lead = tx.lead_by_id(d.lead_id);
  auto plumber = tx.plumber_profile(d.plumber_id);
  if (lead && plumber)
    tx.enqueue_message(dispute_resolved_message(s, d, claim, *lead, *plumber, catalog, now));
  WebhookEvent ev;
  ev.type = domain::webhook_dispute_resolved;
  ev.plumbers = {d.plumber_id};
  ev.lead_id = d.lead_id;
  ev.data = {
      {"dispute_id", d.id.value},
      {"claim_id", d.claim_id.value},
      {"lead_id", d.lead_id.value},
      {"plumber_id", d.plumber_id.value},
      {"reason", d.reason},
      {"status", domain::to_string(d.status)},
      {"resolution", d.resolution},
      {"refunded_credits", d.status == domain::DisputeStatus::approved ? claim.price_credits : 0}};
  queue_webhook_events(tx, s.secret_key, {ev}, now);
}

}  // namespace

Result<domain::Dispute> DisputeService::dispute(domain::UserId user_id, domain::ClaimId claim_id,
                                                const std::string& reason,
                                                const std::string& raw_details) {
  if (!domain::is_dispute_reason(reason))
    return invalid("reason", "Choose a reason from the list.");
  auto details = domain::trim(raw_details);
  if (domain::utf8_length(details) > 2000 || domain::has_control_chars(details, true))
    return invalid("details", "Keep the details under 2,000 characters of plain text.");
  auto now = ctx_.clock.now_ms();
  auto catalog = ctx_.catalog.get();
  auto days = std::to_string(ctx_.rules.marketplace().dispute_window_ms / domain::day_ms);
  try {
    auto r = ctx_.store.write<domain::Dispute>([&](store::Tx& tx) -> Result<domain::Dispute> {
      auto claim = tx.claim_by_id(claim_id);
      if (!claim || claim->plumber_id != user_id) return not_found("that claim");
      if (claim->refunded_at)
        return Error::make(ErrorCode::conflict, "This claim was refunded already.");
      if (tx.dispute_for_claim(claim_id)) return already_disputed();
      if (!domain::within_dispute_window(*claim, now, ctx_.rules.marketplace().dispute_window_ms))
        return Error::make(ErrorCode::conflict, "A claim can be disputed within " + days +
                                                    " days of claiming; this one is older.");
      auto lead = *tx.lead_by_id(claim->lead_id);
      domain::Dispute d;
      d.claim_id = claim_id;
      d.plumber_id = user_id;
      d.lead_id = claim->lead_id;
      d.reason = reason;
      d.details = details;
      d.created_at = now;
      d.id = domain::DisputeId{tx.insert_dispute(d)};
      if (domain::dispute_auto_refunds(reason, lead)) {
        tx.resolve_dispute(d.id, domain::DisputeStatus::approved,
                           lead.flag == domain::lead_flag_never_requested
                               ? "Refunded automatically: the homeowner says they never made "
                                 "this request."
                               : "Refunded automatically: this request repeats an earlier one.",
                           std::nullopt, now);
        settle(tx, ctx_.notifications, *tx.dispute_by_id(d.id), catalog, std::nullopt, now);
      }
      return *tx.dispute_by_id(d.id);
    });
    if (r && r->status != domain::DisputeStatus::pending) ctx_.outbox.messages_queued();
    return r;
  } catch (const store::StoreError& e) {
    if (e.kind() == store::StoreErrorKind::unique_violation) return already_disputed();
    return unavailable_error(e, "dispute");
  } catch (const domain::Failure& e) {
    return unavailable_error(e, "dispute");
  }
}

Result<std::vector<DisputeView>> DisputeService::disputes(
    std::optional<domain::DisputeStatus> status, int limit, int offset) {
  try {
    return ctx_.store.read<std::vector<DisputeView>>([&](store::Tx& tx) {
      std::vector<DisputeView> out;
      for (auto& d : tx.list_disputes(status, clamp_limit(limit, 200), clamp_offset(offset))) {
        DisputeView v{d, "", {}, 0};
        if (auto p = tx.plumber_profile(d.plumber_id)) v.business_name = p->profile.business_name;
        if (auto card = tx.lead_card(d.lead_id, d.plumber_id)) v.lead = *card;
        if (auto c = tx.claim_by_id(d.claim_id)) v.price_credits = c->price_credits;
        out.push_back(std::move(v));
      }
      return out;
    });
  } catch (const domain::Failure& e) {
    return unavailable_error(e, "disputes");
  }
}

Result<domain::Dispute> DisputeService::resolve_dispute(const domain::Actor& actor,
                                                        domain::DisputeId dispute_id, bool approve,
                                                        const std::string& raw_reason) {
  const domain::UserId admin_id = actor.user_id;
  auto reason = domain::trim(raw_reason);
  if (!approve && reason.empty())
    return invalid("reason", "Give the plumber a reason for the denial; they will see it.");
  if (domain::utf8_length(reason) > 500)
    return invalid("reason", "Keep the reason under 500 characters.");
  if (domain::has_control_chars(reason, true))
    return invalid("reason", "Remove unusual control characters.");
  auto now = ctx_.clock.now_ms();
  auto catalog = ctx_.catalog.get();
  try {
    auto r = ctx_.store.write<domain::Dispute>([&](store::Tx& tx) -> Result<domain::Dispute> {
      auto d = tx.dispute_by_id(dispute_id);
      if (!d) return not_found("that dispute");
      auto resolution =
          approve && reason.empty() ? "Approved: your credits were refunded." : reason;
      if (d->status != domain::DisputeStatus::pending ||
          !tx.resolve_dispute(
              dispute_id, approve ? domain::DisputeStatus::approved : domain::DisputeStatus::denied,
              resolution, admin_id.value, now))
        return Error::make(
            ErrorCode::conflict,
            "This dispute was " + std::string(domain::to_string(d->status)) + " already.");
      auto resolved = *tx.dispute_by_id(dispute_id);
      settle(tx, ctx_.notifications, resolved, catalog, admin_id.value, now);
      auto row = audit_entry(actor, now, approve ? "dispute.approve" : "dispute.deny", "dispute",
                             std::to_string(dispute_id.value));
      row.reason = reason;
      row.before_json =
          boost::json::serialize(boost::json::object{{"status", domain::to_string(d->status)}});
      row.after_json = boost::json::serialize(boost::json::object{
          {"status", domain::to_string(resolved.status)}, {"claim_id", resolved.claim_id.value}});
      tx.append_audit(row);
      return resolved;
    });
    if (r) ctx_.outbox.messages_queued();
    return r;
  } catch (const domain::Failure& e) {
    return unavailable_error(e, "resolve_dispute");
  }
}

}  // namespace plumbline::services
