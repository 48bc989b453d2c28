// Request id + access log + metrics, security headers, Host check, per-IP rate limit and CSRF
// middleware.
#include "http/middleware.hpp"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <optional>

#include "crypto/tokens.hpp"
#include "http/errors.hpp"
#include "http/forms.hpp"
#include "http/multipart.hpp"
#include "log/log.hpp"

namespace plumbline::http {

namespace {

bool valid_request_id(std::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  return std::all_of(id.begin(), id.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-';
  });
}

std::string trim(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return std::string(s);
}

// The client address: the peer, or when the peer is a trusted proxy the last untrusted
// X-Forwarded-For hop.
std::string client_ip(const Request& req, const std::vector<std::string>& trusted) {
  auto is_trusted = [&](const std::string& ip) {
    return std::find(trusted.begin(), trusted.end(), ip) != trusted.end();
  };
  if (!is_trusted(req.remote_ip)) return req.remote_ip;
  auto xff = req.header("x-forwarded-for");
  if (!xff) return req.remote_ip;
  std::vector<std::string> hops;
  std::size_t i = 0;
  std::string_view v = *xff;
  while (i <= v.size()) {
    auto j = v.find(',', i);
    if (j == std::string_view::npos) j = v.size();
    hops.push_back(trim(v.substr(i, j - i)));
    i = j + 1;
  }
  for (auto it = hops.rbegin(); it != hops.rend(); ++it)
    if (!it->empty() && !is_trusted(*it)) return *it;
  return req.remote_ip;
}

std::string origin_of(const std::string& base_url) {
  auto scheme = base_url.find("://");
  if (scheme == std::string::npos) return base_url;
  auto slash = base_url.find('/', scheme + 3);
  return slash == std::string::npos ? base_url : base_url.substr(0, slash);
}

}  // namespace

Middleware request_log(Metrics& metrics, RequestLogOptions options) {
  return [&metrics, options](Request& req, const Handler& next) {
    auto incoming = req.header("x-request-id");
    req.request_id =
        incoming && valid_request_id(*incoming) ? std::string(*incoming) : crypto::random_hex(8);
    if (req.peer_ip.empty()) req.peer_ip = req.remote_ip;
    req.remote_ip = client_ip(req, options.trusted_proxies);
    auto start = req.received_at == std::chrono::steady_clock::time_point{}
                     ? std::chrono::steady_clock::now()
                     : req.received_at;
    Response res = next(req);
    res.set_header("X-Request-Id", req.request_id);
    double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::string route = req.route.empty() ? "(unknown)" : req.route;
    metrics.add("http_requests_total", "method=\"" + label_value(req.method) + "\",route=\"" +
                                           label_value(route) + "\",status=\"" +
                                           std::to_string(res.status) + "\"");
    metrics.observe("http_request_duration_seconds", "route=\"" + label_value(route) + "\"",
                    seconds);
    if (options.access_log) {
      // The path only: query strings and tracking tokens in paths may carry personal data or
      // secrets.
      log::info("request", {{"request_id", req.request_id},
                            {"method", req.method},
                            {"route", route},
                            {"status", static_cast<std::int64_t>(res.status)},
                            {"duration_us", static_cast<std::int64_t>(seconds * 1e6)},
                            {"bytes", static_cast<std::int64_t>(res.body.size())},
                            {"ip", req.remote_ip}});
    }
    return res;
  };
}

std::string content_security_policy(const std::string& form_action_extra,
                                    const std::string& frame_ancestors) {
  return "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: "
         "https://tile.openstreetmap.org; connect-src 'self'; font-src 'self'; object-src 'none'; "
         "base-uri 'self'; form-action 'self'" +
         (form_action_extra.empty() ? std::string() : " " + form_action_extra) +
         "; frame-ancestors " + frame_ancestors;
}

Middleware security_headers(bool https, std::string form_action_extra) {
  std::string csp = content_security_policy(form_action_extra);
  return [https, csp = std::move(csp)](Request& req, const Handler& next) {
    Response res = next(req);
    // A handler's own policy stands (the demo mailbox frames a message under a stricter one).
    if (!res.has_header("Content-Security-Policy")) res.set_header("Content-Security-Policy", csp);
    res.set_header("X-Content-Type-Options", "nosniff");
    // A page partners may frame names them in frame-ancestors (X-Frame-Options cannot).
    auto policy = res.header("Content-Security-Policy");
    bool framable = policy && policy->find("frame-ancestors 'none'") == std::string::npos;
    if (!res.has_header("X-Frame-Options") && !framable) res.set_header("X-Frame-Options", "DENY");
    if (!res.has_header("Referrer-Policy")) res.set_header("Referrer-Policy", "same-origin");
    res.set_header("Cross-Origin-Opener-Policy", "same-origin");
    res.set_header("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()");
    if (https) res.set_header("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
    if (!res.has_header("Cache-Control")) res.set_header("Cache-Control", "no-store");
    return res;
  };
}

Middleware host_check(HostAllowList allowed, std::vector<std::string> exempt_paths) {
  return [allowed = std::move(allowed), exempt = std::move(exempt_paths)](Request& req,
                                                                          const Handler& next) {
    if (std::find(exempt.begin(), exempt.end(), req.path) != exempt.end()) return next(req);
    auto hosts = std::count_if(req.headers.begin(), req.headers.end(),
                               [](const auto& h) { return h.first == "host"; });
    if (hosts != 1)
      return error_response(req, {domain::ErrorCode::bad_request,
                                  hosts == 0 ? "The request has no Host header."
                                             : "The request has more than one Host header."});
    auto host = *req.header("host");
    if (allowed.allows(host)) return next(req);
    log::warn("host_rejected", {{"request_id", req.request_id},
                                {"route", req.route},
                                {"host", std::string(host.substr(0, 100))},
                                {"ip", req.remote_ip}});
    return error_response(req, {domain::ErrorCode::misdirected_request,
                                "This server does not answer to that host name."});
  };
}

Middleware rate_limit_by_ip(limits::RateLimiter& limiter, bool enabled) {
  return [&limiter, enabled](Request& req, const Handler& next) {
    if (!enabled) return next(req);
    auto d = limiter.take(req.remote_ip);
    if (d.allowed) return next(req);
    auto e = domain::Error::make(domain::ErrorCode::rate_limited,
                                 "Too many requests. Please wait a moment and try again.");
    e.retry_after_seconds = std::max(1, d.retry_after_seconds);
    return error_response(req, e);
  };
}

bool forwarded_https(const Request& req, const std::vector<std::string>& trusted_proxies) {
  if (std::find(trusted_proxies.begin(), trusted_proxies.end(), req.peer_ip) ==
      trusted_proxies.end())
    return false;
  return req.header_or("x-forwarded-proto", "") == "https";
}

std::string csrf_token_for(const std::string& secret, const std::string& cookie_value) {
  return crypto::hmac_sha256_b64url(secret, "csrf:" + cookie_value);
}

namespace {

// The token a form or a script sent: the X-CSRF-Token header or the csrf_token field; nullopt when
// the body cannot be read.
std::optional<std::string> sent_csrf_token(const Request& req) {
  if (auto h = req.header("x-csrf-token")) return std::string(*h);
  if (auto boundary = multipart_boundary(req.header_or("content-type", "")))
    // A form with files (request photos, issue 17): the token is one of its fields.
    return parse_multipart(req.body, *boundary).value_or(MultipartForm{}).fields.get("csrf_token");
  if (auto form = parse_urlencoded(req.body)) return form->get("csrf_token");
  return std::nullopt;
}

// Whether an unsafe request's Sec-Fetch-Site and Origin say it came from our own pages.
std::optional<std::string_view> cross_site_reason(const Request& req, const CsrfOptions& options,
                                                  const std::string& allowed_origin) {
  if (auto site = req.header("sec-fetch-site"); site && *site == "cross-site")
    return "sec-fetch-site";
  if (auto origin = req.header("origin")) {
    // Same origin means our configured public URL, or the Host the browser used (proxies,
    // localhost).
    std::string host_origin = (options.https ? "https://" : "http://") + req.header_or("host", "");
    // Browsers send "Origin: null" from pages with Referrer-Policy: no-referrer (our tracking
    // pages); then only the fetch metadata can vouch that the form is ours.
    bool null_but_same_site =
        *origin == "null" && req.header_or("sec-fetch-site", "") == "same-origin";
    if (*origin != allowed_origin && *origin != host_origin && !null_but_same_site) return "origin";
  }
  return std::nullopt;
}

Response csrf_refusal(const Request& req, std::string_view why) {
  log::warn("csrf_rejected",
            {{"request_id", req.request_id}, {"route", req.route}, {"reason", std::string(why)}});
  return error_response(req, {domain::ErrorCode::forbidden,
                              "This form has expired or came from another site. Go back, reload "
                              "the page and try again."});
}

}  // namespace

Middleware framed_form_csrf(CsrfOptions options, int max_age_seconds) {
  std::string allowed_origin = origin_of(options.base_url);
  return [options, allowed_origin, max_age_seconds](Request& req, const Handler& next) {
    auto now = std::chrono::duration_cast<std::chrono::seconds>(
                   std::chrono::system_clock::now().time_since_epoch())
                   .count();
    auto sign = [&](const std::string& issued) {
      return issued + "." +
             crypto::hmac_sha256_b64url(options.secret, "framed-csrf:" + req.path + ":" + issued);
    };
    bool safe = req.method == "GET" || req.method == "HEAD" || req.method == "OPTIONS";
    if (!safe) {
      if (auto why = cross_site_reason(req, options, allowed_origin))
        return csrf_refusal(req, *why);
      auto sent = sent_csrf_token(req);
      if (!sent)
        return error_response(req,
                              {domain::ErrorCode::bad_request,
                               "The form data could not be read. Please go back and try again."});
      auto dot = sent->find('.');
      std::int64_t issued = 0;
      auto issued_text = sent->substr(0, dot == std::string::npos ? 0 : dot);
      auto [end, ec] =
          std::from_chars(issued_text.data(), issued_text.data() + issued_text.size(), issued);
      if (issued_text.empty() || ec != std::errc() ||
          end != issued_text.data() + issued_text.size() || issued > now + 60 ||
          now - issued > max_age_seconds || !crypto::constant_time_equal(*sent, sign(issued_text)))
        return csrf_refusal(req, "token");
    }
    req.csrf_token = sign(std::to_string(now));
    return next(req);
  };
}

Middleware csrf(CsrfOptions options) {
  std::string cookie_name = options.https ? "__Host-plumbline_csrf" : "plumbline_csrf";
  std::string allowed_origin = origin_of(options.base_url);
  return [options, cookie_name, allowed_origin](Request& req, const Handler& next) {
    auto cookie = req.cookie(cookie_name);
    bool valid_cookie = cookie && cookie->size() >= 22 && cookie->size() <= 64;
    bool bound = !req.principal.session_hash.empty();
    bool safe = req.method == "GET" || req.method == "HEAD" || req.method == "OPTIONS";
    if (!safe) {
      auto forbid = [&](std::string_view why) { return csrf_refusal(req, why); };
      if (auto why = cross_site_reason(req, options, allowed_origin)) return forbid(*why);
      if (!bound && !valid_cookie) return forbid("no cookie");
      auto sent_token = sent_csrf_token(req);
      if (!sent_token)
        return error_response(req,
                              {domain::ErrorCode::bad_request,
                               "The form data could not be read. Please go back and try again."});
      const std::string& sent = *sent_token;
      std::string expected =
          bound ? csrf_token_for(options.secret, "session:" + req.principal.session_hash)
                : csrf_token_for(options.secret, *cookie);
      if (sent.empty() || !crypto::constant_time_equal(sent, expected)) return forbid("token");
    }
    std::string value = valid_cookie ? *cookie : crypto::random_token(24);
    // After log-in the token is bound to the session, so a token from another session never passes.
    req.csrf_token = bound ? csrf_token_for(options.secret, "session:" + req.principal.session_hash)
                           : csrf_token_for(options.secret, value);
    Response res = next(req);
    if (!valid_cookie) {
      CookieOptions co;
      co.secure = options.https;
      co.http_only = true;
      co.same_site = "Lax";
      res.headers.emplace_back("Set-Cookie", make_set_cookie(cookie_name, value, co));
    }
    return res;
  };
}

}  // namespace plumbline::http
