// The SQL of sessions, single-use and refresh tokens, written once for both backends (PostgreSQL
// placeholders; see statement.hpp).
#pragma once
#include "domain/account.hpp"
#include "store/sql/row.hpp"
#include "store/sql/statement.hpp"

#define AUTH_TOKEN_COLUMNS \
  "token_hash, user_id, purpose, new_email, created_at, expires_at, used_at"

#define REFRESH_COLUMNS \
  "token_hash, user_id, family_id, created_at, expires_at, used_at, revoked_at"

#define SESSION_COLUMNS                                                                          \
  "id_hash, user_id, created_at, last_seen_at, absolute_expires_at, idle_timeout_ms, remember, " \
  "ip, user_agent"

namespace plumbline::store::sql {

// Reads SESSION_COLUMNS.
template <RowReader R>
domain::Session read_session(const R& r) {
  domain::Session s;
  int i = 0;
  s.id_hash = r.text(i++);
  s.user_id = sql::id_column<domain::UserId>(r, i++);
  s.created_at = r.int64(i++);
  s.last_seen_at = r.int64(i++);
  s.absolute_expires_at = r.int64(i++);
  s.idle_timeout_ms = r.int64(i++);
  s.remember = r.boolean(i++);
  s.ip = r.text(i++);
  s.user_agent = r.text(i++);
  return s;
}

// Reads AUTH_TOKEN_COLUMNS.
template <RowReader R>
domain::AuthToken read_auth_token(const R& r) {
  domain::AuthToken t;
  int i = 0;
  t.token_hash = r.text(i++);
  t.user_id = sql::id_column<domain::UserId>(r, i++);
  t.purpose = r.text(i++);
  t.new_email = r.text(i++);
  t.created_at = r.int64(i++);
  t.expires_at = r.int64(i++);
  t.used_at = r.opt_int64(i++);
  return t;
}

// Reads REFRESH_COLUMNS.
template <RowReader R>
domain::RefreshToken read_refresh_token(const R& r) {
  domain::RefreshToken t;
  int i = 0;
  t.token_hash = r.text(i++);
  t.user_id = sql::id_column<domain::UserId>(r, i++);
  t.family_id = r.text(i++);
  t.created_at = r.int64(i++);
  t.expires_at = r.int64(i++);
  t.used_at = r.opt_int64(i++);
  t.revoked_at = r.opt_int64(i++);
  return t;
}

}  // namespace plumbline::store::sql

namespace plumbline::store::sql::sessions {

inline constexpr Statement insert_session{"insert_session",
                                          "INSERT INTO sessions (" SESSION_COLUMNS
                                          ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)"};
inline constexpr Statement session_by_hash{
    "session_by_hash", "SELECT " SESSION_COLUMNS " FROM sessions WHERE id_hash = $1"};
inline constexpr Statement touch_session{
    "touch_session", "UPDATE sessions SET last_seen_at = $2 WHERE id_hash = $1"};
// The session's user was active at $2 (users.last_active_at; see accounts.hpp users_mark_active).
inline constexpr Statement users_mark_active_by_session{
    "users_mark_active_by_session",
    "UPDATE users SET last_active_at = s.last_seen_at FROM sessions s "
    "WHERE s.id_hash = $1 AND users.id = s.user_id AND users.last_active_at < s.last_seen_at"};
inline constexpr Statement delete_session{"delete_session",
                                          "DELETE FROM sessions WHERE id_hash = $1"};
// Stored hashes are 64 characters, so an empty keep_hash keeps nothing.
inline constexpr Statement delete_user_sessions{
    "delete_user_sessions", "DELETE FROM sessions WHERE user_id = $1 AND id_hash <> $2"};
inline constexpr Statement insert_auth_token{"insert_auth_token",
                                             "INSERT INTO auth_tokens (" AUTH_TOKEN_COLUMNS
                                             ") VALUES ($1, $2, $3, $4, $5, $6, $7)"};
inline constexpr Statement auth_token_by_hash{
    "auth_token_by_hash", "SELECT " AUTH_TOKEN_COLUMNS " FROM auth_tokens WHERE token_hash = $1"};
// Conditional update: a racing second use waits for the first to commit, then re-checks
// used_at and changes nothing (READ COMMITTED), so exactly one use reports a change.
inline constexpr Statement use_auth_token{
    "use_auth_token",
    "UPDATE auth_tokens SET used_at = $2 WHERE token_hash = $1 AND used_at IS NULL"};
inline constexpr Statement expire_auth_tokens{
    "expire_auth_tokens",
    "UPDATE auth_tokens SET used_at = $3 WHERE user_id = $1 AND purpose = $2 AND used_at IS NULL"};
inline constexpr Statement insert_refresh_token{"insert_refresh_token",
                                                "INSERT INTO refresh_tokens (" REFRESH_COLUMNS
                                                ") VALUES ($1, $2, $3, $4, $5, $6, $7)"};
inline constexpr Statement refresh_token_by_hash{"refresh_token_by_hash",
                                                 "SELECT " REFRESH_COLUMNS
                                                 " FROM refresh_tokens WHERE token_hash = $1"};
inline constexpr Statement use_refresh_token{
    "use_refresh_token",
    "UPDATE refresh_tokens SET used_at = $2 "
    "WHERE token_hash = $1 AND used_at IS NULL AND revoked_at IS NULL"};
// A token keeps the time it was first revoked.
inline constexpr Statement revoke_refresh_family{
    "revoke_refresh_family",
    "UPDATE refresh_tokens SET revoked_at = $2 WHERE family_id = $1 AND revoked_at IS NULL"};
inline constexpr Statement revoke_user_refresh_tokens{
    "revoke_user_refresh_tokens",
    "UPDATE refresh_tokens SET revoked_at = $2 WHERE user_id = $1 AND revoked_at IS NULL"};
// Access tokens carry the generation they were issued under; a new one refuses them all.
inline constexpr Statement next_token_generation{
    "next_token_generation",
    "UPDATE users SET token_generation = token_generation + 1 WHERE id = $1"};
inline constexpr Statement user_token_standing{
    "user_token_standing",
    "SELECT CASE WHEN closed_at IS NULL THEN 0 ELSE 1 END, token_generation FROM users "
    "WHERE id = $1"};

}  // namespace plumbline::store::sql::sessions
