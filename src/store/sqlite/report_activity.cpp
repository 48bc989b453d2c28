// SQLite: the Plumbers and Lead sources reports' grouped reads (SQL in
// store/sql/report_activity.hpp).
#include "store/sql/report_activity.hpp"

#include "store/sqlite/sqlite_tx.hpp"

namespace plumbline::store::sqlite {

domain::PlumberActivity SqliteTx::report_plumber_activity(domain::Millis from, domain::Millis to,
                                                          domain::Millis slot_ms, bool whole) {
  sql::PlumberActivityFold fold;
  if (whole) {
    auto matches = c_.prepare<sql::report_activity::plumber_matches>();
    matches.bind(1, from).bind(2, to);
    while (matches.step()) fold.add_match(matches.int64(0));
    auto ledger = c_.prepare<sql::report_activity::plumber_ledger>();
    ledger.bind(1, from).bind(2, to);
    while (ledger.step()) fold.add_row(ledger);
  }
  auto st = c_.prepare<sql::report_activity::plumber_activity>();
  st.bind(1, from).bind(2, to).bind(3, slot_ms);
  while (st.step()) fold.add_row(st);
  return fold.take();
}

std::vector<domain::PlumberName> SqliteTx::report_plumber_names() {
  auto st = c_.prepare<sql::report_activity::plumber_names>();
  std::vector<domain::PlumberName> out;
  while (st.step()) out.push_back({st.int64(0), st.text(1)});
  return out;
}

std::vector<domain::PlumberName> SqliteTx::report_plumber_names_of(
    const std::vector<std::int64_t>& ids) {
  constexpr std::size_t per = sql::report_activity::plumber_names_per_statement;
  std::vector<domain::PlumberName> out;
  for (std::size_t at = 0; at < ids.size(); at += per) {
    auto st = c_.prepare<sql::report_activity::plumber_names_of>();
    for (std::size_t i = 0; i < per; ++i)
      st.bind(static_cast<int>(i + 1), at + i < ids.size()
                                           ? std::optional<std::int64_t>(ids[at + i])
                                           : std::optional<std::int64_t>());
    while (st.step()) out.push_back({st.int64(0), st.text(1)});
  }
  return out;
}

std::vector<domain::PlumberActivityRow> SqliteTx::report_plumber_figures_of(
    domain::Millis from, domain::Millis to, const std::vector<std::int64_t>& ids) {
  constexpr std::size_t per = sql::report_activity::plumber_figures_per_statement;
  std::vector<domain::PlumberActivityRow> out;
  for (std::size_t at = 0; at < ids.size(); at += per) {
    auto st = c_.prepare<sql::report_activity::plumber_figures_of>();
    for (std::size_t i = 0; i < per; ++i)
      st.bind(static_cast<int>(i + 1), at + i < ids.size()
                                           ? std::optional<std::int64_t>(ids[at + i])
                                           : std::optional<std::int64_t>());
    st.bind(static_cast<int>(per + 1), from).bind(static_cast<int>(per + 2), to);
    while (st.step()) out.push_back(sql::read_plumber_figures(st));
  }
  return out;
}

domain::PlumberActivityTotals SqliteTx::report_plumber_totals(domain::Millis from,
                                                              domain::Millis to) {
  auto st = c_.prepare<sql::report_activity::plumber_totals>();
  st.bind(1, from).bind(2, to);
  sql::PlumberTotalsFold fold;
  while (st.step()) fold.add_row(st);
  return fold.take();
}

std::int64_t SqliteTx::report_approved_plumbers(domain::Millis at) {
  auto st = c_.prepare<sql::report_activity::approved_plumbers>();
  st.bind(1, at);
  return st.step() ? st.int64(0) : 0;
}

std::vector<domain::LeadChannelRow> SqliteTx::report_lead_channels(domain::Millis from,
                                                                   domain::Millis to) {
  auto st = c_.prepare<sql::report_activity::lead_channels>();
  st.bind(1, from).bind(2, to);
  std::vector<domain::LeadChannelRow> out;
  while (st.step()) out.push_back(sql::read_lead_channel(st));
  return out;
}

}  // namespace plumbline::store::sqlite
