// Which days of a period come from rollups, and how a day's rows fold into one per key.
#include "domain/report_rollup.hpp"

#include <algorithm>
#include <map>
#include <tuple>

namespace plumbline::domain {

namespace {

// Whether [from, to) lies inside one bucket.
bool inside_one_bucket(const ReportSpan& day, const std::vector<ReportBucket>& buckets) {
  return std::any_of(buckets.begin(), buckets.end(), [&](const ReportBucket& b) {
    return day.from_ms >= b.span.from_ms && day.to_ms <= b.span.to_ms;
  });
}

}  // namespace

RollupCoverage plan_rollup_coverage(const ReportSpan& span,
                                    const std::vector<ReportBucket>& buckets, Millis slot_ms,
                                    const std::vector<RollupDay>& built) {
  std::vector<ReportSpan> days;
  for (const auto& d : built) {
    const auto& s = d.span;
    if (d.stale || s.to_ms <= s.from_ms || s.from_ms < span.from_ms || s.to_ms > span.to_ms)
      continue;
    if (slot_ms <= 0 || s.from_ms % slot_ms != 0 || !inside_one_bucket(s, buckets)) continue;
    days.push_back(s);
  }
  std::sort(days.begin(), days.end(),
            [](const ReportSpan& a, const ReportSpan& b) { return a.from_ms < b.from_ms; });
  RollupCoverage out;
  Millis at = span.from_ms;
  for (const auto& d : days) {
    if (d.from_ms < at) continue;  // overlaps one taken already (days of another zone)
    if (d.from_ms > at) out.raw.push_back({at, d.from_ms});
    out.rolled.push_back(d);
    at = d.to_ms;
  }
  if (at < span.to_ms) out.raw.push_back({at, span.to_ms});
  return out;
}

std::vector<ReportSpan> rollup_days_due(Millis now_ms, const geo::TimeZone& zone) {
  std::vector<ReportSpan> out;
  auto today = geo::iso_date_days(geo::local_iso_date(now_ms, zone));
  if (!today) return out;
  for (std::int64_t day = *today; day > *today - rollup_history_days - 1; --day) {
    ReportSpan s{geo::local_midnight_of_days(day, zone),
                 geo::local_midnight_of_days(day + 1, zone)};
    if (s.to_ms + rollup_settle_ms <= now_ms) out.push_back(s);
  }
  return out;
}

std::vector<RollupRow> merge_rollup_rows(std::vector<RollupRow> rows, std::size_t key_count) {
  using Key = std::pair<std::array<std::string, 6>, std::vector<std::int64_t>>;
  std::map<Key, RollupRow> merged;
  for (auto& r : rows) {
    Key key{r.text, std::vector<std::int64_t>(r.num.begin(), r.num.begin() + key_count)};
    auto [it, fresh] = merged.try_emplace(std::move(key), r);
    if (fresh) continue;
    for (std::size_t i = key_count; i < r.num.size(); ++i) it->second.num[i] += r.num[i];
  }
  std::vector<RollupRow> out;
  out.reserve(merged.size());
  for (auto& [key, row] : merged) out.push_back(std::move(row));
  return out;
}

}  // namespace plumbline::domain
