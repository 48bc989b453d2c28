// WebhooksTx: outbound webhook endpoints and their delivery log (issue 20 item 3);
// store/{sqlite,postgres}/webhooks.cpp implement it.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/webhooks.hpp"
#include "store/tx/method.hpp"

// One M(return type, name, (parameters)) per method (see store/tx/method.hpp).
#define PLUMBLINE_WEBHOOKS_TX(M)                                                                   \
  /* Adds an endpoint (id and timestamps as given are ignored but created_at) and returns its */   \
  /* id. */                                                                                        \
  M(std::int64_t, insert_webhook_endpoint, (const domain::WebhookEndpoint& endpoint))              \
  /* Active or not; nullopt when there is no such endpoint. */                                     \
  M(std::optional<domain::WebhookEndpoint>, webhook_endpoint, (std::int64_t id))                   \
  /* An owner's active endpoints, oldest first; no owner lists the platform's. */                  \
  M(std::vector<domain::WebhookEndpoint>, webhook_endpoints_of,                                    \
    (std::optional<domain::UserId> owner_id))                                                      \
  /* Every active endpoint (any owner) subscribed to this event, oldest first. */                  \
  M(std::vector<domain::WebhookEndpoint>, webhook_endpoints_for_event, (const std::string& event)) \
  /* New current secret; the old one kept as previous until previous_until. False when the */      \
  /* endpoint is gone or inactive. */                                                              \
  M(bool, rotate_webhook_secret,                                                                   \
    (std::int64_t id, const std::string& secret_sealed, const std::string& previous_sealed,        \
     domain::Millis previous_until, domain::Millis now))                                           \
  /* Deactivates (its log stays readable); false when it was not active. */                        \
  M(bool, deactivate_webhook_endpoint, (std::int64_t id, domain::Millis now))                      \
  M(std::int64_t, insert_webhook_delivery, (const domain::WebhookDelivery& delivery))              \
  M(std::optional<domain::WebhookDelivery>, webhook_delivery, (std::int64_t id))                   \
  /* An endpoint's attempts, newest first, ids below before_id (0: from the newest). */            \
  M(std::vector<domain::WebhookDelivery>, webhook_deliveries,                                      \
    (std::int64_t endpoint_id, std::int64_t before_id, int limit))

namespace plumbline::store {

class WebhooksTx {
 public:
  PLUMBLINE_WEBHOOKS_TX(PLUMBLINE_TX_PURE)

 protected:
  ~WebhooksTx() = default;
};

}  // namespace plumbline::store
