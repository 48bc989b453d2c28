// Queuing webhook events (issue 20 item 3): the services that change leads, claims, disputes,
// payments and reviews call queue_webhook_events inside their transaction, so each delivery is an
// outbox row (channel "webhook") committed with the change that caused it.
#pragma once
#include <boost/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "domain/webhooks.hpp"
#include "store/store.hpp"

namespace plumbline::services {

struct WebhookEvent {
  std::string type;  // domain::webhook_* (lead.matched, claim.created, ...)
  // The plumbers it concerns: each hears it on their own endpoints; the platform's endpoints hear
  // it once whoever it concerns (empty: the platform's only).
  std::vector<domain::UserId> plumbers;
  boost::json::object data;
  // Sent to the plumbers' own endpoints only (claim.created: the homeowner's contact details, which
  // the claimant bought), merged into data; sealed at rest in the outbox.
  boost::json::object private_data;
  std::optional<domain::LeadId> lead_id;
};

// Queues one delivery per active endpoint subscribed to each event's type (one endpoint lookup per
// type). The body is {"id","type","created_at","data"}; the id (evt_…) is the same for every
// endpoint and every retry or redelivery of the event. `secret_key` seals private_data.
// A lead as events describe it: what, where, when and how urgent; never the homeowner's contact.
boost::json::object webhook_lead_data(domain::LeadId id, const domain::NewLead& lead);

// lead.closed to the lead's claimants and the platform (status and reason from `lead`).
void queue_lead_closed_event(store::Tx& tx, const std::string& secret_key, const domain::Lead& lead,
                             domain::Millis now);

void queue_webhook_events(store::Tx& tx, const std::string& secret_key,
                          const std::vector<WebhookEvent>& events, domain::Millis now);

}  // namespace plumbline::services
