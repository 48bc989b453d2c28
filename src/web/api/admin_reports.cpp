// The admin reports over the JSON API: the list, and one report (range, KPIs, tables, charts and
// maps; numbers as integers in the unit each column names). Adapters only.
#include <boost/json.hpp>

#include "http/errors.hpp"
#include "services/reports.hpp"
#include "web/api/api_io.hpp"
#include "web/handlers.hpp"
#include "web/input.hpp"
#include "web/present/report_view.hpp"

namespace plumbline::web {

Response api_admin_reports(const Services& a, Request&) {
  boost::json::array reports;
  for (const auto& r : a.reports->list())
    reports.push_back(boost::json::object{{"name", r.name},
                                          {"title", r.title},
                                          {"summary", r.summary},
                                          {"url", "/api/v1/admin/reports/" + r.name},
                                          {"page_url", "/admin/reports/" + r.name}});
  return api_io::ok_json(200, boost::json::object{{"reports", std::move(reports)}});
}

Response api_admin_report(const Services& a, Request& req) {
  auto q = query_of(req);
  auto report = a.reports->build(req.param("name"), q.get("preset"), q.get("from"), q.get("to"));
  if (!report) return http::error_response(req, report_request_error(report.error()));
  return api_io::ok_json(200, report_json(*report));
}

}  // namespace plumbline::web
