// PostgreSQL: the revenue report's grouped reads.
#include "store/sql/report_revenue.hpp"

#include "store/postgres/pg_tx.hpp"

namespace plumbline::store::pg {

namespace {

std::vector<domain::ReportSlotSum> revenue_slot_rows(const Result& r) {
  std::vector<domain::ReportSlotSum> out;
  out.reserve(r.rows());
  for (int i = 0; i < r.rows(); ++i) out.push_back(sql::read_report_slot_sum(r.row(i)));
  return out;
}

}  // namespace

std::vector<domain::ReportSlotSum> PgTx::revenue_payments_by_slot(domain::Millis from,
                                                                  domain::Millis to,
                                                                  domain::Millis slot_ms) {
  return revenue_slot_rows(c_.run(sql::report_revenue::payments_by_slot, from, to, slot_ms));
}

std::vector<domain::ReportSlotSum> PgTx::revenue_reversals_by_slot(domain::Millis from,
                                                                   domain::Millis to,
                                                                   domain::Millis slot_ms) {
  return revenue_slot_rows(c_.run(sql::report_revenue::reversals_by_slot, from, to, slot_ms));
}

std::vector<domain::ReportSlotSum> PgTx::revenue_subscriptions_by_slot(domain::Millis from,
                                                                       domain::Millis to,
                                                                       domain::Millis slot_ms) {
  return revenue_slot_rows(c_.run(sql::report_revenue::subscriptions_by_slot, from, to, slot_ms));
}

std::vector<domain::ReportSlotSum> PgTx::revenue_ledger_by_slot(domain::Millis from,
                                                                domain::Millis to,
                                                                domain::Millis slot_ms) {
  return revenue_slot_rows(c_.run(sql::report_revenue::ledger_by_slot, from, to, slot_ms));
}

std::int64_t PgTx::revenue_mrr_before(domain::Millis at) {
  return c_.run(sql::report_revenue::mrr_before, at).int64(0, 0);
}

domain::Credits PgTx::revenue_credits_outstanding() {
  return c_.run(sql::report_revenue::credits_outstanding).int64(0, 0);
}

domain::Credits PgTx::revenue_ledger_between(domain::Millis from, domain::Millis to) {
  return c_.run(sql::report_revenue::ledger_between, from, to).int64(0, 0);
}

std::int64_t PgTx::revenue_active_plumbers(domain::Millis from, domain::Millis to) {
  return c_.run(sql::report_revenue::active_plumbers, from, to).int64(0, 0);
}

}  // namespace plumbline::store::pg
