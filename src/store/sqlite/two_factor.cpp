// SQLite: two-factor keys, recovery codes and pending second steps of sign-in.
#include "store/sqlite/sqlite_tx.hpp"

namespace plumbline::store::sqlite {

namespace {
constexpr const char* tf_select_sql =
    "SELECT user_id, secret_sealed, enabled_at, last_step, failures, failed_at, created_at "
    "FROM two_factor WHERE user_id = ?1";
constexpr const char* tf_put_sql =
    "INSERT INTO two_factor (user_id, secret_sealed, enabled_at, last_step, failures, failed_at, "
    "created_at) VALUES (?1, ?2, NULL, 0, 0, 0, ?3) ON CONFLICT (user_id) DO UPDATE SET "
    "secret_sealed = ?2, enabled_at = NULL, last_step = 0, failures = 0, failed_at = 0, "
    "created_at = ?3";
constexpr const char* tf_enable_sql =
    "UPDATE two_factor SET enabled_at = ?3, last_step = ?2, failures = 0 "
    "WHERE user_id = ?1 AND enabled_at IS NULL";
constexpr const char* tf_use_step_sql =
    "UPDATE two_factor SET last_step = ?2, failures = 0 WHERE user_id = ?1 AND last_step < ?2";
constexpr const char* tf_fail_sql =
    "UPDATE two_factor SET failures = failures + 1, failed_at = ?2 WHERE user_id = ?1";
constexpr const char* tf_delete_sql = "DELETE FROM two_factor WHERE user_id = ?1";
constexpr const char* tf_delete_codes_sql =
    "DELETE FROM two_factor_recovery_codes WHERE user_id = ?1";
constexpr const char* tf_insert_code_sql =
    "INSERT INTO two_factor_recovery_codes (user_id, code_hash, used_at) VALUES (?1, ?2, NULL)";
constexpr const char* tf_use_code_sql =
    "UPDATE two_factor_recovery_codes SET used_at = ?3 "
    "WHERE user_id = ?1 AND code_hash = ?2 AND used_at IS NULL";
constexpr const char* tf_clear_failures_sql =
    "UPDATE two_factor SET failures = 0 WHERE user_id = ?1";
constexpr const char* tf_count_codes_sql =
    "SELECT count(*) FROM two_factor_recovery_codes WHERE user_id = ?1 AND used_at IS NULL";
constexpr const char* tf_insert_challenge_sql =
    "INSERT INTO two_factor_challenges (token_hash, user_id, remember, failures, created_at, "
    "expires_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
constexpr const char* tf_challenge_sql =
    "SELECT token_hash, user_id, remember, failures, created_at, expires_at "
    "FROM two_factor_challenges WHERE token_hash = ?1";
constexpr const char* tf_fail_challenge_sql =
    "UPDATE two_factor_challenges SET failures = failures + 1 WHERE token_hash = ?1 "
    "RETURNING failures";
constexpr const char* tf_delete_challenge_sql =
    "DELETE FROM two_factor_challenges WHERE token_hash = ?1";
constexpr const char* tf_count_devices_sql =
    "SELECT count(*) FROM known_devices WHERE user_id = ?1";

int tf_changes(Connection& c) {
  return sqlite3_changes(c.handle());
}
}  // namespace

std::optional<domain::TwoFactor> SqliteTx::two_factor(std::int64_t user_id) {
  auto st = c_.prepare(tf_select_sql);
  st.bind(1, user_id);
  if (!st.step()) return std::nullopt;
  domain::TwoFactor t;
  int i = 0;
  t.user_id = st.int64(i++);
  t.secret_sealed = st.text(i++);
  t.enabled_at = st.opt_int64(i++);
  t.last_step = st.int64(i++);
  t.failures = static_cast<int>(st.int64(i++));
  t.failed_at = st.int64(i++);
  t.created_at = st.int64(i++);
  return t;
}

void SqliteTx::put_two_factor_secret(std::int64_t user_id, const std::string& secret_sealed,
                                     domain::Millis at) {
  c_.prepare(tf_put_sql).bind(1, user_id).bind(2, secret_sealed).bind(3, at).run();
  c_.prepare(tf_delete_codes_sql).bind(1, user_id).run();
}

bool SqliteTx::enable_two_factor(std::int64_t user_id, std::int64_t step, domain::Millis at) {
  c_.prepare(tf_enable_sql).bind(1, user_id).bind(2, step).bind(3, at).run();
  return tf_changes(c_) > 0;
}

bool SqliteTx::use_totp_step(std::int64_t user_id, std::int64_t step) {
  c_.prepare(tf_use_step_sql).bind(1, user_id).bind(2, step).run();
  return tf_changes(c_) > 0;
}

void SqliteTx::record_two_factor_failure(std::int64_t user_id, domain::Millis at) {
  c_.prepare(tf_fail_sql).bind(1, user_id).bind(2, at).run();
}

void SqliteTx::delete_two_factor(std::int64_t user_id) {
  c_.prepare(tf_delete_codes_sql).bind(1, user_id).run();
  c_.prepare(tf_delete_sql).bind(1, user_id).run();
}

void SqliteTx::replace_recovery_codes(std::int64_t user_id,
                                      const std::vector<std::string>& code_hashes) {
  c_.prepare(tf_delete_codes_sql).bind(1, user_id).run();
  for (const auto& h : code_hashes)
    c_.prepare(tf_insert_code_sql).bind(1, user_id).bind(2, h).run();
}

bool SqliteTx::use_recovery_code(std::int64_t user_id, const std::string& code_hash,
                                 domain::Millis at) {
  c_.prepare(tf_use_code_sql).bind(1, user_id).bind(2, code_hash).bind(3, at).run();
  if (tf_changes(c_) == 0) return false;
  c_.prepare(tf_clear_failures_sql).bind(1, user_id).run();
  return true;
}

int SqliteTx::count_unused_recovery_codes(std::int64_t user_id) {
  auto st = c_.prepare(tf_count_codes_sql);
  st.bind(1, user_id);
  st.step();
  return static_cast<int>(st.int64(0));
}

int SqliteTx::count_known_devices(std::int64_t user_id) {
  auto st = c_.prepare(tf_count_devices_sql);
  st.bind(1, user_id);
  st.step();
  return static_cast<int>(st.int64(0));
}

void SqliteTx::insert_two_factor_challenge(const domain::TwoFactorChallenge& ch) {
  auto st = c_.prepare(tf_insert_challenge_sql);
  st.bind(1, ch.token_hash).bind(2, ch.user_id).bind(3, ch.remember ? 1 : 0).bind(4, ch.failures);
  st.bind(5, ch.created_at).bind(6, ch.expires_at);
  st.run();
}

std::optional<domain::TwoFactorChallenge> SqliteTx::two_factor_challenge(
    const std::string& token_hash) {
  auto st = c_.prepare(tf_challenge_sql);
  st.bind(1, token_hash);
  if (!st.step()) return std::nullopt;
  domain::TwoFactorChallenge ch;
  ch.token_hash = st.text(0);
  ch.user_id = st.int64(1);
  ch.remember = st.int64(2) != 0;
  ch.failures = static_cast<int>(st.int64(3));
  ch.created_at = st.int64(4);
  ch.expires_at = st.int64(5);
  return ch;
}

int SqliteTx::fail_two_factor_challenge(const std::string& token_hash) {
  auto st = c_.prepare(tf_fail_challenge_sql);
  st.bind(1, token_hash);
  return st.step() ? static_cast<int>(st.int64(0)) : 0;
}

bool SqliteTx::delete_two_factor_challenge(const std::string& token_hash) {
  c_.prepare(tf_delete_challenge_sql).bind(1, token_hash).run();
  return tf_changes(c_) > 0;
}

}  // namespace plumbline::store::sqlite
