// Admin reports: the list, one report's page (period form, KPI cards, charts, tables, maps) and a
// table's CSV. Adapters only: ReportService builds, web/present/report_view.cpp renders.
#include <boost/json.hpp>

#include "http/errors.hpp"
#include "services/reports.hpp"
#include "web/handlers.hpp"
#include "web/input.hpp"
#include "web/present/report_view.hpp"

namespace plumbline::web {

namespace {

namespace json = boost::json;

// The reports as tabs above every report page (and the list page's entries).
json::array report_tabs(const Services& a, const std::string& current) {
  json::array tabs;
  for (const auto& r : a.reports->list())
    tabs.push_back(json::object{{"name", r.name},
                                {"title", r.title},
                                {"summary", r.summary},
                                {"url", "/admin/reports/" + r.name},
                                {"current", r.name == current}});
  return tabs;
}

}  // namespace

Response show_admin_reports(const Services& a, Request& req) {
  return render(a, req, 200, "admin_reports", "Reports", {{"reports", report_tabs(a, "")}});
}

Response show_admin_report(const Services& a, Request& req) {
  const auto name = req.param("name");
  auto q = query_of(req);
  const auto preset = q.get("preset"), from = q.get("from"), to = q.get("to");
  auto report = a.reports->build(name, preset, from, to, /*for_page=*/true);
  if (!report && report.error().code != domain::ErrorCode::invalid_input)
    return http::error_response(req, report.error());
  json::object ctx;
  std::string title = "Report";
  if (report) {
    title = report->title;
    ctx = report_page_context(*report, "/admin/reports/" + name);
    ctx["kpis_html"] = a.view->fragment("report_kpis", ctx["kpi_block"].as_object());
    json::array js{json::value(a.statics->url_for("vendor/chart.umd.min.js"))};
    if (!report->maps.empty()) {
      ctx["page_css"] = json::array{json::value(a.statics->url_for("vendor/leaflet/leaflet.css"))};
      js.push_back(json::value(a.statics->url_for("vendor/leaflet/leaflet.js")));
    }
    js.push_back(json::value(a.statics->url_for("js/reports.js")));
    ctx["page_js"] = std::move(js);
  } else {
    // The period did not resolve: the form again, with what was typed and why (400).
    for (const auto& r : a.reports->list())
      if (r.name == name) title = r.title;
    json::array details;
    for (const auto& d : report.error().details)
      details.push_back(json::object{{"field", d.field}, {"message", d.message}});
    ctx = {{"name", name},
           {"title", title},
           {"has_report", false},
           {"form", report_form_context(preset, from, to)},
           {"error", {{"message", report.error().message}, {"details", std::move(details)}}}};
  }
  ctx["tabs"] = report_tabs(a, name);
  ctx["base_url"] = "/admin/reports/" + name;
  return render(a, req, report ? 200 : 400, "admin_report", "Report: " + title, std::move(ctx));
}

Response export_admin_report_csv(const Services& a, Request& req) {
  auto q = query_of(req);
  auto report = a.reports->build(req.param("name"), q.get("preset"), q.get("from"), q.get("to"));
  if (!report) return http::error_response(req, report_request_error(report.error()));
  const auto* table = report->table(q.get("table"));
  if (!table)
    return http::error_response(
        req, domain::Error::make(domain::ErrorCode::not_found, "This report has no such table."));
  auto res = Response::text(200, report_table_csv(*table), "text/csv; charset=utf-8");
  res.set_header("Content-Disposition",
                 "attachment; filename=\"" + report_csv_filename(*report, *table) + "\"");
  res.set_header("Cache-Control", "no-store");
  return res;
}

}  // namespace plumbline::web
