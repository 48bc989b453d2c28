// PostgreSQL: service types and urgencies.
#include "store/sql/catalog.hpp"

#include "store/postgres/pg_tx.hpp"

namespace plumbline::store::pg {

domain::Catalog PgTx::catalog() {
  domain::Catalog cat;
  auto s = c_.run(sql::catalog::catalog_services);
  for (int i = 0; i < s.rows(); ++i)
    cat.services.push_back(
        {s.text(i, 0), s.text(i, 1), s.int64(i, 2), s.boolean(i, 3), s.text(i, 4), s.int32(i, 5)});
  auto u = c_.run(sql::catalog::catalog_urgencies);
  for (int i = 0; i < u.rows(); ++i)
    cat.urgencies.push_back({u.text(i, 0), u.text(i, 1), u.int64(i, 2), u.int32(i, 3)});
  return cat;
}

void PgTx::put_service_type(const domain::ServiceType& s) {
  c_.run(sql::catalog::put_service_type, s.slug, s.label, s.base_price_credits, s.active,
         static_cast<std::int64_t>(s.sort_order), s.description);
}

bool PgTx::update_urgency(const domain::Urgency& u) {
  return c_.run(sql::catalog::update_urgency, u.slug, u.label, u.surcharge_credits).affected() == 1;
}

}  // namespace plumbline::store::pg
