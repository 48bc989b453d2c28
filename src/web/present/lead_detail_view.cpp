// Builds the staff's lead page object (present/lead_detail_view.hpp).
#include "web/present/lead_detail_view.hpp"

#include <boost/json.hpp>
#include <cstdio>

#include "domain/contact.hpp"
#include "domain/lead_admin.hpp"
#include "domain/lead_verification.hpp"
#include "domain/marketplace_rules.hpp"
#include "domain/masking.hpp"
#include "web/present/plumber_view.hpp"
#include "web/present/service_questions_view.hpp"

namespace plumbline::web {

namespace json = boost::json;

namespace {

json::value time_or_null(const TimeText& t, std::optional<domain::Millis> ms) {
  return ms && *ms > 0 ? json::value(t(*ms)) : json::value(nullptr);
}

// Whom a message about the lead goes to, by its kind (docs/messages.md).
const char* audience_of(const std::string& kind) {
  if (kind == "lead_confirmation" || kind == "lead_claimed" || kind == "lead_plumber_joined")
    return "homeowner";
  if (kind == "phone_code" || kind == "lead_email_verification") return "homeowner";  // issue 17
  return "plumber";
}

json::object message_json(const domain::OutboxMessage& m, const TimeText& t, bool full_contact) {
  bool homeowner = std::string(audience_of(m.kind)) == "homeowner";
  auto to = m.recipient;
  if (homeowner && !full_contact)
    to = m.channel == domain::channel_sms ? domain::mask_phone(to) : domain::mask_email(to);
  auto status = to_string(m.status);
  return {{"id", m.id},
          {"kind", m.kind},
          {"channel", m.channel},
          {"channel_label", m.channel == domain::channel_sms       ? "SMS"
                            : m.channel == domain::channel_webhook ? "Webhook"
                                                                   : "E-mail"},
          {"audience", audience_of(m.kind)},
          {"recipient", to},
          {"status", status},
          {"is_dead", m.status == domain::MessageStatus::dead},
          {"is_sent", m.status == domain::MessageStatus::sent},
          {"attempts", m.attempts},
          {"created_at", t(m.created_at)},
          {"sent_at", time_or_null(t, m.sent_at)},
          {"failed_at", m.status == domain::MessageStatus::dead ? json::value(t(m.updated_at))
                                                                : json::value(nullptr)},
          {"last_error", m.last_error},
          {"delivery_status", m.delivery_status}};
}

std::string miles_text(double miles) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", miles);
  return buf;
}

}  // namespace

json::object lead_detail_json(const services::LeadDetail& d, const domain::Catalog& catalog,
                              const TimeText& t, bool full_contact) {
  const auto& l = d.lead;
  auto status = to_string(l.status);
  json::object lead{
      {"id", l.id.value},
      {"status", status},
      {"closed_reason", l.closed_reason},
      {"verification_badge", domain::verification_badge(d.verification)},  // issue 17
      {"awaiting_verification", d.verification.awaiting},
      {"is_closed", l.status == domain::LeadStatus::closed},
      {"can_reopen", domain::lead_can_reopen(l.status)},
      {"can_close",
       !(l.status == domain::LeadStatus::closed && domain::is_staff_close_reason(l.closed_reason))},
      {"service_type", l.service_type},
      {"service_label", service_label(catalog, l.service_type)},
      {"service_class", service_badge_class(l.service_type)},
      {"urgency", l.urgency},
      {"urgency_label", urgency_label(catalog, l.urgency)},
      {"description", l.description},
      {"extra_details", l.extra_details},
      {"answers", lead_answers_view(l.answers)},  // questions per service (issue 17)
      {"address", l.address},
      {"city", l.city},
      {"state", l.state},
      {"zip", l.zip},
      {"name", l.name},
      {"phone",
       full_contact ? domain::display_phone(l.phone_e164) : domain::mask_phone(l.phone_e164)},
      {"phone_e164", full_contact ? l.phone_e164 : domain::mask_phone(l.phone_e164)},
      {"email", full_contact ? l.email : domain::mask_email(l.email)},
      {"contact_masked", !full_contact},
      {"contact_deleted", d.contact_deleted},
      {"contact_method", l.contact_method},
      {"contact_method_label", domain::contact_method_label(l.contact_method)},
      {"best_time", l.best_time},
      {"source", l.source},
      {"utm_source", l.utm_source},
      {"utm_medium", l.utm_medium},
      {"utm_campaign", l.utm_campaign},
      {"referrer", l.referrer},
      {"duplicate_of", l.duplicate_of ? json::value(l.duplicate_of->value) : json::value(nullptr)},
      {"flag", l.flag},
      {"price_credits", l.price_credits},
      {"max_claims", l.max_claims},
      {"claims_count", l.claims_count},
      {"created_at", t(l.created_at)},
      // Issue 15: when it went back on the market (expiry counts from here); shown once reopened.
      {"live_since", t(l.live_since)},
      {"reopened", l.live_since > l.created_at},
      {"updated_at", t(l.updated_at)},
      {"consent", json::object{{"text", l.consent_text},
                               {"at", t(l.consent_at)},
                               {"ip", l.consent_ip},
                               {"user_agent", l.consent_user_agent}}}};

  json::array history;
  for (const auto& h : d.history)
    history.push_back({{"at", t(h.at)},
                       {"from_status", h.from_status ? domain::to_string(*h.from_status) : ""},
                       {"to_status", domain::to_string(h.to_status)},
                       {"actor", h.actor},
                       {"note", h.note}});
  json::array matches;
  for (const auto& m : d.matches) {
    json::array alerts;
    for (const auto& a : m.alerts) alerts.push_back(message_json(a, t, true));
    matches.push_back(
        {{"plumber_id", m.match.plumber_id.value},
         {"business_name", m.match.business_name.empty() ? m.match.email : m.match.business_name},
         {"distance_miles", miles_text(m.match.distance_miles)},
         {"matched_at", t(m.match.matched_at)},
         {"has_alerts", !alerts.empty()},
         {"alerts", std::move(alerts)}});
  }
  json::array claims;
  for (const auto& c : d.claims)
    claims.push_back(
        {{"id", c.claim.id.value},
         {"plumber_id", c.claim.plumber_id.value},
         {"business_name", c.business_name},
         {"price_credits", c.claim.price_credits},
         {"outcome", domain::to_string(c.claim.outcome)},
         {"outcome_label", outcome_label(c.claim.outcome)},
         {"refunded", c.claim.refunded_at.has_value()},
         {"refunded_at", time_or_null(t, c.claim.refunded_at)},
         {"created_at", t(c.claim.created_at)},
         {"dispute_status",
          c.dispute ? json::value(domain::to_string(c.dispute->status)) : json::value(nullptr)}});
  json::array disputes;
  for (const auto& x : d.disputes)
    disputes.push_back({{"id", x.id.value},
                        {"claim_id", x.claim_id.value},
                        {"plumber_id", x.plumber_id.value},
                        {"reason", x.reason},
                        {"reason_label", domain::dispute_reason_label(x.reason)},
                        {"details", x.details},
                        {"status", domain::to_string(x.status)},
                        {"resolution", x.resolution},
                        {"created_at", t(x.created_at)},
                        {"resolved_at", time_or_null(t, x.resolved_at)}});
  json::array messages;
  for (const auto& m : d.messages) messages.push_back(message_json(m, t, full_contact));
  json::array notes;
  for (const auto& n : d.notes)
    notes.push_back({{"id", n.id},
                     {"author_email", n.author_email},
                     {"body", n.body},
                     {"created_at", t(n.created_at)}});
  bool any_refunded = false;
  for (const auto& c : d.claims) any_refunded = any_refunded || c.claim.refunded_at.has_value();
  return {{"lead", std::move(lead)},
          {"history", std::move(history)},
          {"matches", std::move(matches)},
          {"has_matches", !d.matches.empty()},
          {"claims", std::move(claims)},
          {"has_claims", !d.claims.empty()},
          {"has_refunded_claims", any_refunded},
          {"disputes", std::move(disputes)},
          {"has_disputes", !d.disputes.empty()},
          {"messages", std::move(messages)},
          {"has_messages", !d.messages.empty()},
          {"notes", std::move(notes)},
          {"has_notes", !d.notes.empty()},
          {"resends_last_hour", d.resends_last_hour},
          {"resends_per_hour", domain::confirmation_resends_per_hour}};
}

}  // namespace plumbline::web
