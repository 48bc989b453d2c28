// JSON API plumbing shared by the handlers: body parsing, JSON answers, error envelopes.
#include "web/api/api_io.hpp"

#include "http/errors.hpp"

namespace plumbline::web::api_io {

namespace json = boost::json;

std::optional<json::object> json_body(const http::Request& req, http::Response& error) {
  if (!req.has_media_type("application/json")) {
    error = http::error_response(
        req, {domain::ErrorCode::unsupported_media_type, "Send application/json."});
    return std::nullopt;
  }
  boost::system::error_code ec;
  auto v = json::parse(req.body, ec);
  if (ec || !v.is_object()) {
    error = http::error_response(
        req, {domain::ErrorCode::bad_request, "The body is not a JSON object."});
    return std::nullopt;
  }
  return v.get_object();
}

http::Response ok_json(int status, const json::value& body) {
  auto res = http::Response::json(status, json::serialize(body));
  res.set_header("Cache-Control", "no-store");
  return res;
}

http::Response api_error(const http::Request& req, const domain::Error& e,
                         const json::object& extra) {
  return http::error_response(req, e, extra);
}

http::Response type_errors(const http::Request& req, const std::vector<domain::FieldError>& errs) {
  return http::error_response(
      req, {domain::ErrorCode::invalid_input, "Some fields have the wrong type.", errs});
}

}  // namespace plumbline::web::api_io
