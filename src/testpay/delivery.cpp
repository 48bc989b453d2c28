// Test-payments event delivery: POSTs each event, signed like Stripe, to the app's own webhook
// from one background thread, in emission order, retrying non-2xx answers with backoff.
#include <curl/curl.h>

#include <chrono>
#include <ctime>

#include "integrations/curl_pool.hpp"
#include "integrations/stripe_signature.hpp"
#include "log/log.hpp"
#include "testpay/test_stripe_impl.hpp"

namespace plumbline::testpay {

namespace {

// Stripe's test mode retries a few times; a handful of quick retries covers a server that is busy
// or still starting, without holding later events back for long.
constexpr int max_attempts = 5;

std::size_t discard_cb(char*, std::size_t size, std::size_t n, void*) {
  return size * n;
}

}  // namespace

Delivery::Delivery(std::string url, std::string secret)
    : url_(std::move(url)), secret_(std::move(secret)) {
  integrations::detail::curl_global_once();
  thread_ = std::thread([this] { run(); });
}

Delivery::~Delivery() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  thread_.join();
}

void Delivery::enqueue(std::string body) {
  {
    std::lock_guard lock(mu_);
    queue_.push_back(std::move(body));
  }
  cv_.notify_all();
}

void Delivery::run() {
  std::unique_lock lock(mu_);
  while (true) {
    cv_.wait(lock, [this] { return stop_ || !queue_.empty(); });
    if (stop_) return;
    auto body = queue_.front();
    lock.unlock();
    bool delivered = false;
    auto backoff = std::chrono::milliseconds(250);
    for (int attempt = 1; attempt <= max_attempts && !delivered; ++attempt) {
      delivered = post_once(body);
      if (delivered || attempt == max_attempts) break;
      std::unique_lock wait_lock(mu_);
      if (cv_.wait_for(wait_lock, backoff, [this] { return stop_; })) return;
      backoff *= 2;
    }
    if (!delivered)
      log::warn("test_payments_delivery_failed",
                {{"attempts", static_cast<std::int64_t>(max_attempts)}});
    lock.lock();
    queue_.pop_front();
  }
}

bool Delivery::post_once(const std::string& body) {
  CURL* h = curl_easy_init();
  if (!h) return false;
  // Signed at send time, like Stripe: a retry carries a fresh timestamp.
  auto t = static_cast<std::int64_t>(std::time(nullptr));
  auto header = "Stripe-Signature: t=" + std::to_string(t) +
                ",v1=" + integrations::stripe_signature(secret_, t, body);
  curl_slist* headers = nullptr;
  headers = curl_slist_append(headers, "Content-Type: application/json; charset=utf-8");
  headers =
      curl_slist_append(headers, "User-Agent: Stripe/1.0 (+https://stripe.com/docs/webhooks)");
  headers = curl_slist_append(headers, header.c_str());
  curl_easy_setopt(h, CURLOPT_URL, url_.c_str());
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(h, CURLOPT_POSTFIELDS, body.c_str());
  curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE, static_cast<long>(body.size()));
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, discard_cb);
  curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, 30'000L);
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  auto rc = curl_easy_perform(h);
  long status = 0;
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
  curl_slist_free_all(headers);
  curl_easy_cleanup(h);
  if (rc != CURLE_OK || status < 200 || status >= 300) {
    log::warn("test_payments_delivery_retry", {{"http_status", static_cast<std::int64_t>(status)},
                                               {"curl", std::string(curl_easy_strerror(rc))}});
    return false;
  }
  return true;
}

}  // namespace plumbline::testpay
