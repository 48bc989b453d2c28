// Daily rollups of the reports' additive statements (decision 0011): the rows a statement returns
// for one local day, stored once the day has settled, and the rules that say which days of a
// period a report may read from them and which it must read raw.
#pragma once
#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "domain/report.hpp"

namespace plumbline::domain {

// The shape of the rolled statements: bump it when a statement is added or its row changes, and
// the worker rebuilds every day.
inline constexpr std::int64_t rollup_version = 1;
// A day is rolled up once it ended this long ago. Writes to rows older than an hour mark their
// hour stale (migration 0030), so every write the rollup might miss either committed before the
// build (transactions last far less than the hour between) or left a mark.
inline constexpr Millis rollup_settle_ms = 2 * 3'600'000;
// How far back the worker keeps days: two custom periods of 731 days (a period and the previous).
inline constexpr int rollup_history_days = 1470;
inline constexpr Millis rollup_hour_ms = 3'600'000;

// One stored row: up to 6 words and 12 integers of a statement's row, the slot replaced by the day.
struct RollupRow {
  Millis day_from = 0;  // the day it belongs to (set when read back)
  std::array<std::string, 6> text{};
  std::array<std::int64_t, 12> num{};
};

// A built day and whether an hour in it was marked stale since.
struct RollupDay {
  ReportSpan span;
  bool stale = false;
  std::int64_t version = rollup_version;
};

// The rows of one rolled statement for one day, as the worker stores them.
struct RollupStatementRows {
  std::string statement;
  std::vector<RollupRow> rows;
};

struct StaleHour {
  std::int64_t hour = 0;  // created_at / rollup_hour_ms
  std::int64_t version = 0;
};

// Which parts of `span` a report reads from rollups (whole built days, each inside one bucket,
// starting on a multiple of slot_ms, not stale, not overlapping) and which it reads raw (the rest,
// merged into the fewest spans).
struct RollupCoverage {
  std::vector<ReportSpan> rolled;
  std::vector<ReportSpan> raw;
};
RollupCoverage plan_rollup_coverage(const ReportSpan& span,
                                    const std::vector<ReportBucket>& buckets, Millis slot_ms,
                                    const std::vector<RollupDay>& built);

// The local days the worker keeps rolled up at now_ms: the last rollup_history_days days that
// ended at least rollup_settle_ms ago, newest first.
std::vector<ReportSpan> rollup_days_due(Millis now_ms, const geo::TimeZone& zone);

// Adds up rows of one day that agree on their words and their first `key_count` integers (the
// hours of a day fold into one row per key), in a stable order.
std::vector<RollupRow> merge_rollup_rows(std::vector<RollupRow> rows, std::size_t key_count);

}  // namespace plumbline::domain
