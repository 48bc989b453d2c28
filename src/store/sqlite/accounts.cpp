// SQLite: users, plumbers, log-in attempts and known devices.
#include "store/sql/accounts.hpp"

#include "store/sqlite/sqlite_tx.hpp"

namespace plumbline::store::sqlite {

namespace {}  // namespace

domain::UserId SqliteTx::insert_user(const domain::User& u) {
  auto st = c_.prepare<sql::accounts::insert_user>();
  st.bind(1, u.email).bind(2, u.password_hash).bind(3, u.role).bind(4, u.email_verified_at);
  st.bind(5, u.locked_until).bind(6, u.created_at).bind(7, u.updated_at);
  return domain::UserId{st.run_returning_id()};
}

void SqliteTx::insert_plumber(const domain::Plumber& p) {
  auto st = c_.prepare<sql::accounts::insert_plumber>();
  st.bind(1, p.user_id).bind(2, p.business_name).bind(3, p.contact_name).bind(4, p.phone_e164);
  st.run();
}

std::optional<domain::User> SqliteTx::user_by_id(domain::UserId id) {
  auto st = c_.prepare<sql::accounts::user_by_id>();
  st.bind(1, id);
  if (!st.step()) return std::nullopt;
  return sql::read_user(st);
}

std::optional<domain::User> SqliteTx::user_by_email(const std::string& email) {
  auto st = c_.prepare<sql::accounts::user_by_email>();
  st.bind(1, email);
  if (!st.step()) return std::nullopt;
  return sql::read_user(st);
}

std::optional<domain::User> SqliteTx::oldest_user_with_role(domain::Role role) {
  auto st = c_.prepare<sql::accounts::oldest_user_with_role>();
  st.bind(1, role);
  if (!st.step()) return std::nullopt;
  return sql::read_user(st);
}

std::optional<domain::Plumber> SqliteTx::plumber_by_user(domain::UserId user_id) {
  auto st = c_.prepare<sql::accounts::plumber_by_user>();
  st.bind(1, user_id);
  if (!st.step()) return std::nullopt;
  return domain::Plumber{domain::UserId{st.int64(0)}, st.text(1), st.text(2), st.text(3)};
}

void SqliteTx::set_user_email_verified(domain::UserId user_id, domain::Millis at) {
  auto st = c_.prepare<sql::accounts::user_set_email_verified>();
  st.bind(1, user_id).bind(2, at);
  st.run();
}

void SqliteTx::set_user_email(domain::UserId user_id, const std::string& email, domain::Millis at) {
  auto st = c_.prepare<sql::accounts::user_set_email>();
  st.bind(1, user_id).bind(2, email).bind(3, at);
  st.run();
}

void SqliteTx::set_user_password(domain::UserId user_id, const std::string& password_hash,
                                 domain::Millis at) {
  auto st = c_.prepare<sql::accounts::user_set_password>();
  st.bind(1, user_id).bind(2, password_hash).bind(3, at);
  st.run();
}

void SqliteTx::set_user_role(domain::UserId user_id, domain::Role role, domain::Millis at) {
  auto st = c_.prepare<sql::accounts::user_set_role>();
  st.bind(1, user_id).bind(2, role).bind(3, at);
  st.run();
}

void SqliteTx::set_user_locked_until(domain::UserId user_id, domain::Millis until,
                                     domain::Millis at) {
  auto st = c_.prepare<sql::accounts::user_set_locked_until>();
  st.bind(1, user_id).bind(2, until).bind(3, at);
  st.run();
}

std::int64_t SqliteTx::insert_login_attempt(const domain::LoginAttempt& a) {
  auto st = c_.prepare<sql::accounts::insert_login_attempt>();
  st.bind(1, a.user_id).bind(2, a.ip).bind(3, a.device_hash).bind(4, a.trusted ? 1 : 0);
  st.bind(5, a.success ? 1 : 0).bind(6, a.at);
  auto id = st.run_returning_id();
  if (a.success && a.user_id) {
    auto active = c_.prepare<sql::accounts::users_mark_active>();
    active.bind(1, *a.user_id).bind(2, a.at);
    active.run();
  }
  return id;
}

void SqliteTx::set_login_attempt_succeeded(std::int64_t attempt_id) {
  auto st = c_.prepare<sql::accounts::login_attempt_succeeded>();
  st.bind(1, attempt_id);
  st.run();
  auto active = c_.prepare<sql::accounts::users_mark_active_by_attempt>();
  active.bind(1, attempt_id);
  active.run();
}

int SqliteTx::count_device_login_failures(domain::UserId user_id, const std::string& device_hash,
                                          domain::Millis since) {
  auto st = c_.prepare<sql::accounts::count_device_login_failures>();
  st.bind(1, user_id).bind(2, device_hash).bind(3, since);
  st.step();
  return static_cast<int>(st.int64(0));
}

int SqliteTx::count_address_login_failures(const std::string& ip, domain::Millis since) {
  auto st = c_.prepare<sql::accounts::count_address_login_failures>();
  st.bind(1, ip).bind(2, since);
  st.step();
  return static_cast<int>(st.int64(0));
}

void SqliteTx::lock_user_row(domain::UserId) {
}  // the write transaction already holds the only writer

bool SqliteTx::known_device(domain::UserId user_id, const std::string& device_hash) {
  auto st = c_.prepare<sql::accounts::known_device>();
  st.bind(1, user_id).bind(2, device_hash);
  return st.step();
}

void SqliteTx::remember_device(domain::UserId user_id, const std::string& device_hash,
                               domain::Millis at) {
  auto st = c_.prepare<sql::accounts::remember_device>();
  st.bind(1, user_id).bind(2, device_hash).bind(3, at);
  st.run();
}

int SqliteTx::count_login_failures(domain::UserId user_id, domain::Millis since) {
  auto st = c_.prepare<sql::accounts::count_login_failures>();
  st.bind(1, user_id).bind(2, since);
  st.step();
  return static_cast<int>(st.int64(0));
}

int SqliteTx::count_known_devices(domain::UserId user_id) {
  auto st = c_.prepare<sql::accounts::tf_count_devices>();
  st.bind(1, user_id);
  st.step();
  return static_cast<int>(st.int64(0));
}

std::vector<domain::StaffMember> SqliteTx::list_staff() {
  auto st = c_.prepare<sql::accounts::list_staff>();
  std::vector<domain::StaffMember> out;
  while (st.step()) out.push_back(sql::read_staff_member(st));
  return out;
}

int SqliteTx::count_open_users_with_role(domain::Role role) {
  auto st = c_.prepare<sql::accounts::count_open_users_with_role>();
  st.bind(1, role);
  st.step();
  return static_cast<int>(st.int64(0));
}

}  // namespace plumbline::store::sqlite
