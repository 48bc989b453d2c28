// The demand report's folding and ranking: slot rows into buckets, area rows into ranked ZIPs and
// cities, and the recruiting list.
#include "domain/report_demand.hpp"

#include <algorithm>
#include <tuple>

namespace plumbline::domain {
namespace {

// One ZIP over a period, as demand_areas gave it (one row per ZIP; summed should a caller pass
// several).
struct DemandZipSum {
  std::string city, state;
  std::int64_t requests = 0, unmatched = 0;
  Millis latest = 0;
};

std::map<std::string, DemandZipSum> demand_sum_by_zip(const std::vector<DemandAreaCount>& rows) {
  std::map<std::string, DemandZipSum> out;
  for (const auto& r : rows) {
    auto& z = out[r.zip];
    z.city = r.city;
    z.state = r.state;
    z.requests += r.requests;
    z.unmatched += r.unmatched;
    z.latest = std::max(z.latest, r.latest_unmatched_at);
  }
  return out;
}

// Most first, then by the area's name.
void sort_demand_ranks(std::vector<DemandAreaRank>& rows) {
  std::sort(rows.begin(), rows.end(), [](const DemandAreaRank& a, const DemandAreaRank& b) {
    if (a.count != b.count) return a.count > b.count;
    return std::tie(a.zip, a.state, a.city) < std::tie(b.zip, b.state, b.city);
  });
}

}  // namespace

std::vector<DemandSlotCount> demand_urgency_slots(const std::vector<DemandSlotMix>& rows) {
  std::vector<DemandSlotCount> out;
  out.reserve(rows.size());
  for (const auto& r : rows) out.push_back({r.slot, r.urgency, r.requests, 0});
  return out;
}

std::vector<DemandSlotCount> demand_source_slots(const std::vector<DemandSlotMix>& rows) {
  std::vector<DemandSlotCount> out;
  out.reserve(rows.size());
  for (const auto& r : rows) out.push_back({r.slot, r.source, r.requests, 0});
  return out;
}

std::vector<DemandAreaCount> demand_areas(const std::vector<DemandZipCount>& zips,
                                          const std::vector<DemandUnmatched>& unmatched,
                                          const DemandZipNamer& name_of) {
  std::map<std::string, DemandAreaCount> by_zip;
  for (const auto& z : zips) by_zip[z.zip].requests += z.requests;
  for (const auto& u : unmatched) {
    auto& a = by_zip[u.zip];
    a.unmatched += u.unmatched;
    a.latest_unmatched_at = std::max(a.latest_unmatched_at, u.latest);
  }
  std::vector<DemandAreaCount> out;
  out.reserve(by_zip.size());
  for (auto& [zip, a] : by_zip) {
    a.zip = zip;
    std::tie(a.city, a.state) = name_of(zip);
    out.push_back(std::move(a));
  }
  return out;
}

DemandBuckets fold_demand_slots(const ReportRange& range,
                                const std::vector<DemandSlotCount>& rows) {
  DemandBuckets out;
  const auto n = range.buckets.size();
  out.total.assign(n, 0);
  out.unmatched.assign(n, 0);
  for (const auto& r : rows) {
    int b = range.bucket_of(r.slot * range.slot_ms);
    if (b < 0) continue;
    auto& series = out.requests[r.key];
    if (series.empty()) series.assign(n, 0);
    series[static_cast<std::size_t>(b)] += r.requests;
    out.total[static_cast<std::size_t>(b)] += r.requests;
    out.unmatched[static_cast<std::size_t>(b)] += r.unmatched;
  }
  return out;
}

DemandTotals demand_totals(const std::vector<DemandAreaCount>& areas) {
  DemandTotals t;
  for (const auto& [zip, z] : demand_sum_by_zip(areas)) {
    t.requests += z.requests;
    t.unmatched += z.unmatched;
    if (z.unmatched > 0) ++t.unmatched_areas;
  }
  return t;
}

std::vector<DemandAreaRank> rank_demand_zips(const std::vector<DemandAreaCount>& current,
                                             const std::vector<DemandAreaCount>& previous,
                                             std::size_t limit) {
  auto before = demand_sum_by_zip(previous);
  std::vector<DemandAreaRank> out;
  for (const auto& [zip, z] : demand_sum_by_zip(current)) {
    DemandAreaRank r{zip, z.city, z.state, z.requests};
    if (auto it = before.find(zip); it != before.end()) r.previous = it->second.requests;
    out.push_back(std::move(r));
  }
  sort_demand_ranks(out);
  if (out.size() > limit) out.resize(limit);
  return out;
}

std::vector<DemandAreaRank> rank_demand_cities(const std::vector<DemandAreaCount>& current,
                                               const std::vector<DemandAreaCount>& previous,
                                               std::size_t limit) {
  using CityKey = std::pair<std::string, std::string>;  // state, city
  auto sum = [](const std::vector<DemandAreaCount>& rows) {
    std::map<CityKey, std::int64_t> m;
    for (const auto& r : rows) m[{r.state, r.city}] += r.requests;
    return m;
  };
  auto before = sum(previous);
  std::vector<DemandAreaRank> out;
  for (const auto& [key, count] : sum(current)) {
    DemandAreaRank r{"", key.second, key.first, count};
    if (auto it = before.find(key); it != before.end()) r.previous = it->second;
    out.push_back(std::move(r));
  }
  sort_demand_ranks(out);
  if (out.size() > limit) out.resize(limit);
  return out;
}

std::vector<DemandAreaRank> demand_recruiting_list(const std::vector<DemandAreaCount>& current,
                                                   const std::vector<DemandAreaCount>& previous,
                                                   const std::vector<DemandUnmatched>& services,
                                                   std::size_t services_per_area) {
  auto before = demand_sum_by_zip(previous);
  std::map<std::string, std::vector<std::pair<std::string, std::int64_t>>> asked;
  for (const auto& s : services)
    if (s.unmatched > 0) asked[s.zip].emplace_back(s.service_type, s.unmatched);
  std::vector<DemandAreaRank> out;
  for (const auto& [zip, z] : demand_sum_by_zip(current)) {
    if (z.unmatched == 0) continue;
    DemandAreaRank r{zip, z.city, z.state, z.unmatched};
    if (auto it = before.find(zip); it != before.end()) r.previous = it->second.unmatched;
    r.latest = z.latest;
    auto& list = asked[zip];
    std::sort(list.begin(), list.end(), [](const auto& a, const auto& b) {
      return a.second != b.second ? a.second > b.second : a.first < b.first;
    });
    if (list.size() > services_per_area) list.resize(services_per_area);
    r.services = std::move(list);
    out.push_back(std::move(r));
  }
  sort_demand_ranks(out);
  return out;
}

}  // namespace plumbline::domain
