// The plumbers console's presentation: reading the list's query string (filters, dates in the
// staff's zone, sort, cursor) and the template/JSON shapes of a list row and of the dossier.
#pragma once
#include <boost/json/object.hpp>
#include <string>

#include "domain/error.hpp"
#include "domain/plumber_console.hpp"
#include "http/forms.hpp"
#include "services/plumber_console.hpp"
#include "web/services.hpp"

namespace plumbline::web {

// The list's query string (q, status, plan, service, zip, miles, joined_from, joined_to,
// active_from, active_to as YYYY-MM-DD in the staff's zone — "to" dates are inclusive —,
// balance_min, balance_max, sort, after); invalid_input naming the field when one is not readable.
domain::Result<services::PlumberSearchRequest> plumber_search_request(const Services& a,
                                                                      const http::FormData& q);
// The same filters as a query string (without the cursor), for next-page and CSV links.
std::string plumber_search_query(const http::FormData& q);

boost::json::object plumber_list_row(const Services& a, const domain::PlumberRow& row);
// The dossier's sections for the detail page (times in the staff's zone) and for the JSON API.
boost::json::object plumber_dossier_context(const Services& a, const services::PlumberDossier& d);

}  // namespace plumbline::web
