// Request input as every handler reads it: form bodies, query strings, JSON bodies with typed field
// readers, and numbers and ids from paths and forms. Problems come back as domain errors that name
// the field.
#pragma once
#include <boost/json/object.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/audit.hpp"
#include "domain/error.hpp"
#include "domain/ids.hpp"
#include "http/forms.hpp"
#include "http/multipart.hpp"
#include "http/request.hpp"

namespace plumbline::web {

// Who is acting, for the audit trail: the signed-in principal and the client address.
domain::Actor actor_of(const http::Request& req);

// The decoded body or query string; one that does not decode reads as empty, so the validators
// name the fields it lacks instead of the handler failing.
http::FormData form_of(const http::Request& req);
http::FormData query_of(const http::Request& req);
// The files sent in `field` of a multipart/form-data body (views into req.body); empty for a
// urlencoded body; nullopt when the multipart body does not decode.
std::optional<std::vector<http::FilePart>> files_of(const http::Request& req,
                                                    std::string_view field);

// The body as a JSON object: unsupported_media_type (415, `media_hint` as the message) for another
// media type, bad_request (400) for anything but an object.
domain::Result<boost::json::object> json_body(
    const http::Request& req, std::string_view media_hint = "Send application/json.");

// A whole number in [lo, hi] from a form or query value.
std::optional<int> parse_int(const std::string& s, int lo, int hi);
// Any 64-bit whole number (credits, cents); nullopt when not one or beyond 64 bits (never wrapped).
std::optional<std::int64_t> parse_int64(const std::string& s);
// A positive id (path parameters, Last-Event-ID); nullopt for anything else.
std::optional<std::int64_t> parse_id(const std::string& s);
// The positive id in path parameter `name`, as the id type the route names (domain::LeadId …).
template <class IdType>
std::optional<IdType> path_id(const http::Request& req, const char* name = "id") {
  if (auto v = parse_id(req.param(name))) return IdType{*v};
  return std::nullopt;
}
// "12.50" or "12" dollars → cents; nullopt when not a non-negative amount.
std::optional<std::int64_t> parse_dollars(const std::string& s);

// Typed readers over one JSON object. Absent or null members are not errors; a member of the wrong
// type is recorded in `errors`, named `prefix` + key ("plans[0].price_cents").
struct JsonFields {
  const boost::json::object& object;
  std::string prefix;
  std::vector<domain::FieldError> errors;

  explicit JsonFields(const boost::json::object& o, std::string field_prefix = {})
      : object(o), prefix(std::move(field_prefix)) {}

  std::string str(std::string_view key);  // "" when absent
  // These leave `out` as it is when the member is absent.
  void read(std::string_view key, std::string& out);
  void read(std::string_view key, int& out);  // a whole number below 10^9 in size
  void read(std::string_view key, bool& out);
  void read(std::string_view key, std::vector<std::string>& out);
  // A required 64-bit whole number (credits, cents): beyond 64 bits is refused, not wrapped.
  std::int64_t integer(std::string_view key);
  bool boolean(std::string_view key, bool fallback);

 private:
  const boost::json::value* member(std::string_view key) const;  // null when absent or null
  void wrong(std::string_view key, const char* message);
};

// invalid_input (422) "Some fields have the wrong type.", naming each field.
domain::Error type_errors(std::vector<domain::FieldError> errors);

}  // namespace plumbline::web
