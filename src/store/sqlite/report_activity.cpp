// SQLite: the Plumbers and Lead sources reports' grouped reads (SQL in
// store/sql/report_activity.hpp).
#include "store/sql/report_activity.hpp"

#include "store/sqlite/sqlite_tx.hpp"

namespace plumbline::store::sqlite {

std::vector<domain::PlumberActivityRow> SqliteTx::report_plumber_activity(domain::Millis from,
                                                                          domain::Millis to,
                                                                          domain::Millis slot_ms) {
  auto st = c_.prepare<sql::report_activity::plumber_activity>();
  st.bind(1, from).bind(2, to).bind(3, slot_ms);
  std::vector<domain::PlumberActivityRow> out;
  while (st.step()) out.push_back(sql::read_plumber_activity(st));
  return out;
}

std::vector<domain::PlumberName> SqliteTx::report_plumber_names() {
  auto st = c_.prepare<sql::report_activity::plumber_names>();
  std::vector<domain::PlumberName> out;
  while (st.step()) out.push_back({st.int64(0), st.text(1)});
  return out;
}

std::vector<domain::ClaimResponse> SqliteTx::report_claim_responses(domain::Millis from,
                                                                    domain::Millis to) {
  auto st = c_.prepare<sql::report_activity::claim_responses>();
  st.bind(1, from).bind(2, to);
  std::vector<domain::ClaimResponse> out;
  while (st.step())
    if (auto response = st.opt_int64(1)) out.push_back({st.int64(0), *response});
  return out;
}

domain::PlumberActivityTotals SqliteTx::report_plumber_totals(domain::Millis from,
                                                              domain::Millis to) {
  auto st = c_.prepare<sql::report_activity::plumber_totals>();
  st.bind(1, from).bind(2, to);
  domain::PlumberActivityTotals t;
  if (st.step()) t = {st.int64(0), st.int64(1), st.int64(2)};
  return t;
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
