// Stripe API client over libcurl: Bearer auth, pinned Stripe-Version, form bodies, retries with the
// same Idempotency-Key and Stripe-shaped errors (integrations.md §1.1–1.5).
#include "integrations/stripe_client.hpp"

#include <curl/curl.h>

#include <algorithm>
#include <boost/json.hpp>
#include <cctype>
#include <mutex>
#include <random>
#include <thread>

#include "domain/contact.hpp"
#include "integrations/curl_pool.hpp"
#include "integrations/text.hpp"
#include "integrations/twilio_detail.hpp"
#include "log/log.hpp"

namespace plumbline::integrations {

std::string stripe_form_encode(const StripeParams& params) {
  return detail::form_urlencode(params);
}

namespace {

constexpr std::size_t max_reply_bytes = 8u << 20;  // a 100-event page is well below this

struct Transfer {
  std::string body;
  std::string request_id;
  std::string should_retry;  // "true", "false" or empty
};

std::size_t collect_cb(char* buf, std::size_t size, std::size_t n, void* user) {
  auto* t = static_cast<Transfer*>(user);
  std::size_t k = size * n;
  if (t->body.size() + k > max_reply_bytes) return 0;
  t->body.append(buf, k);
  return k;
}

// Header lines of every response of the transfer arrive here; a new status line resets them so
// only the final response's headers count.
std::size_t header_cb(char* buf, std::size_t size, std::size_t n, void* user) {
  auto* t = static_cast<Transfer*>(user);
  std::size_t k = size * n;
  std::string_view line(buf, k);
  if (line.starts_with("HTTP/")) {
    t->request_id.clear();
    t->should_retry.clear();
    return k;
  }
  auto colon = line.find(':');
  if (colon == std::string_view::npos) return k;
  auto name = ascii_lower(line.substr(0, colon));
  auto value = domain::trim(line.substr(colon + 1));
  if (name == "request-id")
    t->request_id = value.substr(0, 100);
  else if (name == "stripe-should-retry")
    t->should_retry = ascii_lower(value);
  return k;
}

std::string json_string(const boost::json::object& o, const char* key) {
  auto it = o.find(key);
  if (it == o.end() || !it->value().is_string()) return {};
  return std::string(it->value().get_string());
}

// Fills the reply's error fields from Stripe's {"error":{type,code,message}} body.
void parse_error(StripeReply& r, const std::string& body) {
  boost::system::error_code ec;
  auto parsed = boost::json::parse(body, ec);
  if (!ec) r.body = parsed;
  const boost::json::object* err = nullptr;
  if (!ec && parsed.is_object()) {
    auto it = parsed.get_object().find("error");
    if (it != parsed.get_object().end() && it->value().is_object()) err = &it->value().get_object();
  }
  if (err) {
    r.error_type = json_string(*err, "type");
    r.error_code = json_string(*err, "code");
    r.error_message = json_string(*err, "message");
  }
  if (r.error_type.empty()) r.error_type = r.http_status >= 500 ? "api_error" : "invalid_response";
  if (r.error_message.empty())
    r.error_message = "Stripe answered HTTP " + std::to_string(r.http_status);
}

class CurlStripeClient final : public StripeClient {
 public:
  explicit CurlStripeClient(StripeOptions o) : opts_(std::move(o)) {
    if (opts_.timeout.count() <= 0) opts_.timeout = std::chrono::seconds(20);
    if (opts_.max_attempts < 1) opts_.max_attempts = 1;
    set_api_base(opts_.api_base);
    detail::curl_global_once();
  }

  StripeReply post(const std::string& path, const StripeParams& params,
                   const std::string& idempotency_key) override {
    if (idempotency_key.empty() || idempotency_key.size() > 255) {
      StripeReply r;
      r.error_type = "invalid_request";
      r.error_message = "An Idempotency-Key of 1 to 255 characters is required";
      return r;
    }
    return call("POST", path, stripe_form_encode(params), idempotency_key);
  }

  StripeReply get(const std::string& path, const StripeParams& params) override {
    return call("GET", path, stripe_form_encode(params), "");
  }

  void set_api_base(const std::string& api_base) override {
    std::string b = api_base;
    while (!b.empty() && b.back() == '/') b.pop_back();
    std::lock_guard lk(base_mu_);
    base_ = std::move(b);
  }

 private:
  std::string api_base() {
    std::lock_guard lk(base_mu_);
    return base_;
  }

  StripeReply call(const char* method, const std::string& path, const std::string& form,
                   const std::string& key) {
    const bool is_post = std::string_view(method) == "POST";
    std::string url = api_base() + path;
    if (!is_post && !form.empty()) url += (path.find('?') == std::string::npos ? "?" : "&") + form;
    StripeReply r;
    for (int attempt = 1;; ++attempt) {
      std::string stripe_says;
      r = attempt_once(is_post, url, form, key, stripe_says);
      r.attempts = attempt;
      bool retry = should_retry(r, stripe_says) && attempt < opts_.max_attempts;
      if (r.ok) return r;
      log::write(retry ? log::Level::warn : log::Level::error,
                 retry ? "stripe request failed, retrying" : "stripe request failed",
                 {{"method", std::string(method)},
                  {"path", path_for_log(path)},
                  {"status", static_cast<std::int64_t>(r.http_status)},
                  {"request_id", r.request_id},
                  {"error_type", r.error_type},
                  {"error_code", r.error_code},
                  {"attempt", static_cast<std::int64_t>(attempt)}});
      if (!retry) return r;
      std::this_thread::sleep_for(backoff(attempt));
    }
  }

  // Stripe ids in a path are not secret, but keep query strings (never present) out anyway.
  static std::string path_for_log(const std::string& path) {
    return path.substr(0, path.find('?'));
  }

  // integrations.md §1.3, as the official SDK does it.
  static bool should_retry(const StripeReply& r, const std::string& stripe_says) {
    if (r.ok) return false;
    if (r.http_status == 0) return r.error_type == "network_error";
    if (stripe_says == "true") return true;
    if (stripe_says == "false") return false;
    return r.http_status == 409 || r.http_status >= 500;
  }

  std::chrono::milliseconds backoff(int attempt) {
    auto base = opts_.backoff.count() <= 0 ? 1 : opts_.backoff.count();
    auto cap = base << std::min(attempt - 1, 6);
    // "Equal jitter": at least half the exponential step, so retries never bunch up at zero.
    std::uniform_int_distribution<long long> d(cap / 2, cap);
    std::lock_guard lk(rng_mu_);
    return std::chrono::milliseconds(d(rng_));
  }

  // stripe_says receives the Stripe-Should-Retry header of the answer ("true", "false" or empty).
  StripeReply attempt_once(bool is_post, const std::string& url, const std::string& form,
                           const std::string& key, std::string& stripe_says) {
    StripeReply r;
    detail::PooledHandle handle(pool_);
    CURL* h = handle.get();
    if (!h) {
      r.error_type = "network_error";
      r.error_message = "curl_easy_init failed";
      return r;
    }
    const std::string auth = "Authorization: Bearer " + opts_.secret_key;
    const std::string version = "Stripe-Version: " + opts_.api_version;
    const std::string idem = "Idempotency-Key: " + key;
    curl_slist* raw = nullptr;
    raw = curl_slist_append(raw, "Accept: application/json");
    raw = curl_slist_append(raw, auth.c_str());
    raw = curl_slist_append(raw, version.c_str());
    if (is_post) {
      raw = curl_slist_append(raw, "Content-Type: application/x-www-form-urlencoded");
      raw = curl_slist_append(raw, idem.c_str());
      raw = curl_slist_append(raw, "Expect:");
    }
    std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)> headers(raw, &curl_slist_free_all);
    Transfer t;
    char errbuf[CURL_ERROR_SIZE] = {0};
    const long total_ms = static_cast<long>(opts_.timeout.count());

    curl_easy_setopt(h, CURLOPT_URL, url.c_str());
    curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
    if (is_post) {
      curl_easy_setopt(h, CURLOPT_POST, 1L);
      curl_easy_setopt(h, CURLOPT_POSTFIELDS, form.c_str());
      curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(form.size()));
    } else {
      curl_easy_setopt(h, CURLOPT_HTTPGET, 1L);
    }
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers.get());
    curl_easy_setopt(h, CURLOPT_USERAGENT, "plumbline");
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, &collect_cb);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &t);
    curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, &header_cb);
    curl_easy_setopt(h, CURLOPT_HEADERDATA, &t);
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, std::min(total_ms, 10'000L));
    curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, total_ms);
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf);

    CURLcode rc = curl_easy_perform(h);
    long status = 0;
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
    handle.set_reusable(rc == CURLE_OK);
    r.request_id = t.request_id;
    stripe_says = t.should_retry;
    if (rc != CURLE_OK) {
      // A reply cut short is treated like no reply: the request may or may not have been executed,
      // and the same Idempotency-Key makes the retry safe either way.
      r.http_status = 0;
      r.error_type = "network_error";
      r.error_message = std::string("Stripe request failed: ") + curl_easy_strerror(rc);
      return r;
    }
    r.http_status = status;
    if (status >= 200 && status < 300) {
      boost::system::error_code ec;
      auto parsed = boost::json::parse(t.body, ec);
      if (!ec && parsed.is_object()) {
        r.ok = true;
        r.body = std::move(parsed);
        return r;
      }
      r.error_type = "invalid_response";
      r.error_message = "Stripe answered HTTP " + std::to_string(status) + " without a JSON object";
      return r;
    }
    parse_error(r, t.body);
    return r;
  }

  StripeOptions opts_;
  std::mutex base_mu_;
  std::string base_;
  detail::CurlPool pool_;
  std::mutex rng_mu_;
  std::mt19937_64 rng_{std::random_device{}()};
};

}  // namespace

std::unique_ptr<StripeClient> make_stripe_client(const StripeOptions& options) {
  return std::make_unique<CurlStripeClient>(options);
}

}  // namespace plumbline::integrations
