// Outbound webhook HTTP over libcurl: getaddrinfo for every address, then a POST pinned to the
// checked one; and the Plumbline-Signature header.
#include "integrations/webhook_client.hpp"

#include <arpa/inet.h>
#include <netdb.h>
#include <sys/socket.h>

#include <algorithm>

#include "integrations/curl_pool.hpp"
#include "integrations/stripe_signature.hpp"
#include "integrations/text.hpp"

namespace plumbline::integrations {

std::string webhook_signature_header(const std::vector<std::string>& secrets,
                                     std::int64_t timestamp, const std::string& body) {
  std::string h = "t=" + std::to_string(timestamp);
  for (const auto& s : secrets) h += ",v1=" + stripe_signature(s, timestamp, body);
  return h;
}

namespace {

std::size_t webhook_collect_cb(char* buf, std::size_t size, std::size_t n, void* user) {
  auto* out = static_cast<std::string*>(user);
  std::size_t k = size * n;
  if (out->size() < 4096) out->append(buf, std::min<std::size_t>(k, 4096 - out->size()));
  return k;  // the rest is read and dropped: only an excerpt is logged
}

class CurlWebhookClient final : public WebhookClient {
 public:
  explicit CurlWebhookClient(std::chrono::seconds timeout) : timeout_(timeout) {
    if (timeout_.count() <= 0) timeout_ = std::chrono::seconds(10);
    detail::curl_global_once();
  }

  std::vector<std::string> resolve(const std::string& host, std::string& error) override {
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    addrinfo* res = nullptr;
    int rc = getaddrinfo(host.c_str(), nullptr, &hints, &res);
    std::vector<std::string> out;
    if (rc != 0) {
      error = "could not resolve " + host + ": " + gai_strerror(rc);
      return out;
    }
    for (auto* p = res; p; p = p->ai_next) {
      char buf[INET6_ADDRSTRLEN] = {0};
      const void* src =
          p->ai_family == AF_INET
              ? static_cast<const void*>(&reinterpret_cast<sockaddr_in*>(p->ai_addr)->sin_addr)
              : static_cast<const void*>(&reinterpret_cast<sockaddr_in6*>(p->ai_addr)->sin6_addr);
      if ((p->ai_family == AF_INET || p->ai_family == AF_INET6) &&
          inet_ntop(p->ai_family, src, buf, sizeof buf) &&
          std::find(out.begin(), out.end(), buf) == out.end())
        out.emplace_back(buf);
    }
    freeaddrinfo(res);
    if (out.empty()) error = "could not resolve " + host;
    return out;
  }

  WebhookResponse post(const domain::WebhookTarget& t, const std::string& address,
                       const std::string& body,
                       const std::vector<std::pair<std::string, std::string>>& headers) override {
    WebhookResponse out;
    detail::PooledHandle handle(pool_);
    CURL* h = handle.get();
    if (!h) {
      out.error = "curl_easy_init failed";
      return out;
    }
    bool v6 = address.find(':') != std::string::npos;
    std::string host_in_url = t.host.find(':') != std::string::npos ? "[" + t.host + "]" : t.host;
    std::string url =
        t.scheme + "://" + host_in_url + ":" + std::to_string(t.port) + t.path_and_query;
    // HOST:PORT:ADDRESS: curl connects to this address only and never looks the name up again.
    std::string pin =
        host_in_url + ":" + std::to_string(t.port) + ":" + (v6 ? "[" + address + "]" : address);
    curl_slist* resolve_raw = curl_slist_append(nullptr, pin.c_str());
    std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)> resolve(resolve_raw,
                                                                        &curl_slist_free_all);
    curl_slist* raw = curl_slist_append(nullptr, "Content-Type: application/json");
    raw = curl_slist_append(raw, "Expect:");
    for (const auto& [k, v] : headers) raw = curl_slist_append(raw, (k + ": " + v).c_str());
    std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)> hdrs(raw, &curl_slist_free_all);
    std::string reply;
    char errbuf[CURL_ERROR_SIZE] = {0};
    const long total_ms = static_cast<long>(std::chrono::milliseconds(timeout_).count());
    curl_easy_setopt(h, CURLOPT_URL, url.c_str());
    curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(h, CURLOPT_RESOLVE, resolve.get());
    curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(h, CURLOPT_POST, 1L);
    curl_easy_setopt(h, CURLOPT_POSTFIELDS, body.c_str());
    curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdrs.get());
    curl_easy_setopt(h, CURLOPT_USERAGENT, "Plumbline-Webhooks/1");
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, &webhook_collect_cb);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &reply);
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, std::min(total_ms, 5'000L));
    curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, total_ms);
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf);
    auto started = std::chrono::steady_clock::now();
    CURLcode rc = curl_easy_perform(h);
    out.response_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                          std::chrono::steady_clock::now() - started)
                          .count();
    long status = 0;
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
    out.status_code = static_cast<int>(status);
    if (rc != CURLE_OK)
      out.error = printable(errbuf[0] ? std::string(errbuf) : curl_easy_strerror(rc), 200);
    else if (status < 200 || status >= 300)
      out.error =
          "HTTP " + std::to_string(status) + (reply.empty() ? "" : ": " + printable(reply, 200));
    // A pinned connection is not reused for another endpoint: close it with the handle.
    handle.set_reusable(false);
    return out;
  }

 private:
  std::chrono::seconds timeout_;
  detail::CurlPool pool_;
};

}  // namespace

std::unique_ptr<WebhookClient> make_webhook_client(std::chrono::seconds timeout) {
  return std::make_unique<CurlWebhookClient>(timeout);
}

}  // namespace plumbline::integrations
