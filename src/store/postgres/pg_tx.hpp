// PgTx: the Tx interface over one pooled PostgreSQL connection inside an open transaction.
#pragma once
#include "store/postgres/pg_conn.hpp"
#include "store/store.hpp"

namespace plumbline::store::pg {

class PgTx final : public Tx {
 public:
  explicit PgTx(Conn& c) : c_(c) {}

  PLUMBLINE_ALL_TX(PLUMBLINE_TX_OVERRIDE)

  // The transaction's connection, for the row-level security contract test: raw SQL that forgets
  // the application's filters, run exactly as the store runs its own.
  Conn& connection() { return c_; }

 private:
  Conn& c_;
};

}  // namespace plumbline::store::pg
