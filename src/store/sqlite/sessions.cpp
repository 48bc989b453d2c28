// SQLite: login sessions, single-use e-mailed tokens, API refresh tokens and token generations.
#include "store/sql/sessions.hpp"

#include "store/sql/accounts.hpp"
#include "store/sqlite/sqlite_tx.hpp"

namespace plumbline::store::sqlite {

namespace {

int changes(Connection& c) {
  return sqlite3_changes(c.handle());
}
}  // namespace

void SqliteTx::insert_session(const domain::Session& s) {
  auto st = c_.prepare<sql::sessions::insert_session>();
  st.bind(1, s.id_hash).bind(2, s.user_id).bind(3, s.created_at).bind(4, s.last_seen_at);
  st.bind(5, s.absolute_expires_at).bind(6, s.idle_timeout_ms).bind(7, s.remember ? 1 : 0);
  st.bind(8, s.ip).bind(9, s.user_agent);
  st.run();
  auto active = c_.prepare<sql::accounts::users_mark_active>();
  active.bind(1, s.user_id).bind(2, s.last_seen_at);
  active.run();
}

std::optional<domain::Session> SqliteTx::session_by_hash(const std::string& id_hash) {
  auto st = c_.prepare<sql::sessions::session_by_hash>();
  st.bind(1, id_hash);
  if (!st.step()) return std::nullopt;
  return sql::read_session(st);
}

void SqliteTx::touch_session(const std::string& id_hash, domain::Millis at) {
  auto st = c_.prepare<sql::sessions::touch_session>();
  st.bind(1, id_hash).bind(2, at);
  st.run();
  auto active = c_.prepare<sql::sessions::users_mark_active_by_session>();
  active.bind(1, id_hash);
  active.run();
}

void SqliteTx::delete_session(const std::string& id_hash) {
  auto st = c_.prepare<sql::sessions::delete_session>();
  st.bind(1, id_hash);
  st.run();
}

int SqliteTx::delete_user_sessions(domain::UserId user_id, const std::string& keep_hash) {
  auto st = c_.prepare<sql::sessions::delete_user_sessions>();
  st.bind(1, user_id).bind(2, keep_hash);
  st.run();
  return changes(c_);
}

void SqliteTx::insert_auth_token(const domain::AuthToken& t) {
  auto st = c_.prepare<sql::sessions::insert_auth_token>();
  st.bind(1, t.token_hash).bind(2, t.user_id).bind(3, t.purpose).bind(4, t.new_email);
  st.bind(5, t.created_at).bind(6, t.expires_at).bind(7, t.used_at);
  st.run();
}

std::optional<domain::AuthToken> SqliteTx::auth_token_by_hash(const std::string& token_hash) {
  auto st = c_.prepare<sql::sessions::auth_token_by_hash>();
  st.bind(1, token_hash);
  if (!st.step()) return std::nullopt;
  return sql::read_auth_token(st);
}

bool SqliteTx::use_auth_token(const std::string& token_hash, domain::Millis at) {
  auto st = c_.prepare<sql::sessions::use_auth_token>();
  st.bind(1, token_hash).bind(2, at);
  st.run();
  return changes(c_) == 1;
}

void SqliteTx::expire_auth_tokens(domain::UserId user_id, const std::string& purpose,
                                  domain::Millis at) {
  auto st = c_.prepare<sql::sessions::expire_auth_tokens>();
  st.bind(1, user_id).bind(2, purpose).bind(3, at);
  st.run();
}

void SqliteTx::insert_refresh_token(const domain::RefreshToken& t) {
  auto st = c_.prepare<sql::sessions::insert_refresh_token>();
  st.bind(1, t.token_hash).bind(2, t.user_id).bind(3, t.family_id).bind(4, t.created_at);
  st.bind(5, t.expires_at).bind(6, t.used_at).bind(7, t.revoked_at);
  st.run();
}

std::optional<domain::RefreshToken> SqliteTx::refresh_token_by_hash(const std::string& token_hash) {
  auto st = c_.prepare<sql::sessions::refresh_token_by_hash>();
  st.bind(1, token_hash);
  if (!st.step()) return std::nullopt;
  return sql::read_refresh_token(st);
}

bool SqliteTx::use_refresh_token(const std::string& token_hash, domain::Millis at) {
  auto st = c_.prepare<sql::sessions::use_refresh_token>();
  st.bind(1, token_hash).bind(2, at);
  st.run();
  return changes(c_) == 1;
}

void SqliteTx::revoke_refresh_family(const std::string& family_id, domain::Millis at) {
  auto st = c_.prepare<sql::sessions::revoke_refresh_family>();
  st.bind(1, family_id).bind(2, at);
  st.run();
}

void SqliteTx::revoke_user_tokens(domain::UserId user_id, domain::Millis at) {
  c_.prepare<sql::sessions::revoke_user_refresh_tokens>().bind(1, user_id).bind(2, at).run();
  c_.prepare<sql::sessions::next_token_generation>().bind(1, user_id).run();
}

std::optional<domain::TokenStanding> SqliteTx::user_token_standing(domain::UserId user_id) {
  auto st = c_.prepare<sql::sessions::user_token_standing>();
  st.bind(1, user_id);
  if (!st.step()) return std::nullopt;
  return domain::TokenStanding{st.int64(0) == 1, st.int64(1)};
}

}  // namespace plumbline::store::sqlite
