// Mustache rendering of Boost.JSON data (HTML-escaped by default), shared by pages and messages.
#pragma once
#include <boost/json/value.hpp>
#include <string>

namespace plumbline::templating {

// Renders template text with data; throws std::runtime_error naming `name` when the template is
// invalid. Templates are parsed once per thread and cached by name.
std::string render(const std::string& name, const std::string& text,
                   const boost::json::value& data);

// Returns an error message when the template text does not parse, or "" when it is valid.
std::string check(const std::string& text);

}  // namespace plumbline::templating
