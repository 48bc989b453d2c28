// ReportRollupTx: the daily rollups of the reports' additive statements (migration 0030): built
// days and their stale marks, the stored rows, and the worker's writes; store/{sqlite,postgres}/
// report_rollup.cpp implement it.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/report_rollup.hpp"
#include "store/tx/method.hpp"

// One M(return type, name, (parameters)) per method (see store/tx/method.hpp).
#define PLUMBLINE_REPORT_ROLLUP_TX(M)                                                              \
  /* Built days inside [from, to), oldest first, each with its version and whether an hour */      \
  /* in it is marked stale. */                                                                     \
  M(std::vector<domain::RollupDay>, report_rollup_days, (domain::Millis from, domain::Millis to))  \
  /* A statement's stored rows of the days starting in [from, to), by day then as stored. */       \
  M(std::vector<domain::RollupRow>, report_rollup_rows,                                            \
    (const std::string& statement, domain::Millis from, domain::Millis to))                        \
  /* The earliest created_at of any row a rolled statement reads; nullopt in an empty database. */ \
  M(std::optional<domain::Millis>, report_rollup_first_activity, ())                               \
  /* Up to `limit` stale hours, oldest first. */                                                   \
  M(std::vector<domain::StaleHour>, report_stale_hours, (int limit))                               \
  /* Drops the days overlapping the hour (rows too) and the mark, if it still has the version */   \
  /* read (a write since then keeps it). */                                                        \
  M(void, report_rollup_clear_stale, (const domain::StaleHour& mark))                              \
  M(void, report_rollup_drop_day, (domain::Millis day_from))                                       \
  /* Stores a day and its rows unless the day is there already (another worker built it). */       \
  M(bool, report_rollup_store_day,                                                                 \
    (const domain::ReportSpan& day, std::int64_t version, domain::Millis built_at,                 \
     const std::vector<domain::RollupStatementRows>& rows))

namespace plumbline::store {

class ReportRollupTx {
 public:
  PLUMBLINE_REPORT_ROLLUP_TX(PLUMBLINE_TX_PURE)

 protected:
  ~ReportRollupTx() = default;
};

}  // namespace plumbline::store
