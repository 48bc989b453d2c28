// PostgreSQL: two-factor keys, recovery codes and pending second steps of sign-in.
#include "store/sql/two_factor.hpp"

#include "store/postgres/pg_tx.hpp"
#include "store/sql/accounts.hpp"

namespace plumbline::store::pg {

std::optional<domain::TwoFactor> PgTx::two_factor(domain::UserId user_id) {
  auto r = c_.run(sql::two_factor::tf_select, user_id);
  if (r.rows() == 0) return std::nullopt;
  return sql::read_two_factor(r.row(0));
}

void PgTx::put_two_factor_secret(domain::UserId user_id, const std::string& secret_sealed,
                                 domain::Millis at) {
  c_.run(sql::two_factor::tf_put, user_id, secret_sealed, at);
  c_.run(sql::two_factor::tf_delete_codes, user_id);
}

bool PgTx::enable_two_factor(domain::UserId user_id, std::int64_t step, domain::Millis at) {
  return c_.run(sql::two_factor::tf_enable, user_id, step, at).affected() > 0;
}

bool PgTx::use_totp_step(domain::UserId user_id, std::int64_t step) {
  return c_.run(sql::two_factor::tf_use_step, user_id, step).affected() > 0;
}

void PgTx::record_two_factor_failure(domain::UserId user_id, domain::Millis at) {
  c_.run(sql::two_factor::tf_fail, user_id, at);
}

void PgTx::delete_two_factor(domain::UserId user_id) {
  c_.run(sql::two_factor::tf_delete_codes, user_id);
  c_.run(sql::two_factor::tf_delete, user_id);
}

void PgTx::replace_recovery_codes(domain::UserId user_id,
                                  const std::vector<std::string>& code_hashes) {
  c_.run(sql::two_factor::tf_delete_codes, user_id);
  for (const auto& h : code_hashes) c_.run(sql::two_factor::tf_insert_code, user_id, h);
}

bool PgTx::use_recovery_code(domain::UserId user_id, const std::string& code_hash,
                             domain::Millis at) {
  if (c_.run(sql::two_factor::tf_use_code, user_id, code_hash, at).affected() == 0) return false;
  c_.run(sql::two_factor::tf_clear_failures, user_id);
  return true;
}

int PgTx::count_unused_recovery_codes(domain::UserId user_id) {
  return c_.run(sql::two_factor::tf_count_codes, user_id).int32(0, 0);
}

void PgTx::insert_two_factor_challenge(const domain::TwoFactorChallenge& ch) {
  c_.run(sql::two_factor::tf_insert_challenge, ch.token_hash, ch.user_id, ch.remember, ch.failures,
         ch.created_at, ch.expires_at);
}

std::optional<domain::TwoFactorChallenge> PgTx::two_factor_challenge(
    const std::string& token_hash) {
  auto r = c_.run(sql::two_factor::tf_challenge, token_hash);
  if (r.rows() == 0) return std::nullopt;
  return sql::read_two_factor_challenge(r.row(0));
}

int PgTx::fail_two_factor_challenge(const std::string& token_hash) {
  auto r = c_.run(sql::two_factor::tf_fail_challenge, token_hash);
  return r.rows() > 0 ? r.int32(0, 0) : 0;
}

bool PgTx::delete_two_factor_challenge(const std::string& token_hash) {
  return c_.run(sql::two_factor::tf_delete_challenge, token_hash).affected() > 0;
}

}  // namespace plumbline::store::pg
