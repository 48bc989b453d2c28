// PostgreSQL: login sessions, single-use e-mailed tokens, API refresh tokens and token
// generations.
#include "store/sql/sessions.hpp"

#include "store/postgres/pg_tx.hpp"
#include "store/sql/accounts.hpp"

namespace plumbline::store::pg {

void PgTx::insert_session(const domain::Session& s) {
  c_.run(sql::sessions::insert_session, s.id_hash, s.user_id, s.created_at, s.last_seen_at,
         s.absolute_expires_at, s.idle_timeout_ms, s.remember, s.ip, s.user_agent);
  c_.run(sql::accounts::users_mark_active, s.user_id, s.last_seen_at);
}

std::optional<domain::Session> PgTx::session_by_hash(const std::string& id_hash) {
  auto r = c_.run(sql::sessions::session_by_hash, id_hash);
  if (r.rows() == 0) return std::nullopt;
  return sql::read_session(r.row(0));
}

void PgTx::touch_session(const std::string& id_hash, domain::Millis at) {
  c_.run(sql::sessions::touch_session, id_hash, at);
  c_.run(sql::sessions::users_mark_active_by_session, id_hash);
}

void PgTx::delete_session(const std::string& id_hash) {
  c_.run(sql::sessions::delete_session, id_hash);
}

int PgTx::delete_user_sessions(domain::UserId user_id, const std::string& keep_hash) {
  return static_cast<int>(
      c_.run(sql::sessions::delete_user_sessions, user_id, keep_hash).affected());
}

void PgTx::insert_auth_token(const domain::AuthToken& t) {
  c_.run(sql::sessions::insert_auth_token, t.token_hash, t.user_id, t.purpose, t.new_email,
         t.created_at, t.expires_at, t.used_at);
}

std::optional<domain::AuthToken> PgTx::auth_token_by_hash(const std::string& token_hash) {
  auto r = c_.run(sql::sessions::auth_token_by_hash, token_hash);
  if (r.rows() == 0) return std::nullopt;
  return sql::read_auth_token(r.row(0));
}

bool PgTx::use_auth_token(const std::string& token_hash, domain::Millis at) {
  return c_.run(sql::sessions::use_auth_token, token_hash, at).affected() == 1;
}

void PgTx::expire_auth_tokens(domain::UserId user_id, const std::string& purpose,
                              domain::Millis at) {
  c_.run(sql::sessions::expire_auth_tokens, user_id, purpose, at);
}

void PgTx::insert_refresh_token(const domain::RefreshToken& t) {
  c_.run(sql::sessions::insert_refresh_token, t.token_hash, t.user_id, t.family_id, t.created_at,
         t.expires_at, t.used_at, t.revoked_at);
}

std::optional<domain::RefreshToken> PgTx::refresh_token_by_hash(const std::string& token_hash) {
  auto r = c_.run(sql::sessions::refresh_token_by_hash, token_hash);
  if (r.rows() == 0) return std::nullopt;
  return sql::read_refresh_token(r.row(0));
}

bool PgTx::use_refresh_token(const std::string& token_hash, domain::Millis at) {
  return c_.run(sql::sessions::use_refresh_token, token_hash, at).affected() == 1;
}

void PgTx::revoke_refresh_family(const std::string& family_id, domain::Millis at) {
  c_.run(sql::sessions::revoke_refresh_family, family_id, at);
}

void PgTx::revoke_user_tokens(domain::UserId user_id, domain::Millis at) {
  c_.run(sql::sessions::revoke_user_refresh_tokens, user_id, at);
  c_.run(sql::sessions::next_token_generation, user_id);
}

std::optional<domain::TokenStanding> PgTx::user_token_standing(domain::UserId user_id) {
  auto r = c_.run(sql::sessions::user_token_standing, user_id);
  if (r.rows() == 0) return std::nullopt;
  return domain::TokenStanding{r.int64(0, 0) == 1, r.int64(0, 1)};
}

}  // namespace plumbline::store::pg
