// The SQL of the credit ledger, written once for both backends (PostgreSQL placeholders; see
// statement.hpp).
#pragma once
#include "domain/ledger.hpp"
#include "store/sql/row.hpp"
#include "store/sql/statement.hpp"

#define LEDGER_COLUMNS "id, user_id, kind, amount, reason, actor_user_id, reference, created_at"

namespace plumbline::store::sql {

template <RowReader R>
domain::LedgerEntry read_entry(const R& r) {
  domain::LedgerEntry e;
  int i = 0;
  e.id = r.int64(i++);
  e.user_id = sql::id_column<domain::UserId>(r, i++);
  e.kind = r.text(i++);
  e.amount = r.int64(i++);
  e.reason = r.text(i++);
  e.actor_user_id = sql::opt_id_column<domain::UserId>(r, i++);
  e.reference = r.text(i++);
  e.created_at = r.int64(i++);
  return e;
}

}  // namespace plumbline::store::sql

namespace plumbline::store::sql::credits {

inline constexpr Statement credits_ensure_balance{
    "credits_ensure_balance",
    "INSERT INTO credit_balances (user_id, balance, updated_at) VALUES ($1, 0, $2) "
    "ON CONFLICT (user_id) DO NOTHING"};
inline constexpr Statement credits_insert_entry{
    "credits_insert_entry",
    "INSERT INTO credit_ledger (user_id, kind, amount, reason, actor_user_id, reference, "
    "created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)"};
inline constexpr Statement credits_balance{
    "credits_balance", "SELECT balance FROM credit_balances WHERE user_id = $1"};
inline constexpr Statement credits_entries{"credits_entries",
                                           "SELECT " LEDGER_COLUMNS
                                           " FROM credit_ledger WHERE user_id = $1 "
                                           "ORDER BY id DESC LIMIT $2 OFFSET $3"};
inline constexpr Statement credits_sum{
    "credits_sum", "SELECT coalesce(sum(amount), 0) FROM credit_ledger WHERE user_id = $1"};
inline constexpr Statement pay_reference_exists{
    "pay_reference_exists", "SELECT 1 FROM credit_ledger WHERE kind = $1 AND reference = $2"};

// Moves the balance only when it stays within [0, ceiling] (NULL: no ceiling); no row changed
// means "not enough credits" or "over the balance cap". The row lock serialises concurrent moves
// of one user's balance: a waiting UPDATE re-checks the condition against the committed balance
// (READ COMMITTED re-evaluation), so neither bound can be passed by racing writers.
inline constexpr Statement credits_move_balance{
    "credits_move_balance",
    "UPDATE credit_balances SET balance = balance + CAST($2 AS bigint), updated_at = $3 "
    "WHERE user_id = $1 AND balance + CAST($2 AS bigint) >= 0 "
    "AND (CAST($4 AS bigint) IS NULL OR balance + CAST($2 AS bigint) <= CAST($4 AS bigint))"};

}  // namespace plumbline::store::sql::credits
