// The SQL of the reports' daily rollups (migration 0030), written once for both backends
// (PostgreSQL placeholders; see statement.hpp). An hour h covers [h, h + 1) * 3,600,000 ms.
#pragma once
#include "domain/report_rollup.hpp"
#include "store/sql/row.hpp"
#include "store/sql/statement.hpp"

namespace plumbline::store::sql {

// Columns: day_from, t0..t5, i0..i11.
template <RowReader R>
domain::RollupRow read_rollup_row(const R& r) {
  domain::RollupRow row;
  row.day_from = r.int64(0);
  for (int i = 0; i < 6; ++i) row.text[static_cast<std::size_t>(i)] = r.text(1 + i);
  for (int i = 0; i < 12; ++i) row.num[static_cast<std::size_t>(i)] = r.int64(7 + i);
  return row;
}

}  // namespace plumbline::store::sql

namespace plumbline::store::sql::report_rollup {

inline constexpr Statement days{
    "rollup_days",
    "SELECT d.day_from, d.day_to, d.version, CASE WHEN EXISTS (SELECT 1 FROM report_stale_hours s "
    "WHERE s.hour >= d.day_from / 3600000 AND s.hour < (d.day_to + 3599999) / 3600000) "
    "THEN 1 ELSE 0 END FROM report_rollup_days d "
    "WHERE d.day_from >= CAST($1 AS BIGINT) AND d.day_to <= CAST($2 AS BIGINT) ORDER BY "
    "d.day_from"};

inline constexpr Statement rows{
    "rollup_rows",
    "SELECT day_from, t0, t1, t2, t3, t4, t5, i0, i1, i2, i3, i4, i5, i6, i7, i8, i9, i10, i11 "
    "FROM report_rollup_rows WHERE statement = $1 AND day_from >= CAST($2 AS BIGINT) "
    "AND day_from < CAST($3 AS BIGINT) ORDER BY day_from, seq"};

// Each min() reads the first entry of a created_at index.
inline constexpr Statement first_activity{
    "rollup_first_activity",
    "SELECT min(t) FROM (SELECT min(created_at) AS t FROM leads UNION ALL "
    "SELECT min(created_at) FROM claims UNION ALL SELECT min(created_at) FROM payments UNION ALL "
    "SELECT min(created_at) FROM credit_ledger UNION ALL "
    "SELECT min(created_at) FROM payment_reversals UNION ALL "
    "SELECT min(created_at) FROM subscription_changes) AS firsts"};

inline constexpr Statement stale_hours{
    "rollup_stale_hours",
    "SELECT hour, version FROM report_stale_hours ORDER BY hour LIMIT CAST($1 AS BIGINT)"};

inline constexpr Statement drop_rows_of_hour{
    "rollup_drop_rows_of_hour",
    "DELETE FROM report_rollup_rows WHERE day_from IN (SELECT day_from FROM report_rollup_days "
    "WHERE day_from < (CAST($1 AS BIGINT) + 1) * 3600000 AND day_to > CAST($1 AS BIGINT) * "
    "3600000)"};

inline constexpr Statement drop_days_of_hour{
    "rollup_drop_days_of_hour",
    "DELETE FROM report_rollup_days WHERE day_from < (CAST($1 AS BIGINT) + 1) * 3600000 "
    "AND day_to > CAST($1 AS BIGINT) * 3600000"};

inline constexpr Statement clear_mark{"rollup_clear_mark",
                                      "DELETE FROM report_stale_hours WHERE hour = CAST($1 AS "
                                      "BIGINT) AND version = CAST($2 AS BIGINT)"};

inline constexpr Statement drop_rows_of_day{
    "rollup_drop_rows_of_day",
    "DELETE FROM report_rollup_rows WHERE day_from = CAST($1 AS BIGINT)"};

inline constexpr Statement drop_day{
    "rollup_drop_day", "DELETE FROM report_rollup_days WHERE day_from = CAST($1 AS BIGINT)"};

inline constexpr Statement store_day{
    "rollup_store_day",
    "INSERT INTO report_rollup_days (day_from, day_to, version, built_at) "
    "VALUES (CAST($1 AS BIGINT), CAST($2 AS BIGINT), CAST($3 AS BIGINT), CAST($4 AS BIGINT)) "
    "ON CONFLICT (day_from) DO NOTHING RETURNING day_from"};

inline constexpr Statement store_row{
    "rollup_store_row",
    "INSERT INTO report_rollup_rows (statement, day_from, seq, t0, t1, t2, t3, t4, t5, "
    "i0, i1, i2, i3, i4, i5, i6, i7, i8, i9, i10, i11) VALUES ($1, CAST($2 AS BIGINT), "
    "CAST($3 AS BIGINT), $4, $5, $6, $7, $8, $9, CAST($10 AS BIGINT), CAST($11 AS BIGINT), "
    "CAST($12 AS BIGINT), CAST($13 AS BIGINT), CAST($14 AS BIGINT), CAST($15 AS BIGINT), "
    "CAST($16 AS BIGINT), CAST($17 AS BIGINT), CAST($18 AS BIGINT), CAST($19 AS BIGINT), "
    "CAST($20 AS BIGINT), CAST($21 AS BIGINT))"};

}  // namespace plumbline::store::sql::report_rollup
