// Host header checks (RFC 9110 §7.2): which names this server answers to, so that a request for
// another name (DNS rebinding, a stray virtual host) is refused before routing.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace plumbline::http {

struct HostPort {
  std::string host;  // lower case, without a trailing dot; IPv6 without brackets
  int port = -1;     // -1 when the value had no port
};

// Parses "host[:port]" as sent in Host or in an absolute-form target's authority; nullopt when it
// is malformed (empty, bad characters, user info, an unbracketed IPv6 address, a bad port).
std::optional<HostPort> parse_host(std::string_view value);

// True for localhost, 127.0.0.0/8, ::1 and ::ffff:127.x.x.x.
bool is_loopback_host(std::string_view host);
// True for an IPv4 or IPv6 address literal (no DNS name, so it cannot be rebound).
bool is_ip_literal(std::string_view host);

// The hosts a listener answers to: the base URL's host and port, the extra entries ("host" matches
// any port, "host:port" only that port), every loopback name when the base URL's host is loopback,
// and optionally any IP literal. A Host without a port matches by name (proxies such as nginx's
// `$host` drop the port).
class HostAllowList {
 public:
  // Throws std::invalid_argument naming the bad value when base_url or an extra entry is malformed.
  HostAllowList(std::string_view base_url, const std::vector<std::string>& extra,
                bool any_ip_literal = false);
  bool allows(std::string_view host_header) const;

 private:
  HostPort base_;
  std::vector<HostPort> extra_;
  bool loopback_base_ = false;
  bool any_ip_literal_ = false;
};

}  // namespace plumbline::http
