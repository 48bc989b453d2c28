// PostgreSQL: two-factor keys, recovery codes and pending second steps of sign-in.
#include "store/postgres/pg_tx.hpp"

namespace plumbline::store::pg {

namespace {
constexpr Sql tf_select_sql{
    "tf_select",
    "SELECT user_id, secret_sealed, enabled_at, last_step, failures, failed_at, created_at "
    "FROM two_factor WHERE user_id = $1"};
constexpr Sql tf_put_sql{
    "tf_put",
    "INSERT INTO two_factor (user_id, secret_sealed, enabled_at, last_step, failures, failed_at, "
    "created_at) VALUES ($1, $2, NULL, 0, 0, 0, $3) ON CONFLICT (user_id) DO UPDATE SET "
    "secret_sealed = $2, enabled_at = NULL, last_step = 0, failures = 0, failed_at = 0, "
    "created_at = $3"};
// Conditional updates: a racing second use waits for the first to commit, then re-checks and
// changes nothing.
constexpr Sql tf_enable_sql{"tf_enable",
                            "UPDATE two_factor SET enabled_at = $3, last_step = $2, failures = 0 "
                            "WHERE user_id = $1 AND enabled_at IS NULL"};
constexpr Sql tf_use_step_sql{
    "tf_use_step",
    "UPDATE two_factor SET last_step = $2, failures = 0 WHERE user_id = $1 AND last_step < $2"};
constexpr Sql tf_fail_sql{
    "tf_fail", "UPDATE two_factor SET failures = failures + 1, failed_at = $2 WHERE user_id = $1"};
constexpr Sql tf_delete_sql{"tf_delete", "DELETE FROM two_factor WHERE user_id = $1"};
constexpr Sql tf_delete_codes_sql{"tf_delete_codes",
                                  "DELETE FROM two_factor_recovery_codes WHERE user_id = $1"};
constexpr Sql tf_insert_code_sql{
    "tf_insert_code",
    "INSERT INTO two_factor_recovery_codes (user_id, code_hash, used_at) VALUES ($1, $2, NULL)"};
constexpr Sql tf_use_code_sql{"tf_use_code",
                              "UPDATE two_factor_recovery_codes SET used_at = $3 "
                              "WHERE user_id = $1 AND code_hash = $2 AND used_at IS NULL"};
constexpr Sql tf_clear_failures_sql{"tf_clear_failures",
                                    "UPDATE two_factor SET failures = 0 WHERE user_id = $1"};
constexpr Sql tf_count_codes_sql{
    "tf_count_codes",
    "SELECT count(*) FROM two_factor_recovery_codes WHERE user_id = $1 AND used_at IS NULL"};
constexpr Sql tf_insert_challenge_sql{
    "tf_insert_challenge",
    "INSERT INTO two_factor_challenges (token_hash, user_id, remember, failures, created_at, "
    "expires_at) VALUES ($1, $2, $3, $4, $5, $6)"};
constexpr Sql tf_challenge_sql{"tf_challenge",
                               "SELECT token_hash, user_id, remember, failures, created_at, "
                               "expires_at FROM two_factor_challenges WHERE token_hash = $1"};
constexpr Sql tf_fail_challenge_sql{"tf_fail_challenge",
                                    "UPDATE two_factor_challenges SET failures = failures + 1 "
                                    "WHERE token_hash = $1 RETURNING failures"};
constexpr Sql tf_delete_challenge_sql{"tf_delete_challenge",
                                      "DELETE FROM two_factor_challenges WHERE token_hash = $1"};
constexpr Sql tf_count_devices_sql{"tf_count_devices",
                                   "SELECT count(*) FROM known_devices WHERE user_id = $1"};
}  // namespace

std::optional<domain::TwoFactor> PgTx::two_factor(std::int64_t user_id) {
  auto r = c_.run(tf_select_sql, user_id);
  if (r.rows() == 0) return std::nullopt;
  domain::TwoFactor t;
  int i = 0;
  t.user_id = r.int64(0, i++);
  t.secret_sealed = r.text(0, i++);
  t.enabled_at = r.opt_int64(0, i++);
  t.last_step = r.int64(0, i++);
  t.failures = r.int32(0, i++);
  t.failed_at = r.int64(0, i++);
  t.created_at = r.int64(0, i++);
  return t;
}

void PgTx::put_two_factor_secret(std::int64_t user_id, const std::string& secret_sealed,
                                 domain::Millis at) {
  c_.run(tf_put_sql, user_id, secret_sealed, at);
  c_.run(tf_delete_codes_sql, user_id);
}

bool PgTx::enable_two_factor(std::int64_t user_id, std::int64_t step, domain::Millis at) {
  return c_.run(tf_enable_sql, user_id, step, at).affected() > 0;
}

bool PgTx::use_totp_step(std::int64_t user_id, std::int64_t step) {
  return c_.run(tf_use_step_sql, user_id, step).affected() > 0;
}

void PgTx::record_two_factor_failure(std::int64_t user_id, domain::Millis at) {
  c_.run(tf_fail_sql, user_id, at);
}

void PgTx::delete_two_factor(std::int64_t user_id) {
  c_.run(tf_delete_codes_sql, user_id);
  c_.run(tf_delete_sql, user_id);
}

void PgTx::replace_recovery_codes(std::int64_t user_id,
                                  const std::vector<std::string>& code_hashes) {
  c_.run(tf_delete_codes_sql, user_id);
  for (const auto& h : code_hashes) c_.run(tf_insert_code_sql, user_id, h);
}

bool PgTx::use_recovery_code(std::int64_t user_id, const std::string& code_hash,
                             domain::Millis at) {
  if (c_.run(tf_use_code_sql, user_id, code_hash, at).affected() == 0) return false;
  c_.run(tf_clear_failures_sql, user_id);
  return true;
}

int PgTx::count_unused_recovery_codes(std::int64_t user_id) {
  return c_.run(tf_count_codes_sql, user_id).int32(0, 0);
}

int PgTx::count_known_devices(std::int64_t user_id) {
  return c_.run(tf_count_devices_sql, user_id).int32(0, 0);
}

void PgTx::insert_two_factor_challenge(const domain::TwoFactorChallenge& ch) {
  c_.run(tf_insert_challenge_sql, ch.token_hash, ch.user_id, ch.remember, ch.failures,
         ch.created_at, ch.expires_at);
}

std::optional<domain::TwoFactorChallenge> PgTx::two_factor_challenge(
    const std::string& token_hash) {
  auto r = c_.run(tf_challenge_sql, token_hash);
  if (r.rows() == 0) return std::nullopt;
  domain::TwoFactorChallenge ch;
  ch.token_hash = r.text(0, 0);
  ch.user_id = r.int64(0, 1);
  ch.remember = r.boolean(0, 2);
  ch.failures = r.int32(0, 3);
  ch.created_at = r.int64(0, 4);
  ch.expires_at = r.int64(0, 5);
  return ch;
}

int PgTx::fail_two_factor_challenge(const std::string& token_hash) {
  auto r = c_.run(tf_fail_challenge_sql, token_hash);
  return r.rows() > 0 ? r.int32(0, 0) : 0;
}

bool PgTx::delete_two_factor_challenge(const std::string& token_hash) {
  return c_.run(tf_delete_challenge_sql, token_hash).affected() > 0;
}

}  // namespace plumbline::store::pg
