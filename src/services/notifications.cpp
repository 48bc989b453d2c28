// Message construction per event kind (see docs/messages.md for the table of kinds).
#include "services/notifications.hpp"

#include <boost/json.hpp>

#include "crypto/sealed.hpp"

namespace plumbline::services {

std::vector<domain::OutboundMessage> lead_confirmation_messages(const NotificationSettings& s,
                                                                std::int64_t lead_id,
                                                                const domain::NewLead& lead,
                                                                const std::string& tracking_token,
                                                                const domain::Catalog& catalog,
                                                                const domain::LeadReach& reach) {
  const auto* service = catalog.service(lead.service_type);
  const auto* urgency = catalog.urgency(lead.urgency);
  boost::json::object data{{"service_label", service ? service->label : lead.service_type},
                           {"urgency_label", urgency ? urgency->label : lead.urgency},
                           {"city", lead.city},
                           {"state", lead.state},
                           {"zip", lead.zip},
                           {"is_duplicate", lead.duplicate_of.has_value()},
                           {"max_claims", lead.max_claims},
                           {"no_coverage", !reach.duplicate && reach.matched == 0},
                           {"reach", domain::intake_summary(reach)},
                           {"reach_short", domain::intake_summary_short(reach)}};
  // The tracking link is a bearer secret: it is stored sealed, never in plain text.
  boost::json::object secret{{"tracking_url", s.base_url + "/t/" + tracking_token}};
  domain::OutboundMessage base;
  base.kind = "lead_confirmation";
  base.template_name = "lead_confirmation";
  base.data_json = boost::json::serialize(data);
  base.sealed_json = crypto::seal(s.secret_key, boost::json::serialize(secret));
  base.lead_id = domain::LeadId{lead_id};
  base.transactional = true;
  base.event_at = lead.created_at;
  base.due_at = lead.created_at;
  base.expires_at =
      lead.created_at + 24LL * 3600 * 1000;  // a confirmation a day late only confuses
  base.max_attempts = s.max_attempts;

  std::vector<domain::OutboundMessage> out;
  auto email = base;
  email.channel = domain::channel_email;
  email.recipient = lead.email;
  email.recipient_key = domain::recipient_limit_key(domain::channel_email, lead.email);
  email.idempotency_key = "lead_confirmation:email:" + std::to_string(lead_id);
  out.push_back(std::move(email));
  if (s.sms_enabled && lead.contact_method == "text") {
    auto sms = base;
    sms.channel = domain::channel_sms;
    sms.recipient = lead.phone_e164;
    sms.recipient_key = domain::recipient_limit_key(domain::channel_sms, lead.phone_e164);
    sms.idempotency_key = "lead_confirmation:sms:" + std::to_string(lead_id);
    sms.expires_at = lead.created_at + 2LL * 3600 * 1000;
    out.push_back(std::move(sms));
  }
  return out;
}

std::vector<domain::OutboundMessage> plumber_joined_messages(
    const NotificationSettings& s, const domain::Lead& lead,
    const std::vector<domain::OutboxMessage>& lead_messages, const domain::Catalog& catalog,
    domain::Millis now) {
  const auto* service = catalog.service(lead.service_type);
  auto data = boost::json::serialize(
      boost::json::object{{"service_label", service ? service->label : lead.service_type},
                          {"city", lead.city},
                          {"state", lead.state},
                          {"zip", lead.zip},
                          {"max_claims", lead.max_claims},
                          {"notice", domain::late_match_notice(lead.zip)},
                          {"notice_short", domain::late_match_notice_short(lead.zip)}});
  std::vector<domain::OutboundMessage> out;
  for (const auto& confirmation : lead_messages) {
    if (confirmation.kind != "lead_confirmation") continue;
    bool sms = confirmation.channel == domain::channel_sms;
    if (sms && !s.sms_enabled) continue;
    domain::OutboundMessage m;
    m.kind = m.template_name = "lead_plumber_joined";
    m.channel = confirmation.channel;
    m.recipient = confirmation.recipient;
    m.data_json = data;
    m.sealed_json = confirmation.sealed_json;  // the tracking link, sealed with the same key
    m.idempotency_key = "lead_plumber_joined:" + m.channel + ":" + std::to_string(lead.id.value);
    m.lead_id = lead.id;
    m.transactional = true;
    m.event_at = m.due_at = now;
    m.expires_at = now + (sms ? 2LL : 24LL) * 3600 * 1000;  // as the confirmation
    m.max_attempts = s.max_attempts;
    out.push_back(std::move(m));
  }
  return out;
}

void enqueue(store::Tx& tx, const std::vector<domain::OutboundMessage>& messages) {
  tx.enqueue_messages(messages);
}

std::vector<std::string> enqueue_within_daily_limit(
    store::Tx& tx, const NotificationSettings& s,
    const std::vector<domain::OutboundMessage>& messages, domain::Millis now) {
  std::vector<std::string> withheld;
  for (const auto& m : messages) {
    // Counts what was queued in this window whatever became of it (sent, pending or dead).
    auto already =
        tx.count_recent_messages(m.kind, m.recipient_key, now - domain::recipient_limit_window_ms);
    if (m.recipient_key.empty() ||
        domain::recipient_within_limit(already, s.confirmations_per_recipient_per_day))
      tx.enqueue_message(m);
    else
      withheld.push_back(m.channel);
  }
  return withheld;
}

}  // namespace plumbline::services
