// PostgreSQL: users, plumbers, log-in attempts and known devices.
#include "store/sql/accounts.hpp"

#include "store/postgres/pg_tx.hpp"

namespace plumbline::store::pg {

namespace {

// PostgreSQL only: SQLite has one writer, so lock_user_row does nothing there.
constexpr Sql lock_user_sql{"lock_user_row", "SELECT 1 FROM users WHERE id = $1 FOR UPDATE"};

}  // namespace

domain::UserId PgTx::insert_user(const domain::User& u) {
  auto r = c_.run(sql::accounts::insert_user, u.email, u.password_hash, u.role, u.email_verified_at,
                  u.locked_until, u.created_at, u.updated_at);
  return domain::UserId{r.int64(0, 0)};
}

void PgTx::insert_plumber(const domain::Plumber& p) {
  c_.run(sql::accounts::insert_plumber, p.user_id, p.business_name, p.contact_name, p.phone_e164);
}

std::optional<domain::User> PgTx::user_by_id(domain::UserId id) {
  auto r = c_.run(sql::accounts::user_by_id, id);
  if (r.rows() == 0) return std::nullopt;
  return sql::read_user(r.row(0));
}

std::optional<domain::User> PgTx::user_by_email(const std::string& email) {
  auto r = c_.run(sql::accounts::user_by_email, email);
  if (r.rows() == 0) return std::nullopt;
  return sql::read_user(r.row(0));
}

std::optional<domain::User> PgTx::oldest_user_with_role(domain::Role role) {
  auto r = c_.run(sql::accounts::oldest_user_with_role, role);
  if (r.rows() == 0) return std::nullopt;
  return sql::read_user(r.row(0));
}

std::optional<domain::Plumber> PgTx::plumber_by_user(domain::UserId user_id) {
  auto r = c_.run(sql::accounts::plumber_by_user, user_id);
  if (r.rows() == 0) return std::nullopt;
  return domain::Plumber{domain::UserId{r.int64(0, 0)}, r.text(0, 1), r.text(0, 2), r.text(0, 3)};
}

void PgTx::set_user_email_verified(domain::UserId user_id, domain::Millis at) {
  c_.run(sql::accounts::user_set_email_verified, user_id, at);
}

void PgTx::set_user_email(domain::UserId user_id, const std::string& email, domain::Millis at) {
  c_.run(sql::accounts::user_set_email, user_id, email, at);
}

void PgTx::set_user_password(domain::UserId user_id, const std::string& password_hash,
                             domain::Millis at) {
  c_.run(sql::accounts::user_set_password, user_id, password_hash, at);
}

void PgTx::set_user_role(domain::UserId user_id, domain::Role role, domain::Millis at) {
  c_.run(sql::accounts::user_set_role, user_id, role, at);
}

void PgTx::set_user_locked_until(domain::UserId user_id, domain::Millis until, domain::Millis at) {
  c_.run(sql::accounts::user_set_locked_until, user_id, until, at);
}

std::int64_t PgTx::insert_login_attempt(const domain::LoginAttempt& a) {
  auto id = c_.run(sql::accounts::insert_login_attempt, a.user_id, a.ip, a.device_hash, a.trusted,
                   a.success, a.at)
                .int64(0, 0);
  if (a.success && a.user_id) c_.run(sql::accounts::users_mark_active, *a.user_id, a.at);
  return id;
}

void PgTx::set_login_attempt_succeeded(std::int64_t attempt_id) {
  c_.run(sql::accounts::login_attempt_succeeded, attempt_id);
  c_.run(sql::accounts::users_mark_active_by_attempt, attempt_id);
}

int PgTx::count_login_failures(domain::UserId user_id, domain::Millis since) {
  return static_cast<int>(c_.run(sql::accounts::count_login_failures, user_id, since).int64(0, 0));
}

int PgTx::count_device_login_failures(domain::UserId user_id, const std::string& device_hash,
                                      domain::Millis since) {
  return static_cast<int>(
      c_.run(sql::accounts::count_device_login_failures, user_id, device_hash, since).int64(0, 0));
}

int PgTx::count_address_login_failures(const std::string& ip, domain::Millis since) {
  return static_cast<int>(
      c_.run(sql::accounts::count_address_login_failures, ip, since).int64(0, 0));
}

void PgTx::lock_user_row(domain::UserId user_id) {
  c_.run(lock_user_sql, user_id);
}

bool PgTx::known_device(domain::UserId user_id, const std::string& device_hash) {
  return c_.run(sql::accounts::known_device, user_id, device_hash).rows() > 0;
}

void PgTx::remember_device(domain::UserId user_id, const std::string& device_hash,
                           domain::Millis at) {
  c_.run(sql::accounts::remember_device, user_id, device_hash, at);
}

int PgTx::count_known_devices(domain::UserId user_id) {
  return c_.run(sql::accounts::tf_count_devices, user_id).int32(0, 0);
}

std::vector<domain::StaffMember> PgTx::list_staff() {
  auto r = c_.run(sql::accounts::list_staff);
  std::vector<domain::StaffMember> out;
  out.reserve(r.rows());
  for (int i = 0; i < r.rows(); ++i) out.push_back(sql::read_staff_member(r.row(i)));
  return out;
}

int PgTx::count_open_users_with_role(domain::Role role) {
  return c_.run(sql::accounts::count_open_users_with_role, role).int32(0, 0);
}

}  // namespace plumbline::store::pg
