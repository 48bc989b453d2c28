// The plumber's "Demand in my area" report as template context, chart data and API JSON.
#include "web/present/my_area_view.hpp"

#include <boost/json.hpp>
#include <cstdlib>

#include "domain/my_area.hpp"

namespace plumbline::web::present {

namespace json = boost::json;

namespace {

// "1,234" (thousands separated), with the sign.
std::string my_area_grouped(std::int64_t v) {
  std::string digits = std::to_string(v < 0 ? -v : v);
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return v < 0 ? "-" + out : out;
}

const char* my_area_period_label(std::string_view preset) {
  if (preset == "4w") return "Last 4 weeks";
  if (preset == "12w") return "Last 12 weeks";
  if (preset == "26w") return "Last 26 weeks";
  return "Custom dates";
}

json::value my_area_cell_json(const domain::ReportCell& c, domain::ReportUnit unit) {
  if (unit == domain::ReportUnit::text) return json::value(c.text);
  if (c.missing) return nullptr;
  return c.number;
}

std::string my_area_cell_text(const domain::ReportCell& c, domain::ReportUnit unit) {
  if (unit == domain::ReportUnit::text) return c.text;
  if (c.missing) return "–";
  return my_area_number_text(c.number, unit);
}

// The chart data the script draws: labels from the label column, one series per value column
// (a missing number is a gap).
json::object my_area_chart_data(const domain::Report& report, const domain::ReportChart& chart) {
  json::object out{{"key", chart.key}, {"kind", chart.kind}, {"title", chart.title}};
  const auto* table = report.table(chart.table_key);
  if (!table) return out;
  auto column_of = [&](const std::string& key) -> int {
    for (std::size_t i = 0; i < table->columns.size(); ++i)
      if (table->columns[i].key == key) return static_cast<int>(i);
    return -1;
  };
  json::array labels;
  int label_at = column_of(chart.label_column);
  for (const auto& row : table->rows)
    labels.push_back(json::value(label_at >= 0 ? row[label_at].text : ""));
  json::array series;
  for (const auto& key : chart.value_columns) {
    int at = column_of(key);
    if (at < 0) continue;
    const auto& column = table->columns[at];
    json::array data;
    for (const auto& row : table->rows) {
      const auto& cell = row[at];
      if (cell.missing)
        data.push_back(nullptr);
      else if (column.unit == domain::ReportUnit::basis_points)
        data.push_back(static_cast<double>(cell.number) / 100.0);  // per cent on the axis
      else
        data.push_back(cell.number);
    }
    series.push_back(json::object{{"label", column.label},
                                  {"percent", column.unit == domain::ReportUnit::basis_points},
                                  {"data", std::move(data)}});
  }
  out["labels"] = std::move(labels);
  out["series"] = std::move(series);
  return out;
}

}  // namespace

std::string my_area_number_text(std::int64_t value, domain::ReportUnit unit) {
  if (unit == domain::ReportUnit::basis_points) {
    auto abs = value < 0 ? -value : value;
    std::string s = std::to_string(abs / 100);
    if (abs % 100) {
      auto frac = abs % 100;
      s += '.';
      s += static_cast<char>('0' + frac / 10);
      if (frac % 10) s += static_cast<char>('0' + frac % 10);
    }
    return (value < 0 ? "-" : "") + s + " %";
  }
  return my_area_grouped(value);
}

json::object my_area_context(const domain::Report& report) {
  const auto& range = report.range;
  json::array periods;
  for (auto p : domain::my_area_presets)
    periods.push_back(json::object{{"value", std::string(p)},
                                   {"label", my_area_period_label(p)},
                                   {"selected", p == range.preset}});
  json::array kpis;
  for (const auto& k : report.kpis) {
    auto change = k.value - k.previous;
    const bool good = (change > 0) == k.higher_is_better;
    kpis.push_back(json::object{
        {"key", k.key},
        {"label", k.label},
        {"value", my_area_number_text(k.value, k.unit)},
        {"previous", my_area_number_text(k.previous, k.unit)},
        {"change", change == 0 ? std::string("no change")
                               : (change > 0 ? "+" : "") + my_area_number_text(change, k.unit)},
        {"tone", change == 0 ? "text-body-secondary"
                 : good      ? "text-success"
                             : "text-danger"}});
  }
  json::array tables;
  for (const auto& t : report.tables) {
    json::array headers;
    for (const auto& c : t.columns)
      headers.push_back(
          json::object{{"label", c.label}, {"numeric", c.unit != domain::ReportUnit::text}});
    json::array rows;
    for (const auto& row : t.rows) {
      json::array cells;
      for (std::size_t i = 0; i < row.size() && i < t.columns.size(); ++i)
        cells.push_back(json::object{{"text", my_area_cell_text(row[i], t.columns[i].unit)},
                                     {"numeric", t.columns[i].unit != domain::ReportUnit::text},
                                     {"first", i == 0}});
      rows.push_back(json::object{{"cells", std::move(cells)}});
    }
    tables.push_back(json::object{{"key", t.key},
                                  {"title", t.title},
                                  {"headers", std::move(headers)},
                                  {"rows", std::move(rows)},
                                  {"has_rows", !t.rows.empty()},
                                  {"note", t.note}});
  }
  json::array charts, chart_data;
  for (const auto& c : report.charts) {
    charts.push_back(json::object{{"key", c.key}, {"title", c.title}, {"table_key", c.table_key}});
    chart_data.push_back(my_area_chart_data(report, c));
  }
  // '<' only occurs inside JSON strings, where \u003c reads the same: no "</script>" can end the
  // data block early.
  std::string data = json::serialize(json::object{{"charts", std::move(chart_data)}});
  std::string safe;
  for (char ch : data)
    if (ch == '<')
      safe += "\\u003c";
    else
      safe += ch;
  return json::object{{"title", report.title},
                      {"summary", report.summary},
                      {"periods", std::move(periods)},
                      {"custom", range.preset == "custom"},
                      {"from", range.from_date},
                      {"to", range.to_date},
                      {"previous_from", range.previous_from_date},
                      {"previous_to", range.previous_to_date},
                      {"zone", range.zone},
                      {"kpis", std::move(kpis)},
                      {"tables", std::move(tables)},
                      {"charts", std::move(charts)},
                      {"chart_json", std::move(safe)}};
}

json::object my_area_json(const domain::Report& report) {
  const auto& range = report.range;
  json::array kpis;
  for (const auto& k : report.kpis) {
    json::array trend;
    for (auto v : k.trend) trend.push_back(v);
    kpis.push_back(json::object{{"key", k.key},
                                {"label", k.label},
                                {"unit", domain::to_string(k.unit)},
                                {"value", k.value},
                                {"previous", k.previous},
                                {"higher_is_better", k.higher_is_better},
                                {"trend", std::move(trend)}});
  }
  json::array tables;
  for (const auto& t : report.tables) {
    json::array columns;
    for (const auto& c : t.columns)
      columns.push_back(
          json::object{{"key", c.key}, {"label", c.label}, {"unit", domain::to_string(c.unit)}});
    json::array rows;
    for (const auto& row : t.rows) {
      json::object o;
      for (std::size_t i = 0; i < row.size() && i < t.columns.size(); ++i)
        o[t.columns[i].key] = my_area_cell_json(row[i], t.columns[i].unit);
      rows.push_back(std::move(o));
    }
    tables.push_back(json::object{{"key", t.key},
                                  {"title", t.title},
                                  {"columns", std::move(columns)},
                                  {"rows", std::move(rows)},
                                  {"note", t.note}});
  }
  json::array charts;
  for (const auto& c : report.charts) {
    json::array values;
    for (const auto& v : c.value_columns) values.push_back(json::value(v));
    charts.push_back(json::object{{"key", c.key},
                                  {"title", c.title},
                                  {"kind", c.kind},
                                  {"table", c.table_key},
                                  {"label_column", c.label_column},
                                  {"value_columns", std::move(values)}});
  }
  return json::object{{"name", report.name},
                      {"title", report.title},
                      {"summary", report.summary},
                      {"range",
                       {{"preset", range.preset},
                        {"from", range.from_date},
                        {"to", range.to_date},
                        {"previous_from", range.previous_from_date},
                        {"previous_to", range.previous_to_date},
                        {"zone", range.zone},
                        {"grain", domain::to_string(range.grain)}}},
                      {"kpis", std::move(kpis)},
                      {"tables", std::move(tables)},
                      {"charts", std::move(charts)}};
}

}  // namespace plumbline::web::present
