// SqliteTx: the Tx interface over one SQLite connection inside an open transaction.
#pragma once
#include "store/sqlite/sqlite_db.hpp"
#include "store/store.hpp"

namespace plumbline::store::sqlite {

class SqliteTx final : public Tx {
 public:
  explicit SqliteTx(Connection& c) : c_(c) {}

  PLUMBLINE_ALL_TX(PLUMBLINE_TX_OVERRIDE)

 private:
  Connection& c_;
};

}  // namespace plumbline::store::sqlite
