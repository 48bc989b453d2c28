// SQLite: the credits ledger and the cached balance that moves with it.
#include "store/sql/credits.hpp"

#include "store/sqlite/sqlite_tx.hpp"

namespace plumbline::store::sqlite {

namespace {}  // namespace

// Runs on the single writer, so the balance check and the insert cannot interleave with another
// debit. Its own savepoint undoes the balance move when the insert fails (a duplicate reference),
// even if the caller catches the error and carries on.
bool SqliteTx::append_ledger_entry(const domain::LedgerEntry& e) {
  c_.exec("SAVEPOINT credits_append");
  try {
    if (e.amount > 0) {  // a debit needs an existing row anyway: don't create an empty one
      auto st = c_.prepare<sql::credits::credits_ensure_balance>();
      st.bind(1, e.user_id).bind(2, e.created_at);
      st.run();
    }
    bool moved = false;
    {
      auto st = c_.prepare<sql::credits::credits_move_balance>();
      st.bind(1, e.user_id).bind(2, e.amount).bind(3, e.created_at);
      st.bind(4, domain::balance_ceiling(e));
      st.run();
      moved = sqlite3_changes(c_.handle()) == 1;
    }
    if (moved) {
      auto st = c_.prepare<sql::credits::credits_insert_entry>();
      st.bind(1, e.user_id).bind(2, e.kind).bind(3, e.amount).bind(4, e.reason);
      st.bind(5, e.actor_user_id).bind(6, e.reference).bind(7, e.created_at);
      st.run();
    }
    c_.exec("RELEASE credits_append");
    return moved;
  } catch (...) {
    c_.exec("ROLLBACK TO credits_append");
    c_.exec("RELEASE credits_append");
    throw;
  }
}

domain::Credits SqliteTx::credit_balance(domain::UserId user_id) {
  auto st = c_.prepare<sql::credits::credits_balance>();
  st.bind(1, user_id);
  return st.step() ? st.int64(0) : 0;
}

std::vector<domain::LedgerEntry> SqliteTx::ledger_entries(domain::UserId user_id, int limit,
                                                          int offset) {
  if (limit <= 0) return {};  // a negative LIMIT means "no limit" to SQLite
  auto st = c_.prepare<sql::credits::credits_entries>();
  st.bind(1, user_id).bind(2, limit).bind(3, offset < 0 ? 0 : offset);
  std::vector<domain::LedgerEntry> out;
  while (st.step()) out.push_back(sql::read_entry(st));
  return out;
}

domain::Credits SqliteTx::ledger_sum(domain::UserId user_id) {
  auto st = c_.prepare<sql::credits::credits_sum>();
  st.bind(1, user_id);
  st.step();
  return st.int64(0);
}

bool SqliteTx::ledger_reference_exists(const std::string& kind, const std::string& reference) {
  auto st = c_.prepare<sql::credits::pay_reference_exists>();
  st.bind(1, kind).bind(2, reference);
  return st.step();
}

}  // namespace plumbline::store::sqlite
