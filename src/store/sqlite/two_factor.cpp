// SQLite: two-factor keys, recovery codes and pending second steps of sign-in.
#include "store/sql/two_factor.hpp"

#include "store/sql/accounts.hpp"
#include "store/sqlite/sqlite_tx.hpp"

namespace plumbline::store::sqlite {

namespace {

int tf_changes(Connection& c) {
  return sqlite3_changes(c.handle());
}
}  // namespace

std::optional<domain::TwoFactor> SqliteTx::two_factor(domain::UserId user_id) {
  auto st = c_.prepare<sql::two_factor::tf_select>();
  st.bind(1, user_id);
  if (!st.step()) return std::nullopt;
  return sql::read_two_factor(st);
}

void SqliteTx::put_two_factor_secret(domain::UserId user_id, const std::string& secret_sealed,
                                     domain::Millis at) {
  c_.prepare<sql::two_factor::tf_put>().bind(1, user_id).bind(2, secret_sealed).bind(3, at).run();
  c_.prepare<sql::two_factor::tf_delete_codes>().bind(1, user_id).run();
}

bool SqliteTx::enable_two_factor(domain::UserId user_id, std::int64_t step, domain::Millis at) {
  c_.prepare<sql::two_factor::tf_enable>().bind(1, user_id).bind(2, step).bind(3, at).run();
  return tf_changes(c_) > 0;
}

bool SqliteTx::use_totp_step(domain::UserId user_id, std::int64_t step) {
  c_.prepare<sql::two_factor::tf_use_step>().bind(1, user_id).bind(2, step).run();
  return tf_changes(c_) > 0;
}

void SqliteTx::record_two_factor_failure(domain::UserId user_id, domain::Millis at) {
  c_.prepare<sql::two_factor::tf_fail>().bind(1, user_id).bind(2, at).run();
}

void SqliteTx::delete_two_factor(domain::UserId user_id) {
  c_.prepare<sql::two_factor::tf_delete_codes>().bind(1, user_id).run();
  c_.prepare<sql::two_factor::tf_delete>().bind(1, user_id).run();
}

void SqliteTx::replace_recovery_codes(domain::UserId user_id,
                                      const std::vector<std::string>& code_hashes) {
  c_.prepare<sql::two_factor::tf_delete_codes>().bind(1, user_id).run();
  for (const auto& h : code_hashes)
    c_.prepare<sql::two_factor::tf_insert_code>().bind(1, user_id).bind(2, h).run();
}

bool SqliteTx::use_recovery_code(domain::UserId user_id, const std::string& code_hash,
                                 domain::Millis at) {
  c_.prepare<sql::two_factor::tf_use_code>().bind(1, user_id).bind(2, code_hash).bind(3, at).run();
  if (tf_changes(c_) == 0) return false;
  c_.prepare<sql::two_factor::tf_clear_failures>().bind(1, user_id).run();
  return true;
}

int SqliteTx::count_unused_recovery_codes(domain::UserId user_id) {
  auto st = c_.prepare<sql::two_factor::tf_count_codes>();
  st.bind(1, user_id);
  st.step();
  return static_cast<int>(st.int64(0));
}

void SqliteTx::insert_two_factor_challenge(const domain::TwoFactorChallenge& ch) {
  auto st = c_.prepare<sql::two_factor::tf_insert_challenge>();
  st.bind(1, ch.token_hash).bind(2, ch.user_id).bind(3, ch.remember ? 1 : 0).bind(4, ch.failures);
  st.bind(5, ch.created_at).bind(6, ch.expires_at);
  st.run();
}

std::optional<domain::TwoFactorChallenge> SqliteTx::two_factor_challenge(
    const std::string& token_hash) {
  auto st = c_.prepare<sql::two_factor::tf_challenge>();
  st.bind(1, token_hash);
  if (!st.step()) return std::nullopt;
  return sql::read_two_factor_challenge(st);
}

int SqliteTx::fail_two_factor_challenge(const std::string& token_hash) {
  auto st = c_.prepare<sql::two_factor::tf_fail_challenge>();
  st.bind(1, token_hash);
  return st.step() ? static_cast<int>(st.int64(0)) : 0;
}

bool SqliteTx::delete_two_factor_challenge(const std::string& token_hash) {
  c_.prepare<sql::two_factor::tf_delete_challenge>().bind(1, token_hash).run();
  return tf_changes(c_) > 0;
}

}  // namespace plumbline::store::sqlite
