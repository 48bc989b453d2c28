// Test-payments Stripe: the API calls Plumbline makes, answered from memory in Stripe's endive
// shapes, with Bearer auth, Idempotency-Key replay and Stripe-shaped errors.
#include "testpay/test_stripe.hpp"

#include <algorithm>
#include <ctime>

#include "crypto/tokens.hpp"
#include "integrations/stripe_client.hpp"
#include "testpay/test_stripe_impl.hpp"

namespace plumbline::testpay {

namespace {

std::string param(const Params& p, std::string_view name) {
  for (const auto& [k, v] : p)
    if (k == name) return v;
  return {};
}

bool has_param(const Params& p, std::string_view name) {
  return std::any_of(p.begin(), p.end(), [&](const auto& kv) { return kv.first == name; });
}

// The object a bracketed prefix names, e.g. prefix "metadata[" gathers metadata[plumber_id]=42.
json::object nested(const Params& p, std::string_view prefix) {
  json::object out;
  for (const auto& [k, v] : p) {
    if (k.size() <= prefix.size() + 1 || k.compare(0, prefix.size(), prefix) != 0 ||
        k.back() != ']')
      continue;
    auto key = k.substr(prefix.size(), k.size() - prefix.size() - 1);
    if (key.find_first_of("[]") == std::string::npos) out[key] = v;
  }
  return out;
}

ApiReply error(int status, const char* type, std::string message, std::string code = {},
               std::string param_name = {}) {
  json::object e{{"type", type}, {"message", std::move(message)}};
  if (!code.empty()) e["code"] = code;
  if (!param_name.empty()) e["param"] = param_name;
  return {status, json::serialize(json::object{{"error", std::move(e)}}), false};
}

ApiReply missing(const std::string& what, const std::string& id) {
  return error(404, "invalid_request_error", "No such " + what + ": '" + id + "'",
               "resource_missing", "id");
}

ApiReply ok(const json::object& o) {
  return {200, json::serialize(o), false};
}

std::int64_t to_int(const std::string& s, std::int64_t fallback) {
  try {
    std::size_t used = 0;
    auto v = std::stoll(s, &used);
    return used == s.size() ? v : fallback;
  } catch (const std::exception&) {
    return fallback;
  }
}

// Stripe's list filters: created[gte|gt|lte|lt], starting_after, limit (1–100, default 10).
ApiReply list(const std::vector<const json::object*>& newest_first, const Params& p,
              const std::string& url,
              const std::function<bool(const json::object&)>& keep = nullptr) {
  auto limit = to_int(param(p, "limit").empty() ? "10" : param(p, "limit"), -1);
  if (limit < 1 || limit > 100)
    return error(400, "invalid_request_error", "Invalid integer: limit must be 1 to 100.",
                 "parameter_invalid_integer", "limit");
  auto bound = [&](const char* op) {
    return to_int(param(p, std::string("created[") + op + "]"), 0);
  };
  auto gte = bound("gte"), gt = bound("gt"), lte = bound("lte"), lt = bound("lt");
  auto after = param(p, "starting_after");
  bool started = after.empty();
  json::array data;
  bool has_more = false;
  for (const auto* o : newest_first) {
    if (!started) {
      started = str(*o, "id") == after;
      continue;
    }
    auto created = num(*o, "created");
    if ((gte && created < gte) || (gt && created <= gt) || (lte && created > lte) ||
        (lt && created >= lt) || (keep && !keep(*o)))
      continue;
    if (static_cast<std::int64_t>(data.size()) == limit) {
      has_more = true;
      break;
    }
    data.push_back(*o);
  }
  return ok({{"object", "list"}, {"data", std::move(data)}, {"has_more", has_more}, {"url", url}});
}

}  // namespace

TestStripe::TestStripe(TestStripeOptions options)
    : impl_(std::make_unique<Impl>(std::move(options))) {}
TestStripe::~TestStripe() = default;
const TestStripeOptions& TestStripe::options() const {
  return impl_->options;
}

TestStripe::Impl::Impl(TestStripeOptions o)
    : options(std::move(o)), delivery_(options.webhook_url, options.webhook_secret) {}

std::optional<ApiReply> TestStripe::Impl::refuse(const std::string& authorization) const {
  if (authorization.empty())
    return error(401, "invalid_request_error",
                 "You did not provide an API key. Provide it in the Authorization header, using "
                 "Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY').");
  if (authorization.rfind("Bearer ", 0) != 0 ||
      !crypto::constant_time_equal(authorization.substr(7), options.secret_key))
    return error(401, "invalid_request_error", "Invalid API Key provided.");
  return std::nullopt;
}

ApiReply TestStripe::Impl::api(const std::string& method, const std::string& path,
                               const Params& params, const std::string& authorization,
                               const std::string& idempotency_key) {
  if (auto refused = refuse(authorization)) return *refused;
  std::lock_guard lock(mu_);
  if (method != "POST" || idempotency_key.empty()) return dispatch(method, path, params);
  auto fingerprint = path + "?" + integrations::stripe_form_encode(params);
  if (auto it = idempotency_.find(idempotency_key); it != idempotency_.end()) {
    if (it->second.fingerprint != fingerprint)
      return error(400, "idempotency_error",
                   "Keys for idempotent requests can only be used with the same parameters they "
                   "were first used with. Try using a key other than '" +
                       idempotency_key + "' if you meant to execute a different request.");
    auto reply = it->second.reply;
    reply.replayed = true;
    return reply;
  }
  auto reply = dispatch(method, path, params);
  // Like Stripe: a request rejected before it ran (4xx) is not saved and may be retried.
  if (reply.status < 400 || reply.status >= 500)
    idempotency_[idempotency_key] = {fingerprint, reply};
  return reply;
}

ApiReply TestStripe::Impl::dispatch(const std::string& method, const std::string& path,
                                    const Params& p) {
  auto under = [&](std::string_view prefix, std::string& id) {
    if (path.size() <= prefix.size() || path.compare(0, prefix.size(), prefix) != 0) return false;
    id = path.substr(prefix.size());
    return id.find('/') == std::string::npos;
  };
  auto find = [](std::map<std::string, json::object>& m, const std::string& id) {
    auto it = m.find(id);
    return it == m.end() ? nullptr : &it->second;
  };
  std::string id;
  if (method == "POST") {
    if (path == "/v1/customers") return create_customer(p);
    if (path == "/v1/checkout/sessions") return create_checkout_session(p);
    if (path == "/v1/billing_portal/sessions") return create_portal_session(p);
  } else if (method == "GET") {
    if (path == "/v1/events") return list_events(p);
    if (path == "/v1/checkout/sessions") return list_sessions(p);
    if (under("/v1/payment_intents/", id)) return get_payment_intent(id, p);
    if (under("/v1/checkout/sessions/", id)) {
      auto* s = find(sessions_, id);
      if (!s) return missing("checkout.session", id);
      expire_if_due(*s);
      return ok(*s);
    }
    struct Kind {
      const char* prefix;
      const char* name;
      std::map<std::string, json::object>* objects;
    };
    for (const auto& k : {Kind{"/v1/customers/", "customer", &customers_},
                          Kind{"/v1/subscriptions/", "subscription", &subscriptions_},
                          Kind{"/v1/invoices/", "invoice", &invoices_},
                          Kind{"/v1/charges/", "charge", &charges_}}) {
      if (!under(k.prefix, id)) continue;
      auto* o = find(*k.objects, id);
      return o ? ok(*o) : missing(k.name, id);
    }
    if (under("/v1/events/", id)) {
      for (const auto& e : events_)
        if (str(e, "id") == id) return ok(e);
      return missing("event", id);
    }
  }
  return error(404, "invalid_request_error",
               "Unrecognized request URL (" + method + ": " + path + ").");
}

ApiReply TestStripe::Impl::create_customer(const Params& p) {
  auto id = "cus_" + crypto::random_hex(7);
  json::object c{{"id", id},
                 {"object", "customer"},
                 {"created", now_s()},
                 {"email", param(p, "email")},
                 {"name", param(p, "name")},
                 {"phone", has_param(p, "phone") ? json::value(param(p, "phone")) : nullptr},
                 {"metadata", nested(p, "metadata[")},
                 {"livemode", false}};
  customers_[id] = c;
  return ok(c);
}

ApiReply TestStripe::Impl::create_checkout_session(const Params& p) {
  auto mode = param(p, "mode");
  if (mode != "subscription" && mode != "payment")
    return error(400, "invalid_request_error", "Invalid mode: must be subscription or payment.",
                 "parameter_invalid", "mode");
  auto price_id = param(p, "line_items[0][price]");
  auto price = price_lookup ? price_lookup(price_id) : std::nullopt;
  if (!price)
    return error(400, "invalid_request_error", "No such price: '" + price_id + "'",
                 "resource_missing", "line_items[0][price]");
  auto quantity = to_int(param(p, "line_items[0][quantity]"), 0);
  if (quantity < 1)
    return error(400, "invalid_request_error", "Quantity is required and must be at least 1.",
                 "parameter_missing", "line_items[0][quantity]");
  if (mode == "subscription" && !price->recurring)
    return error(400, "invalid_request_error",
                 "You must provide at least one recurring price in `subscription` mode when "
                 "using prices.",
                 "", "line_items[0][price]");
  if (mode == "payment" && price->recurring)
    return error(400, "invalid_request_error",
                 "You specified `payment` mode but passed a recurring price. Either switch to "
                 "`subscription` mode or use only one-time prices.",
                 "", "line_items[0][price]");
  auto success_url = param(p, "success_url");
  if (success_url.empty())
    return error(400, "invalid_request_error", "Missing required param: success_url.",
                 "parameter_missing", "success_url");
  auto customer = param(p, "customer");
  if (!customer.empty() && !customers_.count(customer))
    return error(400, "invalid_request_error", "No such customer: '" + customer + "'",
                 "resource_missing", "customer");
  auto id = "cs_test_" + crypto::random_hex(16);
  auto created = now_s();
  auto amount = price->unit_amount * quantity;
  json::object s{
      {"id", id},
      {"object", "checkout.session"},
      {"url", options.public_base_url + "/test-payments/checkout/" + id},
      {"status", "open"},
      {"mode", mode},
      {"payment_status", "unpaid"},
      {"customer", customer.empty() ? json::value(nullptr) : json::value(customer)},
      {"customer_email",
       has_param(p, "customer_email") ? json::value(param(p, "customer_email")) : nullptr},
      {"client_reference_id", has_param(p, "client_reference_id")
                                  ? json::value(param(p, "client_reference_id"))
                                  : nullptr},
      {"metadata", nested(p, "metadata[")},
      {"success_url", success_url},
      {"cancel_url", has_param(p, "cancel_url") ? json::value(param(p, "cancel_url")) : nullptr},
      {"amount_subtotal", amount},
      {"amount_total", amount},
      {"currency", "usd"},
      {"subscription", nullptr},
      {"payment_intent", nullptr},
      {"invoice", nullptr},
      {"created", created},
      {"expires_at", created + 24 * 3600},
      {"livemode", false}};
  sessions_[id] = s;
  session_extra_[id] = {price_id, price->description, nested(p, "subscription_data[metadata]["),
                        nested(p, "payment_intent_data[metadata][")};
  return ok(s);
}

ApiReply TestStripe::Impl::create_portal_session(const Params& p) {
  auto customer = param(p, "customer");
  if (customer.empty())
    return error(400, "invalid_request_error", "Missing required param: customer.",
                 "parameter_missing", "customer");
  if (!customers_.count(customer))
    return error(400, "invalid_request_error", "No such customer: '" + customer + "'",
                 "resource_missing", "customer");
  auto id = "bps_" + crypto::random_hex(12);
  json::object s{
      {"id", id},
      {"object", "billing_portal.session"},
      {"customer", customer},
      {"url", options.public_base_url + "/test-payments/portal/" + id},
      {"return_url", has_param(p, "return_url") ? json::value(param(p, "return_url")) : nullptr},
      {"created", now_s()},
      {"livemode", false}};
  portals_[id] = s;
  return ok(s);
}

ApiReply TestStripe::Impl::list_events(const Params& p) {
  std::vector<std::string> types;
  for (const auto& [k, v] : p)
    if (k == "types[]" || k == "type") types.push_back(v);
  std::vector<const json::object*> newest_first;
  for (auto it = events_.rbegin(); it != events_.rend(); ++it) newest_first.push_back(&*it);
  return list(newest_first, p, "/v1/events", [&](const json::object& e) {
    return types.empty() || std::find(types.begin(), types.end(), str(e, "type")) != types.end();
  });
}

ApiReply TestStripe::Impl::list_sessions(const Params& p) {
  std::vector<json::object*> all;
  for (auto& [id, s] : sessions_) {
    expire_if_due(s);
    all.push_back(&s);
  }
  // Newest first; ids are random, so equal creation seconds keep no particular order.
  std::stable_sort(all.begin(), all.end(), [](const json::object* a, const json::object* b) {
    return num(*a, "created") > num(*b, "created");
  });
  auto status = param(p, "status"), customer = param(p, "customer");
  return list({all.begin(), all.end()}, p, "/v1/checkout/sessions", [&](const json::object& s) {
    return (status.empty() || str(s, "status") == status) &&
           (customer.empty() || str(s, "customer") == customer);
  });
}

ApiReply TestStripe::Impl::get_payment_intent(const std::string& id, const Params& p) {
  auto it = intents_.find(id);
  if (it == intents_.end()) return missing("payment_intent", id);
  auto pi = it->second;
  for (const auto& [k, v] : p)
    if (k == "expand[]" && v == "latest_charge")
      if (auto ch = charges_.find(str(pi, "latest_charge")); ch != charges_.end())
        pi["latest_charge"] = ch->second;
  return ok(pi);
}

void TestStripe::Impl::expire_if_due(json::object& session) {
  if (str(session, "status") == "open" && now_s() >= num(session, "expires_at"))
    session["status"] = "expired";
}

std::optional<json::object> TestStripe::Impl::session(const std::string& id) {
  std::lock_guard lock(mu_);
  auto it = sessions_.find(id);
  if (it == sessions_.end()) return std::nullopt;
  expire_if_due(it->second);
  auto s = it->second;
  s["_description"] = session_extra_[id].description;  // for the page only, never the API
  return s;
}

std::optional<json::object> TestStripe::Impl::portal_session(const std::string& id) {
  std::lock_guard lock(mu_);
  auto it = portals_.find(id);
  return it == portals_.end() ? std::nullopt : std::optional(it->second);
}

std::optional<json::object> TestStripe::Impl::subscription_of(const std::string& customer) {
  std::lock_guard lock(mu_);
  const json::object* newest = nullptr;
  for (const auto& [id, s] : subscriptions_)
    if (str(s, "customer") == customer && (!newest || num(s, "created") >= num(*newest, "created")))
      newest = &s;
  return newest ? std::optional(*newest) : std::nullopt;
}

std::optional<json::object> TestStripe::Impl::last_charge_of(const std::string& customer) {
  std::lock_guard lock(mu_);
  auto it = charges_by_customer_.find(customer);
  if (it == charges_by_customer_.end() || it->second.empty()) return std::nullopt;
  return charges_.at(it->second.back());
}

std::optional<json::object> TestStripe::Impl::receipt(const std::string& id) {
  std::lock_guard lock(mu_);
  if (auto it = invoices_.find(id); it != invoices_.end()) return it->second;
  if (auto it = charges_.find(id); it != charges_.end()) return it->second;
  return std::nullopt;
}

}  // namespace plumbline::testpay
