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

// Distinct plumbers with a claim or a payment in [from, to): the overview's and the revenue
// report's count, counted in the store (report_overview.cpp says why).
std::int64_t count_active_plumbers_sqlite(Connection& c, domain::Millis from, domain::Millis to);

}  // namespace plumbline::store::sqlite
