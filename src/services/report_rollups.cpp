// Reading through the reports' daily rollups, and the worker's pass that keeps them.
#include "services/report_rollups.hpp"

#include <algorithm>
#include <limits>
#include <map>
#include <set>

namespace plumbline::services {

RollupReader::RollupReader(store::Tx& tx, const domain::ReportSpan& span,
                           const std::vector<domain::ReportBucket>& buckets, domain::Millis slot_ms)
    : tx_(tx), slot_ms_(slot_ms) {
  auto built = tx.report_rollup_days(span.from_ms, span.to_ms);
  std::erase_if(built,
                [](const domain::RollupDay& d) { return d.version != domain::rollup_version; });
  coverage_ = domain::plan_rollup_coverage(span, buckets, slot_ms, built);
}

bool RollupReader::rolled_day(domain::Millis day_from) const {
  auto it = std::lower_bound(
      coverage_.rolled.begin(), coverage_.rolled.end(), day_from,
      [](const domain::ReportSpan& d, domain::Millis from) { return d.from_ms < from; });
  return it != coverage_.rolled.end() && it->from_ms == day_from;
}

ReportRollupService::ReportRollupService(store::Store& store, const SettingsService& settings,
                                         const geo::TimeZones& zones, const Clock& clock,
                                         std::vector<RollupEntry> entries)
    : store_(store),
      settings_(settings),
      zones_(zones),
      clock_(clock),
      entries_(std::move(entries)) {}

domain::Result<RollupPass> ReportRollupService::refresh(int max_days) {
  RollupPass pass;
  try {
    // Stale hours first: their days go, and are built again below like any missing day. A
    // thousand marks per write (a migration that rewrites a column marks every hour at once).
    for (;;) {
      auto marks = store_.read<std::vector<domain::StaleHour>>(
          [](store::Tx& tx) { return tx.report_stale_hours(1000); });
      if (marks.empty()) break;
      auto cleared = store_.write<bool>([&](store::Tx& tx) -> domain::Result<bool> {
        for (const auto& m : marks) tx.report_rollup_clear_stale(m);
        return true;
      });
      if (!cleared) return cleared.error();
      pass.stale_cleared += static_cast<int>(marks.size());
      if (marks.size() < 1000) break;
    }

    const auto& zone = zones_.get_or_utc(settings_.current()->time_zone);
    const auto now = clock_.now_ms();
    const auto due = domain::rollup_days_due(now, zone);
    std::map<domain::Millis, domain::Millis> wanted;  // day_from -> day_to
    for (const auto& d : due) wanted.emplace(d.from_ms, d.to_ms);

    auto built = store_.read<std::vector<domain::RollupDay>>([](store::Tx& tx) {
      return tx.report_rollup_days(std::numeric_limits<domain::Millis>::min(),
                                   std::numeric_limits<domain::Millis>::max());
    });
    std::vector<domain::Millis> drop;
    std::set<domain::Millis> have;  // day_from of the days to keep
    for (const auto& d : built) {
      auto it = wanted.find(d.span.from_ms);
      if (d.version != domain::rollup_version || it == wanted.end() || it->second != d.span.to_ms)
        drop.push_back(d.span.from_ms);
      else
        have.insert(d.span.from_ms);
    }
    if (!drop.empty()) {
      auto dropped = store_.write<bool>([&](store::Tx& tx) -> domain::Result<bool> {
        for (auto from : drop) tx.report_rollup_drop_day(from);
        return true;
      });
      if (!dropped) return dropped.error();
      pass.days_dropped = static_cast<int>(drop.size());
    }

    // Days before the first row of any kind never hold rows: read raw, they cost nothing.
    auto first = store_.read<std::optional<domain::Millis>>(
        [](store::Tx& tx) { return tx.report_rollup_first_activity(); });
    std::vector<domain::ReportSpan> missing;
    for (const auto& day : due)  // newest first
      if (first && day.to_ms > *first && !have.count(day.from_ms)) missing.push_back(day);
    const auto to_build = std::min<std::size_t>(missing.size(), static_cast<std::size_t>(max_days));
    pass.days_missing = static_cast<int>(missing.size() - to_build);
    // A few days per write: one commit for many days, and never a long write.
    constexpr std::size_t days_per_write = 16;
    for (std::size_t at = 0; at < to_build; at += days_per_write) {
      const auto end = std::min(to_build, at + days_per_write);
      using DayRows = std::vector<std::vector<domain::RollupStatementRows>>;
      auto rows = store_.read<DayRows>([&](store::Tx& tx) {
        DayRows out;
        for (auto i = at; i < end; ++i) {
          std::vector<domain::RollupStatementRows> day;
          for (const auto& e : entries_) day.push_back({e.name, e.day_rows(tx, missing[i])});
          out.push_back(std::move(day));
        }
        return out;
      });
      auto stored = store_.write<int>([&](store::Tx& tx) -> domain::Result<int> {
        int n = 0;
        for (auto i = at; i < end; ++i)
          n += tx.report_rollup_store_day(missing[i], domain::rollup_version, clock_.now_ms(),
                                          rows[i - at])
                   ? 1
                   : 0;
        return n;
      });
      if (!stored) return stored.error();
      pass.days_built += stored.value();
    }
  } catch (const domain::Failure& f) {
    return f.error;
  }
  return pass;
}

std::vector<std::string> ReportRollupService::verify_day(const domain::ReportSpan& day) const {
  return store_.read<std::vector<std::string>>([&](store::Tx& tx) {
    std::vector<std::string> differ;
    for (const auto& e : entries_) {
      auto fresh = e.day_rows(tx, day);
      auto stored = tx.report_rollup_rows(e.name, day.from_ms, day.from_ms + 1);
      bool same = fresh.size() == stored.size();
      for (std::size_t i = 0; same && i < fresh.size(); ++i)
        same = fresh[i].text == stored[i].text && fresh[i].num == stored[i].num;
      if (!same) differ.push_back(e.name);
    }
    return differ;
  });
}

ReportRollupService::Verification ReportRollupService::verify_all() const {
  Verification out;
  auto days = store_.read<std::vector<domain::RollupDay>>([](store::Tx& tx) {
    return tx.report_rollup_days(std::numeric_limits<domain::Millis>::min(),
                                 std::numeric_limits<domain::Millis>::max());
  });
  const auto& utc = zones_.get_or_utc("UTC");
  for (const auto& d : days) {
    if (d.version != domain::rollup_version) continue;
    ++out.days;
    for (const auto& name : verify_day(d.span))
      out.differing.push_back(geo::local_iso_date(d.span.from_ms, utc) + " " + name);
  }
  return out;
}

}  // namespace plumbline::services
