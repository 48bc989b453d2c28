// PostgreSQL: service types and urgencies.
#include "store/sql/catalog.hpp"

#include "store/postgres/pg_tx.hpp"

namespace plumbline::store::pg {

domain::Catalog PgTx::catalog() {
  domain::Catalog cat;
  auto s = c_.run(sql::catalog::catalog_services);
  for (int i = 0; i < s.rows(); ++i)
    cat.services.push_back({s.text(i, 0), s.text(i, 1), s.int64(i, 2), s.boolean(i, 3)});
  auto u = c_.run(sql::catalog::catalog_urgencies);
  for (int i = 0; i < u.rows(); ++i)
    cat.urgencies.push_back({u.text(i, 0), u.text(i, 1), u.int64(i, 2)});
  return cat;
}

}  // namespace plumbline::store::pg
