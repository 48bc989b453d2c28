// Field problems as a form page shows them: a list at the top and a message beside each field.
#pragma once
#include <boost/json/object.hpp>
#include <vector>

#include "domain/error.hpp"

namespace plumbline::web {

// {has_errors, error_list: [{field, message}], errors: {field: first message}}.
boost::json::object form_errors_context(const std::vector<domain::FieldError>& details);

}  // namespace plumbline::web
