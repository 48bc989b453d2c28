// The Plumbers report: how many plumbers are active (a claim or a payment) per bucket, and per
// plumber what they were matched, claimed, won and spent, how fast they answered, and what a won
// job cost them. Read-only; docs/reports.md "Plumbers" defines every figure.
#pragma once
#include <string_view>

#include "services/report_builder.hpp"
#include "store/store.hpp"

namespace plumbline::services {

class PlumbersReport : public ReportBuilder {
 public:
  // Rows shown on the page; the CSV and JSON carry every plumber.
  static constexpr std::size_t shown_plumbers = 100;

  explicit PlumbersReport(store::Store& store) : store_(store) {}
  std::string_view name() const override { return "plumbers"; }
  std::string_view title() const override { return "Plumbers"; }
  domain::Report build(const domain::ReportRange& range) const override;
  // Business names only for the shown_plumbers rows (the other rows' name cells are empty).
  domain::Report build_page(const domain::ReportRange& range) const override;

 private:
  domain::Report make(const domain::ReportRange& range, bool for_page) const;
  store::Store& store_;
};

}  // namespace plumbline::services
