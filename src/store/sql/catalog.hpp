// The SQL of the service catalog, written once for both backends (PostgreSQL placeholders; see
// statement.hpp).
#pragma once
#include "store/sql/statement.hpp"

namespace plumbline::store::sql::catalog {

inline constexpr Statement catalog_services{
    "catalog_services",
    "SELECT slug, label, base_price_credits, active, description, sort_order FROM service_types "
    "ORDER BY sort_order, slug"};
inline constexpr Statement catalog_urgencies{
    "catalog_urgencies",
    "SELECT slug, label, surcharge_credits, sort_order FROM urgencies ORDER BY sort_order, slug"};
inline constexpr Statement put_service_type{
    "catalog_put_service_type",
    "INSERT INTO service_types (slug, label, base_price_credits, active, sort_order, description) "
    "VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (slug) DO UPDATE SET label = excluded.label, "
    "base_price_credits = excluded.base_price_credits, active = excluded.active, "
    "sort_order = excluded.sort_order, description = excluded.description"};
inline constexpr Statement update_urgency{
    "catalog_update_urgency",
    "UPDATE urgencies SET label = $2, surcharge_credits = $3 WHERE slug = $1"};

}  // namespace plumbline::store::sql::catalog
