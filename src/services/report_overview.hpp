// The Overview report: requests, matched share, claims, revenue, active plumbers and credits
// outstanding, each with its trend per bucket and its value over the previous period.
#pragma once
#include <vector>

#include "services/report_builder.hpp"
#include "services/report_rollups.hpp"
#include "store/store.hpp"

namespace plumbline::services {

// The overview's statements kept in the daily rollups (for the worker's ReportRollupService).
std::vector<RollupEntry> overview_rollups();

class OverviewReport final : public ReportBuilder {
 public:
  explicit OverviewReport(store::Store& store) : store_(store) {}
  std::string_view name() const override { return "overview"; }
  std::string_view title() const override { return "Overview"; }
  std::string_view summary() const override {
    return "How the marketplace is doing: requests, how many found a plumber, claims, revenue, "
           "active plumbers and the credits plumbers still hold.";
  }
  domain::Report build(const domain::ReportRange& range) const override;

 private:
  store::Store& store_;
};

}  // namespace plumbline::services
