// The demand report's folding and ranking: slot rows into buckets, area rows into ranked ZIPs and
// cities, and the recruiting list. Tens of thousands of ZIPs per period: sorted vectors and
// partial sorts, no per-ZIP maps.
#include "domain/report_demand.hpp"

#include <algorithm>
#include <tuple>
#include <unordered_map>

namespace plumbline::domain {
namespace {

// The row of `zip` in rows sorted by ZIP (as demand_areas gives them); nullptr when absent.
const DemandAreaCount* demand_row_of(const std::vector<DemandAreaCount>& rows,
                                     const std::string& zip) {
  auto it =
      std::lower_bound(rows.begin(), rows.end(), zip,
                       [](const DemandAreaCount& r, const std::string& z) { return r.zip < z; });
  return it != rows.end() && it->zip == zip ? &*it : nullptr;
}

bool demand_rank_before(const DemandAreaRank& a, const DemandAreaRank& b) {
  if (a.count != b.count) return a.count > b.count;
  return std::tie(a.zip, a.state, a.city) < std::tie(b.zip, b.state, b.city);
}

// Keeps the first `limit` rows in rank order (most first, then by the area's name).
void keep_top_demand_ranks(std::vector<DemandAreaRank>& rows, std::size_t limit) {
  if (rows.size() > limit) {
    std::partial_sort(rows.begin(), rows.begin() + static_cast<std::ptrdiff_t>(limit), rows.end(),
                      demand_rank_before);
    rows.resize(limit);
  } else {
    std::sort(rows.begin(), rows.end(), demand_rank_before);
  }
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
  std::vector<DemandAreaCount> out;
  out.reserve(zips.size());
  for (const auto& z : zips) out.push_back({z.zip, "", "", z.requests, 0, 0});
  const auto by_zip = [](const DemandAreaCount& a, const DemandAreaCount& b) {
    return a.zip < b.zip;
  };
  if (!std::is_sorted(out.begin(), out.end(), by_zip))  // the stores give them sorted
    std::sort(out.begin(), out.end(), by_zip);
  // The SQL groups by ZIP, so ZIPs are unique; merge any repeat all the same.
  std::vector<DemandAreaCount> merged;
  merged.reserve(out.size());
  for (auto& a : out) {
    if (!merged.empty() && merged.back().zip == a.zip)
      merged.back().requests += a.requests;
    else
      merged.push_back(std::move(a));
  }
  std::vector<DemandAreaCount> extra;  // unmatched rows of a ZIP with no count row
  for (const auto& u : unmatched) {
    auto* row = const_cast<DemandAreaCount*>(demand_row_of(merged, u.zip));
    if (row == nullptr) {
      auto it = std::find_if(extra.begin(), extra.end(),
                             [&](const DemandAreaCount& e) { return e.zip == u.zip; });
      if (it == extra.end()) {
        extra.push_back(DemandAreaCount{u.zip, "", "", 0, 0, 0});
        it = extra.end() - 1;
      }
      row = &*it;
    }
    row->unmatched += u.unmatched;
    row->latest_unmatched_at = std::max(row->latest_unmatched_at, u.latest);
  }
  if (!extra.empty()) {
    merged.insert(merged.end(), extra.begin(), extra.end());
    std::sort(merged.begin(), merged.end(),
              [](const DemandAreaCount& a, const DemandAreaCount& b) { return a.zip < b.zip; });
  }
  for (auto& a : merged) std::tie(a.city, a.state) = name_of(a.zip);
  return merged;
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
  for (const auto& a : areas) {
    t.requests += a.requests;
    t.unmatched += a.unmatched;
    if (a.unmatched > 0) ++t.unmatched_areas;
  }
  return t;
}

std::vector<DemandAreaRank> rank_demand_zips(const std::vector<DemandAreaCount>& current,
                                             const std::vector<DemandAreaCount>& previous,
                                             std::size_t limit) {
  std::vector<DemandAreaRank> out;
  out.reserve(current.size());
  for (const auto& a : current) out.push_back({a.zip, a.city, a.state, a.requests});
  keep_top_demand_ranks(out, limit);
  for (auto& r : out)
    if (const auto* before = demand_row_of(previous, r.zip)) r.previous = before->requests;
  return out;
}

std::vector<DemandAreaRank> rank_demand_cities(const std::vector<DemandAreaCount>& current,
                                               const std::vector<DemandAreaCount>& previous,
                                               std::size_t limit) {
  auto key_of = [](const DemandAreaCount& a) {
    std::string k = a.state;
    k += '\0';
    k += a.city;
    return k;
  };
  std::unordered_map<std::string, std::size_t> index;  // city key → row of `out`
  std::vector<DemandAreaRank> out;
  for (const auto& a : current) {
    auto [it, added] = index.try_emplace(key_of(a), out.size());
    if (added) out.push_back({"", a.city, a.state, 0});
    out[it->second].count += a.requests;
  }
  keep_top_demand_ranks(out, limit);
  std::unordered_map<std::string, std::size_t> kept;
  for (std::size_t i = 0; i < out.size(); ++i)
    kept.emplace(key_of({"", out[i].city, out[i].state}), i);
  for (const auto& a : previous)
    if (auto it = kept.find(key_of(a)); it != kept.end()) out[it->second].previous += a.requests;
  return out;
}

std::vector<DemandAreaRank> demand_recruiting_list(const std::vector<DemandAreaCount>& current,
                                                   const std::vector<DemandAreaCount>& previous,
                                                   const std::vector<DemandUnmatched>& services,
                                                   std::size_t services_per_area) {
  std::vector<DemandAreaRank> out;
  for (const auto& a : current) {
    if (a.unmatched == 0) continue;
    DemandAreaRank r{a.zip, a.city, a.state, a.unmatched};
    if (const auto* before = demand_row_of(previous, a.zip)) r.previous = before->unmatched;
    r.latest = a.latest_unmatched_at;
    out.push_back(std::move(r));
  }
  std::sort(out.begin(), out.end(), demand_rank_before);
  std::unordered_map<std::string, std::size_t> row_of;
  for (std::size_t i = 0; i < out.size(); ++i) row_of.emplace(out[i].zip, i);
  for (const auto& s : services)
    if (auto it = row_of.find(s.zip); it != row_of.end() && s.unmatched > 0)
      out[it->second].services.emplace_back(s.service_type, s.unmatched);
  for (auto& r : out) {
    std::sort(r.services.begin(), r.services.end(), [](const auto& a, const auto& b) {
      return a.second != b.second ? a.second > b.second : a.first < b.first;
    });
    if (r.services.size() > services_per_area) r.services.resize(services_per_area);
  }
  return out;
}

}  // namespace plumbline::domain
