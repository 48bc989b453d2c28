// The report renderer with a synthetic report that holds every unit, a map, a long table shown in
// part, an empty table and a missing cell: numbers per unit on the page and in the CSV, the CSV
// equal to the JSON cell for cell, and the page's HTML (templates/pages/admin_report.mustache).
#include "web/present/report_view.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "http/static_files.hpp"
#include "source_root.hpp"
#include "web/view.hpp"

namespace plumbline::web {
namespace {

using domain::ReportUnit;

domain::Report synthetic_report() {
  domain::Report r;
  r.name = "synthetic";
  r.title = "Synthetic";
  r.summary = "Every kind of figure.";
  r.range.preset = "custom";
  r.range.from_date = "2026-11-01";
  r.range.to_date = "2026-11-02";
  r.range.previous_from_date = "2026-10-30";
  r.range.previous_to_date = "2026-10-31";
  r.range.zone = "UTC";
  r.range.buckets = {{{0, 1}, "2026-11-01"}, {{1, 2}, "2026-11-02"}};
  domain::ReportKpi up{"money", "Money", ReportUnit::cents, 123456, 100000, true, true, {1, 5, 3}};
  domain::ReportKpi down{"refunds", "Refunds", ReportUnit::count, 8, 10, true, false, {}};
  domain::ReportKpi share{"share", "Share", ReportUnit::basis_points, 2550, 2500, true, true, {}};
  domain::ReportKpi alone{"alone", "Alone", ReportUnit::credits, 7, 0, false, true, {}};
  r.kpis = {up, down, share, alone};
  domain::ReportTable all;
  all.key = "all_units";
  all.title = "All <units>";
  all.note = "A note.";
  all.columns = {{"label", "Label", ReportUnit::text},        {"n", "Count", ReportUnit::count},
                 {"credits", "Credits", ReportUnit::credits}, {"cents", "Cents", ReportUnit::cents},
                 {"bp", "Share", ReportUnit::basis_points},   {"ms", "Time", ReportUnit::millis},
                 {"ratio", "Ratio", ReportUnit::hundredths}};
  all.rows = {{{0, "=SUM(A1)", false},
               {1234567, {}, false},
               {-5, {}, false},
               {123456, {}, false},
               {1234, {}, false},
               {7'500'000, {}, false},
               {295, {}, false}},
              {{0, "b, \"quoted\"", false},
               {0, {}, false},
               {0, {}, true},
               {-1, {}, false},
               {10000, {}, false},
               {59'000, {}, false},
               {5, {}, false}}};
  domain::ReportTable long_table;
  long_table.key = "long";
  long_table.title = "Long";
  long_table.columns = {{"zip", "ZIP", ReportUnit::text},
                        {"requests", "Requests", ReportUnit::count}};
  for (int i = 0; i < 30; ++i)
    long_table.rows.push_back({{0, "9410" + std::to_string(i), false}, {i, {}, false}});
  long_table.shown_rows = 10;
  domain::ReportTable empty;
  empty.key = "empty";
  empty.title = "Nothing";
  empty.columns = {{"label", "Label", ReportUnit::text}};
  r.tables = {all, long_table, empty};
  r.charts = {{"units", "Units", "line", "all_units", "label", {"n", "cents"}},
              {"zips", "ZIPs", "doughnut", "long", "zip", {"requests"}}};
  r.maps = {{"density", "Density", "long", {{"94103 San Francisco", 37.77, -122.41, 12}}}};
  return r;
}

// RFC 4180 fields of one CSV line (quotes doubled inside quoted fields).
std::vector<std::string> csv_line_fields(const std::string& line) {
  std::vector<std::string> out(1);
  bool quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        out.back() += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        out.back() += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      out.emplace_back();
    } else {
      out.back() += c;
    }
  }
  return out;
}

TEST(ReportView, NumbersReadPerUnit) {
  EXPECT_EQ(report_number_text(ReportUnit::count, 1234567), "1,234,567");
  EXPECT_EQ(report_number_text(ReportUnit::credits, -1234), "-1,234");
  EXPECT_EQ(report_number_text(ReportUnit::cents, 123456), "$1,234.56");
  EXPECT_EQ(report_number_text(ReportUnit::cents, -5), "-$0.05");
  EXPECT_EQ(report_number_text(ReportUnit::basis_points, 1234), "12.34 %");
  EXPECT_EQ(report_number_text(ReportUnit::hundredths, 295), "2.95");
  EXPECT_EQ(report_number_text(ReportUnit::millis, 7'500'000), "2 h 05 min");
  EXPECT_EQ(report_number_text(ReportUnit::millis, 59'000), "59 s");
  EXPECT_EQ(report_number_text(ReportUnit::millis, 600'000), "10 min");
  EXPECT_EQ(report_number_csv(ReportUnit::cents, 123456), "1234.56");
  EXPECT_EQ(report_number_csv(ReportUnit::cents, -1), "-0.01");
  EXPECT_EQ(report_number_csv(ReportUnit::basis_points, 10000), "100.00");
  EXPECT_EQ(report_number_csv(ReportUnit::hundredths, 5), "0.05");
  EXPECT_EQ(report_number_csv(ReportUnit::millis, 7'500'000), "7500000");
  EXPECT_EQ(report_number_csv(ReportUnit::count, 1234567), "1234567");
}

TEST(ReportView, TheCsvEqualsTheJsonCellForCell) {
  auto r = synthetic_report();
  auto json = report_json(r);
  for (const auto& t : r.tables) {
    auto csv = report_table_csv(t);
    std::vector<std::string> lines;
    for (std::size_t at = 0; at < csv.size();) {
      auto end = csv.find("\r\n", at);
      ASSERT_NE(end, std::string::npos) << "every line ends in CRLF";
      lines.push_back(csv.substr(at, end - at));
      at = end + 2;
    }
    ASSERT_EQ(lines.size(), t.rows.size() + 1) << t.key << ": every row, shown or not";
    const boost::json::object* jt = nullptr;
    for (const auto& v : json.at("tables").as_array())
      if (v.at("key").as_string() == t.key) jt = &v.as_object();
    ASSERT_NE(jt, nullptr);
    const auto& columns = jt->at("columns").as_array();
    auto header = csv_line_fields(lines[0]);
    ASSERT_EQ(header.size(), columns.size());
    for (std::size_t i = 0; i < header.size(); ++i)
      EXPECT_EQ(header[i], columns[i].at("key").as_string());
    const auto& rows = jt->at("rows").as_array();
    ASSERT_EQ(rows.size(), t.rows.size());
    for (std::size_t r_i = 0; r_i < rows.size(); ++r_i) {
      auto fields = csv_line_fields(lines[r_i + 1]);
      const auto& cells = rows[r_i].as_array();
      ASSERT_EQ(fields.size(), cells.size());
      for (std::size_t i = 0; i < cells.size(); ++i) {
        std::string unit(columns[i].at("unit").as_string());
        std::string expected;
        if (cells[i].is_null())
          expected = "";
        else if (unit == "text")
          expected = cells[i].as_string();
        else
          expected = report_number_csv(t.columns[i].unit, cells[i].as_int64());
        if (unit == "text" && !expected.empty() && expected[0] == '=')
          expected = "'" + expected;  // formulas neutralised
        EXPECT_EQ(fields[i], expected) << t.key << " row " << r_i << " column " << i;
      }
    }
  }
  const std::string start =
      "\"label\",\"n\",\"credits\",\"cents\",\"bp\",\"ms\",\"ratio\"\r\n\"'=SUM(A1)\",1234567,-5,";
  EXPECT_EQ(report_table_csv(r.tables[0]).rfind(start, 0), 0u) << report_table_csv(r.tables[0]);
  EXPECT_EQ(report_csv_filename(r, r.tables[0]),
            "plumbline-synthetic-all_units-2026-11-01-to-2026-11-02.csv");
}

TEST(ReportView, JsonCarriesUnitsIntegersAndNulls) {
  auto j = report_json(synthetic_report());
  EXPECT_EQ(j.at("range").at("preset").as_string(), "custom");
  const auto& t = j.at("tables").as_array()[0];
  EXPECT_EQ(t.at("columns").as_array()[3].at("unit").as_string(), "cents");
  EXPECT_EQ(t.at("rows").as_array()[0].as_array()[3].as_int64(), 123456);
  EXPECT_TRUE(t.at("rows").as_array()[1].as_array()[2].is_null());
  EXPECT_EQ(j.at("tables").as_array()[1].at("rows").as_array().size(), 30u);  // all rows
  EXPECT_TRUE(j.at("kpis").as_array()[3].at("previous").is_null());
  EXPECT_EQ(j.at("maps").as_array()[0].at("points").as_array().size(), 1u);
}

TEST(ReportView, ThePageShowsEveryPartOfAnyReport) {
  auto r = synthetic_report();
  auto ctx = report_page_context(r, "/admin/reports/synthetic");
  http::StaticFiles statics((testing::source_root() / "static").string());
  View view((testing::source_root() / "templates").string(), statics);
  ctx["kpis_html"] = view.fragment("report_kpis", ctx["kpi_block"].as_object());
  auto html = view.fragment("admin_report", ctx);
  auto has = [&](const std::string& s) { return html.find(s) != std::string::npos; };
  // KPIs: value, previous, change with words; colours follow higher_is_better.
  EXPECT_TRUE(has("$1,234.56"));
  EXPECT_TRUE(has("+23.5 %"));
  EXPECT_TRUE(has("report-change-good"));
  EXPECT_TRUE(has("-20.0 %"));                                   // refunds fell …
  EXPECT_EQ(html.find("report-change-bad"), std::string::npos);  // … which is good news
  EXPECT_TRUE(has("+0.50 pts"));
  EXPECT_TRUE(has("No comparison with the period before"));
  EXPECT_TRUE(has("<polyline points=\"0.0,22.0 50.0,2.0 100.0,12.0\""));
  // Tables: every unit formatted, a dash for the missing cell, escaped text, shown rows.
  for (const char* s :
       {"1,234,567", "12.34 %", "2 h 05 min", "2.95", "-5", "—", "59 s", "All &lt;units&gt;",
        "The first 10 of 30 rows (the CSV holds all 30)", "No rows in this period.",
        "/admin/reports/synthetic/csv?table=long&amp;preset=custom&amp;from=2026-11-01"
        "&amp;to=2026-11-02"})
    EXPECT_TRUE(has(s)) << s;
  auto long_at = html.find("id=\"table-long\"");
  ASSERT_NE(long_at, std::string::npos);
  auto long_html = html.substr(long_at, html.find("</table>", long_at) - long_at);
  EXPECT_NE(long_html.find("94109"), std::string::npos);
  EXPECT_EQ(long_html.find("941010"), std::string::npos) << "rows past shown_rows: the CSV only";
  // Charts and the map: a canvas with an accessible name and JSON that cannot close its script.
  EXPECT_TRUE(has("<canvas id=\"chart-units\""));
  EXPECT_TRUE(has("aria-label=\"Units: a line chart"));
  EXPECT_TRUE(has("<script type=\"application/json\" id=\"chart-zips-data\""));
  EXPECT_TRUE(has("\\u003cunits\\u003e") || !has("All <units>"));
  EXPECT_TRUE(has("id=\"map-density\""));
  EXPECT_TRUE(has("94103 San Francisco"));
}

// A page table that holds only its shown rows (rows_counted false: the Plumbers page when it
// read the shown plumbers' figures only) says so without a number of rows.
TEST(ReportView, AnUncountedTableSaysTheCsvHoldsEveryRowWithoutANumber) {
  auto r = synthetic_report();
  r.tables[1].rows.resize(10);
  r.tables[1].rows_counted = false;
  auto ctx = report_page_context(r, "/admin/reports/synthetic");
  http::StaticFiles statics((testing::source_root() / "static").string());
  View view((testing::source_root() / "templates").string(), statics);
  ctx["kpis_html"] = view.fragment("report_kpis", ctx["kpi_block"].as_object());
  auto html = view.fragment("admin_report", ctx);
  EXPECT_NE(html.find("The first 10 rows (the CSV holds every row)."), std::string::npos);
  EXPECT_NE(html.find("Long: the first 10 rows</caption>"), std::string::npos);
  EXPECT_EQ(html.find(" of 10 rows"), std::string::npos);
  EXPECT_NE(html.find("94109"), std::string::npos);
}

TEST(ReportView, ThePeriodsErrorIsABadRequest) {
  auto e = domain::Error::make(domain::ErrorCode::invalid_input, "Choose a period.");
  EXPECT_EQ(report_request_error(e).code, domain::ErrorCode::bad_request);
  auto nf = domain::Error::make(domain::ErrorCode::not_found, "No such report.");
  EXPECT_EQ(report_request_error(nf).code, domain::ErrorCode::not_found);
}

}  // namespace
}  // namespace plumbline::web
