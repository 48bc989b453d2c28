// The single mapping from error codes to HTTP status and to an HTML page or the JSON envelope.
#pragma once
#include <boost/json/object.hpp>
#include <functional>
#include <string>
#include <string_view>

#include "domain/error.hpp"
#include "http/request.hpp"
#include "http/response.hpp"

namespace plumbline::http {

// Escapes < > & " ' for HTML and XML text.
std::string escape_html(std::string_view s);

// Returns the HTTP status for an error code (domain/error.cpp's table).
int status_for(domain::ErrorCode code);

// Renders an error page body; installed by the web layer so errors use the site layout.
using HtmlErrorRenderer =
    std::function<std::string(int status, std::string_view title, std::string_view message)>;
void set_html_error_renderer(HtmlErrorRenderer renderer);

// The one way to an error response: the error in the request's format (HTML page or the JSON
// envelope {"error":{"code","message","details":[{"field","message"}], …extra}}), with
// Retry-After when the error carries one (rate limits; unavailable gets a short default). `extra`
// adds fields to the JSON error object (an HTML page ignores them).
Response error_response(const Request& req, const domain::Error& error,
                        const boost::json::object& extra = {});

// Sets Retry-After from the error (see error_response); for pages that answer an error themselves.
void set_retry_after(Response& res, const domain::Error& error);

// Call only inside a catch block. A domain::Failure becomes its error response; anything else is
// a bug: logged at error level with the request id, route and what(), answered 500 `internal`
// with the request id for the user to quote.
Response exception_response(const Request& req);

}  // namespace plumbline::http
