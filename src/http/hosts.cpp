// Host header parsing and matching against the names a listener answers to.
#include "http/hosts.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <stdexcept>

namespace plumbline::http {

namespace {

bool name_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.' || c == '_';
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::optional<int> parse_port(std::string_view s) {
  if (s.empty()) return -1;  // "host:" is allowed by RFC 3986 and means no port
  if (s.size() > 5 || !std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return std::nullopt;
  int port = std::stoi(std::string(s));
  if (port > 65535) return std::nullopt;
  return port;
}

}  // namespace

std::optional<HostPort> parse_host(std::string_view v) {
  while (!v.empty() && (v.front() == ' ' || v.front() == '\t')) v.remove_prefix(1);
  while (!v.empty() && (v.back() == ' ' || v.back() == '\t')) v.remove_suffix(1);
  HostPort hp;
  std::string_view rest;
  if (!v.empty() && v.front() == '[') {
    auto close = v.find(']');
    if (close == std::string_view::npos) return std::nullopt;
    std::string inside(v.substr(1, close - 1));
    in6_addr a6{};
    if (inet_pton(AF_INET6, inside.c_str(), &a6) != 1) return std::nullopt;
    hp.host = lower(inside);
    rest = v.substr(close + 1);
    if (!rest.empty() && rest.front() != ':') return std::nullopt;
  } else {
    auto colon = v.find(':');
    if (colon != std::string_view::npos && v.find(':', colon + 1) != std::string_view::npos)
      return std::nullopt;  // an IPv6 address must be bracketed
    auto name = v.substr(0, colon);
    if (name.empty() || !std::all_of(name.begin(), name.end(), name_char)) return std::nullopt;
    hp.host = lower(name);
    if (hp.host.size() > 1 && hp.host.back() == '.') hp.host.pop_back();  // "example.com."
    if (hp.host == "." || hp.host.empty()) return std::nullopt;
    rest = colon == std::string_view::npos ? std::string_view() : v.substr(colon);
  }
  if (!rest.empty()) {
    auto port = parse_port(rest.substr(1));
    if (!port) return std::nullopt;
    hp.port = *port;
  }
  return hp;
}

bool is_ip_literal(std::string_view host) {
  std::string h(host);
  in_addr a4{};
  in6_addr a6{};
  return inet_pton(AF_INET, h.c_str(), &a4) == 1 || inet_pton(AF_INET6, h.c_str(), &a6) == 1;
}

bool is_loopback_host(std::string_view host) {
  std::string h = lower(host);
  if (h == "localhost") return true;
  in_addr a4{};
  if (inet_pton(AF_INET, h.c_str(), &a4) == 1) return (ntohl(a4.s_addr) >> 24) == 127;
  in6_addr a6{};
  if (inet_pton(AF_INET6, h.c_str(), &a6) == 1) {
    if (IN6_IS_ADDR_LOOPBACK(&a6)) return true;
    return IN6_IS_ADDR_V4MAPPED(&a6) && a6.s6_addr[12] == 127;
  }
  return false;
}

HostAllowList::HostAllowList(std::string_view base_url, const std::vector<std::string>& extra,
                             bool any_ip_literal)
    : any_ip_literal_(any_ip_literal) {
  int default_port = 0;
  std::string_view rest;
  if (base_url.starts_with("http://")) {
    default_port = 80;
    rest = base_url.substr(7);
  } else if (base_url.starts_with("https://")) {
    default_port = 443;
    rest = base_url.substr(8);
  } else {
    throw std::invalid_argument("the base URL " + std::string(base_url) +
                                " does not start with http:// or https://");
  }
  auto authority = rest.substr(0, rest.find_first_of("/?#"));
  auto base = parse_host(authority);
  if (!base || authority.find('@') != std::string_view::npos)
    throw std::invalid_argument("the base URL " + std::string(base_url) + " has no valid host");
  base_ = *base;
  if (base_.port == -1) base_.port = default_port;
  loopback_base_ = is_loopback_host(base_.host);
  for (const auto& e : extra) {
    auto hp = parse_host(e);
    if (!hp) throw std::invalid_argument("the allowed host " + e + " is not host or host:port");
    extra_.push_back(*hp);
  }
}

bool HostAllowList::allows(std::string_view host_header) const {
  auto h = parse_host(host_header);
  if (!h) return false;
  if (any_ip_literal_ && is_ip_literal(h->host)) return true;
  if (loopback_base_ && is_loopback_host(h->host)) return true;
  if (h->host == base_.host && (h->port == -1 || h->port == base_.port)) return true;
  return std::any_of(extra_.begin(), extra_.end(), [&](const HostPort& e) {
    return e.host == h->host && (e.port == -1 || h->port == -1 || e.port == h->port);
  });
}

}  // namespace plumbline::http
