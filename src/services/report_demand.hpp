// The Demand report: where requests come from (service, urgency, source, area), duplicates, and the
// recruiting list of areas whose requests reached no plumber.
#pragma once
#include "geo/time_zone.hpp"
#include "geo/zip_table.hpp"
#include "services/report_builder.hpp"
#include "services/report_rollups.hpp"
#include "store/store.hpp"

namespace plumbline::services {

// The demand report's statements kept in the daily rollups.
std::vector<RollupEntry> demand_rollups();

class DemandReport final : public ReportBuilder {
 public:
  // The ZIP table gives the map's centroids; the zones format the recruiting list's dates in the
  // range's zone (UTC when it was not loaded).
  DemandReport(store::Store& store, const geo::ZipTable& zips, const geo::TimeZones& zones)
      : store_(store), zips_(zips), zones_(zones) {}

  std::string_view name() const override { return "demand"; }
  std::string_view title() const override { return "Demand"; }
  domain::Report build(const domain::ReportRange& range) const override;

  // The longest lists the report carries (the CSV and JSON hold every row up to these).
  static constexpr std::size_t top_cities = 50;
  static constexpr std::size_t top_zips = 500;  // also the map's points

 private:
  store::Store& store_;
  const geo::ZipTable& zips_;
  const geo::TimeZones& zones_;
};

}  // namespace plumbline::services
