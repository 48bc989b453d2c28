// ReportService: every admin report in one place. It resolves the period staff picked in the
// operator's time zone (business settings) and asks the named report's builder for its content;
// the pages, the CSV and the JSON render what it returns without knowing which report it is.
#pragma once
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "domain/error.hpp"
#include "domain/report.hpp"
#include "geo/time_zone.hpp"
#include "services/clock.hpp"
#include "services/report_builder.hpp"
#include "services/settings.hpp"

namespace plumbline::services {

struct ReportListEntry {
  std::string name;     // the URL segment
  std::string title;    // "Overview"
  std::string summary;  // one sentence (may be empty)
};

class ReportService {
 public:
  // `builders` in menu order; a name used twice (or an empty one) throws std::invalid_argument:
  // a startup error. The time zone is the settings' one when `zones` loaded it, else UTC.
  ReportService(std::vector<std::unique_ptr<ReportBuilder>> builders,
                const SettingsService& settings, const geo::TimeZones& zones, const Clock& clock);

  std::vector<ReportListEntry> list() const;
  // The named report over the period: not_found for an unknown name; invalid_input naming the
  // field (preset, from, to) for a period that does not resolve. From and to without a preset
  // mean the custom preset.
  // `for_page`: only what the page shows (ReportBuilder::build_page); the CSV and JSON need all.
  domain::Result<domain::Report> build(std::string_view name, std::string_view preset,
                                       std::string_view from, std::string_view to,
                                       bool for_page = false) const;

 private:
  std::vector<std::unique_ptr<ReportBuilder>> builders_;
  const SettingsService& settings_;
  const geo::TimeZones& zones_;
  const Clock& clock_;
};

}  // namespace plumbline::services
