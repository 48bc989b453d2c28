// The one renderer of every report: numbers per unit, the page's context (period form, KPI cards
// with sparklines, charts as embedded JSON for static/js/reports.js, tables, maps), the CSV and
// the JSON.
#include "web/present/report_view.hpp"

#include <boost/json.hpp>
#include <cstdlib>

#include "geo/time_zone.hpp"
#include "web/present/plumber_view.hpp"  // csv_field

namespace plumbline::web {

namespace {

namespace json = boost::json;
using domain::ReportUnit;

// "1,234,567" (a minus sign first for a negative number).
std::string report_grouped(std::int64_t v) {
  const bool negative = v < 0;
  const std::uint64_t u =
      negative ? 0 - static_cast<std::uint64_t>(v) : static_cast<std::uint64_t>(v);
  const std::string digits = std::to_string(u);
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return negative ? "-" + out : out;
}

// v / 100 with two decimals: "1234.56", "-0.05"; grouped with thousands separators when asked.
std::string report_hundredths(std::int64_t v, bool grouped) {
  const bool negative = v < 0;
  std::uint64_t u = negative ? 0 - static_cast<std::uint64_t>(v) : static_cast<std::uint64_t>(v);
  auto whole = static_cast<std::int64_t>(u / 100);
  auto cents = static_cast<int>(u % 100);
  std::string out = grouped ? report_grouped(whole) : std::to_string(whole);
  out += '.';
  out += static_cast<char>('0' + cents / 10);
  out += static_cast<char>('0' + cents % 10);
  return negative ? "-" + out : out;
}

// "2 h 05 min", "12 min", "45 s".
std::string report_duration(std::int64_t ms) {
  if (ms < 0) return "-" + report_duration(-ms);
  std::int64_t s = ms / 1000;
  if (s < 60) return std::to_string(s) + " s";
  std::int64_t min = s / 60;
  if (min < 60) return std::to_string(min) + " min";
  std::int64_t h = min / 60, m = min % 60;
  return report_grouped(h) + " h " + (m < 10 ? "0" : "") + std::to_string(m) + " min";
}

// The number a chart plots (dollars, per cent, minutes) for a value in its unit.
double report_chart_value(ReportUnit unit, std::int64_t v) {
  switch (unit) {
    case ReportUnit::cents:
    case ReportUnit::basis_points:
    case ReportUnit::hundredths:
      return static_cast<double>(v) / 100.0;
    case ReportUnit::millis:
      return static_cast<double>(v) / 60000.0;
    default:
      return static_cast<double>(v);
  }
}

// What a chart's axis says its numbers are.
const char* report_chart_unit(ReportUnit unit) {
  switch (unit) {
    case ReportUnit::cents:
      return "dollars";
    case ReportUnit::basis_points:
      return "percent";
    case ReportUnit::millis:
      return "minutes";
    default:
      return "";
  }
}

bool report_is_number(ReportUnit unit) {
  return unit != ReportUnit::text;
}

// JSON safe inside <script type="application/json">: no "<", ">" or "&" (escaped in strings, the
// only place they can appear), so "</script>" cannot end the element.
std::string report_script_json(const json::value& v) {
  std::string s = json::serialize(v), out;
  out.reserve(s.size());
  for (char c : s) {
    if (c == '<')
      out += "\\u003c";
    else if (c == '>')
      out += "\\u003e";
    else if (c == '&')
      out += "\\u0026";
    else
      out += c;
  }
  return out;
}

// The polyline points of a sparkline 100 wide and 24 high ("" for fewer than two values).
std::string report_sparkline(const std::vector<std::int64_t>& values) {
  if (values.size() < 2) return {};
  auto [lo, hi] = std::minmax_element(values.begin(), values.end());
  const double span = *hi == *lo ? 1.0 : static_cast<double>(*hi - *lo);
  std::string out;
  for (std::size_t i = 0; i < values.size(); ++i) {
    double x = 100.0 * static_cast<double>(i) / static_cast<double>(values.size() - 1);
    double y = 22.0 - 20.0 * static_cast<double>(values[i] - *lo) / span;
    char buf[48];
    std::snprintf(buf, sizeof buf, "%s%.1f,%.1f", out.empty() ? "" : " ", x, y);
    out += buf;
  }
  return out;
}

// The KPI's change against the previous period, in words and as an arrow.
json::object report_change(const domain::ReportKpi& k) {
  if (!k.has_previous) return {{"has_change", false}};
  json::object c{{"has_change", true}, {"previous_text", report_number_text(k.unit, k.previous)}};
  const std::int64_t diff = k.value - k.previous;
  std::string text;
  if (diff == 0) {
    text = "no change";
  } else if (k.unit == ReportUnit::basis_points) {  // a share moves in points, not per cent
    text = (diff > 0 ? "+" : "") + report_hundredths(diff, true) + " pts";
  } else if (k.previous == 0) {
    text = "new";
  } else {
    // Per cent with one decimal, rounded half away from zero.
    std::int64_t tenths =
        (diff * 1000 + (diff > 0 ? 1 : -1) * std::llabs(k.previous) / 2) / std::llabs(k.previous);
    std::string t =
        std::to_string(std::llabs(tenths) / 10) + "." + std::to_string(std::llabs(tenths) % 10);
    text = std::string(diff > 0 ? "+" : "-") + t + " %";
  }
  const bool up = diff > 0, down = diff < 0;
  const bool good = (up && k.higher_is_better) || (down && !k.higher_is_better);
  c["text"] = text;
  c["arrow"] = up ? "▲" : down ? "▼" : "▶";
  c["direction_words"] = up ? "up" : down ? "down" : "unchanged";
  c["tone"] = diff == 0 ? "flat" : good ? "good" : "bad";
  return c;
}

const char* report_preset_label(std::string_view preset) {
  if (preset == "7d") return "Last 7 days";
  if (preset == "30d") return "Last 30 days";
  if (preset == "90d") return "Last 90 days";
  if (preset == "this_month") return "This month";
  if (preset == "last_month") return "Last month";
  return "Custom dates";
}

const char* report_month_abbrev(int m) {
  static const char* names[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  return m >= 1 && m <= 12 ? names[m - 1] : "";
}

// "2026-11-06" → "6 Nov 2026" (the text itself when it is not such a date).
std::string report_date_words(const std::string& iso) {
  if (iso.size() != 10) return iso;
  int day = std::atoi(iso.c_str() + 8), month = std::atoi(iso.c_str() + 5);
  return std::to_string(day) + " " + report_month_abbrev(month) + " " + iso.substr(0, 4);
}

json::object report_table_context(const domain::Report& report, const domain::ReportTable& t,
                                  const std::string& base_url) {
  json::array columns, rows;
  for (const auto& c : t.columns)
    columns.push_back(
        json::object{{"key", c.key}, {"label", c.label}, {"numeric", report_is_number(c.unit)}});
  const std::size_t shown =
      t.shown_rows > 0 ? std::min(t.shown_rows, t.rows.size()) : t.rows.size();
  for (std::size_t r = 0; r < shown; ++r) {
    json::array cells;
    const auto& row = t.rows[r];
    for (std::size_t i = 0; i < t.columns.size(); ++i) {
      const auto& col = t.columns[i];
      domain::ReportCell empty{0, {}, true};
      const auto& cell = i < row.size() ? row[i] : empty;
      cells.push_back(json::object{{"text", report_cell_text(col, cell)},
                                   {"numeric", report_is_number(col.unit)},
                                   {"is_label", i == 0}});
    }
    rows.push_back(json::object{{"cells", std::move(cells)}});
  }
  return {{"key", t.key},
          {"title", t.title},
          {"note", t.note},
          {"columns", std::move(columns)},
          {"rows", std::move(rows)},
          {"empty", t.rows.empty()},
          {"truncated", shown < t.rows.size() && t.rows_counted},
          {"uncounted", !t.rows_counted},
          {"shown_count", report_grouped(static_cast<std::int64_t>(shown))},
          {"row_count", report_grouped(static_cast<std::int64_t>(t.rows.size()))},
          {"csv_url", base_url + "/csv?table=" + t.key + "&" + report_period_query(report.range)}};
}

json::object report_chart_context(const domain::Report& report, const domain::ReportChart& ch) {
  const auto* t = report.table(ch.table_key);
  json::array labels, datasets;
  auto column_of = [&](const std::string& key) -> int {
    if (!t) return -1;
    for (std::size_t i = 0; i < t->columns.size(); ++i)
      if (t->columns[i].key == key) return static_cast<int>(i);
    return -1;
  };
  int label_col = column_of(ch.label_column);
  std::string unit_text;
  if (t) {
    for (const auto& row : t->rows) {
      auto i = static_cast<std::size_t>(label_col);
      labels.push_back(json::value(label_col >= 0 && i < row.size()
                                       ? report_cell_text(t->columns[i], row[i])
                                       : std::string()));
    }
    for (const auto& key : ch.value_columns) {
      int c = column_of(key);
      if (c < 0) continue;
      const auto& col = t->columns[static_cast<std::size_t>(c)];
      json::array data;
      for (const auto& row : t->rows) {
        auto i = static_cast<std::size_t>(c);
        if (i >= row.size() || row[i].missing)
          data.push_back(nullptr);
        else
          data.push_back(report_chart_value(col.unit, row[i].number));
      }
      unit_text = report_chart_unit(col.unit);
      datasets.push_back(
          json::object{{"label", col.label}, {"unit", unit_text}, {"data", std::move(data)}});
    }
  }
  // The canvas's accessible name says what it shows and where the numbers are.
  std::string aria = ch.title + ": a " + (ch.kind == "doughnut" ? "doughnut" : ch.kind) +
                     " chart; the table " + (t ? "“" + t->title + "” " : "") +
                     "below lists the same figures.";
  json::object data{{"kind", ch.kind},
                    {"title", ch.title},
                    {"unit", unit_text},
                    {"labels", std::move(labels)},
                    {"datasets", std::move(datasets)}};
  return {{"key", ch.key},
          {"title", ch.title},
          {"table_key", ch.table_key},
          {"table_title", t ? t->title : ch.table_key},
          {"aria_label", aria},
          {"data_json", report_script_json(data)}};
}

json::object report_map_context(const domain::Report& report, const domain::ReportMap& m) {
  json::array points;
  for (const auto& p : m.points)
    points.push_back(
        json::object{{"label", p.label}, {"lat", p.lat}, {"lng", p.lng}, {"value", p.value}});
  const auto* t = report.table(m.table_key);
  return {{"key", m.key},
          {"title", m.title},
          {"table_title", t ? t->title : std::string()},
          {"has_points", !m.points.empty()},
          {"data_json", report_script_json(json::object{{"points", std::move(points)}})}};
}

}  // namespace

std::string report_number_text(ReportUnit unit, std::int64_t value) {
  switch (unit) {
    case ReportUnit::cents:
      return value < 0 ? "-$" + report_hundredths(-value, true)
                       : "$" + report_hundredths(value, true);
    case ReportUnit::basis_points:
      return report_hundredths(value, true) + " %";
    case ReportUnit::hundredths:
      return report_hundredths(value, true);
    case ReportUnit::millis:
      return report_duration(value);
    default:
      return report_grouped(value);
  }
}

std::string report_number_csv(ReportUnit unit, std::int64_t value) {
  switch (unit) {
    case ReportUnit::cents:
    case ReportUnit::basis_points:
    case ReportUnit::hundredths:
      return report_hundredths(value, false);
    default:
      return std::to_string(value);
  }
}

std::string report_cell_text(const domain::ReportColumn& column, const domain::ReportCell& cell) {
  if (cell.missing) return "—";
  if (column.unit == ReportUnit::text) return cell.text;
  return report_number_text(column.unit, cell.number);
}

std::string report_cell_csv(const domain::ReportColumn& column, const domain::ReportCell& cell) {
  if (cell.missing) return {};
  if (column.unit == ReportUnit::text) return csv_field(cell.text);
  return report_number_csv(column.unit, cell.number);  // digits, '.', '-': safe unquoted
}

std::string report_table_csv(const domain::ReportTable& table) {
  std::string out;
  for (std::size_t i = 0; i < table.columns.size(); ++i)
    out += (i ? "," : "") + csv_field(table.columns[i].key);
  out += "\r\n";
  for (const auto& row : table.rows) {
    for (std::size_t i = 0; i < table.columns.size(); ++i) {
      if (i) out += ',';
      if (i < row.size()) out += report_cell_csv(table.columns[i], row[i]);
    }
    out += "\r\n";
  }
  return out;
}

std::string report_csv_filename(const domain::Report& report, const domain::ReportTable& table) {
  return "plumbline-" + report.name + "-" + table.key + "-" + report.range.from_date + "-to-" +
         report.range.to_date + ".csv";
}

std::string report_period_query(const domain::ReportRange& range) {
  if (range.preset == "custom")
    return "preset=custom&from=" + range.from_date + "&to=" + range.to_date;
  return "preset=" + range.preset;
}

std::string report_dates_text(const std::string& from_date, const std::string& to_date) {
  return report_date_words(from_date) + " – " + report_date_words(to_date);
}

json::object report_json(const domain::Report& report) {
  const auto& r = report.range;
  json::array kpis, tables, charts, maps, buckets;
  for (const auto& b : r.buckets) buckets.push_back(json::value(b.label));
  for (const auto& k : report.kpis) {
    json::array trend;
    for (auto v : k.trend) trend.push_back(v);
    json::object o{{"key", k.key},
                   {"label", k.label},
                   {"unit", domain::to_string(k.unit)},
                   {"value", k.value},
                   {"higher_is_better", k.higher_is_better},
                   {"trend", std::move(trend)}};
    o["previous"] = k.has_previous ? json::value(k.previous) : json::value(nullptr);
    kpis.push_back(std::move(o));
  }
  for (const auto& t : report.tables) {
    json::array columns, rows;
    for (const auto& c : t.columns)
      columns.push_back(
          json::object{{"key", c.key}, {"label", c.label}, {"unit", domain::to_string(c.unit)}});
    for (const auto& row : t.rows) {
      json::array cells;
      for (std::size_t i = 0; i < t.columns.size(); ++i) {
        if (i >= row.size() || row[i].missing)
          cells.push_back(nullptr);
        else if (t.columns[i].unit == ReportUnit::text)
          cells.push_back(json::value(row[i].text));
        else
          cells.push_back(row[i].number);
      }
      rows.push_back(std::move(cells));
    }
    tables.push_back(json::object{{"key", t.key},
                                  {"title", t.title},
                                  {"note", t.note},
                                  {"columns", std::move(columns)},
                                  {"rows", std::move(rows)}});
  }
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
  for (const auto& m : report.maps) {
    json::array points;
    for (const auto& p : m.points)
      points.push_back(
          json::object{{"label", p.label}, {"lat", p.lat}, {"lng", p.lng}, {"value", p.value}});
    maps.push_back(json::object{
        {"key", m.key}, {"title", m.title}, {"table", m.table_key}, {"points", std::move(points)}});
  }
  return {{"name", report.name},
          {"title", report.title},
          {"summary", report.summary},
          {"range",
           {{"preset", r.preset},
            {"from", r.from_date},
            {"to", r.to_date},
            {"previous_from", r.previous_from_date},
            {"previous_to", r.previous_to_date},
            {"from_ms", r.current.from_ms},
            {"to_ms", r.current.to_ms},
            {"previous_from_ms", r.previous.from_ms},
            {"previous_to_ms", r.previous.to_ms},
            {"time_zone", r.zone},
            {"grain", domain::to_string(r.grain)},
            {"buckets", std::move(buckets)}}},
          {"kpis", std::move(kpis)},
          {"tables", std::move(tables)},
          {"charts", std::move(charts)},
          {"maps", std::move(maps)}};
}

json::object report_kpis_context(const domain::Report& report) {
  json::array kpis;
  for (const auto& k : report.kpis) {
    json::object o{{"key", k.key},
                   {"label", k.label},
                   {"value_text", report_number_text(k.unit, k.value)},
                   {"change", report_change(k)},
                   {"sparkline", report_sparkline(k.trend)}};
    kpis.push_back(std::move(o));
  }
  return {{"kpis", std::move(kpis)}, {"has_kpis", !report.kpis.empty()}};
}

json::object report_form_context(const std::string& preset, const std::string& from,
                                 const std::string& to) {
  json::array presets;
  const std::string chosen = preset.empty() && (!from.empty() || !to.empty()) ? "custom"
                             : preset.empty()                                 ? "30d"
                                                                              : preset;
  for (auto p : domain::report_presets)
    presets.push_back(
        json::object{{"value", p}, {"label", report_preset_label(p)}, {"selected", chosen == p}});
  return {{"presets", std::move(presets)}, {"from", from}, {"to", to}};
}

json::object report_page_context(const domain::Report& report, const std::string& base_url) {
  const auto& r = report.range;
  json::array charts, tables, maps;
  for (const auto& c : report.charts) charts.push_back(report_chart_context(report, c));
  for (const auto& t : report.tables) tables.push_back(report_table_context(report, t, base_url));
  for (const auto& m : report.maps) maps.push_back(report_map_context(report, m));
  const bool custom = r.preset == "custom";
  return {
      {"name", report.name},
      {"title", report.title},
      {"summary", report.summary},
      {"has_report", true},
      {"period_text", report_dates_text(r.from_date, r.to_date)},
      {"previous_text", report_dates_text(r.previous_from_date, r.previous_to_date)},
      {"preset_label", report_preset_label(r.preset)},
      {"zone", r.zone},
      {"grain", domain::to_string(r.grain)},
      {"form", report_form_context(r.preset, custom ? r.from_date : "", custom ? r.to_date : "")},
      {"kpi_block", report_kpis_context(report)},
      {"charts", std::move(charts)},
      {"has_charts", !report.charts.empty()},
      {"tables", std::move(tables)},
      {"maps", std::move(maps)},
      {"has_maps", !report.maps.empty()},
      {"json_url", "/api/v1/admin/reports/" + report.name + "?" + report_period_query(r)}};
}

domain::Error report_request_error(domain::Error error) {
  if (error.code == domain::ErrorCode::invalid_input) error.code = domain::ErrorCode::bad_request;
  return error;
}

}  // namespace plumbline::web
