// Outbound webhook endpoints: registration with the address check, the secret shown once,
// rotation with a grace period, removal, the delivery log and redelivery.
#include "services/webhooks.hpp"

#include <algorithm>

#include "crypto/sealed.hpp"
#include "crypto/tokens.hpp"
#include "services/audit.hpp"

namespace plumbline::services {

using domain::Error;
using domain::ErrorCode;
using domain::Result;

namespace {

Error webhook_field_error(const std::string& field, const std::string& message) {
  auto e = Error::make(ErrorCode::invalid_input, message);
  e.details.push_back({field, message});
  return e;
}

std::string endpoint_json(const domain::WebhookEndpoint& e) {
  return boost::json::serialize(
      boost::json::object{{"url", e.url}, {"events", domain::join_webhook_events(e.events)}});
}

}  // namespace

Result<std::string> checked_webhook_address(integrations::WebhookClient& client,
                                            const domain::WebhookTarget& target,
                                            const std::vector<std::string>& allow_hosts) {
  std::string error;
  auto addresses = client.resolve(target.host, error);
  if (addresses.empty()) return webhook_field_error("url", "The host does not resolve: " + error);
  if (domain::webhook_host_allow_listed(target.host, allow_hosts)) return addresses.front();
  for (const auto& a : addresses)
    if (!domain::webhook_address_allowed(a))
      return webhook_field_error("url", "The host resolves to " + a +
                                            ", a private, loopback, link-local or reserved "
                                            "address: webhooks go only to public addresses.");
  return addresses.front();
}

WebhookService::WebhookService(store::Store& store, const Clock& clock, OutboxNotifier& outbox,
                               integrations::WebhookClient& client, WebhookSettings settings)
    : store_(store),
      clock_(clock),
      outbox_(outbox),
      client_(client),
      settings_(std::move(settings)) {}

std::string WebhookService::new_secret_sealed(std::string& secret) const {
  secret = "whsec_" + crypto::random_token(24);
  return crypto::seal(settings_.secret_key, secret);
}

Result<domain::WebhookEndpoint> WebhookService::owned(store::Tx& tx,
                                                      std::optional<domain::UserId> owner,
                                                      std::int64_t id) {
  auto e = tx.webhook_endpoint(id);
  if (!e || e->owner_id != owner) return Error::make(ErrorCode::not_found, "No such endpoint.");
  return *e;
}

Result<std::vector<domain::WebhookEndpoint>> WebhookService::list(
    std::optional<domain::UserId> owner) {
  try {
    return store_.read<std::vector<domain::WebhookEndpoint>>(
        [&](store::Tx& tx) { return tx.webhook_endpoints_of(owner); });
  } catch (const domain::Failure& f) {
    return f.error;
  }
}

Result<WebhookSecretShown> WebhookService::create(const domain::Actor& actor,
                                                  std::optional<domain::UserId> owner,
                                                  const NewWebhookEndpoint& in) {
  if (auto why = domain::webhook_url_refusal(in.url, settings_.allow_hosts); !why.empty())
    return webhook_field_error("url", why);
  if (auto why = domain::webhook_events_refusal(in.events))
    return webhook_field_error("events", *why);
  if (auto why = domain::webhook_description_refusal(in.description); !why.empty())
    return webhook_field_error("description", why);
  auto target = *domain::parse_webhook_url(in.url);
  // Looked up now, outside the transaction; the worker looks again before every delivery.
  if (auto address = checked_webhook_address(client_, target, settings_.allow_hosts); !address)
    return address.error();
  domain::WebhookEndpoint e;
  e.owner_id = owner;
  e.url = in.url;
  e.events = domain::normalized_webhook_events(in.events);
  e.description = in.description;
  std::string secret;
  e.secret_sealed = new_secret_sealed(secret);
  e.created_at = e.updated_at = clock_.now_ms();
  try {
    return store_.write<WebhookSecretShown>([&](store::Tx& tx) -> Result<WebhookSecretShown> {
      if (tx.webhook_endpoints_of(owner).size() >=
          static_cast<std::size_t>(domain::webhook_max_endpoints_per_owner))
        return Error::make(ErrorCode::conflict,
                           "At most " + std::to_string(domain::webhook_max_endpoints_per_owner) +
                               " endpoints: remove one first.");
      e.id = tx.insert_webhook_endpoint(e);
      if (!owner) {
        auto a =
            audit_entry(actor, e.created_at, "webhook.create", "webhook", std::to_string(e.id));
        a.after_json = endpoint_json(e);
        tx.append_audit(a);
      }
      return WebhookSecretShown{e, secret};
    });
  } catch (const domain::Failure& f) {
    return f.error;
  }
}

Result<WebhookEndpointDetail> WebhookService::detail(std::optional<domain::UserId> owner,
                                                     std::int64_t id, std::int64_t before_id,
                                                     int limit) {
  limit = std::clamp(limit, 1, 200);
  try {
    return store_.read<Result<WebhookEndpointDetail>>(
        [&](store::Tx& tx) -> Result<WebhookEndpointDetail> {
          auto e = owned(tx, owner, id);
          if (!e) return e.error();
          WebhookEndpointDetail d{*e, tx.webhook_deliveries(id, before_id, limit + 1), 0};
          if (d.deliveries.size() > static_cast<std::size_t>(limit)) {
            d.deliveries.pop_back();
            d.next_before_id = d.deliveries.back().id;
          }
          return d;
        });
  } catch (const domain::Failure& f) {
    return f.error;
  }
}

Result<WebhookSecretShown> WebhookService::rotate_secret(const domain::Actor& actor,
                                                         std::optional<domain::UserId> owner,
                                                         std::int64_t id) {
  auto now = clock_.now_ms();
  std::string secret;
  auto sealed = new_secret_sealed(secret);
  try {
    return store_.write<WebhookSecretShown>([&](store::Tx& tx) -> Result<WebhookSecretShown> {
      auto e = owned(tx, owner, id);
      if (!e) return e.error();
      if (!e->active) return Error::make(ErrorCode::not_found, "No such endpoint.");
      auto until = now + domain::webhook_rotation_grace_ms;
      if (!tx.rotate_webhook_secret(id, sealed, e->secret_sealed, until, now))
        return Error::make(ErrorCode::not_found, "No such endpoint.");
      if (!owner)
        tx.append_audit(audit_entry(actor, now, "webhook.rotate", "webhook", std::to_string(id)));
      return WebhookSecretShown{*tx.webhook_endpoint(id), secret};
    });
  } catch (const domain::Failure& f) {
    return f.error;
  }
}

Result<domain::WebhookEndpoint> WebhookService::remove(const domain::Actor& actor,
                                                       std::optional<domain::UserId> owner,
                                                       std::int64_t id) {
  auto now = clock_.now_ms();
  try {
    return store_.write<domain::WebhookEndpoint>(
        [&](store::Tx& tx) -> Result<domain::WebhookEndpoint> {
          auto e = owned(tx, owner, id);
          if (!e) return e.error();
          if (!tx.deactivate_webhook_endpoint(id, now))
            return Error::make(ErrorCode::not_found, "No such endpoint.");
          if (!owner) {
            auto a = audit_entry(actor, now, "webhook.delete", "webhook", std::to_string(id));
            a.before_json = endpoint_json(*e);
            tx.append_audit(a);
          }
          return *tx.webhook_endpoint(id);
        });
  } catch (const domain::Failure& f) {
    return f.error;
  }
}

Result<std::int64_t> WebhookService::redeliver(const domain::Actor& actor,
                                               std::optional<domain::UserId> owner,
                                               std::int64_t delivery_id) {
  auto now = clock_.now_ms();
  try {
    auto r = store_.write<std::int64_t>([&](store::Tx& tx) -> Result<std::int64_t> {
      auto d = tx.webhook_delivery(delivery_id);
      if (!d) return Error::make(ErrorCode::not_found, "No such delivery.");
      auto e = owned(tx, owner, d->endpoint_id);
      if (!e) return Error::make(ErrorCode::not_found, "No such delivery.");
      if (!e->active) return Error::make(ErrorCode::conflict, "This endpoint was removed.");
      auto m = tx.message_by_id(d->message_id);
      if (!m) return Error::make(ErrorCode::conflict, "This event is no longer kept.");
      domain::OutboundMessage copy = *m;
      copy.idempotency_key = m->recipient + ":" + d->event_id +
                             ":redeliver:" + std::to_string(now) + ":" + crypto::random_hex(4);
      copy.event_at = copy.due_at = now;
      copy.expires_at.reset();
      auto id = tx.enqueue_message(copy);
      if (!owner) {
        auto a =
            audit_entry(actor, now, "webhook.redeliver", "webhook", std::to_string(d->endpoint_id));
        a.after_json = boost::json::serialize(
            boost::json::object{{"delivery_id", delivery_id}, {"event_id", d->event_id}});
        tx.append_audit(a);
      }
      return id;
    });
    if (r) outbox_.messages_queued();
    return r;
  } catch (const domain::Failure& f) {
    return f.error;
  }
}

}  // namespace plumbline::services
