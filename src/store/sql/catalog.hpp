// The SQL of the service catalog, written once for both backends (PostgreSQL placeholders; see
// statement.hpp).
#pragma once
#include "store/sql/statement.hpp"

namespace plumbline::store::sql::catalog {

inline constexpr Statement catalog_services{
    "catalog_services",
    "SELECT slug, label, base_price_credits, active FROM service_types ORDER BY sort_order, slug"};
inline constexpr Statement catalog_urgencies{
    "catalog_urgencies",
    "SELECT slug, label, surcharge_credits FROM urgencies ORDER BY sort_order, slug"};

}  // namespace plumbline::store::sql::catalog
