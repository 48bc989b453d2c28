// The one Stripe API client: form-encoded requests, pinned API version, timeouts, retries with the
// same Idempotency-Key, Stripe-shaped errors (integrations.md §1.1–1.5). Secrets never reach logs.
#pragma once
#include <boost/json/value.hpp>
#include <chrono>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace plumbline::integrations {

// The API version every request pins (Stripe-Version); webhook endpoints must be created with it.
inline constexpr const char* stripe_api_version = "2026-10-28.endive";

// Form parameters in order; nested names use Stripe's bracket notation, e.g.
// {"line_items[0][price]", "price_123"}, {"metadata[plumber_id]", "42"}, {"expand[]", "x"}.
using StripeParams = std::vector<std::pair<std::string, std::string>>;

struct StripeOptions {
  std::string api_base = "https://api.stripe.com";  // no trailing /v1
  std::string secret_key;                           // sk_… / rk_…; sent as Bearer, never logged
  std::string api_version = stripe_api_version;
  std::chrono::milliseconds timeout{20'000};  // per attempt, connect included
  int max_attempts = 3;                       // first try + retries
  std::chrono::milliseconds backoff{250};     // base of the exponential backoff (with jitter)
};

struct StripeReply {
  bool ok = false;          // 2xx with a JSON object body
  long http_status = 0;     // 0 = no HTTP answer (network error, timeout)
  boost::json::value body;  // the parsed object on success; the parsed error body otherwise
  std::string request_id;   // Request-Id header, for logs and support
  int attempts = 0;
  // Filled when !ok: Stripe's error.type / error.code / error.message, or type "network_error"
  // (no answer) / "invalid_response" (2xx that is not a JSON object).
  std::string error_type, error_code, error_message;
};

class StripeClient {
 public:
  virtual ~StripeClient() = default;
  // POST {api_base}{path} (path starts with "/v1/"). Every POST carries idempotency_key (≤ 255
  // chars, required): a retry after a network error, 409, 5xx or Stripe-Should-Retry: true sends
  // the SAME key, so Stripe creates at most one object. 429 is retried only when Stripe says so.
  virtual StripeReply post(const std::string& path, const StripeParams& params,
                           const std::string& idempotency_key) = 0;
  // GET with the parameters in the query string; retried like POST (GET is idempotent).
  virtual StripeReply get(const std::string& path, const StripeParams& params = {}) = 0;
  // Test-payments mode learns its own port only after listen (cli/serve); thread-safe.
  virtual void set_api_base(const std::string& api_base) = 0;
};

std::unique_ptr<StripeClient> make_stripe_client(const StripeOptions& options);

// application/x-www-form-urlencoded body or query string (brackets percent-encoded, as Stripe
// accepts and its SDKs send).
std::string stripe_form_encode(const StripeParams& params);

}  // namespace plumbline::integrations
