// The SQL of webhook endpoints and their delivery log, written once for both backends (PostgreSQL
// placeholders; see statement.hpp). The platform's endpoints have no owner: COALESCE(owner_id, 0)
// compares them with 0.
#pragma once
#include "domain/webhooks.hpp"
#include "store/sql/row.hpp"
#include "store/sql/statement.hpp"

namespace plumbline::store::sql {

template <RowReader R>
domain::WebhookEndpoint read_webhook_endpoint(const R& r) {
  domain::WebhookEndpoint e;
  int i = 0;
  e.id = r.int64(i++);
  e.owner_id = opt_id_column<domain::UserId>(r, i++);
  e.url = r.text(i++);
  e.events = domain::split_webhook_events(r.text(i++));
  e.description = r.text(i++);
  e.secret_sealed = r.text(i++);
  e.previous_secret_sealed = r.text(i++);
  e.previous_until = r.int64(i++);
  e.active = r.boolean(i++);
  e.created_at = r.int64(i++);
  e.updated_at = r.int64(i++);
  return e;
}

template <RowReader R>
domain::WebhookDelivery read_webhook_delivery(const R& r) {
  domain::WebhookDelivery d;
  int i = 0;
  d.id = r.int64(i++);
  d.endpoint_id = r.int64(i++);
  d.message_id = r.int64(i++);
  d.event = r.text(i++);
  d.event_id = r.text(i++);
  d.attempt = static_cast<int>(r.int64(i++));
  d.status_code = static_cast<int>(r.int64(i++));
  d.response_ms = r.int64(i++);
  d.error = r.text(i++);
  d.created_at = r.int64(i++);
  return d;
}

}  // namespace plumbline::store::sql

namespace plumbline::store::sql::webhooks {

#define PLUMBLINE_WEBHOOK_ENDPOINT_COLUMNS                                          \
  "id, owner_id, url, events, description, secret_sealed, previous_secret_sealed, " \
  "previous_until, active, created_at, updated_at"
#define PLUMBLINE_WEBHOOK_DELIVERY_COLUMNS                                                   \
  "id, endpoint_id, message_id, event, event_id, attempt, status_code, response_ms, error, " \
  "created_at"

inline constexpr Statement wh_insert{
    "wh_insert",
    "INSERT INTO webhook_endpoints (owner_id, url, events, description, secret_sealed, active, "
    "created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING id"};
inline constexpr Statement wh_by_id{"wh_by_id", "SELECT " PLUMBLINE_WEBHOOK_ENDPOINT_COLUMNS
                                                " FROM webhook_endpoints WHERE id = $1"};
inline constexpr Statement wh_of_owner{
    "wh_of_owner", "SELECT " PLUMBLINE_WEBHOOK_ENDPOINT_COLUMNS
                   " FROM webhook_endpoints WHERE COALESCE(owner_id, 0) = CAST($1 AS BIGINT) "
                   "AND active ORDER BY id"};
// $1 is "% event %": the stored list is space-separated and event names hold no LIKE wildcards.
inline constexpr Statement wh_for_event{
    "wh_for_event", "SELECT " PLUMBLINE_WEBHOOK_ENDPOINT_COLUMNS
                    " FROM webhook_endpoints WHERE active AND ' ' || events || ' ' LIKE $1 "
                    "ORDER BY id"};
inline constexpr Statement wh_rotate{
    "wh_rotate",
    "UPDATE webhook_endpoints SET secret_sealed = $2, previous_secret_sealed = $3, "
    "previous_until = $4, updated_at = $5 WHERE id = $1 AND active"};
inline constexpr Statement wh_deactivate{
    "wh_deactivate",
    "UPDATE webhook_endpoints SET active = false, updated_at = $2 WHERE id = $1 AND active"};
inline constexpr Statement whd_insert{
    "whd_insert",
    "INSERT INTO webhook_deliveries (endpoint_id, message_id, event, event_id, attempt, "
    "status_code, response_ms, error, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) "
    "RETURNING id"};
inline constexpr Statement whd_by_id{"whd_by_id", "SELECT " PLUMBLINE_WEBHOOK_DELIVERY_COLUMNS
                                                  " FROM webhook_deliveries WHERE id = $1"};
inline constexpr Statement whd_list{
    "whd_list",
    "SELECT " PLUMBLINE_WEBHOOK_DELIVERY_COLUMNS
    " FROM webhook_deliveries WHERE endpoint_id = $1 AND (CAST($2 AS BIGINT) = 0 OR id < $2) "
    "ORDER BY id DESC LIMIT $3"};

#undef PLUMBLINE_WEBHOOK_ENDPOINT_COLUMNS
#undef PLUMBLINE_WEBHOOK_DELIVERY_COLUMNS

}  // namespace plumbline::store::sql::webhooks
