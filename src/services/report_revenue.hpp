// The revenue report: what we earned (subscriptions, packs, less refunds and lost chargebacks),
// the MRR and how subscriptions moved, and what we owe (the credits plumbers hold).
#pragma once
#include <string_view>

#include "geo/time_zone.hpp"
#include "services/report_builder.hpp"
#include "services/report_rollups.hpp"
#include "store/store.hpp"

namespace plumbline::services {

// The revenue report's statements kept in the daily rollups.
std::vector<RollupEntry> revenue_rollups();

class RevenueReport : public ReportBuilder {
 public:
  // `zones` holds the operator's zone (range.zone) for the calendar months; UTC if missing.
  RevenueReport(store::Store& store, const geo::TimeZones& zones) : store_(store), zones_(zones) {}

  std::string_view name() const override { return "revenue"; }
  std::string_view title() const override { return "Revenue"; }
  // One read transaction: a handful of grouped sums per period (see docs/reports.md#revenue).
  domain::Report build(const domain::ReportRange& range) const override;

 private:
  store::Store& store_;
  const geo::TimeZones& zones_;
};

}  // namespace plumbline::services
