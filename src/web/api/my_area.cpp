// The plumber's "Demand in my area" as JSON: GET /api/v1/reports/my-area?preset=&from=&to=
// (the page's tables, keyed by column). Adapter only.
#include <boost/json.hpp>

#include "http/errors.hpp"
#include "services/my_area_report.hpp"
#include "web/api/api_io.hpp"
#include "web/handlers.hpp"
#include "web/input.hpp"
#include "web/present/my_area_view.hpp"

namespace plumbline::web {

Response api_my_area_report(const Services& a, Request& req) {
  auto q = query_of(req);
  auto report =
      a.my_area->build(req.principal.user_id.value, q.get("preset"), q.get("from"), q.get("to"));
  if (!report) return http::error_response(req, report.error());
  return api_io::ok_json(200, present::my_area_json(*report));
}

}  // namespace plumbline::web
