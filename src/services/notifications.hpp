// Builds the outbox messages each event causes; callers enqueue them inside their own transaction.
#pragma once
#include <string>
#include <vector>

#include "domain/catalog.hpp"
#include "domain/lead.hpp"
#include "domain/lead_reach.hpp"
#include "domain/outbox.hpp"
#include "store/store.hpp"

namespace plumbline::services {

struct NotificationSettings {
  std::string base_url;      // public URL for links
  std::string secret_key;    // seals secret template data (tracking links) at rest
  bool sms_enabled = false;  // Twilio is configured
  int max_attempts = 8;
  // Homeowner confirmations one e-mail address / phone number gets per 24 h (issue 12, point 9).
  int confirmations_per_recipient_per_day = 3;
};

// The homeowner's confirmation with the private tracking link: e-mail always, SMS when enabled and
// the homeowner chose text messages. Idempotent per lead and channel. The submitter is unverified
// (anyone may type anyone's address), so the data holds nothing they typed: our fixed text, the
// service and urgency labels, city/state/ZIP from our table, who was sent the request (`reach`,
// counted after matching) and the tracking link only. Each
// message carries its recipient_key for the daily limit.
std::vector<domain::OutboundMessage> lead_confirmation_messages(
    const NotificationSettings& settings, std::int64_t lead_id, const domain::NewLead& lead,
    const std::string& tracking_token, const domain::Catalog& catalog,
    const domain::LeadReach& reach);

// "A plumber who covers 10001 has joined and was sent your request": to the homeowner of a request
// nobody had been sent, when late matching first sends it to a plumber. One per channel the
// request's confirmation went out on (from `lead_messages`, the lead's outbox rows), to the same
// recipient with the same sealed tracking link, so the confirmations' daily limit bounds these
// too; an SMS only while SMS is enabled. Idempotent per lead and channel. Like the confirmation,
// the data holds nothing the requester typed.
std::vector<domain::OutboundMessage> plumber_joined_messages(
    const NotificationSettings& settings, const domain::Lead& lead,
    const std::vector<domain::OutboxMessage>& lead_messages, const domain::Catalog& catalog,
    domain::Millis now);

// Enqueues messages in the caller's transaction.
void enqueue(store::Tx& tx, const std::vector<domain::OutboundMessage>& messages);

// Enqueues each message unless its recipient_key already had
// settings.confirmations_per_recipient_per_day messages of its kind in the 24 h before `now`;
// returns the channels of the messages withheld (the caller logs them after its commit).
std::vector<std::string> enqueue_within_daily_limit(
    store::Tx& tx, const NotificationSettings& settings,
    const std::vector<domain::OutboundMessage>& messages, domain::Millis now);

}  // namespace plumbline::services
