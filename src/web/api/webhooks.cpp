// Outbound webhooks over the JSON API (issue 20 item 3): a plumber's own endpoints under
// /api/v1/webhooks, the platform's under /api/v1/admin/webhooks. Adapters only: the owner is the
// caller (plumber routes) or none (staff routes).
#include <boost/json.hpp>

#include "http/errors.hpp"
#include "web/api/api_io.hpp"
#include "web/handlers.hpp"
#include "web/input.hpp"
#include "web/present/webhook_view.hpp"

namespace plumbline::web {

namespace {

namespace json = boost::json;
using WebhookOwner = std::optional<domain::UserId>;

Response api_no_such_webhook(const Request& req) {
  return http::error_response(req, {domain::ErrorCode::not_found, "No such endpoint."});
}

json::object api_secret_json(const Services& a, const services::WebhookSecretShown& s) {
  return {{"endpoint", webhook_endpoint_json(s.endpoint, a.clock.now_ms())}, {"secret", s.secret}};
}

Response api_webhook_list(const Services& a, Request& req, WebhookOwner owner) {
  auto list = a.webhooks->list(owner);
  if (!list) return http::error_response(req, list.error());
  json::array data;
  for (const auto& e : *list) data.push_back(webhook_endpoint_json(e, a.clock.now_ms()));
  return api_io::ok_json(200, json::object{{"endpoints", std::move(data)}});
}

Response api_webhook_create(const Services& a, Request& req, WebhookOwner owner) {
  auto o = json_body(req);
  if (!o) return http::error_response(req, o.error());
  JsonFields in{*o};
  services::NewWebhookEndpoint e;
  e.url = in.str("url");
  e.description = in.str("description");
  in.read("events", e.events);
  if (!in.errors.empty()) return http::error_response(req, type_errors(in.errors));
  auto r = a.webhooks->create(actor_of(req), owner, e);
  if (!r) return http::error_response(req, r.error());
  return api_io::ok_json(201, api_secret_json(a, *r));
}

Response api_webhook_detail(const Services& a, Request& req, WebhookOwner owner) {
  auto id = parse_id(req.param("id"));
  if (!id) return api_no_such_webhook(req);
  auto q = query_of(req);
  std::int64_t before = 0;
  if (auto b = q.get("before"); !b.empty()) {
    auto n = parse_id(b);
    if (!n)
      return http::error_response(req, {domain::ErrorCode::invalid_input,
                                        "Some filters are wrong.",
                                        {{"before", "must be a delivery id"}}});
    before = *n;
  }
  auto d = a.webhooks->detail(owner, *id, before);
  if (!d) return http::error_response(req, d.error());
  json::array log;
  for (const auto& x : d->deliveries) log.push_back(webhook_delivery_json(x));
  json::object body{{"endpoint", webhook_endpoint_json(d->endpoint, a.clock.now_ms())},
                    {"deliveries", std::move(log)}};
  body["next_before"] = d->next_before_id ? json::value(d->next_before_id) : nullptr;
  return api_io::ok_json(200, body);
}

Response api_webhook_delete(const Services& a, Request& req, WebhookOwner owner) {
  auto id = parse_id(req.param("id"));
  if (!id) return api_no_such_webhook(req);
  auto r = a.webhooks->remove(actor_of(req), owner, *id);
  if (!r) return http::error_response(req, r.error());
  return api_io::ok_json(200, webhook_endpoint_json(*r, a.clock.now_ms()));
}

Response api_webhook_rotate(const Services& a, Request& req, WebhookOwner owner) {
  auto id = parse_id(req.param("id"));
  if (!id) return api_no_such_webhook(req);
  auto r = a.webhooks->rotate_secret(actor_of(req), owner, *id);
  if (!r) return http::error_response(req, r.error());
  return api_io::ok_json(200, api_secret_json(a, *r));
}

Response api_webhook_redeliver(const Services& a, Request& req, WebhookOwner owner) {
  auto id = parse_id(req.param("id"));
  if (!id) return http::error_response(req, {domain::ErrorCode::not_found, "No such delivery."});
  auto r = a.webhooks->redeliver(actor_of(req), owner, *id);
  if (!r) return http::error_response(req, r.error());
  return api_io::ok_json(202, json::object{{"message_id", *r}});
}

WebhookOwner webhook_owner(const Request& req) {
  return req.principal.user_id;
}

}  // namespace

Response api_webhooks(const Services& a, Request& req) {
  return api_webhook_list(a, req, webhook_owner(req));
}
Response api_create_webhook(const Services& a, Request& req) {
  return api_webhook_create(a, req, webhook_owner(req));
}
Response api_webhook(const Services& a, Request& req) {
  return api_webhook_detail(a, req, webhook_owner(req));
}
Response api_delete_webhook(const Services& a, Request& req) {
  return api_webhook_delete(a, req, webhook_owner(req));
}
Response api_rotate_webhook_secret(const Services& a, Request& req) {
  return api_webhook_rotate(a, req, webhook_owner(req));
}
Response api_redeliver_webhook(const Services& a, Request& req) {
  return api_webhook_redeliver(a, req, webhook_owner(req));
}

Response api_admin_webhooks(const Services& a, Request& req) {
  return api_webhook_list(a, req, std::nullopt);
}
Response api_admin_create_webhook(const Services& a, Request& req) {
  return api_webhook_create(a, req, std::nullopt);
}
Response api_admin_webhook(const Services& a, Request& req) {
  return api_webhook_detail(a, req, std::nullopt);
}
Response api_admin_delete_webhook(const Services& a, Request& req) {
  return api_webhook_delete(a, req, std::nullopt);
}
Response api_admin_rotate_webhook_secret(const Services& a, Request& req) {
  return api_webhook_rotate(a, req, std::nullopt);
}
Response api_admin_redeliver_webhook(const Services& a, Request& req) {
  return api_webhook_redeliver(a, req, std::nullopt);
}

}  // namespace plumbline::web
