// What every report shares: its period and the one before it (ReportRange, resolved from what
// staff picked), and its content (headline figures, charts, and the tables behind them), which the
// one report page, its CSV and its JSON render without knowing which report it is.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/error.hpp"
#include "domain/lead.hpp"
#include "geo/time_zone.hpp"

namespace plumbline::domain {

// How a number reads: a count, credits, cents of a currency, a share in basis points (10,000 =
// 100 %), a duration in milliseconds, a ratio with two decimals stored times 100 (2.95 matches
// per request = 295); `text` cells carry words (a service, a ZIP, a date).
enum class ReportUnit { count, credits, cents, basis_points, millis, hundredths, text };
const char* to_string(ReportUnit unit);

// A half-open span of time [from_ms, to_ms).
struct ReportSpan {
  Millis from_ms = 0;
  Millis to_ms = 0;
  bool contains(Millis t) const { return t >= from_ms && t < to_ms; }
};

// One step of a chart's time axis: a local day, a week (from Monday) or a calendar month.
struct ReportBucket {
  ReportSpan span;
  std::string label;  // "2026-12-05" (day or the week's Monday), "2026-12" (month)
};

enum class ReportGrain { day, week, month };
const char* to_string(ReportGrain grain);

// The presets staff pick from; `custom` takes from/to dates.
inline constexpr std::string_view report_presets[] = {"7d",         "30d",        "90d",
                                                      "this_month", "last_month", "custom"};

// A resolved period in the operator's time zone, and the period before it of the same length
// (for "this month", the same days of the month before), both cut into buckets of one grain.
struct ReportRange {
  std::string preset;              // one of report_presets
  std::string from_date, to_date;  // local dates, inclusive: "2026-11-06", "2026-12-05"
  std::string previous_from_date, previous_to_date;
  ReportSpan current, previous;
  std::string zone;  // IANA name the dates are in
  ReportGrain grain = ReportGrain::day;
  std::vector<ReportBucket> buckets;           // cover `current` exactly, in order
  std::vector<ReportBucket> previous_buckets;  // cover `previous` exactly, in order
  // A width (ms) that divides every bucket boundary of both periods measured from the Unix epoch:
  // SQL may group rows by (t / slot_ms) and the service folds the slots into buckets. 3,600,000
  // for a zone whose offsets in the periods are whole hours, else 900,000.
  Millis slot_ms = 3'600'000;

  // Index of the bucket of `buckets` (or previous_buckets) holding t; -1 when outside.
  int bucket_of(Millis t) const;
  int previous_bucket_of(Millis t) const;
};

// Reads the preset and, for `custom`, the dates (inclusive, "YYYY-MM-DD", to >= from, at most
// 731 days, not after today) into a range in `zone`. An empty preset is "30d". Presets end today
// (included, so the last bucket is still filling). Grain: day up to 92 days, week up to 366, else
// month. Errors are invalid_input naming the field (preset, from, to).
Result<ReportRange> resolve_report_range(std::string_view preset, std::string_view from_date,
                                         std::string_view to_date, Millis now_ms,
                                         const geo::TimeZone& zone);

// A headline figure, its value over the previous period, and its trend over the buckets.
struct ReportKpi {
  std::string key;    // "requests"
  std::string label;  // "Requests"
  ReportUnit unit = ReportUnit::count;
  std::int64_t value = 0;
  std::int64_t previous = 0;
  bool has_previous = true;  // false for a figure with no meaningful earlier value
  // Whether a rise is good news (requests, revenue) or bad (refunds, disputes): the page colours
  // the change accordingly.
  bool higher_is_better = true;
  std::vector<std::int64_t> trend;  // one value per bucket of the current period (may be empty)
};

// One cell of a table: `number` for numeric units, `text` for text (and for a number with no
// value, e.g. a median of nothing, `missing` is set and the page shows a dash).
struct ReportCell {
  std::int64_t number = 0;
  std::string text;
  bool missing = false;
};

struct ReportColumn {
  std::string key;    // "requests"; the CSV header and the JSON field
  std::string label;  // "Requests"
  ReportUnit unit = ReportUnit::count;
};

// A table: the accessible form of a chart, the CSV, the JSON. Rows hold one cell per column.
struct ReportTable {
  std::string key;    // "by_day"; the CSV is /admin/reports/{name}.csv?table={key}
  std::string title;  // "Requests per day"
  std::vector<ReportColumn> columns;
  std::vector<std::vector<ReportCell>> rows;
  std::string note;  // one line under the table, e.g. what a figure counts
  // The page shows the first shown_rows rows (0 = all) and says how many the CSV holds; the CSV
  // and the JSON always carry every row. For long lists (a row per plumber).
  std::size_t shown_rows = 0;
  // False when a page's table holds only the rows it shows and the number of all rows is unknown
  // (counting them would cost the page what it saves; the Plumbers page): the page then says the
  // CSV holds every row without a number.
  bool rows_counted = true;
};

// A chart drawn from one table: labels from `label_column`, one series per `value_columns`.
struct ReportChart {
  std::string key;
  std::string title;
  std::string kind = "line";  // "line", "bar", "stacked-bar", "doughnut"
  std::string table_key;      // the table it draws
  std::string label_column;   // that table's column for the x axis (or slices)
  std::vector<std::string> value_columns;
};

// A point of a map (request density at a ZIP centroid): drawn as a circle sized by `value`.
struct ReportMapPoint {
  std::string label;  // "94103 San Francisco"
  double lat = 0, lng = 0;
  std::int64_t value = 0;
};

struct ReportMap {
  std::string key;
  std::string title;
  std::string table_key;  // the table that lists the same points (the map's fallback)
  std::vector<ReportMapPoint> points;
};

// A whole report as every renderer sees it.
struct Report {
  std::string name;     // "overview"; the URL segment
  std::string title;    // "Overview"
  std::string summary;  // one sentence saying what the report answers
  ReportRange range;
  std::vector<ReportKpi> kpis;
  std::vector<ReportChart> charts;
  std::vector<ReportTable> tables;
  std::vector<ReportMap> maps;

  const ReportTable* table(std::string_view key) const;
};

// A share in basis points (10,000 = 100 %), rounded half up; 0 when the whole is 0.
std::int64_t share_bp(std::int64_t part, std::int64_t whole);
// The value at quantile q (0..1) of sorted values by the nearest-rank method; nullopt when empty.
std::optional<std::int64_t> nearest_rank(const std::vector<std::int64_t>& sorted, double q);

}  // namespace plumbline::domain
