// Reading Stripe's JSON, the webhook's mode rule, and handle_event: Stripe's current subscription
// and latest charge are fetched before the one write transaction that applies an event.
#include <algorithm>

#include "domain/payments_rules.hpp"
#include "log/log.hpp"
#include "services/payments_detail.hpp"

namespace plumbline::services {

namespace payments_detail {

const json::value* at(const json::object* o, std::initializer_list<std::string_view> path) {
  const json::value* v = nullptr;
  for (auto key : path) {
    if (!o) return nullptr;
    v = o->if_contains(key);
    o = v && v->is_object() ? &v->as_object() : nullptr;
  }
  return v;
}

const json::object* object_at(const json::object* o, std::initializer_list<std::string_view> path) {
  auto v = at(o, path);
  return v && v->is_object() ? &v->as_object() : nullptr;
}

std::string str(const json::object* o, std::initializer_list<std::string_view> path) {
  auto v = at(o, path);
  return v && v->is_string() ? std::string(v->as_string()) : std::string();
}

std::int64_t num(const json::object* o, std::initializer_list<std::string_view> path) {
  auto v = at(o, path);
  if (!v) return 0;
  if (v->is_int64()) return v->as_int64();
  if (v->is_uint64()) return static_cast<std::int64_t>(v->as_uint64());
  return 0;
}

std::optional<bool> flag(const json::object* o, std::initializer_list<std::string_view> path) {
  auto v = at(o, path);
  if (!v || !v->is_bool()) return std::nullopt;
  return v->as_bool();
}

const json::object* first_of(const json::object* o, std::initializer_list<std::string_view> path) {
  auto v = at(o, path);
  if (!v || !v->is_array() || v->as_array().empty() || !v->as_array()[0].is_object())
    return nullptr;
  return &v->as_array()[0].as_object();
}

std::string invoice_subscription(const json::object* invoice) {
  auto s = str(invoice, {"parent", "subscription_details", "subscription"});
  return s.empty() ? str(invoice, {"subscription"}) : s;  // before API 2025-03
}

}  // namespace payments_detail

namespace {

using namespace payments_detail;

// Ids go into a URL path: only Stripe's own id alphabet, so a signed but odd event cannot steer
// the request elsewhere.
bool plain_id(const std::string& id) {
  return !id.empty() && id.size() <= 255 && std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
  });
}

void log_fetch_failure(const char* what, const std::string& id,
                       const integrations::StripeReply& r) {
  log::warn("stripe_fetch_failed", {{"object", std::string(what)},
                                    {"id", id},
                                    {"http_status", static_cast<std::int64_t>(r.http_status)},
                                    {"error_type", r.error_type},
                                    {"request_id", r.request_id}});
}

}  // namespace

domain::Result<StripeEventOutcome> PaymentService::handle_event(const json::value& event) {
  Fetched fetched;
  json::value subscription;  // owns what fetched.subscription points into
  const json::object* e = event.if_object();
  auto type = str(e, {"type"});
  auto object = object_at(e, {"data", "object"});
  if (stripe_ && object) {
    std::string sub_id;
    if (type.starts_with("customer.subscription."))
      sub_id = str(object, {"id"});
    else if (type.starts_with("invoice."))
      sub_id = invoice_subscription(object);
    if (plain_id(sub_id)) {
      // Taken before asking: an event created after this may carry a newer state and must win.
      auto asked_at = clock_.now_ms() / 1000;
      auto reply = stripe_->get("/v1/subscriptions/" + sub_id);
      if (reply.ok && reply.body.is_object() && str(&reply.body.as_object(), {"id"}) == sub_id) {
        subscription = std::move(reply.body);
        fetched.subscription = &subscription.as_object();
        fetched.subscription_at = asked_at;
      } else {
        log_fetch_failure("subscription", sub_id, reply);
      }
    }
    bool paid_pack = (type == "checkout.session.completed" ||
                      type == "checkout.session.async_payment_succeeded") &&
                     str(object, {"mode"}) == "payment" &&
                     str(object, {"payment_status"}) == "paid";
    auto intent = str(object, {"payment_intent"});
    if (paid_pack && plain_id(intent)) {
      auto reply = stripe_->get("/v1/payment_intents/" + intent, {{"expand[]", "latest_charge"}});
      const json::object* pi = reply.ok ? reply.body.if_object() : nullptr;
      if (auto charge = object_at(pi, {"latest_charge"})) {
        fetched.charge_id = str(charge, {"id"});
        fetched.receipt_url = str(charge, {"receipt_url"});
      } else if (pi) {
        fetched.charge_id = str(pi, {"latest_charge"});  // not expanded: the id alone
      } else {
        log_fetch_failure("payment_intent", intent, reply);
      }
    }
  }
  return payments_detail::apply(store_, clock_.now_ms(), event, fetched, late_matching_);
}

std::optional<domain::Error> PaymentService::wrong_mode(const json::value& event) const {
  const json::object* e = event.is_object() ? &event.as_object() : nullptr;
  bool event_live = payments_detail::flag(e, {"livemode"}).value_or(false);
  if (event_live == live_keys_) return std::nullopt;
  return domain::Error::make(domain::ErrorCode::wrong_livemode,
                             event_live ? "This is a live-mode event; this server uses test keys."
                                        : "This is a test-mode event; this server uses live keys.",
                             event_live ? "livemode=true" : "livemode=false");
}

}  // namespace plumbline::services
