// Questions per service (issue 17) as pages show them: the request form's questions block and a
// lead's answers (cards, lead pages, tracking page, console, API).
#pragma once
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <string>
#include <utility>
#include <vector>

#include "domain/catalog.hpp"
#include "domain/service_questions.hpp"

namespace plumbline::web {

// The form's questions block (templates/pages/service_questions.mustache) for `service` (null: no
// service chosen yet), with what was typed and the errors by field ("answer_<key>").
boost::json::object service_questions_context(
    const domain::ServiceType* service,
    const std::vector<std::pair<std::string, std::string>>& typed,
    const boost::json::object& errors);

// [{"key", "label", "answer"}, …]: the same shape for pages and the JSON API.
boost::json::array lead_answers_view(const std::vector<domain::LeadAnswer>& answers);

}  // namespace plumbline::web
