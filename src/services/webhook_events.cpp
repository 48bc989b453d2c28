// Webhook events into the outbox: one row per subscribed endpoint, private data sealed.
#include "services/webhook_events.hpp"

#include <algorithm>
#include <map>

#include "crypto/sealed.hpp"
#include "crypto/tokens.hpp"

namespace plumbline::services {

boost::json::object webhook_lead_data(domain::LeadId id, const domain::NewLead& lead) {
  return {{"lead_id", id.value},
          {"service_type", lead.service_type},
          {"urgency", lead.urgency},
          {"zip", lead.zip},
          {"city", lead.city},
          {"state", lead.state},
          {"description", lead.description},
          {"price_credits", lead.price_credits},
          {"created_at", lead.created_at}};
}

void queue_lead_closed_event(store::Tx& tx, const std::string& secret_key, const domain::Lead& lead,
                             domain::Millis now) {
  WebhookEvent ev;
  ev.type = domain::webhook_lead_closed;
  ev.data = webhook_lead_data(lead.id, lead);
  ev.data["status"] = to_string(lead.status);
  ev.data["closed_reason"] = lead.closed_reason;
  for (const auto& claim : tx.claims_for_lead(lead.id)) ev.plumbers.push_back(claim.plumber_id);
  ev.lead_id = lead.id;
  queue_webhook_events(tx, secret_key, {ev}, now);
}

void queue_webhook_events(store::Tx& tx, const std::string& secret_key,
                          const std::vector<WebhookEvent>& events, domain::Millis now) {
  std::map<std::string, std::vector<domain::WebhookEndpoint>> by_type;
  std::vector<domain::OutboundMessage> out;
  for (const auto& ev : events) {
    auto found = by_type.find(ev.type);
    if (found == by_type.end())
      found = by_type.emplace(ev.type, tx.webhook_endpoints_for_event(ev.type)).first;
    std::string event_id;
    std::string body, sealed;
    for (const auto& endpoint : found->second) {
      bool own = endpoint.owner_id && std::find(ev.plumbers.begin(), ev.plumbers.end(),
                                                *endpoint.owner_id) != ev.plumbers.end();
      if (endpoint.owner_id && !own) continue;  // another plumber's endpoint
      if (event_id.empty()) {
        event_id = "evt_" + crypto::random_hex(12);
        body = boost::json::serialize(boost::json::object{
            {"id", event_id}, {"type", ev.type}, {"created_at", now}, {"data", ev.data}});
        if (!ev.private_data.empty())
          sealed = crypto::seal(secret_key, boost::json::serialize(ev.private_data));
      }
      domain::OutboundMessage m;
      m.kind = "webhook";
      m.channel = domain::channel_webhook;
      m.recipient = "webhook:" + std::to_string(endpoint.id);
      m.template_name = ev.type;
      m.data_json = body;
      if (own) m.sealed_json = sealed;  // the platform's endpoints never get the contact details
      m.idempotency_key = "webhook:" + std::to_string(endpoint.id) + ":" + event_id;
      m.lead_id = ev.lead_id;
      m.event_at = m.due_at = now;
      out.push_back(std::move(m));
    }
  }
  if (!out.empty()) tx.enqueue_messages(out);
}

}  // namespace plumbline::services
