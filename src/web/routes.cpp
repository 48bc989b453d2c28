// EVERY route of Plumbline, grouped by who may call it and how errors are shown.
#include <memory>

#include "http/middleware.hpp"
#include "web/handlers.hpp"

namespace plumbline::web {

void add_routes(http::Router& r, app::App& a) {
  const auto& c = a.config;
  using http::ErrorFormat;
  using http::Group;
  auto bind = [&a](Response (*h)(app::App&, Request&)) {
    return [&a, h](Request& req) { return h(a, req); };
  };

  r.set_outer_chain({http::request_log(a.metrics, {c.access_log, c.trusted_proxies}),
                     http::security_headers(c.https())});
  http::CsrfOptions csrf{a.config.secret_key, c.base_url, c.https()};

  // Public pages: anonymous, CSRF on every form.
  auto pages = std::make_shared<Group>(Group{"public", ErrorFormat::html, {http::csrf(csrf)}});
  r.add(pages, "GET", "/", bind(show_home));
  r.add(pages, "GET", "/about", bind(show_about));
  r.add(pages, "GET", "/request", bind(show_lead_form));
  r.add(pages, "GET", "/t/{token}", bind(show_lead_tracking));
  r.add(pages, "GET", "/t/{token}/sent", bind(show_lead_confirmation));
  r.add(pages, "POST", "/t/{token}/cancel", bind(cancel_lead));

  // Lead intake by form: also limited per client IP.
  auto intake = std::make_shared<Group>(
      Group{"public-intake",
            ErrorFormat::html,
            {http::rate_limit_by_ip(*a.intake_limiter, c.rate_limit), http::csrf(csrf)}});
  r.add(intake, "POST", "/request", bind(submit_lead_form));

  // JSON API v1: no cookies, so no CSRF; limited per client IP.
  auto api = std::make_shared<Group>(
      Group{"api", ErrorFormat::json, {http::rate_limit_by_ip(*a.intake_limiter, c.rate_limit)}});
  r.add(api, "POST", "/api/v1/leads", bind(api_create_lead));

  // Provider webhooks: no session, no CSRF; the provider's signature is the authentication.
  auto webhooks = std::make_shared<Group>(
      Group{"webhooks", ErrorFormat::json, {http::rate_limit_by_ip(*a.webhook_limiter, c.rate_limit)}});
  r.add(webhooks, "POST", "/webhooks/twilio/status", bind(twilio_status_callback));
  r.add(webhooks, "POST", "/webhooks/twilio/inbound", bind(twilio_inbound_message));

  // The demo's local mailbox (only without SMTP and on loopback; see pages/dev_mail.cpp).
  r.add(pages, "GET", "/dev/mail", bind(show_dev_mailbox));
  r.add(pages, "GET", "/dev/mail/{name}", bind(show_dev_mail_message));

  // Static assets and operations.
  auto assets = std::make_shared<Group>(Group{"static", ErrorFormat::html, {}});
  r.add(assets, "GET", "/favicon.ico", [&a](Request&) {
    auto res = Response::redirect(a.statics->url_for("img/favicon.svg"), 301);
    res.set_header("Cache-Control", "public, max-age=86400");
    return res;
  });
  r.add(assets, "GET", "/static/{hash}/{path...}",
        [&a](Request& req) { return a.statics->serve(req); });
  auto ops = std::make_shared<Group>(Group{"ops", ErrorFormat::json, {}});
  r.add(ops, "GET", "/healthz", bind(show_health));
  r.add(ops, "GET", "/readyz", bind(show_readiness));
  r.add(ops, "GET", "/metrics", bind(show_metrics));
}

}  // namespace plumbline::web
