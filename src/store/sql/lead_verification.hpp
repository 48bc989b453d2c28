// The SQL of verification codes and the lead's verified facts, written once for both backends
// (PostgreSQL placeholders; see statement.hpp), and the code row mapper.
#pragma once
#include "domain/lead_verification.hpp"
#include "store/sql/row.hpp"
#include "store/sql/statement.hpp"

namespace plumbline::store::sql {

template <RowReader R>
domain::VerificationCode read_verification_code(const R& r) {
  domain::VerificationCode c;
  int i = 0;
  c.id = r.int64(i++);
  c.lead_id = r.int64(i++);
  c.channel = r.text(i++);
  c.recipient_hash = r.text(i++);
  c.code_hash = r.text(i++);
  c.expires_at = r.int64(i++);
  c.attempts = static_cast<int>(r.int64(i++));
  c.used_at = r.opt_int64(i++);
  c.created_at = r.int64(i++);
  return c;
}

template <RowReader R>
domain::LeadVerification read_lead_verification(const R& r) {
  domain::LeadVerification v;
  v.awaiting = r.boolean(0);
  v.phone_verified_at = r.opt_int64(1);
  v.email_verified_at = r.opt_int64(2);
  return v;
}

}  // namespace plumbline::store::sql

namespace plumbline::store::sql::lead_verification {

inline constexpr Statement insert_code{
    "lv_insert_code",
    "INSERT INTO lead_verification_codes (lead_id, channel, recipient_hash, code_hash, "
    "expires_at, attempts, used_at, created_at) VALUES ($1, $2, $3, $4, $5, 0, NULL, $6) "
    "RETURNING id"};
inline constexpr Statement latest_code{
    "lv_latest_code",
    "SELECT id, lead_id, channel, recipient_hash, code_hash, expires_at, attempts, used_at, "
    "created_at FROM lead_verification_codes WHERE lead_id = $1 ORDER BY id DESC LIMIT 1"};
inline constexpr Statement supersede_codes{
    "lv_supersede_codes",
    "UPDATE lead_verification_codes SET expires_at = $2 "
    "WHERE lead_id = $1 AND used_at IS NULL AND expires_at > $2"};
inline constexpr Statement count_codes_since{
    "lv_count_codes_since",
    "SELECT count(*) FROM lead_verification_codes WHERE recipient_hash = $1 AND created_at >= $2"};
// Conditional: the attempt cap holds under concurrent entries (each waits for the row's lock).
inline constexpr Statement count_attempt{
    "lv_count_attempt",
    "UPDATE lead_verification_codes SET attempts = attempts + 1 "
    "WHERE id = $1 AND used_at IS NULL AND attempts < $2 RETURNING attempts"};
inline constexpr Statement use_code{
    "lv_use_code",
    "UPDATE lead_verification_codes SET used_at = $2 WHERE id = $1 AND used_at IS NULL"};
inline constexpr Statement lead_verification{
    "lv_lead_verification",
    "SELECT awaiting_verification, phone_verified_at, email_verified_at FROM leads WHERE id = $1"};
inline constexpr Statement hold_lead{"lv_hold_lead",
                                     "UPDATE leads SET awaiting_verification = true WHERE id = $1"};
inline constexpr Statement release_lead{
    "lv_release_lead", "UPDATE leads SET awaiting_verification = false WHERE id = $1"};
inline constexpr Statement phone_verified{
    "lv_phone_verified",
    "UPDATE leads SET phone_verified_at = $2, awaiting_verification = false "
    "WHERE id = $1 AND phone_verified_at IS NULL"};
inline constexpr Statement email_verified{
    "lv_email_verified",
    "UPDATE leads SET email_verified_at = $2, awaiting_verification = false "
    "WHERE id = $1 AND email_verified_at IS NULL"};
// The expiry job: pick, then move each with a conditional update (a lead confirmed or expired by
// another worker meanwhile is left alone and not returned). Counted from live_since, so a request
// staff reopen gets the window again.
inline constexpr Statement unverified_expirable{
    "lv_unverified_expirable",
    "SELECT id FROM leads WHERE awaiting_verification AND status = 'open' AND live_since < $1 "
    "ORDER BY live_since, id LIMIT $2"};
inline constexpr Statement expire_unverified{
    "lv_expire_unverified",
    "UPDATE leads SET status = 'expired', closed_reason = 'unverified', updated_at = $2 "
    "WHERE id = $1 AND status = 'open' AND awaiting_verification"};

}  // namespace plumbline::store::sql::lead_verification
