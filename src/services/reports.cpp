// ReportService: the list of reports, and one report over a period in the operator's zone.
#include "services/reports.hpp"

#include <set>
#include <stdexcept>

namespace plumbline::services {

ReportService::ReportService(std::vector<std::unique_ptr<ReportBuilder>> builders,
                             const SettingsService& settings, const geo::TimeZones& zones,
                             const Clock& clock)
    : builders_(std::move(builders)), settings_(settings), zones_(zones), clock_(clock) {
  std::set<std::string, std::less<>> seen;
  for (const auto& b : builders_) {
    if (!b || b->name().empty()) throw std::invalid_argument("a report without a name");
    if (!seen.insert(std::string(b->name())).second)
      throw std::invalid_argument("two reports are named " + std::string(b->name()));
  }
}

std::vector<ReportListEntry> ReportService::list() const {
  std::vector<ReportListEntry> out;
  for (const auto& b : builders_)
    out.push_back({std::string(b->name()), std::string(b->title()), std::string(b->summary())});
  return out;
}

domain::Result<domain::Report> ReportService::build(std::string_view name, std::string_view preset,
                                                    std::string_view from, std::string_view to,
                                                    bool for_page) const {
  const ReportBuilder* builder = nullptr;
  for (const auto& b : builders_)
    if (b->name() == name) builder = b.get();
  if (!builder) return domain::Error::make(domain::ErrorCode::not_found, "No such report.");
  if (preset.empty() && (!from.empty() || !to.empty())) preset = "custom";
  const auto& zone = zones_.get_or_utc(settings_.current()->time_zone);
  auto range = domain::resolve_report_range(preset, from, to, clock_.now_ms(), zone);
  if (!range) return range.error();
  auto report = for_page ? builder->build_page(*range) : builder->build(*range);
  report.name = std::string(builder->name());
  if (report.title.empty()) report.title = std::string(builder->title());
  if (report.summary.empty()) report.summary = std::string(builder->summary());
  report.range = std::move(*range);
  return report;
}

}  // namespace plumbline::services
