// The SQL of matching, written once for both backends (PostgreSQL placeholders; see statement.hpp).
#pragma once
#include "domain/marketplace.hpp"
#include "store/sql/row.hpp"
#include "store/sql/statement.hpp"

namespace plumbline::store::sql {

template <RowReader R>
domain::LeadMatch read_match(const R& r) {
  return {r.int64(0), r.int64(1), r.real(2), r.int64(3)};
}

}  // namespace plumbline::store::sql

namespace plumbline::store::sql::matching {

inline constexpr Statement lead_match{
    "lead_match",
    "SELECT lead_id, plumber_id, distance_miles, matched_at FROM lead_matches "
    "WHERE lead_id = $1 AND plumber_id = $2"};
inline constexpr Statement lead_matches{
    "lead_matches",
    "SELECT lead_id, plumber_id, distance_miles, matched_at FROM lead_matches "
    "WHERE lead_id = $1 ORDER BY plumber_id"};

}  // namespace plumbline::store::sql::matching
