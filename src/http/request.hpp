// Request: what a handler sees of an HTTP request (no Beast types leak past http/server.cpp).
#pragma once
#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "domain/ids.hpp"
#include "domain/statuses.hpp"

namespace plumbline::http {

enum class ErrorFormat { html, json };

struct Request {
  std::string method;  // upper case, e.g. "GET"
  std::string target;  // raw request target, e.g. "/t/abc?x=1"
  std::string path;    // decoded path without the query
  std::string query;   // raw query string without '?'
  std::vector<std::pair<std::string, std::string>> headers;  // names lower-cased
  std::string body;
  std::string remote_ip;  // the client: the peer, or X-Forwarded-For's last untrusted hop behind a
                          // trusted proxy
  std::string peer_ip;    // the TCP peer (a proxy when there is one)
  std::map<std::string, std::string, std::less<>> path_params;
  std::string request_id;
  std::string route;  // the matched route pattern, for logs and metrics
  ErrorFormat error_format = ErrorFormat::html;
  std::chrono::steady_clock::time_point received_at{};

  // Per-request state set by middleware.
  std::string csrf_token;  // the token to embed in forms rendered for this request
  struct Principal {
    domain::UserId user_id;            // unset = anonymous
    std::string email;                 // log-in e-mail (cookie sessions; empty for bearer tokens)
    std::optional<domain::Role> role;  // none = anonymous
    bool verified = false;             // e-mail verified
    std::string session_hash;          // SHA-256 of the session cookie (cookie sessions only)
    bool bearer = false;               // authenticated by an API bearer token
    // An admin who must set up two-factor sign-in first (PLUMBLINE_ADMIN_2FA).
    bool must_enrol_two_factor = false;
  } principal;
  bool signed_in() const { return principal.user_id.is_set(); }

  // Returns the first header with this lower-case name, if any.
  std::optional<std::string_view> header(std::string_view name) const {
    for (const auto& [k, v] : headers)
      if (k == name) return std::string_view(v);
    return std::nullopt;
  }
  std::string header_or(std::string_view name, std::string_view fallback) const {
    auto h = header(name);
    return std::string(h ? *h : fallback);
  }
  std::string param(std::string_view name) const {
    auto it = path_params.find(name);
    return it == path_params.end() ? std::string{} : it->second;
  }
  // Returns the value of a cookie sent by the client.
  std::optional<std::string> cookie(std::string_view name) const;
  // True when Content-Type names exactly this media type (case-insensitive, parameters such as
  // "; charset=utf-8" allowed): "application/jsonx" is not "application/json".
  bool has_media_type(std::string_view type) const;
};

}  // namespace plumbline::http
