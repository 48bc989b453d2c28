// The SQL of disputes, written once for both backends (PostgreSQL placeholders; see statement.hpp).
#pragma once
#include "store/sql/statement.hpp"

#define DISPUTE_COLUMNS                                                                   \
  "id, claim_id, plumber_id, lead_id, reason, details, status, resolution, resolved_by, " \
  "created_at, resolved_at"

namespace plumbline::store::sql::disputes {

inline constexpr Statement dispute_by_id{"dispute_by_id",
                                         "SELECT " DISPUTE_COLUMNS " FROM disputes WHERE id = $1"};
inline constexpr Statement dispute_for_claim{
    "dispute_for_claim", "SELECT " DISPUTE_COLUMNS " FROM disputes WHERE claim_id = $1"};
// Conditional: only a pending dispute can be resolved, so two admins cannot both decide it.
inline constexpr Statement resolve_dispute{
    "resolve_dispute",
    "UPDATE disputes SET status = $2, resolution = $3, resolved_by = $4, resolved_at = $5 "
    "WHERE id = $1 AND status = 'pending'"};

}  // namespace plumbline::store::sql::disputes
