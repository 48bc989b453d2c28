// PostgreSQL: login sessions, single-use e-mailed tokens and API refresh tokens.
#include "store/postgres/pg_tx.hpp"

namespace plumbline::store::pg {

namespace {
#define SESSION_COLUMNS                                                                          \
  "id_hash, user_id, created_at, last_seen_at, absolute_expires_at, idle_timeout_ms, remember, " \
  "ip, user_agent"
constexpr Sql insert_session_sql{"insert_session", "INSERT INTO sessions (" SESSION_COLUMNS
                                                   ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)"};
constexpr Sql session_by_hash_sql{"session_by_hash",
                                  "SELECT " SESSION_COLUMNS " FROM sessions WHERE id_hash = $1"};
#undef SESSION_COLUMNS
constexpr Sql touch_session_sql{"touch_session",
                                "UPDATE sessions SET last_seen_at = $2 WHERE id_hash = $1"};
constexpr Sql delete_session_sql{"delete_session", "DELETE FROM sessions WHERE id_hash = $1"};
// Stored hashes are 64 characters, so an empty keep_hash keeps nothing.
constexpr Sql delete_user_sessions_sql{"delete_user_sessions",
                                       "DELETE FROM sessions WHERE user_id = $1 AND id_hash <> $2"};

#define AUTH_TOKEN_COLUMNS \
  "token_hash, user_id, purpose, new_email, created_at, expires_at, used_at"
constexpr Sql insert_auth_token_sql{"insert_auth_token",
                                    "INSERT INTO auth_tokens (" AUTH_TOKEN_COLUMNS
                                    ") VALUES ($1, $2, $3, $4, $5, $6, $7)"};
constexpr Sql auth_token_by_hash_sql{
    "auth_token_by_hash", "SELECT " AUTH_TOKEN_COLUMNS " FROM auth_tokens WHERE token_hash = $1"};
#undef AUTH_TOKEN_COLUMNS
// Conditional update: a racing second use waits for the first to commit, then re-checks
// used_at and changes nothing (READ COMMITTED), so exactly one use reports a change.
constexpr Sql use_auth_token_sql{
    "use_auth_token",
    "UPDATE auth_tokens SET used_at = $2 WHERE token_hash = $1 AND used_at IS NULL"};
constexpr Sql expire_auth_tokens_sql{
    "expire_auth_tokens",
    "UPDATE auth_tokens SET used_at = $3 WHERE user_id = $1 AND purpose = $2 AND used_at IS NULL"};

#define REFRESH_COLUMNS \
  "token_hash, user_id, family_id, created_at, expires_at, used_at, revoked_at"
constexpr Sql insert_refresh_sql{"insert_refresh_token",
                                 "INSERT INTO refresh_tokens (" REFRESH_COLUMNS
                                 ") VALUES ($1, $2, $3, $4, $5, $6, $7)"};
constexpr Sql refresh_by_hash_sql{"refresh_token_by_hash",
                                  "SELECT " REFRESH_COLUMNS
                                  " FROM refresh_tokens WHERE token_hash = $1"};
#undef REFRESH_COLUMNS
constexpr Sql use_refresh_sql{"use_refresh_token",
                              "UPDATE refresh_tokens SET used_at = $2 "
                              "WHERE token_hash = $1 AND used_at IS NULL AND revoked_at IS NULL"};
// A token keeps the time it was first revoked.
constexpr Sql revoke_family_sql{
    "revoke_refresh_family",
    "UPDATE refresh_tokens SET revoked_at = $2 WHERE family_id = $1 AND revoked_at IS NULL"};
constexpr Sql revoke_user_refresh_sql{
    "revoke_user_refresh_tokens",
    "UPDATE refresh_tokens SET revoked_at = $2 WHERE user_id = $1 AND revoked_at IS NULL"};
}  // namespace

void PgTx::insert_session(const domain::Session& s) {
  c_.run(insert_session_sql, s.id_hash, s.user_id, s.created_at, s.last_seen_at,
         s.absolute_expires_at, s.idle_timeout_ms, s.remember, s.ip, s.user_agent);
}

std::optional<domain::Session> PgTx::session_by_hash(const std::string& id_hash) {
  auto r = c_.run(session_by_hash_sql, id_hash);
  if (r.rows() == 0) return std::nullopt;
  domain::Session s;
  int i = 0;
  s.id_hash = r.text(0, i++);
  s.user_id = r.int64(0, i++);
  s.created_at = r.int64(0, i++);
  s.last_seen_at = r.int64(0, i++);
  s.absolute_expires_at = r.int64(0, i++);
  s.idle_timeout_ms = r.int64(0, i++);
  s.remember = r.boolean(0, i++);
  s.ip = r.text(0, i++);
  s.user_agent = r.text(0, i++);
  return s;
}

void PgTx::touch_session(const std::string& id_hash, domain::Millis at) {
  c_.run(touch_session_sql, id_hash, at);
}

void PgTx::delete_session(const std::string& id_hash) {
  c_.run(delete_session_sql, id_hash);
}

int PgTx::delete_user_sessions(std::int64_t user_id, const std::string& keep_hash) {
  return static_cast<int>(c_.run(delete_user_sessions_sql, user_id, keep_hash).affected());
}

void PgTx::insert_auth_token(const domain::AuthToken& t) {
  c_.run(insert_auth_token_sql, t.token_hash, t.user_id, t.purpose, t.new_email, t.created_at,
         t.expires_at, t.used_at);
}

std::optional<domain::AuthToken> PgTx::auth_token_by_hash(const std::string& token_hash) {
  auto r = c_.run(auth_token_by_hash_sql, token_hash);
  if (r.rows() == 0) return std::nullopt;
  domain::AuthToken t;
  int i = 0;
  t.token_hash = r.text(0, i++);
  t.user_id = r.int64(0, i++);
  t.purpose = r.text(0, i++);
  t.new_email = r.text(0, i++);
  t.created_at = r.int64(0, i++);
  t.expires_at = r.int64(0, i++);
  t.used_at = r.opt_int64(0, i++);
  return t;
}

bool PgTx::use_auth_token(const std::string& token_hash, domain::Millis at) {
  return c_.run(use_auth_token_sql, token_hash, at).affected() == 1;
}

void PgTx::expire_auth_tokens(std::int64_t user_id, const std::string& purpose, domain::Millis at) {
  c_.run(expire_auth_tokens_sql, user_id, purpose, at);
}

void PgTx::insert_refresh_token(const domain::RefreshToken& t) {
  c_.run(insert_refresh_sql, t.token_hash, t.user_id, t.family_id, t.created_at, t.expires_at,
         t.used_at, t.revoked_at);
}

std::optional<domain::RefreshToken> PgTx::refresh_token_by_hash(const std::string& token_hash) {
  auto r = c_.run(refresh_by_hash_sql, token_hash);
  if (r.rows() == 0) return std::nullopt;
  domain::RefreshToken t;
  int i = 0;
  t.token_hash = r.text(0, i++);
  t.user_id = r.int64(0, i++);
  t.family_id = r.text(0, i++);
  t.created_at = r.int64(0, i++);
  t.expires_at = r.int64(0, i++);
  t.used_at = r.opt_int64(0, i++);
  t.revoked_at = r.opt_int64(0, i++);
  return t;
}

bool PgTx::use_refresh_token(const std::string& token_hash, domain::Millis at) {
  return c_.run(use_refresh_sql, token_hash, at).affected() == 1;
}

void PgTx::revoke_refresh_family(const std::string& family_id, domain::Millis at) {
  c_.run(revoke_family_sql, family_id, at);
}

void PgTx::revoke_user_refresh_tokens(std::int64_t user_id, domain::Millis at) {
  c_.run(revoke_user_refresh_sql, user_id, at);
}

}  // namespace plumbline::store::pg
