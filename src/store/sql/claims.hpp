// The SQL of claims, written once for both backends (PostgreSQL placeholders; see statement.hpp).
#pragma once
#include "domain/marketplace.hpp"
#include "store/sql/leads.hpp"
#include "store/sql/row.hpp"
#include "store/sql/statement.hpp"

// Every claim column, qualified with the alias `k`, in the order read_claim expects.
#define CLAIM_COLUMNS                                                                       \
  "k.id, k.lead_id, k.plumber_id, k.price_credits, k.outcome, k.job_value_cents, k.notes, " \
  "k.refunded_at, k.created_at, k.updated_at"

namespace plumbline::store::sql {

inline constexpr int claim_column_count = 10;

// Reads CLAIM_COLUMNS starting at column `first`.
template <RowReader R>
domain::Claim read_claim(const R& r, int first = 0) {
  domain::Claim c;
  int i = first;
  c.id = id_column<domain::ClaimId>(r, i++);
  c.lead_id = id_column<domain::LeadId>(r, i++);
  c.plumber_id = id_column<domain::UserId>(r, i++);
  c.price_credits = r.int64(i++);
  c.outcome = status_column<domain::ClaimOutcome>(r, i++);
  c.job_value_cents = r.int64(i++);
  c.notes = r.text(i++);
  c.refunded_at = r.opt_int64(i++);
  c.created_at = r.int64(i++);
  c.updated_at = r.int64(i++);
  return c;
}

}  // namespace plumbline::store::sql

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

// response_ms (migration 0031): the claim's time less its match's, fixed when the claim is made
// (NULL without a match); the Plumbers report's medians read it instead of the match.
inline constexpr Statement insert_claim{
    "insert_claim",
    "INSERT INTO claims (lead_id, plumber_id, price_credits, outcome, job_value_cents, notes, "
    "refunded_at, created_at, updated_at, response_ms) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, "
    "$9, CAST($8 AS BIGINT) - (SELECT m.matched_at FROM lead_matches m WHERE m.lead_id = $1 "
    "AND m.plumber_id = $2)) RETURNING id"};
// The lead's fact column for reports (migration 0023), kept with each claim (take_claim_slot
// counts the claims).
inline constexpr Statement count_lead_claim{
    "count_lead_claim",
    "UPDATE leads SET first_claim_at = CAST($2 AS BIGINT) WHERE id = $1 "
    "AND (first_claim_at IS NULL OR first_claim_at > CAST($2 AS BIGINT))"};
inline constexpr Statement claim_by_id{"claim_by_id",
                                       "SELECT " CLAIM_COLUMNS " FROM claims k WHERE k.id = $1"};
inline constexpr Statement claim_for{"claim_for",
                                     "SELECT " CLAIM_COLUMNS
                                     " FROM claims k WHERE k.lead_id = $1 AND k.plumber_id = $2"};
inline constexpr Statement claims_for_plumber{
    "claims_for_plumber", "SELECT " CLAIM_COLUMNS ", " LEAD_COLUMNS
                          ", d.status FROM claims k JOIN leads l ON l.id = k.lead_id "
                          "LEFT JOIN disputes d ON d.claim_id = k.id WHERE k.plumber_id = $1 "
                          "ORDER BY k.created_at DESC, k.id DESC LIMIT $2 OFFSET $3"};
inline constexpr Statement claims_for_lead{
    "claims_for_lead",
    "SELECT " CLAIM_COLUMNS " FROM claims k WHERE k.lead_id = $1 ORDER BY k.created_at, k.id"};
inline constexpr Statement claimants{
    "claimants",
    "SELECT p.user_id, p.business_name, p.phone_e164, p.licence_number, p.licence_state, "
    "p.licence_verified_on, p.insurance_valid_until, k.created_at "
    "FROM claims k JOIN plumbers p ON p.user_id = k.plumber_id "
    "WHERE k.lead_id = $1 AND k.refunded_at IS NULL ORDER BY k.created_at, k.id"};
inline constexpr Statement plumber_stats{
    "plumber_stats",
    "SELECT count(*) FILTER (WHERE created_at >= $2), "
    "count(*) FILTER (WHERE outcome = 'won'), count(*) FILTER (WHERE outcome = 'lost'), "
    "coalesce(sum(price_credits) FILTER (WHERE refunded_at IS NULL), 0), "
    "coalesce(sum(job_value_cents) FILTER (WHERE outcome = 'won'), 0) "
    "FROM claims WHERE plumber_id = $1"};

}  // namespace plumbline::store::sql::claims
