// The SQL of disputes, written once for both backends (PostgreSQL placeholders; see statement.hpp).
#pragma once
#include "domain/marketplace.hpp"
#include "store/sql/row.hpp"
#include "store/sql/statement.hpp"

#define DISPUTE_COLUMNS                                                                   \
  "id, claim_id, plumber_id, lead_id, reason, details, status, resolution, resolved_by, " \
  "created_at, resolved_at"

namespace plumbline::store::sql {

template <RowReader R>
domain::Dispute read_dispute(const R& r) {
  domain::Dispute d;
  int i = 0;
  d.id = id_column<domain::DisputeId>(r, i++);
  d.claim_id = id_column<domain::ClaimId>(r, i++);
  d.plumber_id = id_column<domain::UserId>(r, i++);
  d.lead_id = id_column<domain::LeadId>(r, i++);
  d.reason = r.text(i++);
  d.details = r.text(i++);
  d.status = status_column<domain::DisputeStatus>(r, i++);
  d.resolution = r.text(i++);
  d.resolved_by = opt_id_column<domain::UserId>(r, i++);
  d.created_at = r.int64(i++);
  d.resolved_at = r.opt_int64(i++);
  return d;
}

}  // namespace plumbline::store::sql

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

inline constexpr Statement insert_dispute{
    "insert_dispute",
    "INSERT INTO disputes (claim_id, plumber_id, lead_id, reason, details, status, resolution, "
    "resolved_by, created_at, resolved_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) "
    "RETURNING id"};

// An empty status ($1 = '') lists every status.
inline constexpr Statement list_disputes{
    "list_disputes", "SELECT " DISPUTE_COLUMNS
                     " FROM disputes WHERE (CAST($1 AS text) = '' OR status = $1) "
                     "ORDER BY created_at, id LIMIT $2 OFFSET $3"};

}  // namespace plumbline::store::sql::disputes
