// The demand report's rules: the grouped counts the store returns (per time slot, per area) and
// how they fold into buckets, rankings of areas and the recruiting list (areas no plumber covers).
#pragma once
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "domain/report.hpp"

namespace plumbline::domain {

// Requests created in one slot (created_at / slot_ms) with one value of a dimension (a service, an
// urgency, a source; empty when the query has no dimension), and how many of them reached no
// plumber (match_count = 0).
struct DemandSlotCount {
  std::int64_t slot = 0;
  std::string key;
  std::int64_t requests = 0;
  std::int64_t unmatched = 0;
  bool operator==(const DemandSlotCount&) const = default;
};

// Requests created in one slot with one urgency and one source (one query gives both tables).
struct DemandSlotMix {
  std::int64_t slot = 0;
  std::string urgency, source;
  std::int64_t requests = 0;
  bool operator==(const DemandSlotMix&) const = default;
};

// Requests of one ZIP over a whole period.
struct DemandZipCount {
  std::string zip;
  std::int64_t requests = 0;
  bool operator==(const DemandZipCount&) const = default;
};

// Unmatched requests (no plumber matched, not a duplicate) of one ZIP for one service over a
// whole period, and the newest one's created_at.
struct DemandUnmatched {
  std::string zip, service_type;
  std::int64_t unmatched = 0;
  Millis latest = 0;
  bool operator==(const DemandUnmatched&) const = default;
};

// One ZIP over a whole period, named (city, state) by the ZIP table: requests, unmatched ones, and
// the newest unmatched one's created_at (0 when none).
struct DemandAreaCount {
  std::string zip, city, state;
  std::int64_t requests = 0;
  std::int64_t unmatched = 0;
  Millis latest_unmatched_at = 0;
};

// One dimension's counts per bucket of the current period.
struct DemandBuckets {
  std::map<std::string, std::vector<std::int64_t>> requests;  // key → one count per bucket
  std::vector<std::int64_t> total;                            // every key, per bucket
  std::vector<std::int64_t> unmatched;                        // every key, per bucket
};

// The urgency and the source rows of a mixed slot count, each as slot counts of its own.
std::vector<DemandSlotCount> demand_urgency_slots(const std::vector<DemandSlotMix>& rows);
std::vector<DemandSlotCount> demand_source_slots(const std::vector<DemandSlotMix>& rows);

// Joins a period's ZIP counts and unmatched counts into one row per ZIP, sorted by ZIP (what the
// functions below take), named by `name_of`
// (ZIP → city and state; empty when unknown). A ZIP with unmatched rows but no count row (cannot
// happen within one snapshot) still gets its row.
using DemandZipNamer = std::function<std::pair<std::string, std::string>(const std::string& zip)>;
std::vector<DemandAreaCount> demand_areas(const std::vector<DemandZipCount>& zips,
                                          const std::vector<DemandUnmatched>& unmatched,
                                          const DemandZipNamer& name_of);

// Folds slot rows into range.buckets (slot * slot_ms lies in exactly one bucket because slot_ms
// divides every boundary); rows outside the current period are ignored.
DemandBuckets fold_demand_slots(const ReportRange& range, const std::vector<DemandSlotCount>& rows);

// A whole period's figures from its area rows (one per ZIP, sorted, as demand_areas gives them):
// requests, unmatched requests, and the ZIPs with at least one unmatched request.
struct DemandTotals {
  std::int64_t requests = 0;
  std::int64_t unmatched = 0;
  std::int64_t unmatched_areas = 0;
};
DemandTotals demand_totals(const std::vector<DemandAreaCount>& areas);

// A ranked area: a ZIP (with its city and state) or a city (zip empty).
struct DemandAreaRank {
  std::string zip, city, state;
  std::int64_t count = 0;
  std::int64_t previous = 0;  // the same area in the previous period
  Millis latest = 0;          // recruiting list: the newest unmatched request
  std::vector<std::pair<std::string, std::int64_t>> services;  // recruiting: most asked first
};

// ZIPs by requests (most first, then by ZIP), at most `limit`, each with the previous period's.
std::vector<DemandAreaRank> rank_demand_zips(const std::vector<DemandAreaCount>& current,
                                             const std::vector<DemandAreaCount>& previous,
                                             std::size_t limit);
// Cities (the city and state of each ZIP) by requests, likewise.
std::vector<DemandAreaRank> rank_demand_cities(const std::vector<DemandAreaCount>& current,
                                               const std::vector<DemandAreaCount>& previous,
                                               std::size_t limit);
// The recruiting list: every ZIP with unmatched requests in the current period, by that count
// (then by ZIP), with the previous period's count, the newest one's time and its services (most
// asked first, then by slug; at most `services_per_area`).
std::vector<DemandAreaRank> demand_recruiting_list(const std::vector<DemandAreaCount>& current,
                                                   const std::vector<DemandAreaCount>& previous,
                                                   const std::vector<DemandUnmatched>& services,
                                                   std::size_t services_per_area = 3);

}  // namespace plumbline::domain
