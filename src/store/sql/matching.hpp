// The SQL of matching, written once for both backends (PostgreSQL placeholders; see statement.hpp).
#pragma once
#include <cstdint>
#include <map>
#include <vector>

#include "domain/marketplace.hpp"
#include "store/sql/row.hpp"
#include "store/sql/statement.hpp"

namespace plumbline::store::sql {

template <RowReader R>
domain::LeadMatch read_match(const R& r) {
  return {id_column<domain::LeadId>(r, 0), id_column<domain::UserId>(r, 1), r.real(2), r.int64(3)};
}

// How many of `matches` each lead got (late matching inserts rows for several leads at once).
inline std::map<std::int64_t, std::int64_t> matches_per_lead(
    const std::vector<domain::LeadMatch>& matches) {
  std::map<std::int64_t, std::int64_t> out;
  for (const auto& m : matches) ++out[m.lead_id.value];
  return out;
}

}  // namespace plumbline::store::sql

namespace plumbline::store::sql::matching {

inline constexpr Statement lead_match{
    "lead_match",
    "SELECT lead_id, plumber_id, distance_miles, matched_at FROM lead_matches "
    "WHERE lead_id = $1 AND plumber_id = $2"};
// The lead's fact column for reports (migration 0023), kept with each insert of its matches.
inline constexpr Statement count_lead_matches{
    "count_lead_matches", "UPDATE leads SET match_count = match_count + $2 WHERE id = $1"};
inline constexpr Statement lead_matches{
    "lead_matches",
    "SELECT lead_id, plumber_id, distance_miles, matched_at FROM lead_matches "
    "WHERE lead_id = $1 ORDER BY plumber_id"};

}  // namespace plumbline::store::sql::matching
