// "Demand in my area": a plumber's own report over a period (4, 12 or 26 weeks, or custom dates)
// in their base ZIP's time zone — the requests in their area per week by service, what became of
// them for the plumber and why they missed the rest, and their claim rate and cost per job won.
#pragma once
#include <cstdint>
#include <string_view>

#include "domain/error.hpp"
#include "domain/my_area.hpp"
#include "domain/report.hpp"
#include "services/catalog_cache.hpp"
#include "services/clock.hpp"
#include "services/local_zones.hpp"
#include "store/store.hpp"

namespace plumbline::services {

class MyAreaReportService {
 public:
  MyAreaReportService(store::Store& store, const LocalZones& zones, const Clock& clock,
                      CatalogCache& catalog);

  // The plumber's report (Report::name "my-area"). bad_request naming preset/from/to for a bad
  // period; not_found when plumber_id is not a plumber. Reads only; other plumbers and homeowners
  // appear only as counts.
  domain::Result<domain::Report> build(std::int64_t plumber_id, std::string_view preset,
                                       std::string_view from_date, std::string_view to_date) const;

 private:
  store::Store& store_;
  const LocalZones& zones_;
  const Clock& clock_;
  CatalogCache& catalog_;
};

}  // namespace plumbline::services
