// The revenue report's pure parts: calendar months of a period in the operator's zone.
#include "domain/report_revenue.hpp"

#include <algorithm>

namespace plumbline::domain {

std::vector<ReportBucket> report_months(const ReportRange& range, const geo::TimeZone& zone) {
  std::vector<ReportBucket> out;
  auto first = geo::iso_date_days(range.from_date);
  auto last = geo::iso_date_days(range.to_date);
  if (!first || !last || *last < *first) return out;
  // Walk the local days (at most 731) and start a month wherever the "YYYY-MM" changes.
  for (std::int64_t day = *first; day <= *last; ++day) {
    std::string month = geo::iso_date_of_days(day).substr(0, 7);
    if (!out.empty() && out.back().label == month) continue;
    Millis start = day == *first ? range.current.from_ms : geo::local_midnight_of_days(day, zone);
    if (!out.empty()) out.back().span.to_ms = start;
    out.push_back({{start, range.current.to_ms}, month});
  }
  return out;
}

int report_bucket_index(const std::vector<ReportBucket>& buckets, Millis t) {
  auto it = std::upper_bound(buckets.begin(), buckets.end(), t,
                             [](Millis v, const ReportBucket& b) { return v < b.span.from_ms; });
  if (it == buckets.begin()) return -1;
  --it;
  return it->span.contains(t) ? static_cast<int>(it - buckets.begin()) : -1;
}

}  // namespace plumbline::domain
