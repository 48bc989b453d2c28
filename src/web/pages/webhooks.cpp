// Outbound webhooks as pages (issue 20 item 3): a plumber's own endpoints under /account/webhooks,
// the platform's under /admin/webhooks (staff read and redeliver; admins register, rotate and
// remove). A new or rotated secret is shown on the answering page only. Adapters only.
#include <algorithm>
#include <boost/json.hpp>

#include "http/errors.hpp"
#include "web/handlers.hpp"
#include "web/input.hpp"
#include "web/local_time.hpp"
#include "web/present/form_errors.hpp"
#include "web/present/webhook_view.hpp"

namespace plumbline::web {

namespace {

namespace json = boost::json;

// Whose endpoints a page shows: the signed-in plumber's, or the platform's.
struct WebhookPages {
  std::optional<domain::UserId> owner;
  std::string base;  // "/account/webhooks" or "/admin/webhooks"
  bool can_manage;   // register, rotate, remove (support staff only read and redeliver)
};

WebhookPages account_hooks(const Request& req) {
  return {req.principal.user_id, "/account/webhooks", true};
}

WebhookPages console_hooks(const Request& req) {
  return {std::nullopt, "/admin/webhooks", req.principal.role == domain::Role::admin};
}

const geo::TimeZone& hooks_zone(const Services& a, const Request& req, const WebhookPages& p) {
  return p.owner ? plumber_zone(a, req.principal.user_id) : staff_zone(a);
}

std::string webhooks_flash(const std::string& done) {
  if (done == "removed") return "Endpoint removed: nothing more is sent to it.";
  if (done == "redelivered") return "Queued again: it goes out in a moment.";
  return {};
}

json::array webhook_event_choices(const std::vector<std::string>& chosen) {
  json::array out;
  for (const auto& e : domain::webhook_event_names())
    out.push_back(
        {{"name", e}, {"checked", std::find(chosen.begin(), chosen.end(), e) != chosen.end()}});
  return out;
}

json::object webhook_row(const Services& a, const Request& req, const WebhookPages& p,
                         const domain::WebhookEndpoint& e) {
  auto row = webhook_endpoint_json(e, a.clock.now_ms());
  row["events_text"] = domain::join_webhook_events(e.events);
  row["url_detail"] = p.base + "/" + std::to_string(e.id);
  row["created"] = local_time(e.created_at, hooks_zone(a, req, p));
  return row;
}

Response webhooks_page(const Services& a, const Request& req, const WebhookPages& p, int status,
                       json::object ctx) {
  auto list = a.webhooks->list(p.owner);
  if (!list) return http::error_response(req, list.error());
  json::array rows;
  for (const auto& e : *list) rows.push_back(webhook_row(a, req, p, e));
  ctx["endpoints"] = std::move(rows);
  ctx["base"] = p.base;
  ctx["can_manage"] = p.can_manage;
  ctx["console"] = !p.owner.has_value();
  if (!ctx.contains("events")) ctx["events"] = webhook_event_choices({});
  return render(a, req, status, "webhooks", "Webhooks", std::move(ctx));
}

Response webhook_page(const Services& a, const Request& req, const WebhookPages& p, std::int64_t id,
                      int status, json::object ctx) {
  auto d = a.webhooks->detail(p.owner, id);
  if (!d) return http::error_response(req, d.error());
  json::array log;
  for (const auto& x : d->deliveries) {
    auto row = webhook_delivery_json(x);
    row["at"] = local_time(x.created_at, hooks_zone(a, req, p));
    row["ok"] = x.status_code >= 200 && x.status_code < 300;
    row["redeliver_url"] = p.base + "/deliveries/" + std::to_string(x.id) + "/redeliver";
    log.push_back(std::move(row));
  }
  ctx["endpoint"] = webhook_row(a, req, p, d->endpoint);
  ctx["deliveries"] = std::move(log);
  ctx["base"] = p.base;
  ctx["can_manage"] = p.can_manage && d->endpoint.active;
  ctx["console"] = !p.owner.has_value();
  return render(a, req, status, "webhook", "Webhook endpoint", std::move(ctx));
}

Response webhook_create(const Services& a, Request& req, const WebhookPages& p) {
  auto f = form_of(req);
  services::NewWebhookEndpoint in{f.get("url"), f.get("description"), {}};
  for (const auto& [k, v] : f.fields)
    if (k == "events") in.events.push_back(v);
  auto r = a.webhooks->create(actor_of(req), p.owner, in);
  if (r) return webhook_page(a, req, p, r->endpoint.id, 200, {{"secret", r->secret}});
  if (r.error().code != domain::ErrorCode::invalid_input &&
      r.error().code != domain::ErrorCode::conflict)
    return http::error_response(req, r.error());
  auto ctx = form_errors_context(r.error().details);
  if (r.error().details.empty()) ctx["general_error"] = r.error().message;
  ctx["typed"] = json::object{{"url", in.url}, {"description", in.description}};
  ctx["events"] = webhook_event_choices(in.events);
  return webhooks_page(a, req, p, r.error().code == domain::ErrorCode::conflict ? 409 : 422,
                       std::move(ctx));
}

Response webhook_rotate(const Services& a, Request& req, const WebhookPages& p) {
  auto id = parse_id(req.param("id"));
  if (!id) return http::error_response(req, {domain::ErrorCode::not_found, "No such endpoint."});
  auto r = a.webhooks->rotate_secret(actor_of(req), p.owner, *id);
  if (!r) return http::error_response(req, r.error());
  return webhook_page(a, req, p, *id, 200, {{"secret", r->secret}, {"rotated", true}});
}

Response webhook_delete(const Services& a, Request& req, const WebhookPages& p) {
  auto id = parse_id(req.param("id"));
  if (!id) return http::error_response(req, {domain::ErrorCode::not_found, "No such endpoint."});
  auto r = a.webhooks->remove(actor_of(req), p.owner, *id);
  if (!r) return http::error_response(req, r.error());
  return Response::redirect(p.base + "?done=removed");
}

Response webhook_redeliver(const Services& a, Request& req, const WebhookPages& p) {
  auto id = parse_id(req.param("id"));
  if (!id) return http::error_response(req, {domain::ErrorCode::not_found, "No such delivery."});
  auto r = a.webhooks->redeliver(actor_of(req), p.owner, *id);
  if (!r) return http::error_response(req, r.error());
  return Response::redirect(p.base + "?done=redelivered");
}

Response webhook_show(const Services& a, Request& req, const WebhookPages& p) {
  auto id = parse_id(req.param("id"));
  if (!id) return http::error_response(req, {domain::ErrorCode::not_found, "No such endpoint."});
  return webhook_page(a, req, p, *id, 200, {});
}

}  // namespace

Response show_account_webhooks(const Services& a, Request& req) {
  return webhooks_page(a, req, account_hooks(req), 200,
                       {{"flash", webhooks_flash(query_of(req).get("done"))}});
}
Response submit_account_webhook(const Services& a, Request& req) {
  return webhook_create(a, req, account_hooks(req));
}
Response show_account_webhook(const Services& a, Request& req) {
  return webhook_show(a, req, account_hooks(req));
}
Response submit_account_webhook_rotate(const Services& a, Request& req) {
  return webhook_rotate(a, req, account_hooks(req));
}
Response submit_account_webhook_delete(const Services& a, Request& req) {
  return webhook_delete(a, req, account_hooks(req));
}
Response submit_account_webhook_redeliver(const Services& a, Request& req) {
  return webhook_redeliver(a, req, account_hooks(req));
}

Response show_admin_webhooks(const Services& a, Request& req) {
  return webhooks_page(a, req, console_hooks(req), 200,
                       {{"flash", webhooks_flash(query_of(req).get("done"))}});
}
Response submit_admin_webhook(const Services& a, Request& req) {
  return webhook_create(a, req, console_hooks(req));
}
Response show_admin_webhook(const Services& a, Request& req) {
  return webhook_show(a, req, console_hooks(req));
}
Response submit_admin_webhook_rotate(const Services& a, Request& req) {
  return webhook_rotate(a, req, console_hooks(req));
}
Response submit_admin_webhook_delete(const Services& a, Request& req) {
  return webhook_delete(a, req, console_hooks(req));
}
Response submit_admin_webhook_redeliver(const Services& a, Request& req) {
  return webhook_redeliver(a, req, console_hooks(req));
}

}  // namespace plumbline::web
