// Outbound webhook endpoints (issue 20 item 3): a plumber's own (owner = the plumber) and the
// platform's (no owner; staff). Registration checks the URL and every address its host resolves to
// now (the worker checks again at each delivery); the signing secret is shown once; rotation keeps
// the previous secret signing for a grace period; the delivery log and "redeliver".
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/audit.hpp"
#include "domain/error.hpp"
#include "domain/webhooks.hpp"
#include "integrations/webhook_client.hpp"
#include "services/clock.hpp"
#include "services/events.hpp"
#include "store/store.hpp"

namespace plumbline::services {

struct WebhookSettings {
  std::string secret_key;                // seals the signing secrets at rest
  std::vector<std::string> allow_hosts;  // PLUMBLINE_WEBHOOK_ALLOW_HOSTS (tests on loopback only)
};

struct NewWebhookEndpoint {
  std::string url, description;
  std::vector<std::string> events;
};

// An endpoint with its secret in clear: only in the answer that creates or rotates it.
struct WebhookSecretShown {
  domain::WebhookEndpoint endpoint;
  std::string secret;
};

struct WebhookEndpointDetail {
  domain::WebhookEndpoint endpoint;
  std::vector<domain::WebhookDelivery> deliveries;  // newest first
  std::int64_t next_before_id = 0;                  // 0 = no older page
};

// Where a checked delivery may connect: one address of the host, every one of which was allowed
// (an allow-listed test host is not checked). Errors: invalid_input naming the refused address.
domain::Result<std::string> checked_webhook_address(integrations::WebhookClient& client,
                                                    const domain::WebhookTarget& target,
                                                    const std::vector<std::string>& allow_hosts);

class WebhookService {
 public:
  WebhookService(store::Store& store, const Clock& clock, OutboxNotifier& outbox,
                 integrations::WebhookClient& client, WebhookSettings settings);

  // `owner`: the plumber whose endpoints these are; none: the platform's (the actor is staff, and
  // each change writes an audit row). Another owner's endpoint is not_found.
  domain::Result<std::vector<domain::WebhookEndpoint>> list(std::optional<domain::UserId> owner);
  domain::Result<WebhookSecretShown> create(const domain::Actor& actor,
                                            std::optional<domain::UserId> owner,
                                            const NewWebhookEndpoint& in);
  domain::Result<WebhookEndpointDetail> detail(std::optional<domain::UserId> owner, std::int64_t id,
                                               std::int64_t before_id = 0, int limit = 50);
  // A new secret; the previous one also signs for domain::webhook_rotation_grace_ms.
  domain::Result<WebhookSecretShown> rotate_secret(const domain::Actor& actor,
                                                   std::optional<domain::UserId> owner,
                                                   std::int64_t id);
  domain::Result<domain::WebhookEndpoint> remove(const domain::Actor& actor,
                                                 std::optional<domain::UserId> owner,
                                                 std::int64_t id);
  // Queues the logged delivery's event again (a new outbox row, due now, same event id); returns
  // the new outbox message id.
  domain::Result<std::int64_t> redeliver(const domain::Actor& actor,
                                         std::optional<domain::UserId> owner,
                                         std::int64_t delivery_id);

 private:
  domain::Result<domain::WebhookEndpoint> owned(store::Tx& tx, std::optional<domain::UserId> owner,
                                                std::int64_t id);
  std::string new_secret_sealed(std::string& secret) const;

  store::Store& store_;
  const Clock& clock_;
  OutboxNotifier& outbox_;
  integrations::WebhookClient& client_;
  WebhookSettings settings_;
};

}  // namespace plumbline::services
