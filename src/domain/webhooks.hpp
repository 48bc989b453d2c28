// Outbound webhooks (issue 20 item 3): endpoints, events, delivery log rows and the pure rules
// (event names, URL and address checks, retry delays, what a receiver's status means).
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/ids.hpp"
#include "domain/lead.hpp"
#include "domain/outbox.hpp"  // channel_webhook: deliveries are outbox messages

namespace plumbline::domain {

inline constexpr const char* webhook_lead_matched = "lead.matched";
inline constexpr const char* webhook_claim_created = "claim.created";
inline constexpr const char* webhook_lead_closed = "lead.closed";
inline constexpr const char* webhook_dispute_resolved = "dispute.resolved";
inline constexpr const char* webhook_payment_succeeded = "payment.succeeded";
inline constexpr const char* webhook_review_created = "review.created";
// Every event an endpoint may choose, in the order the forms and docs/api.md list them.
const std::vector<std::string>& webhook_event_names();

// After a rotation the previous secret keeps signing (a second v1) for this long.
inline constexpr Millis webhook_rotation_grace_ms = 24LL * 3600 * 1000;
inline constexpr int webhook_max_endpoints_per_owner = 10;

struct WebhookEndpoint {
  std::int64_t id = 0;
  std::optional<UserId> owner_id;  // the plumber; none = the platform's (staff)
  std::string url;
  std::vector<std::string> events;
  std::string description;
  std::string secret_sealed;           // crypto::seal of the signing secret
  std::string previous_secret_sealed;  // the one before the last rotation, or ""
  Millis previous_until = 0;           // the previous one signs until then
  bool active = true;
  Millis created_at = 0, updated_at = 0;

  bool subscribed_to(std::string_view event) const;
};

// One attempt to deliver one event to one endpoint.
struct WebhookDelivery {
  std::int64_t id = 0;
  std::int64_t endpoint_id = 0;
  std::int64_t message_id = 0;  // the outbox message (redelivery copies it)
  std::string event, event_id;
  int attempt = 1;
  int status_code = 0;  // 0: no HTTP answer (refused address, timeout, connection error)
  Millis response_ms = 0;
  std::string error;
  Millis created_at = 0;
};

// Events stored as one space-separated column.
std::string join_webhook_events(const std::vector<std::string>& events);
std::vector<std::string> split_webhook_events(std::string_view stored);

// The chosen events, deduplicated in webhook_event_names() order; an error names the first unknown
// one, or says that none was chosen.
std::optional<std::string> webhook_events_refusal(const std::vector<std::string>& events);
std::vector<std::string> normalized_webhook_events(const std::vector<std::string>& events);

struct WebhookTarget {
  std::string scheme;  // "https" (or "http" for an allow-listed test host)
  std::string host;    // lower-case; an IPv6 literal without brackets
  int port = 0;
  std::string path_and_query;  // "/" at least
};

// Parses an absolute http(s) URL without user info or fragment; nullopt when it is not one.
std::optional<WebhookTarget> parse_webhook_url(std::string_view url);

// Why an endpoint URL is refused before any lookup ("" when it may be registered): it must be
// https (http only for an allow-listed host), and a literal address must be public.
std::string webhook_url_refusal(std::string_view url, const std::vector<std::string>& allow_hosts);

// True for a host the test allow-list (PLUMBLINE_WEBHOOK_ALLOW_HOSTS) names.
bool webhook_host_allow_listed(std::string_view host, const std::vector<std::string>& allow_hosts);

// False for an address a webhook must never reach: loopback, private (10/8, 172.16/12,
// 192.168/16, fc00::/7), carrier-grade NAT, link-local (169.254/16 holds the cloud metadata
// services; fe80::/10), unspecified, multicast, broadcast, reserved, documentation ranges, and
// IPv4-mapped or NAT64 forms of those. Unparsable text is refused too.
bool webhook_address_allowed(std::string_view ip);

// Delay before attempt `attempts + 1`: first_ms doubling per attempt, capped at 1 h, ±20 % jitter.
Millis webhook_retry_delay_ms(int attempts, Millis first_ms, double jitter01);

enum class WebhookAnswer { delivered, retry, give_up };
// 2xx delivered; 410 Gone gives up (the receiver says the endpoint is gone); anything else
// (no answer, 3xx: redirects are not followed, 4xx, 5xx) is retried with backoff.
WebhookAnswer classify_webhook_status(int status_code);

// Refusals for the owner of an endpoint and for a redelivery.
std::string webhook_description_refusal(std::string_view description);

}  // namespace plumbline::domain
