// Test-payments HTTP adapters: the fake Stripe API (JSON) and the "Stripe-hosted" checkout,
// portal and receipt pages, all marked TEST MODE.
#include "web/handlers.hpp"

#include <boost/json.hpp>
#include <cstdio>
#include <ctime>

#include "http/errors.hpp"
#include "http/forms.hpp"
#include "integrations/stripe_client.hpp"
#include "testpay/test_stripe_impl.hpp"
#include "web/input.hpp"

namespace plumbline::web {

namespace {

using testpay::num;
using testpay::str;
using testpay::json::object;

testpay::TestStripe::Impl& stripe_of(const Services& a) {
  return a.test_stripe->impl();
}

std::string money(std::int64_t cents) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "$%lld.%02lld", static_cast<long long>(cents / 100),
                static_cast<long long>(cents % 100));
  return buf;
}

std::string date_of(std::int64_t unix_s) {
  if (unix_s <= 0) return "";
  std::time_t t = unix_s;
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
  return buf;
}

// Rendered like every page, so the layout shows who is signed in (the test Stripe shares the
// app's origin).
Response page(const Services& a, const Request& req, int status, const std::string& name,
              const std::string& title, object ctx) {
  auto res = web::render(a, req, status, name, "TEST MODE · " + title, std::move(ctx));
  res.set_header("Cache-Control", "no-store");  // short-lived payment pages, like Stripe's
  return res;
}

Response checkout_page(const Services& a, Request& req, const object& s, int status,
                       const std::string& error) {
  bool subscription = str(s, "mode") == "subscription";
  auto amount = money(num(s, "amount_total"));
  return page(a, req, status, "test_checkout", "Checkout",
              {{"csrf_token", req.csrf_token},
               {"id", str(s, "id")},
               {"description", str(s, "_description")},
               {"amount", subscription ? amount + " per month" : amount},
               {"open", str(s, "status") == "open"},
               {"state", str(s, "status")},
               {"error", error},
               {"cancel_url", str(s, "cancel_url")}});
}

}  // namespace

Response test_stripe_api(const Services& a, Request& req) {
  std::string path = "/" + req.param("path");
  auto authorization = req.header_or("authorization", "");
  auto params = http::parse_urlencoded(req.method == "GET" ? req.query : req.body);
  testpay::ApiReply reply;
  if (auto refused = stripe_of(a).refuse(authorization)) {
    reply = *refused;  // like Stripe: the key is checked before anything else
  } else if (!params) {
    reply = {400,
             R"({"error":{"type":"invalid_request_error","message":"Invalid form encoding."}})"};
  } else {
    reply = stripe_of(a).api(req.method, path, params->fields, authorization,
                             req.header_or("idempotency-key", ""));
  }
  auto res = Response::json(reply.status, reply.body);
  res.set_header("Request-Id", "req_" + req.request_id);
  if (auto key = req.header("idempotency-key"))
    res.set_header("Idempotency-Key", std::string(*key));
  if (reply.replayed) res.set_header("Idempotent-Replayed", "true");
  res.set_header("Stripe-Version",
                 req.header_or("stripe-version", integrations::stripe_api_version));
  return res;
}

Response show_test_checkout(const Services& a, Request& req) {
  auto s = stripe_of(a).session(req.param("id"));
  if (!s)
    return http::error_response(
        req, {domain::ErrorCode::not_found, "This checkout session does not exist."});
  return checkout_page(a, req, *s, 200, "");
}

Response submit_test_checkout(const Services& a, Request& req) {
  auto id = req.param("id");
  auto form = form_of(req);
  auto result = stripe_of(a).pay(id, form.get("card_number"));
  if (result.paid) return Response::redirect(result.redirect_url, 303);
  auto s = stripe_of(a).session(id);
  if (!s) return http::error_response(req, {domain::ErrorCode::not_found, result.error});
  return checkout_page(a, req, *s, result.status, result.error);
}

namespace {

Response portal_page(const Services& a, Request& req, const std::string& id, int status,
                     const std::string& notice, const std::string& error) {
  auto& st = stripe_of(a);
  auto portal = st.portal_session(id);
  if (!portal)
    return http::error_response(
        req, {domain::ErrorCode::not_found, "This portal session does not exist."});
  auto customer = str(*portal, "customer");
  object ctx{{"csrf_token", req.csrf_token},
             {"id", str(*portal, "id")},
             {"return_url", str(*portal, "return_url")},
             {"notice", notice},
             {"error", error}};
  if (auto sub = st.subscription_of(customer)) {
    auto& item = (*sub)["items"].as_object()["data"].as_array()[0].as_object();
    auto& price = item["price"].as_object();
    auto state = str(*sub, "status");
    bool ends = (*sub)["cancel_at_period_end"].as_bool();
    ctx["subscription"] = object{{"plan", str(price, "nickname")},
                                 {"amount", money(num(price, "unit_amount")) + " per month"},
                                 {"status", state},
                                 {"period_end", date_of(num(item, "current_period_end"))},
                                 {"ends_at_period_end", ends},
                                 {"live", state != "canceled"},
                                 {"can_schedule_cancel", state != "canceled" && !ends}};
  }
  if (auto charge = st.last_charge_of(customer)) {
    ctx["charge"] = object{{"amount", money(num(*charge, "amount"))},
                           {"date", date_of(num(*charge, "created"))},
                           {"refunded", (*charge)["refunded"].as_bool()},
                           {"disputed", (*charge)["disputed"].as_bool()},
                           {"receipt_url", str(*charge, "receipt_url")}};
  }
  return page(a, req, status, "test_portal", "Billing portal", std::move(ctx));
}

}  // namespace

Response show_test_portal(const Services& a, Request& req) {
  auto q = query_of(req);
  return portal_page(a, req, req.param("id"), 200,
                     q.has("done") ? "Done. The matching event was sent to Plumbline." : "", "");
}

Response submit_test_portal(const Services& a, Request& req) {
  auto id = req.param("id");
  auto form = form_of(req);
  auto error = stripe_of(a).portal_action(id, form.get("action"));
  if (error.empty()) return Response::redirect("/test-payments/portal/" + id + "?done=1", 303);
  return portal_page(a, req, id, 409, "", error);
}

Response show_test_receipt(const Services& a, Request& req) {
  auto r = stripe_of(a).receipt(req.param("id"));
  if (!r)
    return http::error_response(req,
                                {domain::ErrorCode::not_found, "This receipt does not exist."});
  bool invoice = str(*r, "object") == "invoice";
  auto amount = invoice ? num(*r, "amount_due") : num(*r, "amount");
  return page(
      a, req, 200, "test_receipt", "Receipt",
      {{"id", str(*r, "id")},
       {"kind", invoice ? "Invoice" : "Receipt"},
       {"amount", money(amount)},
       {"status", invoice ? str(*r, "status") : ((*r)["refunded"].as_bool() ? "refunded" : "paid")},
       {"date", date_of(num(*r, "created"))}});
}

}  // namespace plumbline::web
