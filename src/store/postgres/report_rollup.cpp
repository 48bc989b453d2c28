// PostgreSQL: the reports' daily rollups (built days, stored rows, stale marks).
#include "store/sql/report_rollup.hpp"

#include "store/postgres/pg_tx.hpp"

namespace plumbline::store::pg {

std::vector<domain::RollupDay> PgTx::report_rollup_days(domain::Millis from, domain::Millis to) {
  std::vector<domain::RollupDay> out;
  auto r = c_.run(sql::report_rollup::days, from, to);
  for (int i = 0; i < r.rows(); ++i)
    out.push_back({{r.int64(i, 0), r.int64(i, 1)}, r.int64(i, 3) != 0, r.int64(i, 2)});
  return out;
}

std::vector<domain::RollupRow> PgTx::report_rollup_rows(const std::string& statement,
                                                        domain::Millis from, domain::Millis to) {
  std::vector<domain::RollupRow> out;
  auto r = c_.run(sql::report_rollup::rows, statement, from, to);
  out.reserve(static_cast<std::size_t>(r.rows()));
  for (int i = 0; i < r.rows(); ++i) out.push_back(sql::read_rollup_row(r.row(i)));
  return out;
}

std::optional<domain::Millis> PgTx::report_rollup_first_activity() {
  auto r = c_.run(sql::report_rollup::first_activity);
  return r.opt_int64(0, 0);
}

std::vector<domain::StaleHour> PgTx::report_stale_hours(int limit) {
  std::vector<domain::StaleHour> out;
  auto r = c_.run(sql::report_rollup::stale_hours, limit);
  for (int i = 0; i < r.rows(); ++i) out.push_back({r.int64(i, 0), r.int64(i, 1)});
  return out;
}

void PgTx::report_rollup_clear_stale(const domain::StaleHour& mark) {
  c_.run(sql::report_rollup::drop_rows_of_hour, mark.hour);
  c_.run(sql::report_rollup::drop_days_of_hour, mark.hour);
  c_.run(sql::report_rollup::clear_mark, mark.hour, mark.version);
}

void PgTx::report_rollup_drop_day(domain::Millis day_from) {
  c_.run(sql::report_rollup::drop_rows_of_day, day_from);
  c_.run(sql::report_rollup::drop_day, day_from);
}

bool PgTx::report_rollup_store_day(const domain::ReportSpan& day, std::int64_t version,
                                   domain::Millis built_at,
                                   const std::vector<domain::RollupStatementRows>& rows) {
  if (c_.run(sql::report_rollup::store_day, day.from_ms, day.to_ms, version, built_at).rows() != 1)
    return false;  // built already
  for (const auto& part : rows) {
    std::int64_t seq = 0;
    for (const auto& r : part.rows) {
      std::vector<Param> ps{param(part.statement), param(day.from_ms), param(seq++)};
      for (const auto& t : r.text) ps.push_back(param(t));
      for (auto n : r.num) ps.push_back(param(n));
      c_.run_list(sql::report_rollup::store_row, ps);
    }
  }
  return true;
}

}  // namespace plumbline::store::pg
