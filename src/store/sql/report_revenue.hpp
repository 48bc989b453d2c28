// The SQL of the revenue report, written once for both backends (PostgreSQL placeholders; see
// statement.hpp). Each grouped read is answered from one index of migration 0027 alone; sums are
// cast to BIGINT because PostgreSQL sums a BIGINT column into a numeric.
#pragma once
#include "domain/report_revenue.hpp"
#include "store/sql/row.hpp"
#include "store/sql/statement.hpp"

namespace plumbline::store::sql {

template <RowReader R>
domain::ReportSlotSum read_report_slot_sum(const R& r) {
  domain::ReportSlotSum s;
  s.slot = r.int64(0);
  s.kind = r.text(1);
  s.sum = r.int64(2);
  s.count = r.int64(3);
  return s;
}

}  // namespace plumbline::store::sql

namespace plumbline::store::sql::report_revenue {

// $1 = from (included), $2 = to (excluded), $3 = slot width in ms.
#define REVENUE_BY_SLOT(table, amount)                      \
  "SELECT created_at / $3, kind, CAST(coalesce(sum(" amount \
  "), 0) AS BIGINT), count(*) "                             \
  "FROM " table " WHERE created_at >= $1 AND created_at < $2 GROUP BY 1, 2"

inline constexpr Statement payments_by_slot{"revenue_payments_by_slot",
                                            REVENUE_BY_SLOT("payments", "amount_cents")};
inline constexpr Statement reversals_by_slot{"revenue_reversals_by_slot",
                                             REVENUE_BY_SLOT("payment_reversals", "amount_cents")};
inline constexpr Statement subscriptions_by_slot{
    "revenue_subscriptions_by_slot", REVENUE_BY_SLOT("subscription_changes", "mrr_delta_cents")};
inline constexpr Statement ledger_by_slot{"revenue_ledger_by_slot",
                                          REVENUE_BY_SLOT("credit_ledger", "amount")};
#undef REVENUE_BY_SLOT

// Reads the partial index subscription_changes_mrr (its WHERE is implied by this one's).
inline constexpr Statement mrr_before{
    "revenue_mrr_before",
    "SELECT CAST(coalesce(sum(mrr_delta_cents), 0) AS BIGINT) FROM subscription_changes "
    "WHERE created_at < $1 AND mrr_delta_cents <> 0"};
inline constexpr Statement credits_outstanding{
    "revenue_credits_outstanding",
    "SELECT CAST(coalesce(sum(balance), 0) AS BIGINT) FROM credit_balances"};
inline constexpr Statement ledger_between{
    "revenue_ledger_between",
    "SELECT CAST(coalesce(sum(amount), 0) AS BIGINT) FROM credit_ledger "
    "WHERE created_at >= $1 AND created_at < $2"};
inline constexpr Statement active_plumbers{
    "revenue_active_plumbers",
    "SELECT count(*) FROM (SELECT plumber_id FROM claims WHERE created_at >= $1 AND created_at < "
    "$2 UNION SELECT user_id FROM payments WHERE created_at >= $1 AND created_at < $2) AS a"};

}  // namespace plumbline::store::sql::report_revenue
