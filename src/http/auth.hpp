// Authentication middleware: cookie sessions, bearer tokens, and role requirements declared per
// route group.
#pragma once
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "domain/error.hpp"
#include "http/router.hpp"

namespace plumbline::http {

using Principal = Request::Principal;

// Returns the principal for a session cookie value, or nullopt when the session is unknown or
// expired.
using SessionLookup = std::function<std::optional<Principal>(const std::string& cookie_value)>;
// Returns the principal for a bearer token, or the 401 error to answer (unauthorized for an
// invalid or expired token; a more telling code where there is one, e.g. sessions_ended).
using BearerLookup = std::function<domain::Result<Principal>(const std::string& token)>;

// The session cookie's name: "__Host-plumbline_session" over HTTPS, "plumbline_session" otherwise.
std::string session_cookie_name(bool https);
// The cookie that marks a browser as a device an account has signed in from (password-guessing
// throttle; it carries no authority by itself).
std::string device_cookie_name(bool https);

// Loads the signed-in user from the session cookie into req.principal (anonymous when absent or
// dead).
Middleware load_session(SessionLookup lookup, bool https);

struct Requirement {
  std::vector<domain::Role> roles;  // any of these; empty = any signed-in user
  bool verified = true;             // e-mail must be verified
  bool before_two_factor = false;   // also open to an admin who must set up two-factor first
};
// Anonymous: HTML → 303 to /login?next=…, JSON → 401. Unverified: HTML → 303 /account/verify-email,
// JSON → 403. An admin who must set up two-factor sign-in first (PLUMBLINE_ADMIN_2FA): HTML → 303
// /account/two-factor, JSON → 403, unless the route allows it. Wrong role → 403. Signed-in pages
// are never cached.
Middleware require(Requirement requirement);

// Authenticates `Authorization: Bearer <token>`; missing → 401 unauthorized, refused → the
// lookup's error; both with WWW-Authenticate.
Middleware bearer_auth(BearerLookup lookup);

// Bearer authentication against one shared secret (the metrics scraper's), compared in constant
// time over SHA-256 digests so that neither the content nor the length leaks.
Middleware shared_secret_bearer(std::string secret);

}  // namespace plumbline::http
