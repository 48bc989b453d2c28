// The SQL of two-factor keys, recovery codes and challenges, written once for both backends
// (PostgreSQL placeholders; see statement.hpp).
#pragma once
#include "domain/two_factor.hpp"
#include "store/sql/row.hpp"
#include "store/sql/statement.hpp"

namespace plumbline::store::sql {

template <RowReader R>
domain::TwoFactor read_two_factor(const R& r) {
  domain::TwoFactor t;
  int i = 0;
  t.user_id = sql::id_column<domain::UserId>(r, i++);
  t.secret_sealed = r.text(i++);
  t.enabled_at = r.opt_int64(i++);
  t.last_step = r.int64(i++);
  t.failures = static_cast<int>(r.int64(i++));
  t.failed_at = r.int64(i++);
  t.created_at = r.int64(i++);
  return t;
}

template <RowReader R>
domain::TwoFactorChallenge read_two_factor_challenge(const R& r) {
  domain::TwoFactorChallenge ch;
  ch.token_hash = r.text(0);
  ch.user_id = sql::id_column<domain::UserId>(r, 1);
  ch.remember = r.boolean(2);
  ch.failures = static_cast<int>(r.int64(3));
  ch.created_at = r.int64(4);
  ch.expires_at = r.int64(5);
  return ch;
}

}  // namespace plumbline::store::sql

namespace plumbline::store::sql::two_factor {

inline constexpr Statement tf_select{
    "tf_select",
    "SELECT user_id, secret_sealed, enabled_at, last_step, failures, failed_at, created_at "
    "FROM two_factor WHERE user_id = $1"};
inline constexpr Statement tf_put{
    "tf_put",
    "INSERT INTO two_factor (user_id, secret_sealed, enabled_at, last_step, failures, failed_at, "
    "created_at) VALUES ($1, $2, NULL, 0, 0, 0, $3) ON CONFLICT (user_id) DO UPDATE SET "
    "secret_sealed = $2, enabled_at = NULL, last_step = 0, failures = 0, failed_at = 0, "
    "created_at = $3"};
// Conditional updates: a racing second use waits for the first to commit, then re-checks and
// changes nothing.
inline constexpr Statement tf_enable{
    "tf_enable",
    "UPDATE two_factor SET enabled_at = $3, last_step = $2, failures = 0 "
    "WHERE user_id = $1 AND enabled_at IS NULL"};
inline constexpr Statement tf_use_step{
    "tf_use_step",
    "UPDATE two_factor SET last_step = $2, failures = 0 WHERE user_id = $1 AND last_step < $2"};
inline constexpr Statement tf_fail{
    "tf_fail", "UPDATE two_factor SET failures = failures + 1, failed_at = $2 WHERE user_id = $1"};
inline constexpr Statement tf_delete{"tf_delete", "DELETE FROM two_factor WHERE user_id = $1"};
inline constexpr Statement tf_delete_codes{
    "tf_delete_codes", "DELETE FROM two_factor_recovery_codes WHERE user_id = $1"};
inline constexpr Statement tf_insert_code{
    "tf_insert_code",
    "INSERT INTO two_factor_recovery_codes (user_id, code_hash, used_at) VALUES ($1, $2, NULL)"};
inline constexpr Statement tf_use_code{"tf_use_code",
                                       "UPDATE two_factor_recovery_codes SET used_at = $3 "
                                       "WHERE user_id = $1 AND code_hash = $2 AND used_at IS NULL"};
inline constexpr Statement tf_clear_failures{
    "tf_clear_failures", "UPDATE two_factor SET failures = 0 WHERE user_id = $1"};
inline constexpr Statement tf_count_codes{
    "tf_count_codes",
    "SELECT count(*) FROM two_factor_recovery_codes WHERE user_id = $1 AND used_at IS NULL"};
inline constexpr Statement tf_insert_challenge{
    "tf_insert_challenge",
    "INSERT INTO two_factor_challenges (token_hash, user_id, remember, failures, created_at, "
    "expires_at) VALUES ($1, $2, $3, $4, $5, $6)"};
inline constexpr Statement tf_challenge{
    "tf_challenge",
    "SELECT token_hash, user_id, remember, failures, created_at, "
    "expires_at FROM two_factor_challenges WHERE token_hash = $1"};
inline constexpr Statement tf_fail_challenge{
    "tf_fail_challenge",
    "UPDATE two_factor_challenges SET failures = failures + 1 "
    "WHERE token_hash = $1 RETURNING failures"};
inline constexpr Statement tf_delete_challenge{
    "tf_delete_challenge", "DELETE FROM two_factor_challenges WHERE token_hash = $1"};

}  // namespace plumbline::store::sql::two_factor
