// Outbound webhooks' pure rules: event names, URL parsing, which addresses may be reached, retry
// delays and what a receiver's status code means.
#include "domain/webhooks.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <cctype>
#include <charconv>

namespace plumbline::domain {

const std::vector<std::string>& webhook_event_names() {
  static const std::vector<std::string> names{webhook_lead_matched,      webhook_claim_created,
                                              webhook_lead_closed,       webhook_dispute_resolved,
                                              webhook_payment_succeeded, webhook_review_created};
  return names;
}

bool WebhookEndpoint::subscribed_to(std::string_view event) const {
  return std::find(events.begin(), events.end(), event) != events.end();
}

std::string join_webhook_events(const std::vector<std::string>& events) {
  std::string out;
  for (const auto& e : events) out += (out.empty() ? "" : " ") + e;
  return out;
}

std::vector<std::string> split_webhook_events(std::string_view stored) {
  std::vector<std::string> out;
  while (!stored.empty()) {
    auto sp = stored.find(' ');
    auto word = stored.substr(0, sp);
    if (!word.empty()) out.emplace_back(word);
    stored = sp == std::string_view::npos ? std::string_view{} : stored.substr(sp + 1);
  }
  return out;
}

std::optional<std::string> webhook_events_refusal(const std::vector<std::string>& events) {
  const auto& known = webhook_event_names();
  for (const auto& e : events)
    if (std::find(known.begin(), known.end(), e) == known.end())
      return "Unknown event \"" + e + "\".";
  if (events.empty()) return std::string("Choose at least one event.");
  return std::nullopt;
}

std::vector<std::string> normalized_webhook_events(const std::vector<std::string>& events) {
  std::vector<std::string> out;
  for (const auto& name : webhook_event_names())
    if (std::find(events.begin(), events.end(), name) != events.end()) out.push_back(name);
  return out;
}

std::optional<WebhookTarget> parse_webhook_url(std::string_view url) {
  WebhookTarget t;
  auto colon = url.find("://");
  if (colon == std::string_view::npos) return std::nullopt;
  for (char ch : url.substr(0, colon))
    t.scheme += static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  if (t.scheme != "https" && t.scheme != "http") return std::nullopt;
  for (char ch : url)
    if (static_cast<unsigned char>(ch) <= 0x20 || ch == 0x7f) return std::nullopt;
  auto rest = url.substr(colon + 3);
  auto end = rest.find_first_of("/?#");
  auto authority = rest.substr(0, end);
  auto tail = end == std::string_view::npos ? std::string_view{} : rest.substr(end);
  if (authority.empty() || authority.find('@') != std::string_view::npos) return std::nullopt;
  if (tail.find('#') != std::string_view::npos) return std::nullopt;
  std::string_view host = authority, port;
  if (authority.front() == '[') {
    auto close = authority.find(']');
    if (close == std::string_view::npos) return std::nullopt;
    host = authority.substr(1, close - 1);
    auto after = authority.substr(close + 1);
    if (!after.empty()) {
      if (after.front() != ':') return std::nullopt;
      port = after.substr(1);
    }
  } else if (auto c = authority.rfind(':'); c != std::string_view::npos) {
    host = authority.substr(0, c);
    port = authority.substr(c + 1);
  }
  if (host.empty()) return std::nullopt;
  for (char ch : host) t.host += static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  if (!t.host.empty() && t.host.back() == '.') t.host.pop_back();  // "example.com." is the same
  t.port = t.scheme == "https" ? 443 : 80;
  if (!port.empty()) {
    auto [p, ec] = std::from_chars(port.data(), port.data() + port.size(), t.port);
    if (ec != std::errc{} || p != port.data() + port.size() || t.port < 1 || t.port > 65535)
      return std::nullopt;
  }
  t.path_and_query = tail.empty() || tail.front() != '/' ? "/" + std::string(tail) : tail;
  return t;
}

bool webhook_host_allow_listed(std::string_view host, const std::vector<std::string>& allow_hosts) {
  for (const auto& h : allow_hosts)
    if (!h.empty() && h == host) return true;
  return false;
}

namespace {

bool is_ip_literal(const std::string& host) {
  unsigned char buf[16];
  return inet_pton(AF_INET, host.c_str(), buf) == 1 || inet_pton(AF_INET6, host.c_str(), buf) == 1;
}

bool ipv4_allowed(const unsigned char* a) {
  auto in = [a](unsigned net0, unsigned net1, int bits) {
    std::uint32_t ip = (std::uint32_t{a[0]} << 24) | (std::uint32_t{a[1]} << 16) |
                       (std::uint32_t{a[2]} << 8) | a[3];
    std::uint32_t net = (net0 << 24) | (net1 << 16);
    std::uint32_t mask = bits == 0 ? 0 : ~std::uint32_t{0} << (32 - bits);
    return (ip & mask) == (net & mask);
  };
  if (in(0, 0, 8) || in(10, 0, 8) || in(127, 0, 8) || in(169, 254, 16) || in(172, 16, 12) ||
      in(192, 168, 16) || in(100, 64, 10) || in(198, 18, 15) || in(224, 0, 4) || in(240, 0, 4))
    return false;
  // 192.0.0/24 (protocol assignments), 192.0.2/24, 198.51.100/24, 203.0.113/24 (documentation).
  if (a[0] == 192 && a[1] == 0 && (a[2] == 0 || a[2] == 2)) return false;
  if (a[0] == 198 && a[1] == 51 && a[2] == 100) return false;
  if (a[0] == 203 && a[1] == 0 && a[2] == 113) return false;
  return true;
}

}  // namespace

bool webhook_address_allowed(std::string_view ip) {
  std::string text(ip);
  if (text.size() > 2 && text.front() == '[' && text.back() == ']')
    text = text.substr(1, text.size() - 2);
  if (auto pct = text.find('%'); pct != std::string::npos) return false;  // zoned: link-local
  unsigned char a[16];
  if (inet_pton(AF_INET, text.c_str(), a) == 1) return ipv4_allowed(a);
  if (inet_pton(AF_INET6, text.c_str(), a) != 1) return false;
  static const unsigned char zero[16] = {};
  if (std::equal(a, a + 15, zero)) return false;  // :: and ::1
  static const unsigned char mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
  if (std::equal(a, a + 12, mapped) || std::equal(a, a + 12, zero))  // ::ffff:a.b.c.d, ::a.b.c.d
    return ipv4_allowed(a + 12);
  // 64:ff9b::/96 (NAT64) carries an IPv4 address in its last four bytes.
  static const unsigned char nat64[12] = {0, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0};
  if (std::equal(a, a + 12, nat64)) return ipv4_allowed(a + 12);
  if ((a[0] & 0xfe) == 0xfc) return false;                  // fc00::/7 unique local
  if (a[0] == 0xfe && (a[1] & 0xc0) == 0x80) return false;  // fe80::/10 link-local
  if (a[0] == 0xfe && (a[1] & 0xc0) == 0xc0) return false;  // fec0::/10 site-local (old)
  if (a[0] == 0xff) return false;                           // multicast
  if (a[0] == 0x20 && a[1] == 0x01 && a[2] == 0x0d && a[3] == 0xb8) return false;  // docs
  if (a[0] == 0x20 && a[1] == 0x02) return false;  // 6to4 may wrap a private IPv4 address
  if (a[0] == 0x20 && a[1] == 0x01 && a[2] == 0 && a[3] == 0) return false;  // Teredo
  return true;
}

std::string webhook_url_refusal(std::string_view url, const std::vector<std::string>& allow_hosts) {
  if (url.size() > 2000) return "The URL is too long (at most 2000 characters).";
  auto t = parse_webhook_url(url);
  if (!t) return "Enter an absolute https:// URL (no user name or #fragment).";
  bool listed = webhook_host_allow_listed(t->host, allow_hosts);
  if (t->scheme != "https" && !listed) return "The URL must start with https://.";
  if (!listed && is_ip_literal(t->host) && !webhook_address_allowed(t->host))
    return "That address is private, loopback, link-local or reserved: webhooks go only to public "
           "addresses.";
  if (!listed && (t->host == "localhost" || t->host.ends_with(".localhost") ||
                  t->host.ends_with(".internal") || t->host.ends_with(".local")))
    return "That host name is local: webhooks go only to public addresses.";
  return "";
}

Millis webhook_retry_delay_ms(int attempts, Millis first_ms, double jitter01) {
  const Millis cap = 3'600'000;
  Millis d = std::max<Millis>(first_ms, 1);
  for (int i = 1; i < attempts && d < cap; ++i) d *= 2;
  d = std::min(d, cap);
  double factor = 0.8 + 0.4 * std::clamp(jitter01, 0.0, 1.0);
  return static_cast<Millis>(static_cast<double>(d) * factor);
}

WebhookAnswer classify_webhook_status(int status_code) {
  if (status_code >= 200 && status_code < 300) return WebhookAnswer::delivered;
  if (status_code == 410) return WebhookAnswer::give_up;
  return WebhookAnswer::retry;
}

std::string webhook_description_refusal(std::string_view description) {
  return description.size() > 200 ? "The description is too long (at most 200 characters)." : "";
}

}  // namespace plumbline::domain
