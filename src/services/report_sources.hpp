// The Lead sources report: which channel (intake source, UTM source / medium / campaign, referrer
// host) brings requests that get matched, claimed and end in a hire, what plumbers spent on them
// and how many were disputed. Read-only; docs/reports.md "Lead sources" defines every figure.
#pragma once
#include <string_view>
#include <vector>

#include "services/report_builder.hpp"
#include "services/report_rollups.hpp"
#include "store/store.hpp"

namespace plumbline::services {

// The sources report's statement kept in the daily rollups.
std::vector<RollupEntry> sources_rollups();

class SourcesReport : public ReportBuilder {
 public:
  // Campaign and referrer rows shown on the page; the CSV and JSON carry every row.
  static constexpr std::size_t shown_channels = 100;

  explicit SourcesReport(store::Store& store) : store_(store) {}
  std::string_view name() const override { return "sources"; }
  std::string_view title() const override { return "Lead sources"; }
  domain::Report build(const domain::ReportRange& range) const override;

 private:
  store::Store& store_;
};

}  // namespace plumbline::services
