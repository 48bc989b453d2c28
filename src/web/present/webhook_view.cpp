// Webhook endpoints and delivery log rows as JSON objects.
#include "web/present/webhook_view.hpp"

namespace plumbline::web {

boost::json::object webhook_endpoint_json(const domain::WebhookEndpoint& e, domain::Millis now) {
  boost::json::array events;
  for (const auto& name : e.events) events.emplace_back(name);
  boost::json::object o{{"id", e.id},
                        {"url", e.url},
                        {"events", std::move(events)},
                        {"description", e.description},
                        {"active", e.active},
                        {"created_at", e.created_at},
                        {"updated_at", e.updated_at}};
  bool grace = !e.previous_secret_sealed.empty() && now < e.previous_until;
  o["previous_secret_valid_until"] = grace ? boost::json::value(e.previous_until) : nullptr;
  return o;
}

boost::json::object webhook_delivery_json(const domain::WebhookDelivery& d) {
  return {{"id", d.id},
          {"event", d.event},
          {"event_id", d.event_id},
          {"message_id", d.message_id},
          {"attempt", d.attempt},
          {"status_code", d.status_code},
          {"response_ms", d.response_ms},
          {"error", d.error},
          {"created_at", d.created_at}};
}

}  // namespace plumbline::web
