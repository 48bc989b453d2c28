// "Demand in my area" as the plumber's page and the JSON API show it: a domain::Report (kept close
// to its shape, so the shared report partial can take it over) turned into template context, chart
// data for static/js/my_area.js, and the API's JSON.
#pragma once
#include <boost/json/object.hpp>
#include <string>

#include "domain/report.hpp"

namespace plumbline::web::present {

// For templates/pages/my_area.mustache: periods (the choices, one selected), from/to, the range
// words, kpis (label, value, previous, change words and tone), tables (title, caption, headers,
// rows of cells with their alignment, note), charts (key, title) and chart_json (the data the
// script draws, safe inside <script type="application/json">).
boost::json::object my_area_context(const domain::Report& report);

// For GET /api/v1/reports/my-area: name, title, range (dates, zone, grain, preset), kpis (value,
// previous, trend), tables (key, title, columns with units, rows as objects keyed by column, a
// missing number as null) and charts (which table and columns each draws).
boost::json::object my_area_json(const domain::Report& report);

// A number as the page shows it in its unit ("12.5 %" for basis points, "1,234" for counts).
std::string my_area_number_text(std::int64_t value, domain::ReportUnit unit);

}  // namespace plumbline::web::present
