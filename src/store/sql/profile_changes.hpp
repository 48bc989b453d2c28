// The SQL of profile changes, written once for both backends (PostgreSQL placeholders; see
// statement.hpp).
#pragma once
#include "store/sql/statement.hpp"

namespace plumbline::store::sql::profile_changes {

inline constexpr Statement profile_changes{
    "profile_changes",
    "SELECT id, plumber_id, field, old_value, new_value, created_at, reviewed_at, reviewed_by "
    "FROM profile_changes WHERE plumber_id = $1 "
    "ORDER BY reviewed_at IS NOT NULL, created_at DESC, id DESC LIMIT $2"};
inline constexpr Statement count_pending_profile_changes{
    "count_pending_profile_changes",
    "SELECT count(*) FROM profile_changes WHERE reviewed_at IS NULL"};
inline constexpr Statement plumbers_with_pending_changes{
    "plumbers_with_pending_changes",
    "SELECT plumber_id FROM profile_changes WHERE reviewed_at IS NULL "
    "GROUP BY plumber_id ORDER BY min(created_at), plumber_id LIMIT $1 OFFSET $2"};
inline constexpr Statement count_plumbers_with_pending_changes{
    "count_plumbers_with_pending_changes",
    "SELECT count(DISTINCT plumber_id) FROM profile_changes WHERE reviewed_at IS NULL"};
inline constexpr Statement close_profile_changes{
    "close_profile_changes",
    "UPDATE profile_changes SET reviewed_at = $3, reviewed_by = $2 "
    "WHERE plumber_id = $1 AND reviewed_at IS NULL"};

inline constexpr Statement insert_profile_change{
    "insert_profile_change",
    "INSERT INTO profile_changes (plumber_id, field, old_value, new_value, created_at) "
    "VALUES ($1, $2, $3, $4, $5) RETURNING id"};

}  // namespace plumbline::store::sql::profile_changes
