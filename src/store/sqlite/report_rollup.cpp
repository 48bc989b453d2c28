// SQLite: the reports' daily rollups (built days, stored rows, stale marks).
#include "store/sql/report_rollup.hpp"

#include "store/sqlite/sqlite_tx.hpp"

namespace plumbline::store::sqlite {

std::vector<domain::RollupDay> SqliteTx::report_rollup_days(domain::Millis from,
                                                            domain::Millis to) {
  std::vector<domain::RollupDay> out;
  auto st = c_.prepare<sql::report_rollup::days>();
  st.bind(1, from).bind(2, to);
  while (st.step()) out.push_back({{st.int64(0), st.int64(1)}, st.int64(3) != 0, st.int64(2)});
  return out;
}

std::vector<domain::RollupRow> SqliteTx::report_rollup_rows(const std::string& statement,
                                                            domain::Millis from,
                                                            domain::Millis to) {
  std::vector<domain::RollupRow> out;
  auto st = c_.prepare<sql::report_rollup::rows>();
  st.bind(1, statement).bind(2, from).bind(3, to);
  while (st.step()) out.push_back(sql::read_rollup_row(st));
  return out;
}

std::optional<domain::Millis> SqliteTx::report_rollup_first_activity() {
  auto st = c_.prepare<sql::report_rollup::first_activity>();
  st.step();
  return st.opt_int64(0);
}

std::vector<domain::StaleHour> SqliteTx::report_stale_hours(int limit) {
  std::vector<domain::StaleHour> out;
  auto st = c_.prepare<sql::report_rollup::stale_hours>();
  st.bind(1, limit);
  while (st.step()) out.push_back({st.int64(0), st.int64(1)});
  return out;
}

void SqliteTx::report_rollup_clear_stale(const domain::StaleHour& mark) {
  c_.prepare<sql::report_rollup::drop_rows_of_hour>().bind(1, mark.hour).run();
  c_.prepare<sql::report_rollup::drop_days_of_hour>().bind(1, mark.hour).run();
  c_.prepare<sql::report_rollup::clear_mark>().bind(1, mark.hour).bind(2, mark.version).run();
}

void SqliteTx::report_rollup_drop_day(domain::Millis day_from) {
  c_.prepare<sql::report_rollup::drop_rows_of_day>().bind(1, day_from).run();
  c_.prepare<sql::report_rollup::drop_day>().bind(1, day_from).run();
}

bool SqliteTx::report_rollup_store_day(const domain::ReportSpan& day, std::int64_t version,
                                       domain::Millis built_at,
                                       const std::vector<domain::RollupStatementRows>& rows) {
  {
    auto st = c_.prepare<sql::report_rollup::store_day>();
    st.bind(1, day.from_ms).bind(2, day.to_ms).bind(3, version).bind(4, built_at);
    if (!st.step()) return false;  // built already
  }
  for (const auto& part : rows) {
    std::int64_t seq = 0;
    for (const auto& r : part.rows) {
      auto st = c_.prepare<sql::report_rollup::store_row>();
      st.bind(1, part.statement).bind(2, day.from_ms).bind(3, seq++);
      for (int i = 0; i < 6; ++i) st.bind(4 + i, r.text[static_cast<std::size_t>(i)]);
      for (int i = 0; i < 12; ++i) st.bind(10 + i, r.num[static_cast<std::size_t>(i)]);
      st.run();
    }
  }
  return true;
}

}  // namespace plumbline::store::sqlite
