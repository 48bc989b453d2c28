// Test-payments Stripe: what a person does on the test checkout and portal pages, and the events
// each action emits (same order and endive shapes as Stripe's).
#include <ctime>

#include "crypto/tokens.hpp"
#include "integrations/stripe_client.hpp"
#include "testpay/test_stripe_impl.hpp"

namespace plumbline::testpay {

namespace {

// Stripe bills monthly on the calendar; a fixed 30 days is close enough for a stand-in.
constexpr std::int64_t period_seconds = 30 * 24 * 3600;

json::object& first_item(json::object& sub) {
  return sub["items"].as_object()["data"].as_array()[0].as_object();
}

std::string digits_of(const std::string& card) {
  std::string d;
  for (char c : card)
    if (c >= '0' && c <= '9') d += c;
  return d;
}

}  // namespace

void TestStripe::Impl::emit(const std::string& type, const json::object& object,
                            const json::object* previous) {
  json::object data{{"object", object}};
  if (previous) data["previous_attributes"] = *previous;
  json::object e{{"id", "evt_" + crypto::random_hex(12)},
                 {"object", "event"},
                 {"api_version", integrations::stripe_api_version},
                 {"created", now_s()},
                 {"data", std::move(data)},
                 {"livemode", false},
                 {"pending_webhooks", 1},
                 {"request", json::object{{"id", nullptr}, {"idempotency_key", nullptr}}},
                 {"type", type}};
  delivery_.enqueue(json::serialize(e));
  events_.push_back(std::move(e));
}

json::object& TestStripe::Impl::charge_for(const std::string& customer, std::int64_t amount,
                                           const json::object& metadata, std::string& intent_id) {
  intent_id = "pi_" + crypto::random_hex(12);
  auto charge_id = "ch_" + crypto::random_hex(12);
  auto created = now_s();
  intents_[intent_id] = {
      {"id", intent_id},           {"object", "payment_intent"}, {"amount", amount},
      {"amount_received", amount}, {"currency", "usd"},          {"customer", customer},
      {"status", "succeeded"},     {"metadata", metadata},       {"latest_charge", charge_id},
      {"created", created},        {"livemode", false}};
  charges_by_customer_[customer].push_back(charge_id);
  return charges_[charge_id] = {
             {"id", charge_id},
             {"object", "charge"},
             {"amount", amount},
             {"amount_captured", amount},
             {"amount_refunded", 0},
             {"refunded", false},
             {"paid", true},
             {"captured", true},
             {"disputed", false},
             {"status", "succeeded"},
             {"currency", "usd"},
             {"customer", customer},
             {"payment_intent", intent_id},
             {"receipt_url", options.public_base_url + "/test-payments/receipts/" + charge_id},
             {"metadata", metadata},
             {"created", created},
             {"livemode", false}};
}

json::object& TestStripe::Impl::add_invoice(json::object& sub, const std::string& billing_reason,
                                            bool paid) {
  auto& item = first_item(sub);
  const auto& price = item["price"].as_object();
  auto amount = num(price, "unit_amount");
  auto id = "in_" + crypto::random_hex(12);
  auto customer = str(sub, "customer");
  const auto& metadata = sub["metadata"].as_object();
  json::array payments;
  if (paid) {
    std::string intent;
    auto& charge = charge_for(customer, amount, metadata, intent);
    charge["invoice"] = id;
    payments.push_back(json::object{
        {"id", "inpay_" + crypto::random_hex(12)},
        {"object", "invoice_payment"},
        {"invoice", id},
        {"status", "paid"},
        {"payment", json::object{{"type", "payment_intent"}, {"payment_intent", intent}}}});
  }
  auto created = now_s();
  json::object line{
      {"id", "il_" + crypto::random_hex(12)},
      {"object", "line_item"},
      {"amount", amount},
      {"currency", "usd"},
      {"description", str(price, "nickname")},
      {"quantity", 1},
      {"period", json::object{{"start", num(item, "current_period_start")},
                              {"end", num(item, "current_period_end")}}},
      {"pricing",
       json::object{{"type", "price_details"},
                    {"price_details", json::object{{"price", str(price, "id")},
                                                   {"product", str(price, "product")}}}}},
      {"parent", json::object{{"type", "subscription_item_details"},
                              {"subscription_item_details",
                               json::object{{"subscription", str(sub, "id")},
                                            {"subscription_item", str(item, "id")}}}}}};
  sub["latest_invoice"] = id;
  return invoices_[id] = {
             {"id", id},
             {"object", "invoice"},
             {"customer", customer},
             {"status", paid ? "paid" : "open"},
             {"amount_due", amount},
             {"amount_paid", paid ? amount : 0},
             {"amount_remaining", paid ? 0 : amount},
             {"currency", "usd"},
             {"billing_reason", billing_reason},
             {"attempt_count", 1},
             {"next_payment_attempt",
              paid ? json::value(nullptr) : json::value(created + 3 * 86400)},
             {"hosted_invoice_url", options.public_base_url + "/test-payments/receipts/" + id},
             {"parent",
              json::object{{"type", "subscription_details"},
                           {"subscription_details", json::object{{"subscription", str(sub, "id")},
                                                                 {"metadata", metadata}}}}},
             {"lines",
              json::object{
                  {"object", "list"}, {"data", json::array{std::move(line)}}, {"has_more", false}}},
             {"payments",
              json::object{{"object", "list"}, {"data", std::move(payments)}, {"has_more", false}}},
             {"created", created},
             {"livemode", false}};
}

PayResult TestStripe::Impl::pay(const std::string& session_id, const std::string& card_number) {
  std::lock_guard lock(mu_);
  auto it = sessions_.find(session_id);
  if (it == sessions_.end()) return {false, 404, "This checkout session does not exist.", ""};
  auto& s = it->second;
  expire_if_due(s);
  if (str(s, "status") != "open")
    return {false, 409,
            "This checkout session is " + str(s, "status") + " and cannot be paid again.", ""};
  auto card = digits_of(card_number);
  if (card == "4000000000000002") return {false, 402, "Your card was declined.", ""};
  if (card == "4000000000009995") return {false, 402, "Your card has insufficient funds.", ""};
  if (card != "4242424242424242")
    return {false, 402,
            "Your card was declined. This is test mode: use one of the test card numbers listed.",
            ""};
  const auto& extra = session_extra_[session_id];
  auto customer = str(s, "customer");
  if (customer.empty()) {  // Stripe makes one when the session named none
    customer = "cus_" + crypto::random_hex(7);
    customers_[customer] = {{"id", customer},
                            {"object", "customer"},
                            {"created", now_s()},
                            {"email", s["customer_email"]},
                            {"metadata", json::object{}},
                            {"livemode", false}};
    s["customer"] = customer;
  }
  s["status"] = "complete";
  s["payment_status"] = "paid";
  if (str(s, "mode") == "subscription") {
    auto sub_id = "sub_" + crypto::random_hex(12);
    auto now = now_s();
    json::object price{{"id", extra.price},
                       {"object", "price"},
                       {"nickname", extra.description},
                       {"product", "prod_" + extra.price},
                       {"unit_amount", num(s, "amount_total")},
                       {"currency", "usd"},
                       {"type", "recurring"},
                       {"recurring", json::object{{"interval", "month"}, {"interval_count", 1}}}};
    json::object item{{"id", "si_" + crypto::random_hex(12)},
                      {"object", "subscription_item"},
                      {"price", std::move(price)},
                      {"quantity", 1},
                      {"current_period_start", now},
                      {"current_period_end", now + period_seconds}};
    auto& sub =
        subscriptions_[sub_id] = {{"id", sub_id},
                                  {"object", "subscription"},
                                  {"customer", customer},
                                  {"status", "active"},
                                  {"cancel_at_period_end", false},
                                  {"cancel_at", nullptr},
                                  {"canceled_at", nullptr},
                                  {"ended_at", nullptr},
                                  {"metadata", extra.subscription_metadata},
                                  {"items", json::object{{"object", "list"},
                                                         {"data", json::array{std::move(item)}},
                                                         {"has_more", false}}},
                                  {"latest_invoice", nullptr},
                                  {"created", now},
                                  {"livemode", false}};
    auto& invoice = add_invoice(sub, "subscription_create", true);
    s["subscription"] = sub_id;
    s["invoice"] = str(invoice, "id");
    emit("customer.subscription.created", sub);
    emit("checkout.session.completed", s);
    emit("invoice.paid", invoice);
  } else {
    std::string intent;
    charge_for(customer, num(s, "amount_total"), extra.payment_intent_metadata, intent);
    s["payment_intent"] = intent;
    emit("checkout.session.completed", s);
  }
  std::string url = str(s, "success_url");
  static constexpr std::string_view placeholder = "{CHECKOUT_SESSION_ID}";
  if (auto at = url.find(placeholder); at != std::string::npos)
    url.replace(at, placeholder.size(), session_id);
  return {true, 303, "", url};
}

std::string TestStripe::Impl::portal_action(const std::string& portal_id,
                                            const std::string& action) {
  std::lock_guard lock(mu_);
  auto p = portals_.find(portal_id);
  if (p == portals_.end()) return "This portal session does not exist.";
  auto customer = str(p->second, "customer");
  if (action == "refund" || action == "dispute") {
    auto list = charges_by_customer_.find(customer);
    if (list == charges_by_customer_.end() || list->second.empty())
      return "There is no payment to " + action + ".";
    auto& charge = charges_.at(list->second.back());
    if (action == "refund") {
      if (charge["refunded"].as_bool()) return "The last payment was refunded already.";
      charge["amount_refunded"] = num(charge, "amount");
      charge["refunded"] = true;
      emit("charge.refunded", charge);
      return "";
    }
    if (charge["disputed"].as_bool()) return "The last payment is disputed already.";
    charge["disputed"] = true;
    emit("charge.dispute.created", json::object{{"id", "dp_" + crypto::random_hex(12)},
                                                {"object", "dispute"},
                                                {"charge", str(charge, "id")},
                                                {"payment_intent", str(charge, "payment_intent")},
                                                {"amount", num(charge, "amount")},
                                                {"currency", "usd"},
                                                {"reason", "fraudulent"},
                                                {"status", "needs_response"},
                                                {"created", now_s()},
                                                {"livemode", false}});
    return "";
  }
  json::object* sub = nullptr;
  for (auto& [id, s] : subscriptions_)
    if (str(s, "customer") == customer && (!sub || num(s, "created") >= num(*sub, "created")))
      sub = &s;
  if (!sub) return "There is no subscription.";
  auto& s = *sub;
  if (str(s, "status") == "canceled") return "The subscription is canceled.";
  auto now = now_s();
  auto& item = first_item(s);
  if (action == "cancel_at_period_end" || action == "resume") {
    bool cancel = action == "cancel_at_period_end";
    if (s["cancel_at_period_end"].as_bool() == cancel)
      return cancel ? "The subscription already ends at the period end."
                    : "The subscription is not set to end.";
    json::object previous{{"cancel_at_period_end", !cancel}, {"cancel_at", s["cancel_at"]}};
    s["cancel_at_period_end"] = cancel;
    s["cancel_at"] = cancel ? json::value(num(item, "current_period_end")) : json::value(nullptr);
    emit("customer.subscription.updated", s, &previous);
    return "";
  }
  if (action == "cancel_now") {
    s["status"] = "canceled";
    s["canceled_at"] = now;
    s["ended_at"] = now;
    emit("customer.subscription.deleted", s);
    return "";
  }
  if (action == "renew" || action == "fail_renewal") {
    bool paid = action == "renew";
    json::object previous{{"status", s["status"]}, {"items", s["items"]}};
    // The next period starts where this one ends, as when Stripe's clock reaches the renewal.
    auto start = num(item, "current_period_end");
    item["current_period_start"] = start;
    item["current_period_end"] = start + period_seconds;
    s["status"] = paid ? "active" : "past_due";
    auto& invoice = add_invoice(s, "subscription_cycle", paid);
    if (paid) {
      emit("customer.subscription.updated", s, &previous);
      emit("invoice.paid", invoice);
    } else {
      emit("invoice.payment_failed", invoice);
      emit("customer.subscription.updated", s, &previous);
    }
    return "";
  }
  return "Unknown action.";
}

}  // namespace plumbline::testpay
