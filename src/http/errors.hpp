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

// Returns the HTTP status for an error code.
int status_for(domain::ErrorCode code);

// Serialises {"error":{"code","message","details":[{"field","message"}], …extra}}.
std::string json_error_body(std::string_view code, std::string_view message,
                            const std::vector<domain::FieldError>& details = {},
                            const boost::json::object& extra = {});

// Renders an error page body; installed by the web layer so errors use the site layout.
using HtmlErrorRenderer =
    std::function<std::string(int status, std::string_view title, std::string_view message)>;
void set_html_error_renderer(HtmlErrorRenderer renderer);

// Builds an error response in the request's format (HTML page or JSON envelope); `extra` adds
// fields to the JSON envelope's error object (an HTML page ignores them).
Response error_response(const Request& req, int status, std::string_view code,
                        std::string_view message,
                        const std::vector<domain::FieldError>& details = {},
                        const boost::json::object& extra = {});

// Builds the response for a domain error in the request's format.
Response error_response(const Request& req, const domain::Error& error,
                        const boost::json::object& extra = {});

}  // namespace plumbline::http
