// Error code → status, and error responses as HTML pages or JSON envelopes.
#include "http/errors.hpp"

#include <boost/json.hpp>
#include <mutex>

#include "log/log.hpp"

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
  return domain::error_http_status(code);
}

namespace {

boost::json::object error_envelope(const domain::Error& e, const boost::json::object& extra) {
  boost::json::array d;
  for (const auto& f : e.details)
    d.push_back(boost::json::object{{"field", f.field}, {"message", f.message}});
  boost::json::object err{
      {"code", domain::error_code_name(e.code)}, {"message", e.message}, {"details", std::move(d)}};
  for (const auto& kv : extra) err[kv.key()] = kv.value();
  return boost::json::object{{"error", std::move(err)}};
}

Response error_page(int status, std::string_view message) {
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

// Seconds a client should wait: what the error says, else a short pause for an outage.
int retry_after_of(const domain::Error& e) {
  if (e.retry_after_seconds > 0) return e.retry_after_seconds;
  if (e.code == domain::ErrorCode::rate_limited) return 1;
  if (e.code == domain::ErrorCode::unavailable) return 5;
  return 0;
}

Response bug_response(const Request& req) {
  auto e = domain::Error::make(
      domain::ErrorCode::internal,
      "Something went wrong on our side. If it happens again, quote this id: " + req.request_id +
          ".");
  return error_response(req, e, {{"request_id", req.request_id}});
}

}  // namespace

void set_html_error_renderer(HtmlErrorRenderer renderer) {
  renderer_slot() = std::move(renderer);
}

Response error_response(const Request& req, const domain::Error& error,
                        const boost::json::object& extra) {
  int status = status_for(error.code);
  auto res = req.error_format == ErrorFormat::json
                 ? Response::json(status, boost::json::serialize(error_envelope(error, extra)))
                 : error_page(status, error.message);
  set_retry_after(res, error);
  return res;
}

void set_retry_after(Response& res, const domain::Error& error) {
  if (int retry = retry_after_of(error); retry > 0)
    res.set_header("Retry-After", std::to_string(retry));
}

Response exception_response(const Request& req) {
  try {
    throw;
  } catch (const domain::Failure& f) {
    log::error("request_failed", {{"request_id", req.request_id},
                                  {"route", req.route},
                                  {"code", std::string(domain::error_code_name(f.error.code))},
                                  {"error", std::string(f.what())}});
    return error_response(req, f.error);
  } catch (const std::exception& e) {
    log::error(
        "unhandled_exception",
        {{"request_id", req.request_id}, {"route", req.route}, {"error", std::string(e.what())}});
  } catch (...) {
    log::error("unhandled_exception", {{"request_id", req.request_id},
                                       {"route", req.route},
                                       {"error", std::string("(not a std::exception)")}});
  }
  return bug_response(req);
}

}  // namespace plumbline::http
