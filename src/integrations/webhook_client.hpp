// Outbound webhook HTTP: resolving an endpoint's host and POSTing to one checked address (libcurl,
// pinned with CURLOPT_RESOLVE so that a second lookup cannot swap the address: DNS rebinding), and
// the signature header. An interface, so tests stand in for the network.
#pragma once
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "domain/webhooks.hpp"

namespace plumbline::integrations {

struct WebhookResponse {
  int status_code = 0;  // 0: no HTTP answer
  domain::Millis response_ms = 0;
  std::string error;  // transport error or a short excerpt of a non-2xx body, safe to store
};

class WebhookClient {
 public:
  virtual ~WebhookClient() = default;
  // Every address the host resolves to (IPv4 and IPv6, as text); empty with `error` set when it
  // does not resolve.
  virtual std::vector<std::string> resolve(const std::string& host, std::string& error) = 0;
  // POSTs body to the target, connecting to `address` only (Host header and TLS name from the
  // URL); redirects are not followed.
  virtual WebhookResponse post(const domain::WebhookTarget& target, const std::string& address,
                               const std::string& body,
                               const std::vector<std::pair<std::string, std::string>>& headers) = 0;
};

std::unique_ptr<WebhookClient> make_webhook_client(std::chrono::seconds timeout);

inline constexpr const char* webhook_signature_header_name = "Plumbline-Signature";

// "t=<unix seconds>,v1=<hex>[,v1=<hex>]": HMAC-SHA256 of "<t>.<body>" under each secret (the
// current one first; during a rotation's grace the previous one too). The same scheme as Stripe's.
std::string webhook_signature_header(const std::vector<std::string>& secrets,
                                     std::int64_t timestamp, const std::string& body);

}  // namespace plumbline::integrations
