// SQLite: the revenue report's grouped reads.
#include "store/sql/report_revenue.hpp"

#include <optional>

#include "store/sqlite/sqlite_tx.hpp"

namespace plumbline::store::sqlite {

namespace {

template <const auto& S>
std::vector<domain::ReportSlotSum> revenue_slot_sums(Connection& c, domain::Millis from,
                                                     domain::Millis to, domain::Millis slot_ms) {
  auto st = c.prepare<S>();
  st.bind(1, from).bind(2, to).bind(3, slot_ms);
  std::vector<domain::ReportSlotSum> out;
  while (st.step()) out.push_back(sql::read_report_slot_sum(st));
  return out;
}

template <const auto& S>
std::int64_t revenue_scalar(Connection& c, std::optional<domain::Millis> at) {
  auto st = c.prepare<S>();
  if (at) st.bind(1, *at);
  return st.step() ? st.int64(0) : 0;
}

}  // namespace

std::vector<domain::ReportSlotSum> SqliteTx::revenue_payments_by_slot(domain::Millis from,
                                                                      domain::Millis to,
                                                                      domain::Millis slot_ms) {
  return revenue_slot_sums<sql::report_revenue::payments_by_slot>(c_, from, to, slot_ms);
}

std::vector<domain::ReportSlotSum> SqliteTx::revenue_reversals_by_slot(domain::Millis from,
                                                                       domain::Millis to,
                                                                       domain::Millis slot_ms) {
  return revenue_slot_sums<sql::report_revenue::reversals_by_slot>(c_, from, to, slot_ms);
}

std::vector<domain::ReportSlotSum> SqliteTx::revenue_subscriptions_by_slot(domain::Millis from,
                                                                           domain::Millis to,
                                                                           domain::Millis slot_ms) {
  return revenue_slot_sums<sql::report_revenue::subscriptions_by_slot>(c_, from, to, slot_ms);
}

std::vector<domain::ReportSlotSum> SqliteTx::revenue_ledger_by_slot(domain::Millis from,
                                                                    domain::Millis to,
                                                                    domain::Millis slot_ms) {
  return revenue_slot_sums<sql::report_revenue::ledger_by_slot>(c_, from, to, slot_ms);
}

std::int64_t SqliteTx::revenue_mrr_before(domain::Millis at) {
  return revenue_scalar<sql::report_revenue::mrr_before>(c_, at);
}

domain::Credits SqliteTx::revenue_credits_outstanding() {
  return revenue_scalar<sql::report_revenue::credits_outstanding>(c_, std::nullopt);
}

domain::Credits SqliteTx::revenue_ledger_between(domain::Millis from, domain::Millis to) {
  auto st = c_.prepare<sql::report_revenue::ledger_between>();
  st.bind(1, from).bind(2, to);
  return st.step() ? st.int64(0) : 0;
}

std::int64_t SqliteTx::revenue_active_plumbers(domain::Millis from, domain::Millis to) {
  return count_active_plumbers_sqlite(c_, from, to);  // the overview's count (same definition)
}

}  // namespace plumbline::store::sqlite
