// Field problems as form pages show them.
#include "web/present/form_errors.hpp"

#include <boost/json.hpp>

namespace plumbline::web {

boost::json::object form_errors_context(const std::vector<domain::FieldError>& details) {
  boost::json::array list;
  boost::json::object by_field;
  for (const auto& e : details) {
    list.push_back({{"field", e.field}, {"message", e.message}});
    if (!by_field.contains(e.field)) by_field[e.field] = e.message;
  }
  return {{"has_errors", !details.empty()},
          {"error_list", std::move(list)},
          {"errors", std::move(by_field)}};
}

}  // namespace plumbline::web
