// The per-address limit: reads the address from the form, the JSON body or the session.
#include "web/address_limit.hpp"

#include <algorithm>

#include "domain/account_rules.hpp"
#include "http/errors.hpp"
#include "web/input.hpp"

namespace plumbline::web {

namespace {

std::string address_of(const http::Request& req, AddressIn where) {
  switch (where) {
    case AddressIn::form:
      return form_of(req).get("email");
    case AddressIn::json: {
      auto o = json_body(req);  // a body that is not JSON has no address; the handler refuses it
      return o ? JsonFields(*o).str("email") : std::string();
    }
    case AddressIn::account:
      return req.principal.email;
  }
  return {};
}

}  // namespace

http::Handler limit_by_address(limits::RateLimiter& limiter, bool enabled, AddressIn where,
                               http::Handler next) {
  if (!enabled) return next;
  return [&limiter, where, next = std::move(next)](http::Request& req) {
    auto email = address_of(req, where);
    if (email.empty()) return next(req);
    auto d = limiter.take("addr:" + domain::normalize_email(email));
    if (d.allowed) return next(req);
    auto e = domain::Error::make(domain::ErrorCode::rate_limited,
                                 "Too many requests for this address. Please wait and try again.");
    e.retry_after_seconds = std::max(1, d.retry_after_seconds);
    return http::error_response(req, e);
  };
}

}  // namespace plumbline::web
