// SQLite: service types and urgencies.
#include "store/sql/catalog.hpp"

#include "store/sqlite/sqlite_tx.hpp"

namespace plumbline::store::sqlite {

domain::Catalog SqliteTx::catalog() {
  domain::Catalog cat;
  {
    auto st = c_.prepare<sql::catalog::catalog_services>();
    while (st.step())
      cat.services.push_back({st.text(0), st.text(1), st.int64(2), st.int64(3) != 0});
  }
  auto st = c_.prepare<sql::catalog::catalog_urgencies>();
  while (st.step()) cat.urgencies.push_back({st.text(0), st.text(1), st.int64(2)});
  return cat;
}

}  // namespace plumbline::store::sqlite
