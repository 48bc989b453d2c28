// Form bodies and query strings as the page handlers read them.
#pragma once
#include "http/forms.hpp"
#include "http/request.hpp"

namespace plumbline::web {

// The decoded body or query string; one that does not decode reads as empty, so the validators
// name the fields it lacks instead of the handler failing.
inline http::FormData form_of(const http::Request& req) {
  return http::parse_urlencoded(req.body).value_or(http::FormData{});
}
inline http::FormData query_of(const http::Request& req) {
  return http::parse_urlencoded(req.query).value_or(http::FormData{});
}

}  // namespace plumbline::web
