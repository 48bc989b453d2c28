// SQLite: service types and urgencies.
#include "store/sqlite/sqlite_tx.hpp"

namespace plumbline::store::sqlite {

namespace {
constexpr const char* select_services =
    "SELECT slug, label, base_price_credits, active FROM service_types ORDER BY sort_order, slug";
constexpr const char* select_urgencies =
    "SELECT slug, label, surcharge_credits FROM urgencies ORDER BY sort_order, slug";
}  // namespace

domain::Catalog SqliteTx::catalog() {
  domain::Catalog cat;
  {
    auto st = c_.prepare(select_services);
    while (st.step())
      cat.services.push_back({st.text(0), st.text(1), st.int64(2), st.int64(3) != 0});
  }
  auto st = c_.prepare(select_urgencies);
  while (st.step()) cat.urgencies.push_back({st.text(0), st.text(1), st.int64(2)});
  return cat;
}

}  // namespace plumbline::store::sqlite
