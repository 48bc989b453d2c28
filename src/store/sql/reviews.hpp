// The SQL of hires, review invitations, reviews and the public profile's figures (issue 17),
// written once for both backends (PostgreSQL placeholders; see statement.hpp).
#pragma once
#include "domain/reviews.hpp"
#include "store/sql/row.hpp"
#include "store/sql/statement.hpp"

#define REVIEW_COLUMNS                                                                     \
  "r.id, r.claim_id, r.lead_id, r.plumber_id, r.punctuality, r.quality, r.price, r.body, " \
  "r.created_at, r.reply, r.replied_at, r.hidden_reason, r.hidden_by, r.hidden_at, "       \
  "coalesce((SELECT p.business_name FROM plumbers p WHERE p.user_id = r.plumber_id), '')"
#define REVIEW_INVITE_COLUMNS \
  "claim_id, lead_id, plumber_id, token_hash, sent_at, expires_at, used_at"

namespace plumbline::store::sql {

template <RowReader R>
std::optional<std::string> opt_text_of(const R& r, int i) {
  if (r.is_null(i)) return std::nullopt;
  return r.text(i);
}

template <RowReader R>
domain::Review read_review(const R& r) {
  domain::Review v;
  int i = 0;
  v.id = r.int64(i++);
  v.claim_id = sql::id_column<domain::ClaimId>(r, i++);
  v.lead_id = sql::id_column<domain::LeadId>(r, i++);
  v.plumber_id = sql::id_column<domain::UserId>(r, i++);
  v.punctuality = static_cast<int>(r.int64(i++));
  v.quality = static_cast<int>(r.int64(i++));
  v.price = static_cast<int>(r.int64(i++));
  v.body = r.text(i++);
  v.created_at = r.int64(i++);
  v.reply = opt_text_of(r, i++);
  v.replied_at = r.opt_int64(i++);
  v.hidden_reason = opt_text_of(r, i++);
  v.hidden_by = r.opt_int64(i++);
  v.hidden_at = r.opt_int64(i++);
  v.business_name = r.text(i++);
  return v;
}

template <RowReader R>
domain::ReviewInvite read_review_invite(const R& r) {
  domain::ReviewInvite v;
  int i = 0;
  v.claim_id = sql::id_column<domain::ClaimId>(r, i++);
  v.lead_id = sql::id_column<domain::LeadId>(r, i++);
  v.plumber_id = sql::id_column<domain::UserId>(r, i++);
  v.token_hash = r.text(i++);
  v.sent_at = r.int64(i++);
  v.expires_at = r.int64(i++);
  v.used_at = r.opt_int64(i++);
  return v;
}

template <RowReader R>
domain::DueReviewRequest read_due_review(const R& r) {
  domain::DueReviewRequest v;
  int i = 0;
  v.lead_id = sql::id_column<domain::LeadId>(r, i++);
  v.claim_id = sql::id_column<domain::ClaimId>(r, i++);
  v.plumber_id = sql::id_column<domain::UserId>(r, i++);
  v.email = r.text(i++);
  v.business_name = r.text(i++);
  v.service_type = r.text(i++);
  v.zip = r.text(i++);
  v.hired_at = r.int64(i++);
  return v;
}

}  // namespace plumbline::store::sql

namespace plumbline::store::sql::reviews {

// Conditional: the first hired choice wins; a second click changes nothing.
inline constexpr Statement set_lead_hired{
    "set_lead_hired",
    "UPDATE leads SET hired_claim_id = $2, hired_at = $3 WHERE id = $1 AND hired_at IS NULL"};
inline constexpr Statement mark_claim_hired{
    "mark_claim_hired",
    "UPDATE claims SET outcome = 'won', updated_at = $2 WHERE id = $1 AND refunded_at IS NULL"};
inline constexpr Statement lead_hire{
    "lead_hire",
    "SELECT l.hired_claim_id, k.plumber_id, l.hired_at FROM leads l "
    "LEFT JOIN claims k ON k.id = l.hired_claim_id WHERE l.id = $1 AND l.hired_at IS NOT NULL"};
inline constexpr Statement hires_due_for_review{
    "hires_due_for_review",
    "SELECT l.id, k.id, k.plumber_id, l.email, p.business_name, l.service_type, l.zip, "
    "l.hired_at FROM leads l JOIN claims k ON k.id = l.hired_claim_id "
    "JOIN plumbers p ON p.user_id = k.plumber_id "
    "WHERE l.hired_claim_id IS NOT NULL AND l.hired_at <= $1 AND k.refunded_at IS NULL "
    "AND l.email <> '' AND NOT EXISTS (SELECT 1 FROM review_invites i WHERE i.claim_id = k.id) "
    "ORDER BY l.hired_at, l.id LIMIT $2"};
inline constexpr Statement insert_review_invite{"insert_review_invite",
                                                "INSERT INTO review_invites (" REVIEW_INVITE_COLUMNS
                                                ") VALUES ($1, $2, $3, $4, $5, $6, $7) "
                                                "ON CONFLICT DO NOTHING"};
inline constexpr Statement review_invite_by_hash{"review_invite_by_hash",
                                                 "SELECT " REVIEW_INVITE_COLUMNS
                                                 " FROM review_invites WHERE token_hash = $1"};
inline constexpr Statement use_review_invite{
    "use_review_invite",
    "UPDATE review_invites SET used_at = $2 WHERE claim_id = $1 AND used_at IS NULL "
    "AND expires_at > $2"};
// The hire is checked in the statement itself: only the lead's hired claim, of that plumber and
// not refunded, gets a row; UNIQUE (claim_id) and (lead_id) make it one per hire. The casts type
// the SELECT's parameters for PostgreSQL (a bare $N there would be text).
inline constexpr Statement insert_review{
    "insert_review",
    "INSERT INTO reviews (claim_id, lead_id, plumber_id, punctuality, quality, price, body, "
    "created_at) SELECT k.id, l.id, k.plumber_id, CAST($4 AS BIGINT), CAST($5 AS BIGINT), "
    "CAST($6 AS BIGINT), CAST($7 AS TEXT), CAST($8 AS BIGINT) FROM leads l "
    "JOIN claims k ON k.id = l.hired_claim_id WHERE k.id = $1 AND l.id = $2 "
    "AND k.plumber_id = $3 AND k.refunded_at IS NULL ON CONFLICT DO NOTHING RETURNING id"};
inline constexpr Statement review_by_id{"review_by_id",
                                        "SELECT " REVIEW_COLUMNS " FROM reviews r WHERE r.id = $1"};
inline constexpr Statement reviews_for_plumber{"reviews_for_plumber",
                                               "SELECT " REVIEW_COLUMNS
                                               " FROM reviews r WHERE r.plumber_id = $1 "
                                               "ORDER BY r.created_at DESC, r.id DESC"};
inline constexpr Statement list_reviews{
    "list_reviews", "SELECT " REVIEW_COLUMNS
                    " FROM reviews r ORDER BY r.created_at DESC, r.id DESC LIMIT $1 OFFSET $2"};
inline constexpr Statement reply_to_review{
    "reply_to_review",
    "UPDATE reviews SET reply = $3, replied_at = $4 WHERE id = $1 AND plumber_id = $2 "
    "AND reply IS NULL"};
inline constexpr Statement hide_review{
    "hide_review",
    "UPDATE reviews SET hidden_reason = $2, hidden_by = $3, hidden_at = $4 "
    "WHERE id = $1 AND hidden_at IS NULL"};
inline constexpr Statement plumber_claim_delays{
    "plumber_claim_delays",
    "SELECT k.created_at - m.matched_at FROM claims k JOIN lead_matches m "
    "ON m.lead_id = k.lead_id AND m.plumber_id = k.plumber_id "
    "WHERE k.plumber_id = $1 AND k.created_at >= m.matched_at "
    "ORDER BY k.created_at DESC LIMIT 500"};
inline constexpr Statement account_closed{
    "account_closed", "SELECT count(*) FROM users WHERE id = $1 AND closed_at IS NOT NULL"};

}  // namespace plumbline::store::sql::reviews
