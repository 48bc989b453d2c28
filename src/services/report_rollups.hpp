// Daily rollups for the reports (decision 0011): how a report reads one of its additive statements
// through them (RollupReader: stored rows for the settled days of its period, raw rows for the
// rest), and the worker's ReportRollupService that builds settled days and rebuilds stale ones.
#pragma once
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "domain/error.hpp"
#include "domain/report_rollup.hpp"
#include "geo/time_zone.hpp"
#include "services/clock.hpp"
#include "services/settings.hpp"
#include "store/store.hpp"

namespace plumbline::services {

// One additive statement of a report: its raw rows over a span (grouped by slot = t / slot_ms and
// the row's other keys), and how a row of type T is stored. `key_count` leading integers of the
// encoded row are grouping keys (a plumber id); the others are summed when a day's hours fold
// into one row. The slot is not stored: a stored row reads back with the slot of its day's start.
template <class T>
struct RolledStatement {
  const char* name;
  std::size_t key_count;
  std::vector<T> (*raw)(store::Tx& tx, const domain::ReportSpan& span, domain::Millis slot_ms);
  domain::RollupRow (*encode)(const T& row);
  T (*decode)(const domain::RollupRow& row, std::int64_t slot);
};

// What the worker needs of a rolled statement: its name and one day's rows, encoded and folded.
struct RollupEntry {
  std::string name;
  std::function<std::vector<domain::RollupRow>(store::Tx&, const domain::ReportSpan&)> day_rows;
};

// The width any local day's boundaries divide (half-hour and 45-minute zones included): raw rows
// of one day fold into one row per key, so the slot width does not matter beyond that.
inline constexpr domain::Millis rollup_build_slot_ms = 900'000;

template <class T>
RollupEntry rollup_entry(const RolledStatement<T>& s) {
  return {s.name, [s](store::Tx& tx, const domain::ReportSpan& day) {
            std::vector<domain::RollupRow> encoded;
            for (const auto& row : s.raw(tx, day, rollup_build_slot_ms))
              encoded.push_back(s.encode(row));
            return domain::merge_rollup_rows(std::move(encoded), s.key_count);
          }};
}

// Reads statements over one period inside a report's read transaction: the period's settled,
// built, unstale days from the rollups and everything else raw, so the rows equal the raw rows of
// the whole period folded per day.
class RollupReader {
 public:
  RollupReader(store::Tx& tx, const domain::ReportSpan& span,
               const std::vector<domain::ReportBucket>& buckets, domain::Millis slot_ms);

  template <class T>
  std::vector<T> rows(const RolledStatement<T>& s) const {
    std::vector<T> out;
    if (!coverage_.rolled.empty()) {
      for (const auto& r : tx_.report_rollup_rows(s.name, coverage_.rolled.front().from_ms,
                                                  coverage_.rolled.back().to_ms))
        if (rolled_day(r.day_from)) out.push_back(s.decode(r, r.day_from / slot_ms_));
    }
    for (const auto& span : coverage_.raw) {
      auto part = s.raw(tx_, span, slot_ms_);
      out.insert(out.end(), std::make_move_iterator(part.begin()),
                 std::make_move_iterator(part.end()));
    }
    return out;
  }

  const domain::RollupCoverage& coverage() const { return coverage_; }

 private:
  bool rolled_day(domain::Millis day_from) const;

  store::Tx& tx_;
  domain::Millis slot_ms_;
  domain::RollupCoverage coverage_;
};

struct RollupPass {
  int stale_cleared = 0;  // stale hours whose days were dropped
  int days_dropped = 0;   // days of another zone, version or out of history
  int days_built = 0;
  int days_missing = 0;  // settled days still to build after this pass
};

// The worker's side: drops days with stale hours, days of another zone or version, and builds
// missing settled days, newest first, at most `max_days` per pass (each day read in one read
// transaction and stored in one short write, so intake is never held behind a build).
class ReportRollupService {
 public:
  ReportRollupService(store::Store& store, const SettingsService& settings,
                      const geo::TimeZones& zones, const Clock& clock,
                      std::vector<RollupEntry> entries);

  domain::Result<RollupPass> refresh(int max_days);
  // The stored rows of a day against the rows the raw statements give now (the contract the
  // rollups keep): the names of the statements that disagree, empty when all agree.
  std::vector<std::string> verify_day(const domain::ReportSpan& day) const;
  // verify_day over every built day of the current version: "YYYY-MM-DD statement" per difference
  // (the day's UTC date).
  struct Verification {
    int days = 0;
    std::vector<std::string> differing;
  };
  Verification verify_all() const;

 private:
  store::Store& store_;
  const SettingsService& settings_;
  const geo::TimeZones& zones_;
  const Clock& clock_;
  std::vector<RollupEntry> entries_;
};

}  // namespace plumbline::services
