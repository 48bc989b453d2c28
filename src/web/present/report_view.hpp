// Any report (domain::Report) as the page's context, one table as CSV, and the whole report as
// JSON: the one renderer every admin report goes through, whatever its KPIs, tables and maps.
#pragma once
#include <boost/json/object.hpp>
#include <cstdint>
#include <string>

#include "domain/report.hpp"

namespace plumbline::web {

// A number as the page shows it: "1,234" (count, credits), "$1,234.56" (cents), "12.34 %"
// (basis points), "2.95" (hundredths), "2 h 05 min" (millis).
std::string report_number_text(domain::ReportUnit unit, std::int64_t value);
// A number as the CSV holds it: plain, no separators: "1234", "1234.56" (dollars), "12.34" (per
// cent), "2.95", "7380000" (ms).
std::string report_number_csv(domain::ReportUnit unit, std::int64_t value);
// A cell on the page ("—" when missing) and in the CSV (empty when missing).
std::string report_cell_text(const domain::ReportColumn& column, const domain::ReportCell& cell);
std::string report_cell_csv(const domain::ReportColumn& column, const domain::ReportCell& cell);

// The table as CSV (RFC 4180, CRLF): a header row of column keys, then every row.
std::string report_table_csv(const domain::ReportTable& table);
// "plumbline-overview-by_period-2026-11-06-to-2026-12-05.csv"
std::string report_csv_filename(const domain::Report& report, const domain::ReportTable& table);
// "preset=30d" or "preset=custom&from=2026-11-01&to=2026-11-30": the report's period as a query.
std::string report_period_query(const domain::ReportRange& range);
// "6 Nov 2026 – 5 Dec 2026"
std::string report_dates_text(const std::string& from_date, const std::string& to_date);

// The whole report as the API answers it: the range, the KPIs, the tables (numbers as integers in
// their unit, the unit named per column; a missing cell is null), the charts and the maps.
boost::json::object report_json(const domain::Report& report);

// The page's context for templates/pages/admin_report.mustache (see the template's comment);
// base_url: "/admin/reports/overview".
boost::json::object report_page_context(const domain::Report& report, const std::string& base_url);
// The KPI cards alone (templates/pages/report_kpis.mustache), for the report and the admin home.
boost::json::object report_kpis_context(const domain::Report& report);
// The period form: presets with the selected one, the dates typed.
boost::json::object report_form_context(const std::string& preset, const std::string& from,
                                        const std::string& to);

// A period that does not resolve is a bad request (400) naming the field, on the page, the CSV and
// the API alike; any other error stays as it is.
domain::Error report_request_error(domain::Error error);

}  // namespace plumbline::web
