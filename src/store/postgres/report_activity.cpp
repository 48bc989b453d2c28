// PostgreSQL: the Plumbers and Lead sources reports' grouped reads (SQL in
// store/sql/report_activity.hpp).
#include "store/sql/report_activity.hpp"

#include "store/postgres/pg_tx.hpp"

namespace plumbline::store::pg {

domain::PlumberActivity PgTx::report_plumber_activity(domain::Millis from, domain::Millis to,
                                                      domain::Millis slot_ms, bool whole) {
  sql::PlumberActivityFold fold;
  if (whole) {
    auto matches = c_.run(sql::report_activity::plumber_matches, from, to);
    for (int i = 0; i < matches.rows(); ++i) fold.add_match(matches.int64(i, 0));
    auto ledger = c_.run(sql::report_activity::plumber_ledger, from, to);
    for (int i = 0; i < ledger.rows(); ++i) fold.add_row(ledger.row(i));
  }
  auto r = c_.run(sql::report_activity::plumber_activity, from, to, slot_ms);
  for (int i = 0; i < r.rows(); ++i) fold.add_row(r.row(i));
  return fold.take();
}

std::vector<domain::PlumberName> PgTx::report_plumber_names() {
  auto r = c_.run(sql::report_activity::plumber_names);
  std::vector<domain::PlumberName> out;
  out.reserve(r.rows());
  for (int i = 0; i < r.rows(); ++i) out.push_back({r.int64(i, 0), r.text(i, 1)});
  return out;
}

std::vector<domain::PlumberName> PgTx::report_plumber_names_of(
    const std::vector<std::int64_t>& ids) {
  constexpr std::size_t per = sql::report_activity::plumber_names_per_statement;
  std::vector<domain::PlumberName> out;
  for (std::size_t at = 0; at < ids.size(); at += per) {
    std::vector<Param> ps(per);  // unused ones stay NULL
    for (std::size_t i = 0; i < per && at + i < ids.size(); ++i) ps[i] = param(ids[at + i]);
    auto r = c_.run_list(sql::report_activity::plumber_names_of, ps);
    for (int i = 0; i < r.rows(); ++i) out.push_back({r.int64(i, 0), r.text(i, 1)});
  }
  return out;
}

std::vector<domain::PlumberActivityRow> PgTx::report_plumber_figures_of(
    domain::Millis from, domain::Millis to, const std::vector<std::int64_t>& ids) {
  constexpr std::size_t per = sql::report_activity::plumber_figures_per_statement;
  std::vector<domain::PlumberActivityRow> out;
  for (std::size_t at = 0; at < ids.size(); at += per) {
    std::vector<Param> ps(per + 2);  // unused ids stay NULL; then the period
    for (std::size_t i = 0; i < per && at + i < ids.size(); ++i) ps[i] = param(ids[at + i]);
    ps[per] = param(from);
    ps[per + 1] = param(to);
    auto r = c_.run_list(sql::report_activity::plumber_figures_of, ps);
    for (int i = 0; i < r.rows(); ++i) out.push_back(sql::read_plumber_figures(r.row(i)));
  }
  return out;
}

domain::PlumberActivityTotals PgTx::report_plumber_totals(domain::Millis from, domain::Millis to) {
  auto r = c_.run(sql::report_activity::plumber_totals, from, to);
  sql::PlumberTotalsFold fold;
  for (int i = 0; i < r.rows(); ++i) fold.add_row(r.row(i));
  return fold.take();
}

std::int64_t PgTx::report_approved_plumbers(domain::Millis at) {
  auto r = c_.run(sql::report_activity::approved_plumbers, at);
  return r.rows() > 0 ? r.int64(0, 0) : 0;
}

std::vector<domain::LeadChannelRow> PgTx::report_lead_channels(domain::Millis from,
                                                               domain::Millis to) {
  auto r = c_.run(sql::report_activity::lead_channels, from, to);
  std::vector<domain::LeadChannelRow> out;
  for (int i = 0; i < r.rows(); ++i) out.push_back(sql::read_lead_channel(r.row(i)));
  return out;
}

}  // namespace plumbline::store::pg
