// Response and its builders: html, json, redirect, text, plus header and cookie helpers.
#pragma once
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace plumbline::http {

class EventStream;  // http/sse.hpp

// Produces a streamed body one piece at a time: each call appends the next piece to `chunk` (which
// arrives empty) and returns true, or returns false when the body is complete (what it appended
// then is still written). The server calls it on the handler pool (it may block on the database),
// writes each piece before asking for the next, and stops calling when the client goes away; so
// the body is never all in memory at once.
using BodyProducer = std::function<bool(std::string& chunk)>;

struct Response {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  bool close_connection = false;
  // Set for server-sent events: the server writes the head, then the stream until it closes
  // (body is ignored).
  std::shared_ptr<EventStream> stream;
  // Set for a streamed body (body is ignored): HTTP/1.1 chunked transfer, or for HTTP/1.0 until
  // the connection closes. Metrics and logs see body.size() = 0 for it.
  BodyProducer producer;

  Response& set_header(std::string name, std::string value);
  const std::string* header(std::string_view name) const;  // case-insensitive
  bool has_header(std::string_view name) const { return header(name) != nullptr; }

  static Response html(int status, std::string body);
  static Response json(int status, std::string body);
  static Response text(int status, std::string body,
                       std::string content_type = "text/plain; charset=utf-8");
  static Response redirect(std::string location, int status = 303);
  static Response no_content();
  // A 200 whose body `next` produces piece by piece (see BodyProducer).
  static Response streamed(std::string content_type, BodyProducer next);
};

// True when `name` is an RFC 9110 token and `value` holds no CR, LF or NUL (nor other controls but
// tab): what may be written as a header line without splitting it.
bool header_field_safe(std::string_view name, std::string_view value);

// The first header of `res` that is not safe to write, or null. The router refuses a response with
// one (500) and the server never writes one, so no handler can inject a header or split a response.
const std::pair<std::string, std::string>* first_unsafe_header(const Response& res);

// Reason phrase for a status code, e.g. "Not Found".
std::string_view status_reason(int status);

struct CookieOptions {
  bool http_only = true;
  bool secure = false;
  std::string same_site = "Lax";
  std::string path = "/";
  long max_age_seconds = -1;  // -1 = session cookie; 0 = delete
};

// Serialises a Set-Cookie header value.
std::string make_set_cookie(std::string_view name, std::string_view value,
                            const CookieOptions& opts);

}  // namespace plumbline::http
