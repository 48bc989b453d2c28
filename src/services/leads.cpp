// Lead use cases; the store call in each owns the transaction.
#include "services/leads.hpp"

#include "crypto/tokens.hpp"
#include "domain/lead_rules.hpp"
#include "domain/marketplace_rules.hpp"
#include "log/log.hpp"
#include "services/lead_verification.hpp"
#include "services/webhook_events.hpp"

namespace plumbline::services {

using domain::Error;
using domain::ErrorCode;
using domain::Result;

Error unavailable_error(const std::exception& e, const char* action) {
  log::error("store_failure", {{"action", std::string(action)}, {"error", std::string(e.what())}});
  return Error::make(ErrorCode::unavailable,
                     "We could not save or load that just now. Please try again in a moment.",
                     e.what());
}

TrackedLead tracked_lead(store::Tx& tx, const domain::Lead& lead) {
  return TrackedLead{lead,
                     tx.lead_history(lead.id),
                     tx.claimants(lead.id),
                     static_cast<int>(tx.lead_matches(lead.id).size()),
                     read_verification_status(tx, lead),
                     tx.lead_photos(lead.id)};  // issue 17
}

domain::LeadReach LeadService::reach(const TrackedLead& t) const {
  return {t.lead.status,
          t.lead.closed_reason,
          t.lead.zip,
          t.matched,
          static_cast<int>(t.claimants.size()),
          t.lead.max_claims,
          lead_expiry_hours(),
          t.lead.is_duplicate()};
}

LeadService::LeadService(store::Store& store, const geo::ZipTable& zips, const Clock& clock,
                         CatalogCache& catalog, LeadMatcher& matcher, LeadEvents& events,
                         NotificationSettings notifications, const MarketplaceRules& rules)
    : store_(store),
      zips_(zips),
      clock_(clock),
      catalog_(catalog),
      matcher_(matcher),
      events_(events),
      notifications_(std::move(notifications)),
      rules_(rules) {}

Result<SubmittedLead> LeadService::submit(const domain::LeadInput& input,
                                          domain::RequestContext ctx, const AlsoInTx& also,
                                          const FirstInTx& first) {
  try {
    ctx.now = clock_.now_ms();
    const auto rules = rules_.marketplace();  // one snapshot for the whole request
    ctx.max_claims = rules.max_claims_per_lead;
    ctx.consent_text = rules.consent_text;
    auto cat = catalog();
    auto validated = domain::validate_lead(input, cat, zips_, ctx);
    // The service's questions (issue 17): their problems are reported with the other fields'.
    const auto* asked = cat.service(input.service_type);
    auto answers = domain::validate_answers(
        asked ? asked->questions : std::vector<domain::ServiceQuestion>{}, input.answers,
        ctx.source != "phone");  // staff's phone form has no questions (issue 17)
    if (!validated || !answers) {
      auto e = validated ? answers.error() : validated.error();
      if (!validated && !answers)
        e.details.insert(e.details.end(), answers.error().details.begin(),
                         answers.error().details.end());
      return e;
    }
    domain::NewLead lead = std::move(validated.value());
    lead.answers = std::move(answers.value());
    if (ctx.confirm_if_uncovered && !input.send_anyway && !matcher_.covers(lead)) {
      const auto* service = cat.service(lead.service_type);
      Error e = Error::make(ErrorCode::invalid_input, "Some answers need fixing.");
      e.details.push_back(
          {"send_anyway", domain::no_coverage_notice(lead.zip, service ? service->label : "") +
                              " Tick \"Send my request anyway\" to send it all the same, or "
                              "change the ZIP code or the type of work."});
      return e;
    }
    SubmittedLead out;
    out.tracking_token = crypto::random_token(24);  // 192 bits
    lead.tracking_hash = crypto::sha256_hex(out.tracking_token);
    lead.created_at = ctx.now;
    lead.price_credits = domain::lead_price(cat, lead.service_type, lead.urgency);
    lead.max_claims = ctx.max_claims;
    lead.created_by = ctx.created_by;
    auto r = store_.write<SubmittedLead>([&](store::Tx& tx) -> Result<SubmittedLead> {
      if (first)
        if (auto refused = first(tx)) return std::move(*refused);
      auto duplicate_of = tx.recent_lead_for_phone(lead.phone_e164, lead.service_type,
                                                   ctx.now - rules.duplicate_window_ms);
      lead.duplicate_of =
          duplicate_of ? std::optional{domain::LeadId{*duplicate_of}} : std::nullopt;
      SubmittedLead s = out;
      s.id = domain::LeadId{tx.insert_lead(lead)};
      if (!lead.answers.empty()) tx.set_lead_answers(s.id, lead.answers);
      s.answers = lead.answers;
      s.status = domain::LeadStatus::open;
      s.duplicate = lead.duplicate_of.has_value();
      // Issue 17: a request sent with the form gets a code to confirm its phone, entered on the
      // confirmation page; under the `required` policy every homeowner's request (API too) gets
      // one and is matched and confirmed only once it is entered. Staff vouch for a phone-in.
      const bool required = rules.phone_verification_required;
      const bool confirm_contact =
          !ctx.created_by && !s.duplicate && (ctx.source == "web" || required);
      const bool hold = confirm_contact && required;
      if (hold) tx.set_lead_awaiting_verification(s.id, true);
      std::string note = s.duplicate
                             ? "Request received (duplicate of an earlier request; not sent again)"
                             : "Request received";
      if (ctx.created_by)
        note += ctx.match_now ? ", taken by phone"
                              : ", taken by phone and held: not sent to plumbers until staff "
                                "re-run matching";
      if (hold) note += "; sent to plumbers once the homeowner confirms their phone";
      tx.insert_lead_history({s.id, ctx.now, std::nullopt, domain::LeadStatus::open,
                              ctx.created_by ? "admin" : "homeowner", note});
      if (!s.duplicate && ctx.match_now && !hold)
        s.matched = matcher_.match_new_lead(tx, s.id.value, lead, cat, ctx.now);
      // After matching, so the confirmation says how many plumbers were sent the request.
      // Anyone may type anyone's address or number, so confirmations are limited per recipient;
      // past the limit the lead is still stored and matched, only the message is left out.
      domain::LeadReach reach{
          domain::LeadStatus::open, "",         lead.zip, s.matched, 0, lead.max_claims,
          lead_expiry_hours(),      s.duplicate};
      if (!hold)  // a held request is confirmed with the right count once released
        s.confirmations_withheld =
            enqueue_within_daily_limit(tx, notifications_,
                                       lead_confirmation_messages(notifications_, s.id.value, lead,
                                                                  s.tracking_token, cat, reach),
                                       ctx.now);
      if (confirm_contact)
        send_verification_code(tx, notifications_, s.id.value, lead, s.tracking_token, ctx.now);
      if (also) also(tx, s);
      if (s.matched > 0) tx.insert_live_event(domain::live_lead_new, s.id, ctx.now);  // last
      return s;
    });
    if (r) {
      for (const auto& channel : r.value().confirmations_withheld)
        log::warn("lead_confirmation_withheld",
                  {{"lead_id", r.value().id.value},
                   {"channel", channel},
                   {"per_day", std::int64_t{notifications_.confirmations_per_recipient_per_day}}});
      events_.lead_submitted(r.value());
    }
    return r;
  } catch (const domain::Failure& e) {
    return unavailable_error(e, "submit_lead");
  }
}

Result<TrackedLead> LeadService::track(const std::string& token) {
  if (!domain::plausible_tracking_token(token))
    return Error::make(ErrorCode::not_found, "We could not find that request.");
  try {
    auto hash = crypto::sha256_hex(token);
    auto found =
        store_.read<std::optional<TrackedLead>>([&](store::Tx& tx) -> std::optional<TrackedLead> {
          auto lead = tx.lead_by_tracking_hash(hash);
          if (!lead) return std::nullopt;
          return tracked_lead(tx, *lead);
        });
    if (!found)
      return Error::make(ErrorCode::not_found,
                         "We could not find that request. Check the link in your e-mail.");
    return std::move(*found);
  } catch (const domain::Failure& e) {
    return unavailable_error(e, "track_lead");
  }
}

Result<TrackedLead> LeadService::cancel(const std::string& token) {
  if (!domain::plausible_tracking_token(token))
    return Error::make(ErrorCode::not_found, "We could not find that request.");
  try {
    auto hash = crypto::sha256_hex(token);
    auto now = clock_.now_ms();
    return store_.write<TrackedLead>([&](store::Tx& tx) -> Result<TrackedLead> {
      auto lead = tx.lead_by_tracking_hash(hash);
      if (!lead) return Error::make(ErrorCode::not_found, "We could not find that request.");
      if (lead->status == domain::LeadStatus::closed && lead->closed_reason == "cancelled")
        return tracked_lead(tx, *lead);
      if (!domain::homeowner_can_cancel(lead->status))
        return Error::make(ErrorCode::conflict, "This request is already " +
                                                    std::string(to_string(lead->status)) +
                                                    " and cannot be cancelled.");
      if (!tx.update_lead_status(lead->id, lead->status, domain::LeadStatus::closed, "cancelled",
                                 now))
        return Error::make(
            ErrorCode::conflict,
            "This request changed while you were looking at it. Reload and try again.");
      tx.insert_lead_history({lead->id, now, lead->status, domain::LeadStatus::closed, "homeowner",
                              "Cancelled by the homeowner"});
      tx.insert_live_event(domain::live_lead_gone, lead->id, now);
      auto updated = tx.lead_by_id(lead->id);
      queue_lead_closed_event(tx, notifications_.secret_key, *updated, now);
      return tracked_lead(tx, *updated);
    });
  } catch (const domain::Failure& e) {
    return unavailable_error(e, "cancel_lead");
  }
}

}  // namespace plumbline::services
