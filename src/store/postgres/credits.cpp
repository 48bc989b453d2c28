// PostgreSQL: the credits ledger and the cached balance that moves with it.
#include "store/sql/credits.hpp"

#include "store/postgres/pg_tx.hpp"

namespace plumbline::store::pg {

namespace {}  // namespace

// A failing insert (duplicate reference) aborts the whole transaction, balance move included.
bool PgTx::append_ledger_entry(const domain::LedgerEntry& e) {
  // A debit needs an existing row anyway: don't create an empty one.
  if (e.amount > 0) c_.run(sql::credits::credits_ensure_balance, e.user_id, e.created_at);
  if (c_.run(sql::credits::credits_move_balance, e.user_id, e.amount, e.created_at,
             domain::balance_ceiling(e))
          .affected() != 1)
    return false;
  c_.run(sql::credits::credits_insert_entry, e.user_id, e.kind, e.amount, e.reason, e.actor_user_id,
         e.reference, e.created_at);
  return true;
}

domain::Credits PgTx::credit_balance(domain::UserId user_id) {
  auto r = c_.run(sql::credits::credits_balance, user_id);
  return r.rows() == 1 ? r.int64(0, 0) : 0;
}

std::vector<domain::LedgerEntry> PgTx::ledger_entries(domain::UserId user_id, int limit,
                                                      int offset) {
  if (limit <= 0) return {};
  auto r = c_.run(sql::credits::credits_entries, user_id, limit, offset < 0 ? 0 : offset);
  std::vector<domain::LedgerEntry> out;
  out.reserve(static_cast<std::size_t>(r.rows()));
  for (int i = 0; i < r.rows(); ++i) out.push_back(sql::read_entry(r.row(i)));
  return out;
}

domain::Credits PgTx::ledger_sum(domain::UserId user_id) {
  return c_.run(sql::credits::credits_sum, user_id).int64(0, 0);
}

bool PgTx::ledger_reference_exists(const std::string& kind, const std::string& reference) {
  return c_.run(sql::credits::pay_reference_exists, kind, reference).rows() > 0;
}

}  // namespace plumbline::store::pg
