// The SQL of claims, written once for both backends (PostgreSQL placeholders; see statement.hpp).
#pragma once
#include "store/sql/statement.hpp"

namespace plumbline::store::sql::claims {

// The row lock serialises concurrent claimers of one lead: a waiting UPDATE re-evaluates the
// WHERE against the committed row (READ COMMITTED), so claims_count never passes max_claims and
// the CHECK constraint is only the last line of defence. The CASE sees the old claims_count.
inline constexpr Statement take_claim_slot{
    "take_claim_slot",
    "UPDATE leads SET claims_count = claims_count + 1, "
    "status = CASE WHEN claims_count + 1 >= max_claims THEN 'full' ELSE status END, "
    "updated_at = $2 WHERE id = $1 AND status = 'open' AND claims_count < max_claims "
    "RETURNING claims_count"};
inline constexpr Statement count_claims_for_plumber{
    "count_claims_for_plumber", "SELECT count(*) FROM claims WHERE plumber_id = $1"};
inline constexpr Statement update_claim_outcome{
    "update_claim_outcome",
    "UPDATE claims SET outcome = $3, job_value_cents = $4, notes = $5, updated_at = $6 "
    "WHERE id = $1 AND plumber_id = $2"};
// Conditional: only the first refund of a claim changes anything.
inline constexpr Statement mark_claim_refunded{
    "mark_claim_refunded",
    "UPDATE claims SET refunded_at = $2, updated_at = $2 WHERE id = $1 AND refunded_at IS NULL"};
// Refunded claims still count towards the daily cap: the slot was taken.
inline constexpr Statement count_claims_since{
    "count_claims_since", "SELECT count(*) FROM claims WHERE plumber_id = $1 AND created_at >= $2"};

}  // namespace plumbline::store::sql::claims
