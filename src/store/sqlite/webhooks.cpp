// SQLite: outbound webhook endpoints and their delivery log.
#include "store/sql/webhooks.hpp"

#include "store/sqlite/sqlite_tx.hpp"

namespace plumbline::store::sqlite {

std::int64_t SqliteTx::insert_webhook_endpoint(const domain::WebhookEndpoint& e) {
  auto st = c_.prepare<sql::webhooks::wh_insert>();
  st.bind(1, e.owner_id).bind(2, e.url).bind(3, domain::join_webhook_events(e.events));
  st.bind(4, e.description).bind(5, e.secret_sealed).bind(6, e.active ? 1 : 0);
  st.bind(7, e.created_at);
  return st.run_returning_id();
}

std::optional<domain::WebhookEndpoint> SqliteTx::webhook_endpoint(std::int64_t id) {
  auto st = c_.prepare<sql::webhooks::wh_by_id>();
  st.bind(1, id);
  if (!st.step()) return std::nullopt;
  return sql::read_webhook_endpoint(st);
}

std::vector<domain::WebhookEndpoint> SqliteTx::webhook_endpoints_of(
    std::optional<domain::UserId> owner_id) {
  auto st = c_.prepare<sql::webhooks::wh_of_owner>();
  st.bind(1, owner_id ? owner_id->value : std::int64_t{0});
  std::vector<domain::WebhookEndpoint> out;
  while (st.step()) out.push_back(sql::read_webhook_endpoint(st));
  return out;
}

std::vector<domain::WebhookEndpoint> SqliteTx::webhook_endpoints_for_event(
    const std::string& event) {
  auto st = c_.prepare<sql::webhooks::wh_for_event>();
  st.bind(1, "% " + event + " %");
  std::vector<domain::WebhookEndpoint> out;
  while (st.step()) out.push_back(sql::read_webhook_endpoint(st));
  return out;
}

bool SqliteTx::rotate_webhook_secret(std::int64_t id, const std::string& secret_sealed,
                                     const std::string& previous_sealed,
                                     domain::Millis previous_until, domain::Millis now) {
  c_.prepare<sql::webhooks::wh_rotate>()
      .bind(1, id)
      .bind(2, secret_sealed)
      .bind(3, previous_sealed)
      .bind(4, previous_until)
      .bind(5, now)
      .run();
  return sqlite3_changes(c_.handle()) > 0;
}

bool SqliteTx::deactivate_webhook_endpoint(std::int64_t id, domain::Millis now) {
  c_.prepare<sql::webhooks::wh_deactivate>().bind(1, id).bind(2, now).run();
  return sqlite3_changes(c_.handle()) > 0;
}

std::int64_t SqliteTx::insert_webhook_delivery(const domain::WebhookDelivery& d) {
  auto st = c_.prepare<sql::webhooks::whd_insert>();
  st.bind(1, d.endpoint_id).bind(2, d.message_id).bind(3, d.event).bind(4, d.event_id);
  st.bind(5, d.attempt).bind(6, d.status_code).bind(7, d.response_ms).bind(8, d.error);
  st.bind(9, d.created_at);
  return st.run_returning_id();
}

std::optional<domain::WebhookDelivery> SqliteTx::webhook_delivery(std::int64_t id) {
  auto st = c_.prepare<sql::webhooks::whd_by_id>();
  st.bind(1, id);
  if (!st.step()) return std::nullopt;
  return sql::read_webhook_delivery(st);
}

std::vector<domain::WebhookDelivery> SqliteTx::webhook_deliveries(std::int64_t endpoint_id,
                                                                  std::int64_t before_id,
                                                                  int limit) {
  auto st = c_.prepare<sql::webhooks::whd_list>();
  st.bind(1, endpoint_id).bind(2, before_id).bind(3, limit);
  std::vector<domain::WebhookDelivery> out;
  while (st.step()) out.push_back(sql::read_webhook_delivery(st));
  return out;
}

}  // namespace plumbline::store::sqlite
