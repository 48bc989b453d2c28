// Error code → status, and error responses as HTML pages or JSON envelopes.
#include "http/errors.hpp"

#include <boost/json.hpp>
#include <mutex>

namespace plumbline::http {

namespace {
HtmlErrorRenderer& renderer_slot() {
  static HtmlErrorRenderer renderer;
  return renderer;
}

}  // namespace

std::string escape_html(std::string_view s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '&':
        out += "&amp;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

int status_for(domain::ErrorCode code) {
  using domain::ErrorCode;
  switch (code) {
    case ErrorCode::invalid_input:
      return 422;
    case ErrorCode::not_found:
      return 404;
    case ErrorCode::forbidden:
      return 403;
    case ErrorCode::unauthorized:
      return 401;
    case ErrorCode::conflict:
      return 409;
    case ErrorCode::insufficient_credits:
      return 402;
    case ErrorCode::lead_full:
    case ErrorCode::already_claimed:
    case ErrorCode::payments_not_set_up:
      return 409;
    case ErrorCode::not_eligible:
      return 403;
    case ErrorCode::two_factor_required:
      return 401;
    case ErrorCode::two_factor_setup_required:
      return 403;
    case ErrorCode::rate_limited:
      return 429;
    case ErrorCode::payload_too_large:
      return 413;
    case ErrorCode::unsupported_media_type:
      return 415;
    case ErrorCode::unavailable:
      return 503;
    case ErrorCode::internal:
      return 500;
  }
  return 500;
}

std::string json_error_body(std::string_view code, std::string_view message,
                            const std::vector<domain::FieldError>& details,
                            const boost::json::object& extra) {
  boost::json::array d;
  for (const auto& f : details)
    d.push_back(boost::json::object{{"field", f.field}, {"message", f.message}});
  boost::json::object err{{"code", code}, {"message", message}, {"details", std::move(d)}};
  for (const auto& kv : extra) err[kv.key()] = kv.value();
  return boost::json::serialize(boost::json::object{{"error", std::move(err)}});
}

void set_html_error_renderer(HtmlErrorRenderer renderer) {
  renderer_slot() = std::move(renderer);
}

Response error_response(const Request& req, int status, std::string_view code,
                        std::string_view message, const std::vector<domain::FieldError>& details,
                        const boost::json::object& extra) {
  if (req.error_format == ErrorFormat::json)
    return Response::json(status, json_error_body(code, message, details, extra));
  std::string title(status_reason(status));
  if (auto& r = renderer_slot()) {
    try {
      return Response::html(status, r(status, title, message));
    } catch (...) {
      // Fall through to the plain page: an error page must never fail.
    }
  }
  return Response::html(
      status, "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>" +
                  escape_html(title) + "</title></head><body><h1>" + std::to_string(status) + " " +
                  escape_html(title) + "</h1><p>" + escape_html(message) + "</p></body></html>");
}

Response error_response(const Request& req, const domain::Error& error,
                        const boost::json::object& extra) {
  return error_response(req, status_for(error.code), domain::error_code_name(error.code),
                        error.message, error.details, extra);
}

}  // namespace plumbline::http
