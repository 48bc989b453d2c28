// Marketplace message construction per kind (see docs/messages.md for the table).
#include "services/marketplace_messages.hpp"

#include <boost/json.hpp>
#include <cstdio>

#include "crypto/sealed.hpp"
#include "domain/contact.hpp"
#include "domain/lead_decision.hpp"
#include "domain/marketplace_rules.hpp"

namespace plumbline::services {

namespace {

using boost::json::object;
constexpr domain::Millis hour_ms = 3600LL * 1000;

std::string service_label(const domain::Catalog& c, const std::string& slug) {
  for (const auto& s : c.services)  // inactive services keep their label
    if (s.slug == slug) return s.label;
  return slug;
}

std::string urgency_label(const domain::Catalog& c, const std::string& slug) {
  const auto* u = c.urgency(slug);
  return u ? u->label : slug;
}

std::string credits_word(domain::Credits n) {
  return n == 1 ? "credit" : "credits";
}

// What every message about a lead shows, without contact details.
object lead_summary(const domain::NewLead& lead, const domain::Catalog& c) {
  return {{"service_label", service_label(c, lead.service_type)},
          {"urgency_label", urgency_label(c, lead.urgency)},
          {"is_emergency", lead.urgency == "emergency"},
          {"city", lead.city},
          {"state", lead.state},
          {"zip", lead.zip}};
}

domain::OutboundMessage make(const NotificationSettings& s, const std::string& kind,
                             const char* channel, const std::string& to, const object& data,
                             const object* secret, const std::string& key_suffix,
                             std::optional<std::int64_t> lead_id, domain::Millis now,
                             domain::Millis ttl_ms) {
  domain::OutboundMessage m;
  m.kind = kind;
  m.template_name = kind;
  m.channel = channel;
  m.recipient = to;
  m.data_json = boost::json::serialize(data);
  if (secret) m.sealed_json = crypto::seal(s.secret_key, boost::json::serialize(*secret));
  m.idempotency_key = kind + ":" + channel + ":" + key_suffix;
  m.lead_id = domain::opt_id<domain::LeadId>(lead_id);
  m.transactional = true;
  m.event_at = m.due_at = now;
  m.expires_at = now + ttl_ms;
  m.max_attempts = s.max_attempts;
  return m;
}

}  // namespace

std::vector<domain::OutboundMessage> lead_alert_messages(
    const NotificationSettings& s, std::int64_t lead_id, const domain::NewLead& lead,
    const domain::MatchCandidate& p, const domain::Catalog& catalog, domain::Millis now,
    domain::Millis sms_due, domain::Millis lead_expires_at) {
  char distance[32];
  std::snprintf(distance, sizeof distance, "%.1f", p.distance_miles);
  object data = lead_summary(lead, catalog);
  data["business_name"] = p.business_name;
  data["distance_miles"] = distance;
  data["price_credits"] = lead.price_credits;
  data["credits_word"] = credits_word(lead.price_credits);
  data["max_claims"] = lead.max_claims;
  // The homeowner's own words and the checks it passed, so the plumber can judge it from the mail;
  // the link opens that lead's page (claiming asks for a confirmation there).
  data["description"] = lead.description;
  boost::json::array signals;
  for (const auto& q : domain::quality_signals(domain::quality_of(lead)))
    signals.push_back(object{{"label", q.label}, {"detail", q.detail}});
  data["has_signals"] = !signals.empty();
  data["signals"] = std::move(signals);
  data["lead_url"] = s.base_url + "/leads/" + std::to_string(lead_id);
  data["settings_url"] = s.base_url + "/settings";
  auto key = std::to_string(lead_id) + ":" + std::to_string(p.plumber_id.value);
  std::vector<domain::OutboundMessage> out;
  if (p.settings.notify_email && !p.email.empty())
    out.push_back(make(s, "lead_alert", domain::channel_email, p.email, data, nullptr, key, lead_id,
                       now, lead_expires_at - now));
  if (s.sms_enabled && p.settings.notify_sms && !p.phone_e164.empty()) {
    // A text hours late is noise: it expires 4 hours after it was due (and with the lead).
    auto m = make(s, "lead_alert", domain::channel_sms, p.phone_e164, data, nullptr, key, lead_id,
                  now, 0);
    m.due_at = sms_due;
    m.expires_at = std::min(sms_due + 4 * hour_ms, lead_expires_at);
    out.push_back(std::move(m));
  }
  return out;
}

domain::OutboundMessage claim_confirmation_message(const NotificationSettings& s,
                                                   const domain::Claim& claim,
                                                   const domain::Lead& lead,
                                                   const domain::PlumberProfile& p,
                                                   const domain::Catalog& catalog,
                                                   domain::Credits balance, domain::Millis now) {
  object data = lead_summary(lead, catalog);
  data["contact_name"] = p.profile.contact_name;
  data["price_credits"] = claim.price_credits;
  data["credits_word"] = credits_word(claim.price_credits);
  data["balance"] = balance;
  data["claim_url"] = s.base_url + "/my-leads/" + std::to_string(claim.id.value);
  object secret{{"name", lead.name},
                {"phone", domain::display_phone(lead.phone_e164)},
                {"email", lead.email},
                {"address", lead.address},
                {"contact_method_label", domain::contact_method_label(lead.contact_method)},
                {"best_time", lead.best_time},
                {"description", lead.description},
                {"extra_details", lead.extra_details}};
  return make(s, "claim_confirmation", domain::channel_email, p.email, data, &secret,
              std::to_string(claim.id.value), lead.id.value, now, 3 * 24 * hour_ms);
}

std::vector<domain::OutboundMessage> lead_claimed_messages(
    const NotificationSettings& s, const domain::Claim& claim, const domain::Lead& lead,
    const domain::PlumberProfile& p, const domain::Catalog& catalog, domain::Millis now) {
  // To the unverified requester: nothing they typed (see lead_confirmation_messages).
  object data = lead_summary(lead, catalog);
  data["business_name"] = p.profile.business_name;
  data["plumber_phone"] = domain::display_phone(p.profile.phone_e164);
  data["licence_number"] = p.profile.licence_number;
  data["licence_state"] = p.profile.licence_state;
  data["licence_verified_on"] = p.review.licence_verified_on;
  data["insurance_valid_until"] = p.review.insurance_valid_until;
  data["contact_method_label"] = domain::contact_method_label(lead.contact_method);
  auto key = std::to_string(claim.id.value);
  std::vector<domain::OutboundMessage> out;
  out.push_back(make(s, "lead_claimed", domain::channel_email, lead.email, data, nullptr, key,
                     lead.id.value, now, 24 * hour_ms));
  if (s.sms_enabled && lead.contact_method == "text")
    out.push_back(make(s, "lead_claimed", domain::channel_sms, lead.phone_e164, data, nullptr, key,
                       lead.id.value, now, 2 * hour_ms));
  return out;
}

domain::OutboundMessage lead_details_message(
    const NotificationSettings& s, const domain::Lead& lead, const domain::PlumberProfile& p,
    const domain::Catalog& catalog, const std::string& text, std::size_t seq, domain::Millis now) {
  object data = lead_summary(lead, catalog);
  data["contact_name"] = p.profile.contact_name;
  data["my_leads_url"] = s.base_url + "/my-leads";
  object secret{{"name", lead.name}, {"details", text}};
  auto key = std::to_string(lead.id.value) + ":" + std::to_string(p.user_id.value) + ":" +
             std::to_string(seq);
  return make(s, "lead_details", domain::channel_email, p.email, data, &secret, key, lead.id.value,
              now, 3 * 24 * hour_ms);
}

domain::OutboundMessage lead_updated_message(const NotificationSettings& s,
                                             const domain::Lead& lead,
                                             const domain::PlumberProfile& p,
                                             const domain::Catalog& catalog,
                                             const std::string& changed, domain::Millis now) {
  object data = lead_summary(lead, catalog);
  data["contact_name"] = p.profile.contact_name;
  data["changed"] = changed;
  data["my_leads_url"] = s.base_url + "/my-leads";
  auto key = std::to_string(lead.id.value) + ":" + std::to_string(p.user_id.value) + ":" +
             std::to_string(now);
  return make(s, "lead_updated", domain::channel_email, p.email, data, nullptr, key, lead.id.value,
              now, 3 * 24 * hour_ms);
}

domain::OutboundMessage claim_refunded_message(const NotificationSettings& s,
                                               const domain::Claim& claim, const domain::Lead& lead,
                                               const domain::PlumberProfile& p,
                                               const domain::Catalog& catalog, domain::Millis now) {
  object data = lead_summary(lead, catalog);
  data["contact_name"] = p.profile.contact_name;
  data["price_credits"] = claim.price_credits;
  data["credits_word"] = credits_word(claim.price_credits);
  data["credits_url"] = s.base_url + "/credits";
  return make(s, "claim_refunded", domain::channel_email, p.email, data, nullptr,
              std::to_string(claim.id.value), lead.id.value, now, 7 * 24 * hour_ms);
}

domain::OutboundMessage dispute_resolved_message(
    const NotificationSettings& s, const domain::Dispute& d, const domain::Claim& claim,
    const domain::Lead& lead, const domain::PlumberProfile& p, const domain::Catalog& catalog,
    domain::Millis now) {
  object data = lead_summary(lead, catalog);
  data["contact_name"] = p.profile.contact_name;
  data["reason_label"] = domain::dispute_reason_label(d.reason);
  data["is_approved"] = d.status == domain::DisputeStatus::approved;
  data["automatic"] = !d.resolved_by.has_value();
  data["resolution"] = d.resolution;
  data["price_credits"] = claim.price_credits;
  data["credits_word"] = credits_word(claim.price_credits);
  data["claim_url"] = s.base_url + "/my-leads/" + std::to_string(claim.id.value);
  return make(s, "dispute_resolved", domain::channel_email, p.email, data, nullptr,
              std::to_string(d.id.value), lead.id.value, now, 7 * 24 * hour_ms);
}

domain::OutboundMessage plumber_review_message(const NotificationSettings& s,
                                               const domain::PlumberProfile& p,
                                               const domain::PlumberReview& r) {
  object data{{"contact_name", p.profile.contact_name},
              {"business_name", p.profile.business_name},
              {"is_approved", r.status == domain::PlumberStatus::approved},
              {"is_rejected", r.status == domain::PlumberStatus::rejected},
              {"is_suspended", r.status == domain::PlumberStatus::suspended},
              {"reason", r.reason},
              {"dashboard_url", s.base_url + "/dashboard"}};
  return make(s, "plumber_review", domain::channel_email, p.email, data, nullptr,
              std::to_string(p.user_id.value) + ":" + std::to_string(r.reviewed_at), std::nullopt,
              r.reviewed_at, 7 * 24 * hour_ms);
}

domain::OutboundMessage plumber_account_message(const NotificationSettings& s,
                                                const domain::PlumberProfile& p,
                                                const std::string& action,
                                                const std::string& reason, domain::Millis at) {
  object data{
      {"contact_name", p.profile.contact_name},          {"business_name", p.profile.business_name},
      {"is_reactivated", action == "reactivated"},       {"is_edited", action == "edited"},
      {"is_sessions_ended", action == "sessions_ended"}, {"reason", reason},
      {"dashboard_url", s.base_url + "/dashboard"}};
  return make(s, "plumber_account_notice", domain::channel_email, p.email, data, nullptr,
              std::to_string(p.user_id.value) + ":" + action + ":" + std::to_string(at),
              std::nullopt, at, 7 * 24 * hour_ms);
}

}  // namespace plumbline::services
