// The middleware the route groups are built from: request log, security headers, Host check, rate
// limit, CSRF.
#pragma once
#include <chrono>
#include <functional>
#include <string>
#include <vector>

#include "http/hosts.hpp"
#include "http/metrics.hpp"
#include "http/router.hpp"
#include "limits/rate_limit.hpp"

namespace plumbline::http {

struct RequestLogOptions {
  bool access_log = true;
  std::vector<std::string> trusted_proxies;  // X-Forwarded-For is believed only from these peers
};
// Gives each request an id and the real client IP, records metrics and writes one JSON access-log
// line.
Middleware request_log(Metrics& metrics, RequestLogOptions options);

// Adds CSP (no inline script), nosniff, frame-ancestors, Referrer-Policy, HSTS on HTTPS; no-store
// by default. form_action_extra: sources added to form-action besides 'self' (browsers apply it to
// the redirect after a form post too, e.g. the 303 to Stripe's hosted Checkout and portal). A
// Content-Security-Policy or X-Frame-Options the handler set is kept.
Middleware security_headers(bool https, std::string form_action_extra = {});
// The site's Content-Security-Policy; frame_ancestors "'none'" everywhere but on a page a partner
// may frame (issue 20's embedded request form: its source's origins). A response carrying a
// policy whose frame-ancestors is not 'none' gets no X-Frame-Options from security_headers.
std::string content_security_policy(const std::string& form_action_extra,
                                    const std::string& frame_ancestors = "'none'");

// Refuses a request whose Host (or absolute-form target) is not one this server answers to: no Host
// or several → 400, another name → 421 Misdirected Request, in the request's error format. Paths
// in `exempt_paths` (health checks probed by IP) pass unchecked.
Middleware host_check(HostAllowList allowed, std::vector<std::string> exempt_paths = {});

// Limits requests per client IP with a token bucket; 429 with Retry-After. `enabled` false passes
// all.
Middleware rate_limit_by_ip(limits::RateLimiter& limiter, bool enabled);

struct CsrfOptions {
  std::string secret;    // server secret key
  std::string base_url;  // allowed Origin
  bool https = false;    // cookie gets __Host- prefix and Secure
};
// Issues the anonymous CSRF cookie, exposes the form token as req.csrf_token, and on unsafe methods
// rejects cross-site requests and missing or wrong tokens with 403.
Middleware csrf(CsrfOptions options);
// CSRF for a form framed on another site (issue 20's embedded request form), where browsers keep
// our cookies out of the frame: the form token is signed, bound to the form's path and valid for
// max_age_seconds instead of bound to a cookie; unsafe methods must still come from our own page
// (Origin ours, Sec-Fetch-Site not cross-site) and carry a valid token, or get 403.
Middleware framed_form_csrf(CsrfOptions options, int max_age_seconds = 2 * 3600);

// True when a trusted proxy (the TCP peer) says the client used HTTPS (X-Forwarded-Proto: https);
// the header is ignored from anyone else.
bool forwarded_https(const Request& req, const std::vector<std::string>& trusted_proxies);

// Returns the form token for a CSRF cookie value (exposed for tests).
std::string csrf_token_for(const std::string& secret, const std::string& cookie_value);

}  // namespace plumbline::http
