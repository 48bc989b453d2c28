// PostgreSQL: outbound webhook endpoints and their delivery log.
#include "store/sql/webhooks.hpp"

#include "store/postgres/pg_tx.hpp"

namespace plumbline::store::pg {

std::int64_t PgTx::insert_webhook_endpoint(const domain::WebhookEndpoint& e) {
  auto r =
      c_.run(sql::webhooks::wh_insert, e.owner_id, e.url, domain::join_webhook_events(e.events),
             e.description, e.secret_sealed, e.active, e.created_at);
  return r.int64(0, 0);
}

std::optional<domain::WebhookEndpoint> PgTx::webhook_endpoint(std::int64_t id) {
  auto r = c_.run(sql::webhooks::wh_by_id, id);
  if (r.rows() == 0) return std::nullopt;
  return sql::read_webhook_endpoint(r.row(0));
}

std::vector<domain::WebhookEndpoint> PgTx::webhook_endpoints_of(
    std::optional<domain::UserId> owner_id) {
  auto r = c_.run(sql::webhooks::wh_of_owner, owner_id ? owner_id->value : std::int64_t{0});
  std::vector<domain::WebhookEndpoint> out;
  for (int i = 0; i < r.rows(); ++i) out.push_back(sql::read_webhook_endpoint(r.row(i)));
  return out;
}

std::vector<domain::WebhookEndpoint> PgTx::webhook_endpoints_for_event(const std::string& event) {
  auto r = c_.run(sql::webhooks::wh_for_event, "% " + event + " %");
  std::vector<domain::WebhookEndpoint> out;
  for (int i = 0; i < r.rows(); ++i) out.push_back(sql::read_webhook_endpoint(r.row(i)));
  return out;
}

bool PgTx::rotate_webhook_secret(std::int64_t id, const std::string& secret_sealed,
                                 const std::string& previous_sealed, domain::Millis previous_until,
                                 domain::Millis now) {
  return c_.run(sql::webhooks::wh_rotate, id, secret_sealed, previous_sealed, previous_until, now)
             .affected() > 0;
}

bool PgTx::deactivate_webhook_endpoint(std::int64_t id, domain::Millis now) {
  return c_.run(sql::webhooks::wh_deactivate, id, now).affected() > 0;
}

std::int64_t PgTx::insert_webhook_delivery(const domain::WebhookDelivery& d) {
  auto r = c_.run(sql::webhooks::whd_insert, d.endpoint_id, d.message_id, d.event, d.event_id,
                  d.attempt, d.status_code, d.response_ms, d.error, d.created_at);
  return r.int64(0, 0);
}

std::optional<domain::WebhookDelivery> PgTx::webhook_delivery(std::int64_t id) {
  auto r = c_.run(sql::webhooks::whd_by_id, id);
  if (r.rows() == 0) return std::nullopt;
  return sql::read_webhook_delivery(r.row(0));
}

std::vector<domain::WebhookDelivery> PgTx::webhook_deliveries(std::int64_t endpoint_id,
                                                              std::int64_t before_id, int limit) {
  auto r =
      c_.run(sql::webhooks::whd_list, endpoint_id, before_id, static_cast<std::int64_t>(limit));
  std::vector<domain::WebhookDelivery> out;
  for (int i = 0; i < r.rows(); ++i) out.push_back(sql::read_webhook_delivery(r.row(i)));
  return out;
}

}  // namespace plumbline::store::pg
