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

// Questions per service (issue 17): options '|'-separated, in each service's order.
inline constexpr Statement catalog_questions{
    "catalog_questions",
    "SELECT service_slug, question_key, label, kind, options, required, min_value, max_value, "
    "max_length FROM service_questions ORDER BY service_slug, sort_order, question_key"};
inline constexpr Statement delete_service_questions{
    "catalog_delete_service_questions", "DELETE FROM service_questions WHERE service_slug = $1"};
inline constexpr Statement insert_service_question{
    "catalog_insert_service_question",
    "INSERT INTO service_questions (service_slug, sort_order, question_key, label, kind, options, "
    "required, min_value, max_value, max_length) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)"};

}  // namespace plumbline::store::sql::catalog
