// What every JSON API handler shares: reading the body, answering with JSON, and error envelopes.
#pragma once
#include <boost/json.hpp>
#include <optional>
#include <vector>

#include "domain/error.hpp"
#include "http/request.hpp"
#include "http/response.hpp"

namespace plumbline::web::api_io {

// Parses the body as a JSON object; on failure `error` holds the response to send (415 for another
// media type, 400 for anything but an object).
std::optional<boost::json::object> json_body(const http::Request& req, http::Response& error);

// A JSON answer that no cache keeps.
http::Response ok_json(int status, const boost::json::value& body);

// The error envelope for a service error, with Retry-After when the error carries one; `extra`
// adds fields to the error object (a refused claim's `fix`).
http::Response api_error(const http::Request& req, const domain::Error& e,
                         const boost::json::object& extra = {});

// 422 for fields of the wrong JSON type.
http::Response type_errors(const http::Request& req, const std::vector<domain::FieldError>& errs);

}  // namespace plumbline::web::api_io
