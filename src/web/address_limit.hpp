// The per-address limit of sign-up, resend and password reset (on top of the per-IP limit of
// their route group): routes.cpp wraps those handlers in it.
#pragma once
#include "http/router.hpp"
#include "limits/rate_limit.hpp"

namespace plumbline::web {

// Where the e-mail address the request is about comes from.
enum class AddressIn {
  form,     // the form's "email" field
  json,     // the JSON body's "email" member
  account,  // the signed-in account's address
};

// Answers 429 (with Retry-After) when the address had too many such requests, else runs `next`.
// A request without an address (or with `enabled` off, PLUMBLINE_RATE_LIMIT=off) goes through.
http::Handler limit_by_address(limits::RateLimiter& limiter, bool enabled, AddressIn where,
                               http::Handler next);

}  // namespace plumbline::web
