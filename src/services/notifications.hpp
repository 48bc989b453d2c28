// Builds the outbox messages each event causes; callers enqueue them inside their own transaction.
#pragma once
#include <string>
#include <vector>

#include "domain/catalog.hpp"
#include "domain/lead.hpp"
#include "domain/outbox.hpp"
#include "store/store.hpp"

namespace plumbline::services {

struct NotificationSettings {
  std::string base_url;    // public URL for links
  std::string secret_key;  // seals secret template data (tracking links) at rest
  bool sms_enabled = false;  // Twilio is configured
  int max_attempts = 8;
};

// The homeowner's confirmation with the private tracking link: e-mail always, SMS when enabled and
// the homeowner chose text messages. Idempotent per lead and channel.
std::vector<domain::OutboundMessage> lead_confirmation_messages(const NotificationSettings& settings,
                                                                std::int64_t lead_id, const domain::NewLead& lead,
                                                                const std::string& tracking_token,
                                                                const domain::Catalog& catalog);

// Enqueues messages in the caller's transaction.
void enqueue(store::Tx& tx, const std::vector<domain::OutboundMessage>& messages);

}  // namespace plumbline::services
