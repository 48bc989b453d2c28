// The Marketplace health report: does the marketplace work for both sides? Match rate, time to a
// first claim, claims per request, requests filled or expired, disputes and refunds, and what
// homeowners did with their requests, per bucket and over the period against the one before.
#pragma once
#include <string_view>
#include <vector>

#include "services/report_builder.hpp"
#include "services/report_rollups.hpp"
#include "store/store.hpp"

namespace plumbline::services {

// The health report's statements kept in the daily rollups.
std::vector<RollupEntry> health_rollups();

class HealthReportBuilder final : public ReportBuilder {
 public:
  explicit HealthReportBuilder(store::Store& store) : store_(store) {}

  std::string_view name() const override { return "health"; }
  std::string_view title() const override { return "Marketplace health"; }
  // Eight grouped reads (four per period) in one read transaction.
  domain::Report build(const domain::ReportRange& range) const override;

 private:
  store::Store& store_;
};

}  // namespace plumbline::services
