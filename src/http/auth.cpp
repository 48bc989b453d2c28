// Session, bearer and role middleware.
#include "http/auth.hpp"

#include <algorithm>

#include "crypto/tokens.hpp"
#include "http/errors.hpp"
#include "http/target.hpp"

namespace plumbline::http {

namespace {
// Only local paths may be a `next` target (no open redirects).
std::string local_path(const std::string& target) {
  return is_local_path(target) ? target : "/";
}

}  // namespace

std::string session_cookie_name(bool https) {
  return https ? "__Host-plumbline_session" : "plumbline_session";
}

std::string device_cookie_name(bool https) {
  return https ? "__Host-plumbline_device" : "plumbline_device";
}

Middleware load_session(SessionLookup lookup, bool https) {
  std::string name = session_cookie_name(https);
  return [lookup, name](Request& req, const Handler& next) {
    if (auto cookie = req.cookie(name); cookie && !cookie->empty()) {
      if (auto p = lookup(*cookie)) req.principal = *p;
    }
    return next(req);
  };
}

Middleware require(Requirement requirement) {
  return [requirement](Request& req, const Handler& next) {
    if (!req.signed_in()) {
      if (req.error_format == ErrorFormat::json)
        return error_response(req, {domain::ErrorCode::unauthorized, "Log in first."});
      return Response::redirect("/login?next=" +
                                crypto::percent_encode(local_path(req.target), "/"));
    }
    if (requirement.verified && !req.principal.verified) {
      if (req.error_format == ErrorFormat::json)
        return error_response(req,
                              {domain::ErrorCode::forbidden, "Verify your e-mail address first."});
      return Response::redirect("/account/verify-email");
    }
    if (req.principal.must_enrol_two_factor && !requirement.before_two_factor) {
      if (req.error_format == ErrorFormat::json)
        return error_response(req, {domain::ErrorCode::two_factor_setup_required,
                                    "Set up two-factor sign-in first."});
      auto res = Response::redirect("/account/two-factor");
      res.set_header("Cache-Control", "no-store");
      return res;
    }
    if (!requirement.roles.empty() && std::find(requirement.roles.begin(), requirement.roles.end(),
                                                req.principal.role) == requirement.roles.end())
      return error_response(req,
                            {domain::ErrorCode::forbidden, "You do not have access to this page."});
    auto res = next(req);
    res.set_header("Cache-Control", "no-store");
    return res;
  };
}

Middleware bearer_auth(BearerLookup lookup) {
  return [lookup](Request& req, const Handler& next) {
    auto h = req.header("authorization");
    const std::string prefix = "Bearer ";
    domain::Error refused{domain::ErrorCode::unauthorized, "A valid bearer token is required."};
    if (h && h->size() > prefix.size() && h->substr(0, prefix.size()) == prefix) {
      auto p = lookup(std::string(h->substr(prefix.size())));
      if (p) {
        req.principal = *p;
        req.principal.bearer = true;
        return next(req);
      }
      refused = p.error();
    }
    auto res = error_response(req, refused);
    res.set_header("WWW-Authenticate", "Bearer realm=\"plumbline\"");
    return res;
  };
}

Middleware shared_secret_bearer(std::string secret) {
  return bearer_auth([digest = crypto::sha256_hex(secret)](
                         const std::string& token) -> domain::Result<Principal> {
    if (!crypto::constant_time_equal(crypto::sha256_hex(token), digest))
      return domain::Error{domain::ErrorCode::unauthorized, "A valid bearer token is required."};
    return Principal{};  // anonymous, but authenticated as the holder of the secret
  });
}

}  // namespace plumbline::http
