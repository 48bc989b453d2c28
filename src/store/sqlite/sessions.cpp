// SQLite: login sessions, single-use e-mailed tokens and API refresh tokens.
#include "store/sqlite/sqlite_tx.hpp"

namespace plumbline::store::sqlite {

namespace {
#define SESSION_COLUMNS                                                                          \
  "id_hash, user_id, created_at, last_seen_at, absolute_expires_at, idle_timeout_ms, remember, " \
  "ip, user_agent"
constexpr const char* insert_session_sql =
    "INSERT INTO sessions (" SESSION_COLUMNS ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)";
constexpr const char* session_by_hash_sql =
    "SELECT " SESSION_COLUMNS " FROM sessions WHERE id_hash = ?1";
#undef SESSION_COLUMNS
constexpr const char* touch_session_sql =
    "UPDATE sessions SET last_seen_at = ?2 WHERE id_hash = ?1";
constexpr const char* delete_session_sql = "DELETE FROM sessions WHERE id_hash = ?1";
// Stored hashes are 64 characters, so an empty keep_hash keeps nothing.
constexpr const char* delete_user_sessions_sql =
    "DELETE FROM sessions WHERE user_id = ?1 AND id_hash <> ?2";

#define AUTH_TOKEN_COLUMNS \
  "token_hash, user_id, purpose, new_email, created_at, expires_at, used_at"
constexpr const char* insert_auth_token_sql =
    "INSERT INTO auth_tokens (" AUTH_TOKEN_COLUMNS ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";
constexpr const char* auth_token_by_hash_sql =
    "SELECT " AUTH_TOKEN_COLUMNS " FROM auth_tokens WHERE token_hash = ?1";
#undef AUTH_TOKEN_COLUMNS
// Conditional update: the change count says whether this use was the first.
constexpr const char* use_auth_token_sql =
    "UPDATE auth_tokens SET used_at = ?2 WHERE token_hash = ?1 AND used_at IS NULL";
constexpr const char* expire_auth_tokens_sql =
    "UPDATE auth_tokens SET used_at = ?3 WHERE user_id = ?1 AND purpose = ?2 AND used_at IS NULL";

#define REFRESH_COLUMNS \
  "token_hash, user_id, family_id, created_at, expires_at, used_at, revoked_at"
constexpr const char* insert_refresh_sql =
    "INSERT INTO refresh_tokens (" REFRESH_COLUMNS ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";
constexpr const char* refresh_by_hash_sql =
    "SELECT " REFRESH_COLUMNS " FROM refresh_tokens WHERE token_hash = ?1";
#undef REFRESH_COLUMNS
constexpr const char* use_refresh_sql =
    "UPDATE refresh_tokens SET used_at = ?2 "
    "WHERE token_hash = ?1 AND used_at IS NULL AND revoked_at IS NULL";
// A token keeps the time it was first revoked.
constexpr const char* revoke_family_sql =
    "UPDATE refresh_tokens SET revoked_at = ?2 WHERE family_id = ?1 AND revoked_at IS NULL";
constexpr const char* revoke_user_refresh_sql =
    "UPDATE refresh_tokens SET revoked_at = ?2 WHERE user_id = ?1 AND revoked_at IS NULL";

int changes(Connection& c) {
  return sqlite3_changes(c.handle());
}
}  // namespace

void SqliteTx::insert_session(const domain::Session& s) {
  auto st = c_.prepare(insert_session_sql);
  st.bind(1, s.id_hash).bind(2, s.user_id).bind(3, s.created_at).bind(4, s.last_seen_at);
  st.bind(5, s.absolute_expires_at).bind(6, s.idle_timeout_ms).bind(7, s.remember ? 1 : 0);
  st.bind(8, s.ip).bind(9, s.user_agent);
  st.run();
}

std::optional<domain::Session> SqliteTx::session_by_hash(const std::string& id_hash) {
  auto st = c_.prepare(session_by_hash_sql);
  st.bind(1, id_hash);
  if (!st.step()) return std::nullopt;
  domain::Session s;
  int i = 0;
  s.id_hash = st.text(i++);
  s.user_id = st.int64(i++);
  s.created_at = st.int64(i++);
  s.last_seen_at = st.int64(i++);
  s.absolute_expires_at = st.int64(i++);
  s.idle_timeout_ms = st.int64(i++);
  s.remember = st.int64(i++) != 0;
  s.ip = st.text(i++);
  s.user_agent = st.text(i++);
  return s;
}

void SqliteTx::touch_session(const std::string& id_hash, domain::Millis at) {
  auto st = c_.prepare(touch_session_sql);
  st.bind(1, id_hash).bind(2, at);
  st.run();
}

void SqliteTx::delete_session(const std::string& id_hash) {
  auto st = c_.prepare(delete_session_sql);
  st.bind(1, id_hash);
  st.run();
}

int SqliteTx::delete_user_sessions(std::int64_t user_id, const std::string& keep_hash) {
  auto st = c_.prepare(delete_user_sessions_sql);
  st.bind(1, user_id).bind(2, keep_hash);
  st.run();
  return changes(c_);
}

void SqliteTx::insert_auth_token(const domain::AuthToken& t) {
  auto st = c_.prepare(insert_auth_token_sql);
  st.bind(1, t.token_hash).bind(2, t.user_id).bind(3, t.purpose).bind(4, t.new_email);
  st.bind(5, t.created_at).bind(6, t.expires_at).bind(7, t.used_at);
  st.run();
}

std::optional<domain::AuthToken> SqliteTx::auth_token_by_hash(const std::string& token_hash) {
  auto st = c_.prepare(auth_token_by_hash_sql);
  st.bind(1, token_hash);
  if (!st.step()) return std::nullopt;
  domain::AuthToken t;
  int i = 0;
  t.token_hash = st.text(i++);
  t.user_id = st.int64(i++);
  t.purpose = st.text(i++);
  t.new_email = st.text(i++);
  t.created_at = st.int64(i++);
  t.expires_at = st.int64(i++);
  t.used_at = st.opt_int64(i++);
  return t;
}

bool SqliteTx::use_auth_token(const std::string& token_hash, domain::Millis at) {
  auto st = c_.prepare(use_auth_token_sql);
  st.bind(1, token_hash).bind(2, at);
  st.run();
  return changes(c_) == 1;
}

void SqliteTx::expire_auth_tokens(std::int64_t user_id, const std::string& purpose,
                                  domain::Millis at) {
  auto st = c_.prepare(expire_auth_tokens_sql);
  st.bind(1, user_id).bind(2, purpose).bind(3, at);
  st.run();
}

void SqliteTx::insert_refresh_token(const domain::RefreshToken& t) {
  auto st = c_.prepare(insert_refresh_sql);
  st.bind(1, t.token_hash).bind(2, t.user_id).bind(3, t.family_id).bind(4, t.created_at);
  st.bind(5, t.expires_at).bind(6, t.used_at).bind(7, t.revoked_at);
  st.run();
}

std::optional<domain::RefreshToken> SqliteTx::refresh_token_by_hash(const std::string& token_hash) {
  auto st = c_.prepare(refresh_by_hash_sql);
  st.bind(1, token_hash);
  if (!st.step()) return std::nullopt;
  domain::RefreshToken t;
  int i = 0;
  t.token_hash = st.text(i++);
  t.user_id = st.int64(i++);
  t.family_id = st.text(i++);
  t.created_at = st.int64(i++);
  t.expires_at = st.int64(i++);
  t.used_at = st.opt_int64(i++);
  t.revoked_at = st.opt_int64(i++);
  return t;
}

bool SqliteTx::use_refresh_token(const std::string& token_hash, domain::Millis at) {
  auto st = c_.prepare(use_refresh_sql);
  st.bind(1, token_hash).bind(2, at);
  st.run();
  return changes(c_) == 1;
}

void SqliteTx::revoke_refresh_family(const std::string& family_id, domain::Millis at) {
  auto st = c_.prepare(revoke_family_sql);
  st.bind(1, family_id).bind(2, at);
  st.run();
}

void SqliteTx::revoke_user_refresh_tokens(std::int64_t user_id, domain::Millis at) {
  auto st = c_.prepare(revoke_user_refresh_sql);
  st.bind(1, user_id).bind(2, at);
  st.run();
}

}  // namespace plumbline::store::sqlite
