// The state behind TestStripe: Stripe-shaped objects in memory, the API calls Plumbline makes, the
// checkout and portal actions, and the queue of signed events (internal to src/testpay/).
#pragma once
#include <boost/json.hpp>
#include <condition_variable>
#include <cstdint>
#include <ctime>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "testpay/test_stripe.hpp"

namespace plumbline::testpay {

namespace json = boost::json;
using Params = std::vector<std::pair<std::string, std::string>>;

inline std::int64_t now_s() {
  return static_cast<std::int64_t>(std::time(nullptr));
}

// A string or integer field of a JSON object; "" or 0 when absent or of another type.
inline std::string str(const json::object& o, std::string_view key) {
  auto it = o.find(key);
  return it != o.end() && it->value().is_string() ? std::string(it->value().get_string())
                                                  : std::string();
}
inline std::int64_t num(const json::object& o, std::string_view key) {
  auto it = o.find(key);
  return it != o.end() && it->value().is_int64() ? it->value().get_int64() : 0;
}

// A reply of the fake API: HTTP status and the JSON body.
struct ApiReply {
  int status = 200;
  std::string body;
  bool replayed = false;  // answered from the Idempotency-Key record
};

// A Stripe Price as the stand-in knows it (from the app's plans and packs).
struct TestPrice {
  std::string id, description;
  std::int64_t unit_amount = 0;
  bool recurring = false;  // monthly
};

// What happened when a card was tried on a checkout page.
struct PayResult {
  bool paid = false;
  int status = 200;          // for the page when not paid: 402 declined, 409 not open
  std::string error;         // for the person, when not paid
  std::string redirect_url;  // success_url with the session id filled in
};

// Signed POSTs to the app's webhook, one at a time in emission order, retried with backoff.
class Delivery {
 public:
  Delivery(std::string url, std::string secret);
  ~Delivery();
  void enqueue(std::string body);

 private:
  void run();
  bool post_once(const std::string& body);
  std::string url_, secret_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::string> queue_;
  bool stop_ = false;
  std::thread thread_;
};

struct TestStripe::Impl {
  explicit Impl(TestStripeOptions o);

  TestStripeOptions options;

  // A 401 in Stripe's shape unless the header carries "Bearer <the local key>".
  std::optional<ApiReply> refuse(const std::string& authorization) const;
  // The API part: path starts with "/v1/"; authorization is the raw Authorization header.
  ApiReply api(const std::string& method, const std::string& path, const Params& params,
               const std::string& authorization, const std::string& idempotency_key);

  // Copies for the pages; nullopt when unknown.
  std::optional<json::object> session(const std::string& id);
  std::optional<json::object> portal_session(const std::string& id);
  // The customer's newest subscription and newest charge (either may be null).
  std::optional<json::object> subscription_of(const std::string& customer);
  std::optional<json::object> last_charge_of(const std::string& customer);
  std::optional<json::object> receipt(const std::string& id);  // an invoice or a charge

  PayResult pay(const std::string& session_id, const std::string& card_number);
  // action: cancel_at_period_end | resume | cancel_now | renew | fail_renewal | refund | dispute.
  // Returns an error for the person, or "" when done.
  std::string portal_action(const std::string& portal_id, const std::string& action);

 private:
  struct SessionExtra {
    std::string price, description;
    json::object subscription_metadata, payment_intent_metadata;
  };
  struct IdempotencyRecord {
    std::string fingerprint;
    ApiReply reply;
  };

  ApiReply dispatch(const std::string& method, const std::string& path, const Params& params);
  ApiReply create_customer(const Params& p);
  ApiReply create_checkout_session(const Params& p);
  ApiReply create_portal_session(const Params& p);
  ApiReply list_events(const Params& p);
  ApiReply list_sessions(const Params& p);
  ApiReply get_payment_intent(const std::string& id, const Params& p);

  void expire_if_due(json::object& session);
  json::object& charge_for(const std::string& customer, std::int64_t amount,
                           const json::object& metadata, std::string& intent_id);
  json::object& add_invoice(json::object& sub, const std::string& billing_reason, bool paid);
  void emit(const std::string& type, const json::object& object,
            const json::object* previous = nullptr);

  std::mutex mu_;
  std::map<std::string, json::object> customers_, sessions_, subscriptions_, intents_, charges_,
      invoices_, portals_;
  std::map<std::string, SessionExtra> session_extra_;
  std::map<std::string, std::vector<std::string>> charges_by_customer_;  // oldest first
  std::vector<json::object> events_;                                     // oldest first
  std::map<std::string, IdempotencyRecord> idempotency_;
  Delivery delivery_;

 public:
  // Where prices come from: the app's plans and packs (read-only), set by install.
  std::function<std::optional<TestPrice>(const std::string& price_id)> price_lookup;
};

}  // namespace plumbline::testpay
