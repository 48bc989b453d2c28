// One report as the reports service sees it: a name, a title, and how to build it over a period.
// Each report (overview, demand, health, revenue, plumbers, sources) implements this; app.cpp lists
// them all in one place and hands them to services::ReportService.
#pragma once
#include <string_view>

#include "domain/report.hpp"

namespace plumbline::services {

class ReportBuilder {
 public:
  virtual ~ReportBuilder() = default;
  virtual std::string_view name() const = 0;   // "overview": the URL segment, unique
  virtual std::string_view title() const = 0;  // "Overview"
  // One sentence saying what the report answers, for the list of reports (empty: none).
  virtual std::string_view summary() const { return {}; }
  // The report over range.current compared with range.previous. Reads only (Store::read); throws
  // domain::Failure when the store is unavailable, like every read.
  virtual domain::Report build(const domain::ReportRange& range) const = 0;
  // The same for the page, which shows only each table's first shown_rows rows: a builder may
  // leave out what only the other rows need (their text cells may be empty). The CSV and the JSON
  // use build(). By default the whole report.
  virtual domain::Report build_page(const domain::ReportRange& range) const { return build(range); }
};

}  // namespace plumbline::services
