// The plumber's "Demand in my area" page: GET /reports/my-area?preset=&from=&to=. Adapter only.
#include <boost/json.hpp>

#include "http/errors.hpp"
#include "services/my_area_report.hpp"
#include "web/handlers.hpp"
#include "web/input.hpp"
#include "web/present/my_area_view.hpp"

namespace plumbline::web {

Response show_my_area_report(const Services& a, Request& req) {
  auto q = query_of(req);
  auto report =
      a.my_area->build(req.principal.user_id.value, q.get("preset"), q.get("from"), q.get("to"));
  if (!report) return http::error_response(req, report.error());
  auto ctx = present::my_area_context(*report);
  ctx["page_js"] =
      boost::json::array{boost::json::value(a.statics->url_for("vendor/chart.umd.min.js")),
                         boost::json::value(a.statics->url_for("js/my_area.js"))};
  return render(a, req, 200, "my_area", "Demand in my area", std::move(ctx));
}

}  // namespace plumbline::web
